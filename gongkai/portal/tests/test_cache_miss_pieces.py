"""Public pages on a page-cache miss (ADR 0056): the organ and a record's head kept under the portal
generation, the record page's body and the records list's rows kept as fragments keyed on the
records' versions, the empty application form built only when its fragment is missing. Each page is
the same with and without them, and a change shows on the next request."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.disclosure import services
from gongkai.orgs.services import public_structure_changed
from gongkai.portal.tests.test_fragments import _page, same_with_and_without_fragments

pytestmark = pytest.mark.django_db


@pytest.fixture
def fragments(settings):
    settings.GONGKAI_FRAGMENT_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _status(client, url: str) -> int:
    return client.get(url).status_code


def test_pages_are_the_same_with_and_without_the_kept_pieces(
    client, two_orgs, settings, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    with django_capture_on_commit_callbacks(execute=True):
        kept = two_orgs.publish(
            two_orgs.draft(org, title="关于做好春季防汛工作的通知", doc_number="甲政发〔2026〕1号")
        )
        gone = two_orgs.publish(two_orgs.draft(org, title="关于临时交通管制的通告"))
        services.withdraw_record(record=gone, actor=two_orgs.staff(org, Role.REVIEWER), reason="已过期")
    urls = [
        kept.get_absolute_url(),
        kept.get_absolute_url() + "?from=feed",  # the body's links carry the page's own address
        gone.get_absolute_url(),
        f"/org/{org.slug}/records/",
        f"/org/{org.slug}/records/?column={kept.column.slug}",
        f"/org/{org.slug}/records/?genre=notice&validity=valid",
        f"/org/{org.slug}/apply/",
        f"/api/v1/records?organ={org.slug}",
        f"/api/v1/records?organ={org.slug}&page=2&page_size=1",
    ]
    hit = same_with_and_without_fragments(client, settings, urls)
    assert "?to=ug&amp;next=/org/jia/records/" in hit[urls[1]]
    assert "from%3Dfeed" in hit[urls[1]]
    assert "已撤回的信息" in hit[gone.get_absolute_url()]


def test_a_correction_shows_on_the_record_page_and_in_the_list_at_once(
    client, two_orgs, fragments, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    with django_capture_on_commit_callbacks(execute=True):
        record = two_orgs.publish(two_orgs.draft(org, title="关于开展安全生产大检查的通知"))
    pages = [record.get_absolute_url(), f"/org/{org.slug}/records/"]
    for url in pages:
        assert "关于开展安全生产大检查的通知" in _page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_record(
            record=record, actor=two_orgs.staff(org, Role.REVIEWER), title="关于开展安全生产专项检查的通知"
        )
    for url in pages:
        page = _page(client, url)
        assert "关于开展安全生产专项检查的通知" in page, url
        assert "关于开展安全生产大检查的通知" not in page, url


def test_a_withdrawal_shows_on_the_record_page_at_once(
    client, two_orgs, fragments, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    with django_capture_on_commit_callbacks(execute=True):
        record = two_orgs.publish(two_orgs.draft(org, title="关于调整公交线路的通告"))
    assert "关于调整公交线路的通告" in _page(client, record.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_record(record=record, actor=two_orgs.staff(org, Role.REVIEWER), reason="内容有误")
    page = _page(client, record.get_absolute_url())
    assert "已撤回的信息" in page
    assert "内容有误" in page
    assert "关于调整公交线路的通告" not in page


def test_a_scheduled_record_opens_when_it_falls_due_though_its_head_is_kept(
    client, two_orgs, fragments, monkeypatch, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    due = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        record = two_orgs.publish(two_orgs.draft(org, title="关于春节假期安排的通知"), at=due)
    url = record.get_absolute_url()
    assert _status(client, url) == 404
    assert _status(client, url) == 404  # from the kept head: still not due
    later = due + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # no write happens when it falls due
    assert "关于春节假期安排的通知" in _page(client, url)


def test_a_deactivated_organ_answers_404_at_once(
    client, two_orgs, fragments, django_capture_on_commit_callbacks
):
    org = two_orgs.dept_a1
    urls = [f"/org/{org.slug}/", f"/org/{org.slug}/records/", f"/org/{org.slug}/apply/"]
    for url in urls:
        assert _status(client, url) == 200, url
    with django_capture_on_commit_callbacks(execute=True):
        org.is_active = False
        org.save(update_fields=["is_active"])
        # What the operators' admin does after saving an organ (ADR 0057: explicit calls).
        public_structure_changed(org)
    for url in urls:
        assert _status(client, url) == 404, url
    assert client.get(f"/api/v1/records?organ={org.slug}").status_code == 404


def test_a_record_page_whose_pieces_are_kept_asks_the_database_nothing(
    client, two_orgs, fragments, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    with django_capture_on_commit_callbacks(execute=True):
        record = two_orgs.publish(two_orgs.draft(org, title="关于做好冬季供暖工作的通知"))
    url = record.get_absolute_url()
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert len(first) >= 3  # the organ, the record's head, then its body's reads
    assert len(second) == 0, [q["sql"] for q in second]


def test_the_records_list_reads_only_its_rows_columns(client, two_orgs):
    org = two_orgs.gov_a
    two_orgs.publish(
        two_orgs.draft(org, title="关于做好夏季防汛工作的通知", body="<p>正文" + "很长" * 500 + "</p>")
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/org/{org.slug}/records/").status_code == 200
    rows = [q["sql"] for q in queries if 'FROM "disclosure_record"' in q["sql"] and "LIMIT" in q["sql"]]
    assert rows
    for sql in rows:
        assert '"disclosure_record"."body"' not in sql
        assert '"orgs_organization"."name"' not in sql.split("FROM")[0]


def test_the_api_list_rows_say_what_the_single_record_says(client, two_orgs):
    """The list serialises ``values()`` rows, the single record a Record: the same fields agree."""
    org = two_orgs.gov_a
    for title in ("关于做好春季防汛工作的通知", "关于调整最低工资标准的通知"):
        two_orgs.publish(two_orgs.draft(org, title=title, keywords="防汛；工资", summary="内容概述"))
    listed = client.get(f"/api/v1/records?organ={org.slug}").json()
    assert listed["count"] == 2
    for item in listed["items"]:
        key = item["url"].rstrip("/").rsplit("/", 1)[1]
        single = client.get(f"/api/v1/records/{org.slug}/{key}").json()
        assert item == {name: single[name] for name in item}
        assert item["organ_name"] == org.name


def test_a_kept_records_list_and_its_counts_show_a_scheduled_record_when_it_falls_due(
    client, two_orgs, fragments, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """ADR 0061: the rows, 共 N 条 and category counts are kept under the organ's epoch, which moves
    when a scheduled publication falls due (no write happens then). Without the due moment in the
    epoch the kept list would go on hiding the record."""
    settings.GONGKAI_LIST_COUNT_CACHE_SECONDS = 60
    org = two_orgs.gov_a
    due = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        shown = two_orgs.publish(two_orgs.draft(org, title="关于做好春季防汛工作的通知"))
        two_orgs.publish(two_orgs.draft(org, title="关于春节假期安排的通知"), at=due)
    urls = [f"/org/{org.slug}/records/", f"/org/{org.slug}/records/?column={shown.column.slug}"]
    for url in urls:
        page = _page(client, url)
        assert "关于做好春季防汛工作的通知" in page
        assert "关于春节假期安排的通知" not in page
        with CaptureQueriesContext(connection) as queries:
            assert _page(client, url) == page  # kept: the rows are not read again
        assert not any('"disclosure_record"."title"' in q["sql"] for q in queries.captured_queries)
    later = due + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    for url in urls:
        page = _page(client, url)
        assert "关于春节假期安排的通知" in page, url
        assert "共 2 条" in page, url


def test_a_kept_records_list_shows_a_publication_in_its_organ_at_once(
    client, two_orgs, fragments, settings, django_capture_on_commit_callbacks
):
    settings.GONGKAI_LIST_COUNT_CACHE_SECONDS = 60
    org = two_orgs.gov_a
    with django_capture_on_commit_callbacks(execute=True):
        two_orgs.publish(two_orgs.draft(org, title="关于做好春季防汛工作的通知"))
    url = f"/org/{org.slug}/records/"
    assert "共 1 条" in _page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        two_orgs.publish(two_orgs.draft(org, title="关于调整公交线路的通告"))
    page = _page(client, url)
    assert "关于调整公交线路的通告" in page
    assert "共 2 条" in page


def test_a_kept_api_page_shows_a_publication_at_once_and_a_scheduled_record_when_due(
    client, two_orgs, fragments, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """ADR 0061: the API list's serialised page is kept under the portal's list epoch."""
    settings.GONGKAI_LIST_COUNT_CACHE_SECONDS = 60
    org = two_orgs.gov_a
    due = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        two_orgs.publish(two_orgs.draft(org, title="关于做好春季防汛工作的通知"))
        two_orgs.publish(two_orgs.draft(org, title="关于春节假期安排的通知"), at=due)
    url = f"/api/v1/records?organ={org.slug}"
    first = client.get(url).json()
    assert first["count"] == 1
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).json() == first
    assert not any("disclosure_record" in q["sql"] for q in queries.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        two_orgs.publish(two_orgs.draft(org, title="关于调整公交线路的通告"))
    assert client.get(url).json()["count"] == 2
    later = due + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    titles = [item["title"] for item in client.get(url).json()["items"]]
    assert "关于春节假期安排的通知" in titles
