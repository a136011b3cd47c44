"""Self-inspection (自查): each 国办秘函〔2019〕19号 indicator found where it is and not where it isn't."""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.catalog.models import Column
from gongkai.disclosure.models import Attachment, Genre, Record
from gongkai.inspection import links, selfcheck
from gongkai.inspection.models import (
    CheckRun,
    InspectionFinding,
    InspectionRun,
    InspectionScore,
    Stage,
    WordRule,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def explain_all_empty(org, keep: int = 0):
    """Mark every empty applicable column 「本机关无此项信息」 but ``keep`` of them."""
    from gongkai.disclosure.selectors import empty_columns

    for column in empty_columns(org=org)[keep:]:
        Column.objects.filter(pk=column.pk).update(no_info_reason="本年度未产生此类信息。")


def published(two_orgs, publish, org=None, *, days_ago: int = 1, **fields) -> Record:
    org = org or two_orgs.gov_a
    fields.setdefault("written_on", timezone.localdate() - timedelta(days=days_ago + 1))
    record = publish(two_orgs.draft(org, **fields), at=timezone.now() - timedelta(days=days_ago))
    return record


def run(orgs, **kwargs) -> selfcheck.Report:
    return selfcheck.inspect(orgs, **kwargs)


def correct(pk: int, **fields) -> None:
    """Change a published record as a correction through the services would: the new version is
    sealed (ADR 0032), so the tamper check does not take the test's change for an intrusion."""
    from gongkai.disclosure import integrity

    Record.objects.filter(pk=pk).update(**fields)
    integrity.seal(Record.objects.get(pk=pk), cause="record_updated")


def of(report, indicator, org=None):
    return [
        f
        for f in report.findings
        if f.indicator == indicator and (org is None or f.organization_id == org.pk)
    ]


# --- 空白栏目 ------------------------------------------------------------------------------------------


def test_five_empty_columns_are_a_veto_four_are_deductions(two_orgs):
    org = two_orgs.gov_b
    explain_all_empty(org, keep=5)
    report = run([org])
    assert len(of(report, selfcheck.EMPTY_COLUMN)) == 5
    assert [v["indicator"] for v in report.scores[org.pk].vetoes] == [selfcheck.EMPTY_COLUMN]
    assert report.scores[org.pk].score == 0
    Column.objects.filter(pk=of(report, selfcheck.EMPTY_COLUMN)[0].column_id).update(
        no_info_reason="无此职能。"
    )
    report = run([org])
    assert len(of(report, selfcheck.EMPTY_COLUMN)) == 4
    assert report.scores[org.pk].vetoes == []
    assert report.scores[org.pk].score == 100 - 12  # 3 points each
    finding = of(report, selfcheck.EMPTY_COLUMN)[0]
    assert finding.url == f"/workbench/catalog/columns/{finding.column_id}/"


def test_a_column_marked_no_info_or_not_applicable_is_not_empty(two_orgs):
    org = two_orgs.gov_b
    explain_all_empty(org)
    Column.objects.filter(organization=org, no_info_reason__gt="").update(applies=False, no_info_reason="")
    Column.objects.filter(organization=org, section="proactive").update(applies=False)
    assert of(run([org]), selfcheck.EMPTY_COLUMN) == []


# --- 栏目不更新 --------------------------------------------------------------------------------------


def news_column(org, name="工作动态", **fields) -> Column:
    # Under 第二十条's "other" column, which has no update period of its own.
    parent = Column.objects.for_org(org).get(category_code="art20-15")
    return Column.objects.create(
        organization=org, parent=parent, name=name, slug=f"c{Column.objects.count()}", **fields
    )


def test_a_news_column_idle_for_more_than_two_weeks_is_stale_within_is_not(two_orgs, publish):
    org = two_orgs.gov_a
    explain_all_empty(org)
    column = news_column(org)
    published(two_orgs, publish, column=column, days_ago=20)
    stale = of(run([org]), selfcheck.STALE_COLUMN)
    assert [(f.column_id, f.text) for f in stale] == [(column.pk, "news")]
    assert "14天" in stale[0].reason
    published(two_orgs, publish, column=column, days_ago=3)
    assert of(run([org]), selfcheck.STALE_COLUMN) == []


def test_an_organ_idle_for_two_weeks_is_a_hint_the_whole_site_idle_a_veto(two_orgs, publish):
    """国办秘函〔2019〕19号 单项否决「首页不更新」: nothing new on the home page for 2 weeks."""
    orgs = [two_orgs.gov_a, two_orgs.gov_b]
    for org in orgs:
        explain_all_empty(org)
    published(two_orgs, publish, days_ago=20)
    report = run(orgs, site=True)
    assert [v["indicator"] for v in report.installation.vetoes] == [selfcheck.HOME_STALE]
    assert "14天" in report.installation.vetoes[0]["reason"]
    assert report.installation.score == 0
    hints = of(report, selfcheck.HOME_STALE)
    assert {(f.organization_id, str(f.severity)) for f in hints} == {
        (two_orgs.gov_a.pk, "hint"),
        (two_orgs.gov_b.pk, "hint"),
    }
    assert "没有任何已发布的信息" in next(f.reason for f in hints if f.organization_id == two_orgs.gov_b.pk)
    # An organ's idle platform page alone never fails the website, nor an organ-scoped run.
    assert all(not s.vetoes for pk, s in report.scores.items() if pk)
    assert run(orgs).installation.vetoes == []
    # Something new within two weeks on any organ's platform: the home page is updated.
    published(two_orgs, publish, org=two_orgs.gov_b, days_ago=13)
    report = run(orgs, site=True)
    assert report.installation.vetoes == []
    assert [f.organization_id for f in of(report, selfcheck.HOME_STALE)] == [two_orgs.gov_a.pk]
    # The same site seen at a check point a week later has gone stale again.
    later = run(orgs, site=True, now=timezone.now() + timedelta(days=7))
    assert [v["indicator"] for v in later.installation.vetoes] == [selfcheck.HOME_STALE]


def test_five_stale_news_or_notice_columns_are_a_veto(two_orgs, publish):
    org = two_orgs.gov_a
    explain_all_empty(org)
    for n in range(5):
        column = news_column(org, name=("通知公告" if n % 2 else "要闻") + str(n))
        published(two_orgs, publish, column=column, days_ago=200)
    report = run([org])
    assert len(of(report, selfcheck.STALE_COLUMN)) == 5
    assert [v["indicator"] for v in report.scores[org.pk].vetoes] == [selfcheck.STALE_COLUMN]
    # The same five seen at an earlier check point were fresh.
    report = run([org], now=timezone.now() - timedelta(days=195))
    assert of(report, selfcheck.STALE_COLUMN) == []


def test_the_update_period_is_configurable_per_column_and_zero_switches_it_off(two_orgs, publish):
    org = two_orgs.gov_a
    explain_all_empty(org)
    column = news_column(org, name="人事信息", update_period_days=30)
    published(two_orgs, publish, column=column, days_ago=40)
    assert [f.column_id for f in of(run([org]), selfcheck.STALE_COLUMN)] == [column.pk]
    Column.objects.filter(pk=column.pk).update(update_period_days=0)
    assert of(run([org]), selfcheck.STALE_COLUMN) == []
    other = news_column(org, name="其他信息")  # no period by default
    published(two_orgs, publish, column=other, days_ago=400)
    assert of(run([org]), selfcheck.STALE_COLUMN) == []


# --- Content: 严重表述错误, 错敏词, injected content, personal data -------------------------------------


def test_a_serious_wording_error_published_is_a_veto_a_common_typo_a_deduction(two_orgs, publish):
    org = two_orgs.gov_b
    explain_all_empty(org)
    clean = published(two_orgs, publish, org, body="<p>现将有关事项通知如下。</p>")
    assert run([org]).scores[org.pk].vetoes == []
    serious = WordRule.objects.filter(blocking=True, match="literal", organization=None).first()
    hint = WordRule.objects.filter(blocking=False, match="literal", organization=None).first()
    correct(clean.pk, body=f"<p>现将{serious.pattern}有关事项通知如下。</p>")
    report = run([org])
    assert [(f.indicator, f.text, f.record_id) for f in of(report, selfcheck.SERIOUS_WORDING)] == [
        (selfcheck.SERIOUS_WORDING, serious.pattern, clean.pk)
    ]
    assert report.scores[org.pk].vetoes[0]["indicator"] == selfcheck.SERIOUS_WORDING
    assert of(report, selfcheck.SERIOUS_WORDING)[0].where == "正文"
    # The short fields are scanned together; each finding is placed back in its own field.
    correct(clean.pk, keywords="政务公开", summary=f"关于{serious.pattern}的说明")
    assert sorted(f.where for f in of(run([org]), selfcheck.SERIOUS_WORDING)) == ["内容概述", "正文"]
    correct(clean.pk, summary="", body=f"<p>现将{hint.pattern}有关事项通知如下。</p>")
    report = run([org])
    assert of(report, selfcheck.SERIOUS_WORDING) == []
    assert [f.text for f in of(report, selfcheck.WORDING)] == [hint.pattern]
    assert report.scores[org.pk].vetoes == []
    assert report.scores[org.pk].score == 99


def test_an_injected_string_in_a_published_attachment_is_a_veto(two_orgs, publish):
    org = two_orgs.gov_b
    explain_all_empty(org)
    record = published(two_orgs, publish, org)
    attachment = Attachment.objects.create(
        record=record, file="attachments/x.txt", original_name="原文.txt", extension="txt",
        content_type="text/plain", size=10, sha256="0" * 64, text="全面推进政务公开btbt365me工作。",
        text_status="ok",
    )  # fmt: skip
    report = run([org])
    injected = of(report, selfcheck.INJECTED)
    assert [(f.text, f.where) for f in injected] == [("btbt365me", "附件“原文.txt”")]
    assert report.scores[org.pk].vetoes[0]["indicator"] == selfcheck.INJECTED
    # The file itself is missing from storage: a broken download.
    assert [f.where for f in of(report, selfcheck.BROKEN_LINK)] == ["附件“原文.txt”"]
    Attachment.objects.filter(pk=attachment.pk).update(text="统一社会信用代码11650000010000000X的单位。")
    assert of(run([org]), selfcheck.INJECTED) == []


def test_an_id_number_on_a_published_page_is_found_a_lawful_list_is_not(two_orgs, publish):
    org = two_orgs.gov_b
    explain_all_empty(org)
    record = published(two_orgs, publish, org, title="关于拟录用公务员名单的公示")
    correct(record.pk, body="<p>拟录用人员名单：</p><p>1 张三 男</p><p>2 李四 女</p><p>3 王五 男</p>")
    assert of(run([org]), selfcheck.PERSONAL_DATA) == []
    correct(record.pk, body="<p>申请人身份证号11010519491231002X。</p>")
    found = of(run([org]), selfcheck.PERSONAL_DATA)
    assert len(found) == 1
    assert "身份证" in found[0].reason
    assert "1002X" not in found[0].text  # masked in the finding too


def test_the_compiled_word_list_is_cached_per_version(two_orgs):
    org = two_orgs.gov_a
    first = selfcheck.word_lists_for([org.pk])[org.pk]
    assert selfcheck.word_lists_for([org.pk])[org.pk] is first
    rule = WordRule.objects.filter(organization=None).first()
    rule.suggestion += "（改）"
    rule.save()
    assert selfcheck.word_lists_for([org.pk])[org.pk] is not first


# --- Links and pages -------------------------------------------------------------------------------


def test_internal_links_are_checked_against_the_installation(two_orgs, publish):
    org = two_orgs.gov_b
    explain_all_empty(org)
    good = published(two_orgs, publish, org)
    body = (
        f'<p><a href="{good.get_absolute_url()}">有效</a> <a href="/org/yi/records/2099-99999/">已删除</a>'
        '<a href="/no/such/page/">错链</a> <a href="mailto:x@example.gov.cn">邮件</a>'
        '<a href="http://www.example.com/a">外部</a></p>'
    )
    published(two_orgs, publish, org, body=body)
    report = run([org])
    broken = sorted(f.text for f in of(report, selfcheck.BROKEN_LINK))
    assert broken == ["/no/such/page/", "/org/yi/records/2099-99999/"]
    assert [f.text for f in of(report, selfcheck.EXTERNAL_LINK)] == ["http://www.example.com/a"]
    assert report.counts["external_links_checked"] == 0
    assert any(item["indicator"] == selfcheck.EXTERNAL_LINK for item in report.not_measured)


def test_internal_link_checks_are_bounded(two_orgs, publish, settings):
    settings.GONGKAI_INSPECT_MAX_LINKS = 1
    org = two_orgs.gov_b
    explain_all_empty(org)
    body = "".join(f'<a href="/org/yi/records/2099-{n:05d}/">x</a>' for n in range(5))
    published(two_orgs, publish, org, body=body)
    report = run([org])
    assert report.counts["internal_links_unchecked"] == 4
    assert len(of(report, selfcheck.BROKEN_LINK)) == 1


def test_pages_that_fail_are_found_and_slow_ones_measured(two_orgs, settings):
    org = two_orgs.gov_b
    explain_all_empty(org)
    report = run([org])
    assert report.counts["pages_checked"] == 3
    assert of(report, selfcheck.PAGE_FAILED) == of(report, selfcheck.PAGE_SLOW) == []
    settings.GONGKAI_INSPECT_SLOW_SECONDS = 0
    assert len(of(run([org]), selfcheck.PAGE_SLOW)) == 3
    settings.GONGKAI_INSPECT_SLOW_SECONDS = 3
    # An organ whose public pages are gone: every page fails, a 单项否决 (≥ 5 %).
    type(org).objects.filter(pk=org.pk).update(is_active=False)
    org.refresh_from_db()
    report = run([org])
    assert len(of(report, selfcheck.PAGE_FAILED)) == 3
    assert selfcheck.PAGE_FAILED in [v["indicator"] for v in report.scores[org.pk].vetoes]


class Server:
    """A loopback server that accepts and then answers as told: never, a byte at a time, or at once."""

    def __init__(self, mode: str):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.mode, self.stop = mode, threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/page"

    def serve(self):
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                continue
            with conn:
                if self.mode == "silent":
                    self.stop.wait(10)
                elif self.mode == "trickle":
                    for byte in b"HTTP/1.1 200 OK\r\n":
                        if self.stop.wait(0.3):
                            break
                        conn.sendall(bytes([byte]))
                else:
                    conn.recv(1024)
                    conn.sendall(f"HTTP/1.1 {self.mode} X\r\nContent-Length: 0\r\n\r\n".encode())

    def close(self):
        self.stop.set()
        self.sock.close()
        self.thread.join(timeout=5)


@pytest.mark.parametrize("mode", ["silent", "trickle"])
def test_an_external_server_that_never_answers_costs_at_most_the_deadline(mode):
    server = Server(mode)
    try:
        started = time.monotonic()
        result = links.check_external(server.url, deadline_seconds=1.0)
        elapsed = time.monotonic() - started
    finally:
        server.close()
    assert not result.ok
    assert result.status is None
    assert "1秒内无应答" in result.reason
    assert elapsed < 1.8


def test_an_external_link_that_answers_is_judged_by_its_status():
    for mode, ok in (("200", True), ("301", True), ("404", False), ("405", True)):
        server = Server(mode)
        try:
            result = links.check_external(server.url, deadline_seconds=2)
        finally:
            server.close()
        assert (result.ok, result.status) == (ok, int(mode))
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    result = links.check_external(f"http://127.0.0.1:{port}/", deadline_seconds=1)
    assert not result.ok
    assert "无法连接" in result.reason


def test_external_checks_when_enabled_give_a_clear_finding_and_do_not_hang(two_orgs, publish, settings):
    settings.ALLOWED_HOSTS = ["testserver", "www.jia.gov.cn"]
    settings.SITE_URL = "https://www.jia.gov.cn"
    settings.GONGKAI_INSPECT_EXTERNAL_SECONDS = 1
    org = two_orgs.gov_b
    explain_all_empty(org)
    silent = Server("silent")
    url = silent.url
    try:
        published(two_orgs, publish, org, body=f'<a href="{url}">x</a><a href="{url}">again</a>')
        started = time.monotonic()
        report = run([org], check_external=True)
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    broken = of(report, selfcheck.BROKEN_LINK)
    assert [f.text for f in broken] == [url]
    assert "无应答" in broken[0].reason
    assert report.counts["external_links_checked"] == 1
    assert elapsed < 20


# --- Timeliness: 解读 and 第二十六条 ---------------------------------------------------------------------


def test_a_published_policy_without_its_interpretation_is_found(two_orgs, publish):
    org = two_orgs.gov_b
    explain_all_empty(org)
    policy = published(two_orgs, publish, org, genre=Genre.NORMATIVE, valid_until=date(2030, 1, 1))
    found = of(run([org]), selfcheck.INTERPRETATION)
    assert [f.record_id for f in found] == [policy.pk]
    column = Column.objects.for_org(org).get(category_code="interpretation")
    published(two_orgs, publish, org, genre=Genre.INTERPRETATION, policy=policy, column=column)
    report = run([org])
    assert of(report, selfcheck.INTERPRETATION) == []
    assert of(report, selfcheck.INTERPRETATION_LATE) == []


def test_an_interpretation_weeks_after_its_policy_is_a_hint(two_orgs, publish):
    org = two_orgs.gov_b
    explain_all_empty(org)
    policy = published(
        two_orgs, publish, org, genre=Genre.NORMATIVE, valid_until=date(2030, 1, 1), days_ago=30
    )
    column = Column.objects.for_org(org).get(category_code="interpretation")
    published(two_orgs, publish, org, genre=Genre.INTERPRETATION, policy=policy, column=column, days_ago=1)
    late = of(run([org]), selfcheck.INTERPRETATION_LATE)
    assert [(f.record_id, f.severity) for f in late] == [(policy.pk, "hint")]


def test_article_26_delay_is_a_deduction_unless_a_reason_was_given(two_orgs, publish):
    org = two_orgs.gov_b
    explain_all_empty(org)
    on_time = published(two_orgs, publish, org)
    late = published(two_orgs, publish, org)
    correct(late.pk, written_on=timezone.localtime(late.published_at).date() - timedelta(days=70))
    report = run([org])
    found = of(report, selfcheck.ARTICLE_26)
    assert [(f.record_id, f.severity) for f in found] == [(late.pk, "deduct")]
    assert "70个自然日" in found[0].reason
    assert on_time.pk not in [f.record_id for f in found]
    CheckRun.objects.create(record=late, stage=Stage.PUBLISH, release_reason="会签延误")
    assert [f.severity for f in of(run([org]), selfcheck.ARTICLE_26)] == ["hint"]
    correct(late.pk, written_on=timezone.localtime(late.published_at).date() - timedelta(days=35))
    CheckRun.objects.all().delete()
    found = of(run([org]), selfcheck.ARTICLE_26)
    assert "个工作日" in found[0].reason


# --- Storing, the command -------------------------------------------------------------------------


def test_a_saved_run_keeps_scores_per_organ_and_findings(two_orgs):
    explain_all_empty(two_orgs.gov_a)
    report = run([two_orgs.gov_a, two_orgs.dept_a1, two_orgs.gov_b])
    saved = selfcheck.save_report(report, trigger="nightly")
    assert saved.trigger == "nightly"
    assert {s.organization_id for s in InspectionScore.objects.filter(run=saved)} == {
        None, two_orgs.gov_a.pk, two_orgs.dept_a1.pk, two_orgs.gov_b.pk
    }  # fmt: skip
    assert saved.score == report.installation.score
    assert InspectionFinding.objects.filter(run=saved).count() == len(report.findings)
    finding = InspectionFinding.objects.filter(run=saved, indicator=selfcheck.EMPTY_COLUMN).first()
    assert finding.responsible.startswith("信息员")
    # The installation carries each organ's vetoes with the organ's name.
    assert {v["organization"] for v in saved.vetoes} == {two_orgs.dept_a1.name, two_orgs.gov_b.name}


def test_inspect_command_prints_score_vetoes_and_findings(two_orgs, publish):
    for org in (two_orgs.gov_a, two_orgs.dept_a1, two_orgs.gov_b):
        explain_all_empty(org)
    published(two_orgs, publish, days_ago=2)  # the portal's home page has something new
    out = io.StringIO()
    call_command("inspect", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert set(payload) == {"score", "vetoes", "findings"}
    assert payload["score"] == 100.0
    assert payload["vetoes"] == []
    assert InspectionRun.objects.count() == 1
    explain_all_empty(two_orgs.gov_b)
    Column.objects.filter(organization=two_orgs.gov_b).update(no_info_reason="")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("inspect", "--org", "yi", "--json", "--no-save", stdout=out)
    assert exited.value.code == 1
    payload = json.loads(out.getvalue())
    assert payload["score"] == 0
    assert payload["vetoes"][0]["organization"] == "乙县人民政府"
    assert {f["organization"] for f in payload["findings"]} == {"乙县人民政府"}
    assert {
        "indicator",
        "severity",
        "reason",
        "where",
        "record_id",
        "column_id",
        "url",
        "responsible",
    } <= set(payload["findings"][0])
    assert InspectionRun.objects.count() == 1


def test_inspect_command_refuses_an_unknown_organ(two_orgs):
    from django.core.management import CommandError

    with pytest.raises(CommandError) as caught:
        call_command("inspect", "--org", "nowhere")
    assert "找不到机关" in str(caught.value)


def test_a_page_changed_behind_the_services_is_a_tamper_veto_an_unchanged_one_is_not(two_orgs, publish):
    record = published(two_orgs, publish, body="<p>为进一步做好秸秆禁烧工作，现将有关事项通知如下。</p>")
    report = run([two_orgs.gov_a])
    assert of(report, selfcheck.SERVED_DIFFERS) == []
    assert selfcheck.SERVED_DIFFERS not in [item["indicator"] for item in report.not_measured]
    assert selfcheck.INTERACTION in [item["indicator"] for item in report.not_measured]
    # Written past the services, as an intruder with database access would (seed 002's string).
    Record.objects.filter(pk=record.pk).update(
        body="<p>为进一步做好秸秆禁烧工作，btbt365me现将有关事项通知如下。</p>"
    )
    report = run([two_orgs.gov_a])
    [finding] = of(report, selfcheck.SERVED_DIFFERS)
    assert finding.record_id == record.pk
    assert finding.severity == "veto"
    assert "btbt365me" in finding.text
    assert selfcheck.SERVED_DIFFERS in [v["indicator"] for v in report.scores[two_orgs.gov_a.pk].vetoes]
    assert report.installation.score == 0  # 单项否决
    assert of(run([two_orgs.gov_b]), selfcheck.SERVED_DIFFERS) == []


def test_check_point_moment_is_used_for_dates(two_orgs, publish):
    # A run's timestamps are real moments, whatever check point the periods count from.
    report = run([two_orgs.gov_b], now=datetime(2026, 1, 1, tzinfo=SHANGHAI))
    assert report.started_at <= report.finished_at
