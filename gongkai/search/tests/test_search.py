"""Publish, edit, withdraw and search, through the outbox, on SQLite and on PostgreSQL."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.disclosure import services
from gongkai.search import engine, indexer
from gongkai.search.models import OutboxEntry
from gongkai.search.query import SearchRequest, search

pytestmark = pytest.mark.django_db


def titles(q, **kw):
    return [
        str(h.title).replace("<mark>", "").replace("</mark>", "")
        for h in search(SearchRequest(q=q, **kw)).hits
    ]


def test_a_published_record_is_found_and_a_draft_is_not(two_orgs, search_index):
    org = two_orgs.gov_a
    two_orgs.publish(two_orgs.draft(org, title="关于做好政务公开工作的通知"))
    two_orgs.draft(org, title="政务公开草稿不应被检索到")
    search_index()
    assert titles("政务公开") == ["关于做好政务公开工作的通知"]


def test_edit_and_withdraw_keep_the_index_in_step(two_orgs, search_index):
    org = two_orgs.gov_a
    record = two_orgs.publish(two_orgs.draft(org, title="城乡低保标准调整的通知"))
    search_index()
    assert titles("低保") == ["城乡低保标准调整的通知"]
    services.update_record(
        record=record, actor=two_orgs.staff(org, Role.REVIEWER), title="城乡特困供养标准调整的通知"
    )
    search_index()
    assert titles("低保") == []
    assert titles("特困供养") == ["城乡特困供养标准调整的通知"]
    services.withdraw_record(record=record, actor=two_orgs.staff(org, Role.REVIEWER), reason="已废止")
    search_index()
    assert titles("特困供养") == []


def test_a_scheduled_record_is_found_only_from_its_time(two_orgs, search_index):
    org = two_orgs.gov_a
    at = timezone.now() + timedelta(hours=2)
    two_orgs.publish(two_orgs.draft(org, title="定时发布的公告"), at=at)
    search_index()
    assert titles("定时发布") == []
    with time_machine.travel(at + timedelta(minutes=1)):
        indexer.catch_up_scheduled()
        search_index()
        assert titles("定时发布") == ["定时发布的公告"]


def test_a_crash_mid_batch_loses_nothing(two_orgs, search_index, monkeypatch):
    org = two_orgs.gov_a
    two_orgs.publish(two_orgs.draft(org, title="崩溃恢复测试通知"))
    real = indexer._apply_entries

    def crash(writer, entries):
        real(writer, entries)
        raise RuntimeError("simulated crash before commit")

    monkeypatch.setattr(indexer, "_apply_entries", crash)
    with pytest.raises(RuntimeError):
        search_index()
    assert engine.read_cursor()["last_id"] == 0
    assert titles("崩溃恢复") == []
    monkeypatch.setattr(indexer, "_apply_entries", real)
    search_index()
    assert titles("崩溃恢复") == ["崩溃恢复测试通知"]


def test_an_outbox_id_that_commits_late_is_still_applied(two_orgs, search_index):
    org = two_orgs.gov_a
    record = two_orgs.publish(two_orgs.draft(org, title="迟到的索引变更"))
    entries = list(OutboxEntry.objects.order_by("pk"))
    late = entries[-1]
    late_id = late.pk
    late.delete()  # as if its transaction had not committed yet when the indexer ran
    OutboxEntry.objects.create(object_type="record", object_id="999999")  # a later id commits first
    search_index()
    assert str(late_id) in engine.read_cursor()["gaps"] or late_id < engine.read_cursor()["last_id"]
    OutboxEntry.objects.create(pk=late_id, object_type="record", object_id=str(record.pk))
    search_index()
    assert titles("迟到") == ["迟到的索引变更"]
    assert str(late_id) not in engine.read_cursor()["gaps"]


def test_reindex_rebuilds_from_the_database(two_orgs, search_index):
    org = two_orgs.gov_a
    two_orgs.publish(two_orgs.draft(org, title="重建索引测试"))
    assert indexer.rebuild() == 1
    assert titles("重建索引") == ["重建索引测试"]


def test_an_upgrade_that_changes_the_index_layout_rebuilds_it_during_migrate(two_orgs, search_index):
    from gongkai.search.apps import rebuild_after_schema_change

    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="升级前发布的信息"))
    old = engine.index_dir().parent / f"v{engine.SCHEMA_VERSION - 1}"
    old.mkdir(parents=True)
    (old / "cursor.json").write_text('{"last_id": 1, "gaps": {}}')
    rebuild_after_schema_change(sender=None, verbosity=0)
    assert titles("升级") == ["升级前发布的信息"]
    assert not old.exists()
    # Once built, later migrations leave the index alone.
    assert (engine.index_dir() / "cursor.json").exists()
    rebuild_after_schema_change(sender=None, verbosity=0)
    assert titles("升级") == ["升级前发布的信息"]


def test_filters_by_organ_and_subordinates_year_and_validity(two_orgs, search_index):
    a, a1, b = two_orgs.gov_a, two_orgs.dept_a1, two_orgs.gov_b
    for org in (a, a1, b):
        two_orgs.publish(two_orgs.draft(org, title=f"{org.name}预算公开"))
    search_index()
    assert len(titles("预算公开")) == 3
    assert set(titles("预算公开", org_id=a.pk)) == {f"{a.name}预算公开", f"{a1.name}预算公开"}
    assert titles("预算公开", org_id=a.pk, include_subordinates=False) == [f"{a.name}预算公开"]
    year = timezone.now().year
    assert len(titles("预算公开", year_from=year, year_to=year)) == 3
    assert titles("预算公开", year_to=year - 1) == []
    assert titles("预算公开", validity="repealed") == []


def test_exact_doc_number_comes_first_whatever_the_brackets(two_orgs, search_index):
    org = two_orgs.gov_a
    for n in range(1, 4):
        two_orgs.publish(
            two_orgs.draft(org, title=f"昌市政办发文件之{n}", doc_number=f"昌市政办发〔2020〕{n}号")
        )
    search_index()
    response = search(SearchRequest(q="昌市政办发[2020]2号"))
    assert response.exact
    assert response.hits[0].doc_number == "昌市政办发〔2020〕2号"


def test_an_abbreviation_finds_the_full_name(two_orgs, search_index):
    org = two_orgs.gov_a
    two_orgs.publish(two_orgs.draft(org, title="昌吉市发展和改革委员会2026年工作计划"))
    search_index()
    assert titles("发改委 工作计划") == ["昌吉市发展和改革委员会2026年工作计划"]


def test_attachment_text_is_searchable_and_a_corrupt_one_is_skipped(two_orgs, search_index):
    org = two_orgs.gov_a
    editor = two_orgs.staff(org, Role.EDITOR)
    record = two_orgs.draft(org, title="附件检索测试")
    services.add_attachment(
        record=record, actor=editor, name="说明.txt", data="附件里的独特词语麒麟瓜".encode()
    )
    services.add_attachment(
        record=record, actor=editor, name="坏文件.pdf", data=b"%PDF-1.4\n garbage \x00\x01"
    )
    # The damaged file reads as "无法读取，请人工审核": clearance needs the reviewer's stated reason.
    services.submit_record(record=record, actor=editor)
    record = services.pass_confidentiality_review(
        record=record, actor=two_orgs.staff(org, Role.CONFIDENTIALITY_REVIEWER), override_reason="已人工审阅"
    )
    two_orgs.publish(record)
    search_index()
    assert titles("麒麟瓜") == ["附件检索测试"]
    assert titles("附件检索") == ["附件检索测试"]


@pytest.mark.parametrize("q", ["", "   ", '"', "*", "NEAR", "a OR b", "title:x", "\x00", "😀", "x" * 2000])
def test_hostile_queries_answer_with_results_or_a_message(two_orgs, search_index, q):
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="普通通知"))
    search_index()
    response = search(SearchRequest(q=q))
    assert response.total >= 0
    if not response.total:
        assert response.message or response.tokens


def test_zero_results_suggest_a_correction(two_orgs, search_index):
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="政府信息公开工作年度报告"))
    search_index()
    response = search(SearchRequest(q="年渡报告"))
    assert response.total == 0 or response.hits


def test_injected_spam_is_not_indexed(two_orgs, search_index):
    org = two_orgs.gov_a
    record = two_orgs.draft(org, title="信用平台建设", body="<p>加快btbt365me与信用平台的连接</p>")
    services.submit_record(record=record, actor=two_orgs.staff(org, Role.EDITOR))
    # Even when a reviewer lets such text through, the index leaves the spam token out.
    services.pass_confidentiality_review(
        record=record, actor=two_orgs.staff(org, Role.CONFIDENTIALITY_REVIEWER), override_reason="原文照录"
    )
    services.approve_record(record=record, actor=two_orgs.staff(org, Role.REVIEWER))
    services.publish_record(record=record, actor=two_orgs.staff(org, Role.REVIEWER))
    search_index()
    assert titles("btbt365me") == []
    assert titles("信用平台") == ["信用平台建设"]


def test_the_search_page_and_the_zero_result_page(client, two_orgs, search_index):
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="关于做好政务公开工作的通知"))
    search_index()
    body = client.get("/search/", {"q": "政务公开"}).content.decode()
    assert "找到 1 条结果" in body
    assert "<mark>政务公开</mark>" in body
    empty = client.get("/search/", {"q": "完全不存在的词语组合", "org": two_orgs.gov_a.slug}).content.decode()
    assert "没有找到" in empty
    assert "政府信息公开申请" in empty
    apply_url = reverse("portal:apply", args=[two_orgs.gov_a.slug])
    assert f'<a class="apply-link" href="{apply_url}">' in empty
    sitewide = client.get("/search/", {"q": "完全不存在的词语组合"}).content.decode()
    assert f'<a class="apply-link" href="{reverse("portal:home")}">' in sitewide
    assert client.get("/search/", {"q": "x" * 3000}).status_code == 200
    assert client.get("/search/suggest/", {"q": "政务"}).json()["suggestions"] == [
        "关于做好政务公开工作的通知"
    ]


def test_a_cached_result_page_never_outlives_a_withdrawal(client, two_orgs, search_index, settings):
    from django.core.cache import cache

    settings.GONGKAI_PORTAL_CACHE_SECONDS = 60
    cache.clear()
    org = two_orgs.gov_a
    record = two_orgs.publish(two_orgs.draft(org, title="缓存撤回测试通知"))
    search_index()
    assert "找到 1 条结果" in client.get("/search/", {"q": "缓存撤回"}).content.decode()
    assert client.get("/search/", {"q": "缓存撤回"})["X-Cache"] == "hit"
    services.withdraw_record(record=record, actor=two_orgs.staff(org, Role.REVIEWER), reason="撤回")
    search_index()  # applying the outbox bumps the page generation
    response = client.get("/search/", {"q": "缓存撤回"})
    assert "X-Cache" not in response
    assert "没有找到" in response.content.decode()
    cache.clear()


def test_searches_are_logged_for_statistics_with_personal_data_masked(client, two_orgs, search_index):
    from gongkai.search.models import QueryLog
    from gongkai.search.views import _log_buffer, flush_query_log

    _log_buffer.clear()  # entries other tests queued
    search_index()
    client.get("/search/", {"q": "张三 11010519491231002X", "org": two_orgs.gov_a.slug})
    flush_query_log()
    entry = QueryLog.objects.get()
    assert "11010519491231002X" not in entry.query
    assert entry.query.startswith("张三 110")
    assert entry.organization == two_orgs.gov_a
    assert entry.total == 0


def test_a_one_character_word_is_not_marked_beside_longer_words(two_orgs, search_index):
    # The search-before-you-apply box (any word): 年 typed on its own is a word of the query.
    for title in ("本市年度预算公开", "关于印发2024年政务公开工作要点的通知"):
        two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title=title))
    search_index()
    response = search(SearchRequest(q="请提供近三年 年 预算公开", any_word=True))
    assert "年" in response.tokens
    titles = [str(h.title) for h in response.hits]
    assert "<mark>预算</mark>" in titles[0]
    assert not any("<mark>年</mark>" in t for t in titles)
