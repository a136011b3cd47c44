"""The checks wired into the record workflow: block, release by the right role, never lose the draft."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import make_staff
from gongkai.audit.models import AuditEntry
from gongkai.disclosure import services
from gongkai.disclosure.models import Genre, Record, Status
from gongkai.disclosure.tests.factories import draft_record
from gongkai.inspection.models import CheckRun, Stage
from gongkai.inspection.services import check_record, save_rule
from gongkai.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def org():
    return OrganizationFactory()


def test_a_blocking_wording_error_stops_submission_and_the_draft_is_kept(org):
    editor = make_staff(org, Role.EDITOR)
    record = draft_record(
        org,
        editor=editor,
        title="市攻府关于秸秆禁烧的通告",
        doc_number="某政发[2026]1号",
        body="<p>btbt365me 全文如下。</p>",
    )
    with pytest.raises(ValidationError) as caught:
        services.submit_record(record=record, actor=editor)
    message = str(caught.value)
    assert "攻府" in message
    assert "政府" in message
    assert "某政发〔2026〕1号" in message
    # the spam token is decided at 保密审查 (disclosure.checks), where it blocks with its own message
    assert "btbt365me" not in message
    record.refresh_from_db()
    assert record.status == Status.DRAFT
    assert record.title == "市攻府关于秸秆禁烧的通告"
    assert record.doc_number == "某政发[2026]1号"
    assert "btbt365me" in record.body
    assert not CheckRun.objects.exists()


def test_only_a_release_role_may_release_and_the_release_is_audited(org):
    editor = make_staff(org, Role.EDITOR)
    record = draft_record(org, editor=editor, title="关于“攻府”一词误用情况的通报")
    with pytest.raises(PermissionDenied):
        services.submit_record(record=record, actor=editor, release_reason="引用原文")
    both = make_staff(org, Role.EDITOR, Role.REVIEWER)
    record = services.submit_record(record=record, actor=both, release_reason="通报中引用错误原文，须保留")
    assert record.status == Status.SUBMITTED
    run = CheckRun.objects.get(record=record)
    assert run.stage == Stage.SUBMIT
    assert run.released_by == both
    assert run.blocking_count == 1
    entry = AuditEntry.objects.filter(verb="checks_released").get()
    assert entry.reason == "通报中引用错误原文，须保留"
    assert entry.changes["findings"][0]["text"] == "攻府"


def test_clean_record_passes_both_checks(org):
    staff = {role: make_staff(org, role) for role in (Role.EDITOR, Role.CONFIDENTIALITY_REVIEWER, Role.HEAD)}
    record = draft_record(org, editor=staff[Role.EDITOR], written_on=date(2026, 3, 2))
    record = services.submit_record(record=record, actor=staff[Role.EDITOR])
    record = services.pass_confidentiality_review(record=record, actor=staff[Role.CONFIDENTIALITY_REVIEWER])
    record = services.approve_record(record=record, actor=staff[Role.HEAD])
    record = services.publish_record(
        record=record, actor=staff[Role.HEAD], at=datetime(2026, 3, 20, 9, tzinfo=SHANGHAI)
    )
    assert record.status == Status.PUBLISHED
    assert list(CheckRun.objects.filter(record=record).values_list("stage", flat=True)) == [
        Stage.PUBLISH,
        Stage.SUBMIT,
    ]


def test_article_26_delay_blocks_publication_until_a_reason_is_given(org):
    staff = {role: make_staff(org, role) for role in (Role.EDITOR, Role.CONFIDENTIALITY_REVIEWER, Role.HEAD)}
    record = draft_record(org, editor=staff[Role.EDITOR], written_on=date(2026, 1, 5))
    record = services.submit_record(record=record, actor=staff[Role.EDITOR])
    record = services.pass_confidentiality_review(record=record, actor=staff[Role.CONFIDENTIALITY_REVIEWER])
    record = services.approve_record(record=record, actor=staff[Role.HEAD])
    late = datetime(2026, 4, 20, 9, tzinfo=SHANGHAI)
    with pytest.raises(ValidationError, match="第二十六条"):
        services.publish_record(record=record, actor=staff[Role.HEAD], at=late)
    assert Record.objects.get(pk=record.pk).status == Status.APPROVED
    record = services.publish_record(
        record=record, actor=staff[Role.HEAD], at=late, release_reason="须待上级机关批复后公开"
    )
    assert record.status == Status.PUBLISHED
    assert (
        CheckRun.objects.filter(record=record, stage=Stage.PUBLISH).get().release_reason
        == "须待上级机关批复后公开"
    )


def test_normative_document_without_interpretation_is_flagged_but_not_blocked(org):
    editor = make_staff(org, Role.EDITOR)
    record = draft_record(org, editor=editor, genre=Genre.NORMATIVE, doc_number="某政规[2026]1号")
    found = {f.where: f for f in check_record(record)}
    assert found["政策解读"].kind == "three_sync"
    assert found["政策解读"].blocking is False
    assert found["文号"].suggestion == "某政规〔2026〕1号"
    assert found["文号"].blocking is True


def test_a_required_term_of_validity_blocks_publication_not_submission(org, settings):
    """GONGKAI_VALIDITY_TERM_REQUIRED (provincial rules on 规范性文件): the draft goes through review
    without a term, publication stops until it is filled in or released with a reason."""
    settings.GONGKAI_VALIDITY_TERM_REQUIRED = True
    staff = {role: make_staff(org, role) for role in (Role.EDITOR, Role.CONFIDENTIALITY_REVIEWER, Role.HEAD)}
    record = draft_record(org, editor=staff[Role.EDITOR], genre=Genre.NORMATIVE, written_on=date(2026, 3, 2))
    record = services.submit_record(record=record, actor=staff[Role.EDITOR])
    record = services.pass_confidentiality_review(record=record, actor=staff[Role.CONFIDENTIALITY_REVIEWER])
    record = services.approve_record(record=record, actor=staff[Role.HEAD])
    at = datetime(2026, 3, 4, 9, tzinfo=SHANGHAI)
    with pytest.raises(ValidationError, match="有效期"):
        services.publish_record(record=record, actor=staff[Role.HEAD], at=at)
    assert Record.objects.get(pk=record.pk).status == Status.APPROVED
    record = services.publish_record(
        record=record, actor=staff[Role.HEAD], at=at, release_reason="长期有效的规定"
    )
    assert record.status == Status.PUBLISHED


def test_only_the_topmost_governments_office_keeps_the_installation_list(two_orgs):
    """A department's 政务公开办 keeps its own list; the shared one checks every organ's drafts."""
    data = {
        "category": "typo",
        "match": "literal",
        "pattern": "既往不究",
        "suggestion": "既往不咎",
        "reason": "错别字",
    }
    department_admin = make_staff(two_orgs.dept_a1, Role.COMPETENT_ADMIN)
    with pytest.raises(PermissionDenied):
        save_rule(actor=department_admin, org=two_orgs.dept_a1, data=data, installation=True)
    own = save_rule(actor=department_admin, org=two_orgs.dept_a1, data=data)
    assert own.organization == two_orgs.dept_a1
    top_admin = make_staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    shared = save_rule(actor=top_admin, org=two_orgs.gov_a, data=data, installation=True)
    assert shared.organization is None


# --- ADR 0032 -----------------------------------------------------------------------------------


def test_doc_number_is_checked_against_the_organs_codes_in_the_workflow(two_orgs):
    gov_a, gov_b = two_orgs.gov_a, two_orgs.gov_b
    gov_a.doc_number_codes = "甲政发\n甲政办发\n"
    gov_a.save()
    gov_b.doc_number_codes = "乙政发"
    gov_b.save()
    editor = two_orgs.staff(gov_a, Role.EDITOR)
    own = draft_record(gov_a, editor=editor, doc_number="甲政办发〔2026〕4号")
    assert [f for f in check_record(own) if f.where == "文号"] == []
    borrowed = draft_record(gov_a, editor=editor, doc_number="乙政发〔2026〕4号")
    with pytest.raises(ValidationError, match="乙县人民政府的发文字号代字"):
        services.submit_record(record=borrowed, actor=editor)
    assert Record.objects.get(pk=borrowed.pk).status == Status.DRAFT


def test_a_major_policy_without_interpretation_is_a_task_and_a_hint(client, two_orgs):
    from django.urls import reverse

    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    policy = draft_record(
        two_orgs.gov_a,
        editor=editor,
        title="关于促进民营经济发展的若干措施",
        genre=Genre.OPINION,
        major_policy=True,
    )
    assert [f.kind for f in check_record(policy) if f.where == "政策解读"] == ["three_sync"]
    plain = draft_record(two_orgs.gov_a, editor=editor, title="关于开展安全检查的通知", genre=Genre.OPINION)
    assert [f for f in check_record(plain) if f.where == "政策解读"] == []
    client.force_login(editor)
    page = client.get(reverse("workbench:dashboard")).content.decode()
    section = page.split("待补政策解读（三同步）")[1].split("</section>")[0]
    assert "关于促进民营经济发展的若干措施" in section
    assert "关于开展安全检查的通知" not in section


def test_an_interpretation_published_more_than_three_working_days_after_its_policy_is_flagged(two_orgs):
    gov_a = two_orgs.gov_a
    policy = two_orgs.publish(
        two_orgs.draft(gov_a, title="某市养犬管理规定", genre=Genre.NORMATIVE, valid_until=date(2031, 3, 1)),
        at=datetime(2026, 3, 2, 9, tzinfo=SHANGHAI),
    )

    def interpretation(title):
        return two_orgs.draft(gov_a, title=title, genre=Genre.INTERPRETATION, policy=policy)

    on_time = two_orgs.publish(
        interpretation("《某市养犬管理规定》解读"), at=datetime(2026, 3, 5, 9, tzinfo=SHANGHAI)
    )
    run = CheckRun.objects.filter(record=on_time, stage=Stage.PUBLISH).get()
    assert [f for f in run.findings if f["kind"] == "three_sync"] == []
    late = two_orgs.publish(
        interpretation("《某市养犬管理规定》图解"), at=datetime(2026, 3, 9, 9, tzinfo=SHANGHAI)
    )
    run = CheckRun.objects.filter(record=late, stage=Stage.PUBLISH).get()
    [finding] = [f for f in run.findings if f["kind"] == "three_sync"]
    assert "5个工作日" in finding["reason"]
    assert finding["blocking"] is False


def test_a_body_too_large_to_scan_is_named_the_other_checks_still_run_and_the_draft_is_kept(org, settings):
    """Issue 13, bad input: "a document too large to scan → a clear message; nothing blocks the other
    checks, and no check ever loses the draft"."""
    settings.GONGKAI_CHECK_MAX_CHARS = 2000
    editor = make_staff(org, Role.EDITOR)
    body = "<p>" + "为进一步做好政务公开工作，现将有关事项通知如下。" * 200 + "</p>"
    record = draft_record(
        org, editor=editor, title="市攻府关于政务公开的通知", doc_number="某政发[2026]2号", body=body
    )
    kinds = {f.kind: f for f in check_record(record)}
    assert {"too_large", "wording", "metadata"} <= set(kinds)  # the title and 文号 are still checked
    with pytest.raises(ValidationError) as caught:
        services.submit_record(record=record, actor=editor)
    message = str(caught.value)
    assert "超过检查上限2000字" in message
    assert "攻府" in message
    assert "某政发〔2026〕2号" in message
    record.refresh_from_db()
    assert (record.status, record.body, record.title) == (Status.DRAFT, body, "市攻府关于政务公开的通知")
    # A reviewer who read the rest releases it with a reason; the draft goes on.
    reviewer = make_staff(org, Role.EDITOR, Role.REVIEWER)
    record.title, record.doc_number = "市政府关于政务公开的通知", "某政发〔2026〕2号"
    record.save()
    services.submit_record(record=record, actor=reviewer, release_reason="全文已人工通读")
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED
    assert record.body == body
