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
