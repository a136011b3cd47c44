"""Finding 7 of issue 17: a missing or damaged index gives 检索暂不可用 (503) while the rest of the
site works; the indexer recreates it; ``reindex`` rebuilds from nothing whatever the directory
holds; out-of-range integers never reach the index."""

from __future__ import annotations

import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from gongkai.search import engine, indexer
from gongkai.search.query import SearchRequest, search

pytestmark = pytest.mark.django_db


def titles(q):
    return [
        str(h.title).replace("<mark>", "").replace("</mark>", "") for h in search(SearchRequest(q=q)).hits
    ]


@pytest.fixture
def indexed(two_orgs, search_index):
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="老旧小区改造资金安排"))
    search_index()
    assert titles("老旧小区") == ["老旧小区改造资金安排"]
    return two_orgs


def _delete_index():
    shutil.rmtree(engine.index_dir())


def _corrupt_meta():
    (engine.index_dir() / "meta.json").write_text('{"segments": [tru')


@pytest.mark.parametrize("damage", [_delete_index, _corrupt_meta])
def test_a_broken_index_answers_503_and_the_rest_of_the_site_works(client, indexed, damage):
    client.raise_request_exception = False
    damage()
    response = client.get(reverse("search:search"), {"q": "老旧小区"})
    assert response.status_code == 503
    assert "检索暂不可用" in response.content.decode()
    assert client.get(reverse("search:suggest"), {"q": "老旧"}).status_code == 200
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(reverse("portal:records", args=["jia"])).status_code == 200
    assert client.get(reverse("portal:apply", args=["jia"])).status_code == 200


@pytest.mark.parametrize("damage", [_delete_index, _corrupt_meta])
def test_the_next_indexer_run_recreates_it_from_the_database(indexed, damage):
    damage()
    with pytest.raises(engine.IndexUnavailable):
        search(SearchRequest(q="老旧小区"))
    indexed.publish(indexed.draft(indexed.gov_a, title="老旧小区改造第二批"))
    indexer.apply_outbox()
    assert sorted(titles("老旧小区")) == ["老旧小区改造第二批", "老旧小区改造资金安排"]


@pytest.mark.parametrize(
    "damage",
    [
        _delete_index,
        _corrupt_meta,
        lambda: (engine.index_dir() / "cursor.json").write_text("not json"),
        lambda: (engine.index_dir() / "rebuild.json").write_text("{broken"),
        lambda: [p.write_bytes(b"\0" * 10) for p in engine.index_dir().glob("*.idx")],
    ],
)
def test_reindex_rebuilds_from_nothing_whatever_state_the_directory_is_in(indexed, damage):
    damage()
    out = StringIO()
    call_command("reindex", "--processes", "1", stdout=out)
    assert "已写入 1 条索引" in out.getvalue()
    assert titles("老旧小区") == ["老旧小区改造资金安排"]
    call_command("reindex", "--resume", "--processes", "1", stdout=StringIO())
    assert titles("老旧小区") == ["老旧小区改造资金安排"]


def test_a_node_that_never_indexed_anything_answers_with_no_results_not_an_error(client, db, search_index):
    response = client.get(reverse("search:search"), {"q": "公开"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "老旧小区", "year_from": "999999999999999"},
        {"q": "老旧小区", "year_from": "99999999999999999999999"},
        {"q": "老旧小区", "year_to": "-99999999999999999999"},
        {"q": "老旧小区", "page": str(2**63 - 1)},
        {"q": "老旧小区", "page": "-5"},
        {"q": "老旧小区", "year_from": "abc", "page": "1e9"},
    ],
)
def test_out_of_range_integers_give_a_clean_page(client, indexed, params):
    response = client.get(reverse("search:search"), params)
    assert response.status_code == 200
    assert "改造资金安排" in response.content.decode()  # the title (highlighted) is listed


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (f"/api/v1/records?page={2**63 - 1}", 422),
        ("/api/v1/records?page=99999999999999999999999", 422),
        ("/api/v1/records?page=0", 422),
        ("/api/v1/records?page_size=100000", 422),
        ("/api/v1/records?year=99999999999999999999", 422),
        ("/api/v1/records?year=-1", 422),
        ("/api/v1/records?page=5000", 200),
        ("/api/v1/records/jia/-1", 404),
    ],
)
def test_the_api_refuses_out_of_range_integers(client, indexed, url, status):
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == status
    if status == 422:
        assert "请求参数不正确" in response.json()["detail"]
