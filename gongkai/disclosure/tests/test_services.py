"""The record workflow, its guards, its audit trail, 索引号 allocation, attachments and validity."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import make_staff
from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import Column
from gongkai.disclosure import selectors, services
from gongkai.disclosure.models import (
    Attachment,
    Genre,
    IndexCounter,
    Interpretation,
    Record,
    Status,
    Validity,
    ValidityChange,
)
from gongkai.disclosure.tests.factories import (
    RecordFactory,
    elf_bytes,
    pdf_bytes,
    step,
)
from gongkai.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The workflow as the law and our design describe it, written out independently of TRANSITIONS.
ALLOWED = {
    (Status.DRAFT, Status.SUBMITTED),
    (Status.RETURNED, Status.SUBMITTED),
    (Status.SUBMITTED, Status.CONFIDENTIALITY_PASSED),
    (Status.SUBMITTED, Status.RETURNED),
    (Status.CONFIDENTIALITY_PASSED, Status.APPROVED),
    (Status.CONFIDENTIALITY_PASSED, Status.RETURNED),
    (Status.APPROVED, Status.PUBLISHED),
    (Status.APPROVED, Status.RETURNED),
    (Status.PUBLISHED, Status.WITHDRAWN),
}
# Who is entitled to take a step from a given state (the first role listed is the one we use).
ACTOR_ROLE = {
    (Status.DRAFT, Status.SUBMITTED): Role.EDITOR,
    (Status.RETURNED, Status.SUBMITTED): Role.EDITOR,
    (Status.SUBMITTED, Status.CONFIDENTIALITY_PASSED): Role.CONFIDENTIALITY_REVIEWER,
    (Status.SUBMITTED, Status.RETURNED): Role.CONFIDENTIALITY_REVIEWER,
    (Status.CONFIDENTIALITY_PASSED, Status.APPROVED): Role.REVIEWER,
    (Status.CONFIDENTIALITY_PASSED, Status.RETURNED): Role.REVIEWER,
    (Status.APPROVED, Status.PUBLISHED): Role.HEAD,
    (Status.APPROVED, Status.RETURNED): Role.HEAD,
    (Status.PUBLISHED, Status.WITHDRAWN): Role.REVIEWER,
}
TARGETS = [
    Status.SUBMITTED,
    Status.CONFIDENTIALITY_PASSED,
    Status.APPROVED,
    Status.PUBLISHED,
    Status.WITHDRAWN,
    Status.RETURNED,
]
# The role a step into each target normally needs, used to show a forbidden step fails on the state alone.
TARGET_ROLE = {
    Status.SUBMITTED: Role.EDITOR,
    Status.CONFIDENTIALITY_PASSED: Role.CONFIDENTIALITY_REVIEWER,
    Status.APPROVED: Role.REVIEWER,
    Status.PUBLISHED: Role.HEAD,
    Status.WITHDRAWN: Role.REVIEWER,
    Status.RETURNED: Role.REVIEWER,
}


def record_in(two_orgs, status: str, org=None) -> Record:
    """A record of ``org`` (default: government A) brought to ``status`` through the services."""
    return two_orgs.advance(two_orgs.draft(org or two_orgs.gov_a), status)


def last_audit(record: Record) -> AuditEntry:
    """The last entry of the step itself (the seal of the published content follows it, ADR 0032)."""
    return (
        AuditEntry.objects.filter(object_type="disclosure.record", object_id=str(record.pk))
        .exclude(verb="record_sealed")
        .first()
    )


class TestAllowedTransitions:
    @pytest.mark.parametrize(("start", "target"), sorted(ALLOWED), ids=lambda s: str(s))
    def test_allowed_step_moves_the_record_and_is_audited(self, two_orgs, start, target):
        record = record_in(two_orgs, start)
        actor = two_orgs.staff(two_orgs.gov_a, ACTOR_ROLE[(start, target)])
        audits_before = AuditEntry.objects.count()

        moved = step(record, target, actor=actor)

        moved.refresh_from_db()
        assert moved.status == target
        # Publication also seals what the public is served (ADR 0032).
        sealed = 1 if target == Status.PUBLISHED else 0
        assert AuditEntry.objects.count() == audits_before + 1 + sealed
        entry = last_audit(moved)
        assert entry.actor == actor
        assert entry.actor_name == str(actor)
        assert entry.organization == two_orgs.gov_a
        assert entry.verb == f"record_{target}"
        assert entry.changes["status"] == [start, target]

    def test_full_happy_path_reaches_published_then_withdrawn(self, two_orgs):
        record = two_orgs.draft(two_orgs.gov_a)
        statuses = [record.status]
        for target in (
            Status.SUBMITTED,
            Status.CONFIDENTIALITY_PASSED,
            Status.APPROVED,
            Status.PUBLISHED,
            Status.WITHDRAWN,
        ):
            record = two_orgs.advance(record, target)
            statuses.append(Record.objects.get(pk=record.pk).status)
        assert statuses == [
            "draft",
            "submitted",
            "confidentiality_passed",
            "approved",
            "published",
            "withdrawn",
        ]
        verbs = list(
            AuditEntry.objects.filter(object_id=str(record.pk), object_type="disclosure.record")
            .order_by("id")
            .values_list("verb", flat=True)
        )
        assert verbs == [
            "record_created",
            "record_submitted",
            "record_confidentiality_passed",
            "record_approved",
            "record_published",
            "record_sealed",
            "record_withdrawn",
        ]

    @pytest.mark.parametrize("role", [Role.REVIEWER, Role.HEAD])
    def test_reviewer_or_head_may_approve_and_publish(self, two_orgs, role):
        record = record_in(two_orgs, Status.CONFIDENTIALITY_PASSED)
        actor = two_orgs.staff(two_orgs.gov_a, role)
        record = services.approve_record(record=record, actor=actor)
        record = services.publish_record(record=record, actor=actor)
        assert record.status == Status.PUBLISHED

    @pytest.mark.parametrize("start", [Status.SUBMITTED, Status.CONFIDENTIALITY_PASSED, Status.APPROVED])
    def test_return_keeps_the_comment_in_the_audit_entry(self, two_orgs, start):
        record = record_in(two_orgs, start)
        actor = two_orgs.staff(two_orgs.gov_a, ACTOR_ROLE[(start, Status.RETURNED)])
        services.return_record(record=record, actor=actor, comment="  请补充起草说明。 ")
        entry = last_audit(record)
        assert entry.verb == "record_returned"
        assert entry.reason == "请补充起草说明。"

    def test_returned_record_can_be_edited_and_resubmitted(self, two_orgs):
        record = record_in(two_orgs, Status.RETURNED)
        editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
        services.update_record(
            record=record, actor=editor, title="关于做好2024年政务公开工作的通知（修改稿）"
        )
        record = services.submit_record(record=record, actor=editor)
        assert record.status == Status.SUBMITTED
        assert record.title.endswith("（修改稿）")

    def test_withdrawal_stores_reason_and_time(self, two_orgs):
        record = record_in(two_orgs, Status.PUBLISHED)
        services.withdraw_record(
            record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD), reason="该文件已被新文件替代。"
        )
        record.refresh_from_db()
        assert record.status == Status.WITHDRAWN
        assert record.withdrawal_reason == "该文件已被新文件替代。"
        assert record.withdrawn_at is not None
        assert last_audit(record).reason == "该文件已被新文件替代。"

    def test_publish_audit_entry_carries_index_number(self, two_orgs):
        record = record_in(two_orgs, Status.PUBLISHED)
        entry = last_audit(record)
        assert entry.verb == "record_published"
        assert entry.changes["index_number"] == record.index_number


FORBIDDEN = [(s, t) for s in Status.values for t in TARGETS if (s, t) not in ALLOWED]


class TestForbiddenTransitions:
    @pytest.mark.parametrize(("start", "target"), FORBIDDEN, ids=lambda s: str(s))
    def test_step_not_in_the_workflow_is_refused_and_not_audited(self, two_orgs, start, target):
        record = RecordFactory(organization=two_orgs.gov_a, status=start)
        actor = two_orgs.staff(two_orgs.gov_a, TARGET_ROLE[target])
        with pytest.raises(ValidationError):
            step(record, target, actor=actor)
        record.refresh_from_db()
        assert record.status == start
        assert not AuditEntry.objects.filter(object_id=str(record.pk)).exists()

    def test_draft_cannot_be_published_even_by_a_superuser(self, two_orgs, django_user_model):
        record = two_orgs.draft(two_orgs.gov_a)
        boss = django_user_model.objects.create_superuser("root", "root@example.gov.cn", "Root#2024-pass")
        with pytest.raises(ValidationError, match="不能从“草稿”转为“已发布”"):
            services.publish_record(record=record, actor=boss)

    def test_draft_cannot_be_approved(self, two_orgs):
        record = two_orgs.draft(two_orgs.gov_a)
        with pytest.raises(ValidationError):
            services.approve_record(record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.REVIEWER))

    def test_withdrawn_record_cannot_be_published_again(self, two_orgs):
        record = record_in(two_orgs, Status.WITHDRAWN)
        with pytest.raises(ValidationError):
            services.publish_record(record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD))
        record.refresh_from_db()
        assert record.status == Status.WITHDRAWN

    @pytest.mark.parametrize("comment", ["", "   ", "\n"])
    def test_return_without_comment_is_refused(self, two_orgs, comment):
        record = record_in(two_orgs, Status.SUBMITTED)
        actor = two_orgs.staff(two_orgs.gov_a, Role.CONFIDENTIALITY_REVIEWER)
        with pytest.raises(ValidationError) as info:
            services.return_record(record=record, actor=actor, comment=comment)
        assert "comment" in info.value.message_dict
        record.refresh_from_db()
        assert record.status == Status.SUBMITTED

    @pytest.mark.parametrize("reason", ["", "  "])
    def test_withdraw_without_reason_is_refused(self, two_orgs, reason):
        record = record_in(two_orgs, Status.PUBLISHED)
        with pytest.raises(ValidationError) as info:
            services.withdraw_record(
                record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD), reason=reason
            )
        assert "reason" in info.value.message_dict
        record.refresh_from_db()
        assert record.status == Status.PUBLISHED

    @pytest.mark.parametrize(
        "status", [Status.SUBMITTED, Status.CONFIDENTIALITY_PASSED, Status.APPROVED, Status.WITHDRAWN]
    )
    def test_record_under_review_cannot_be_edited(self, two_orgs, status):
        record = record_in(two_orgs, status)
        for role in Role.values:
            with pytest.raises((ValidationError, PermissionDenied)):
                services.update_record(record=record, actor=two_orgs.staff(two_orgs.gov_a, role), title="改")
        record.refresh_from_db()
        assert record.title != "改"


class TestRoles:
    def test_editor_cannot_pass_confidentiality_review(self, two_orgs):
        record = record_in(two_orgs, Status.SUBMITTED)
        with pytest.raises(PermissionDenied):
            services.pass_confidentiality_review(
                record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
            )
        record.refresh_from_db()
        assert record.status == Status.SUBMITTED

    def test_confidentiality_reviewer_cannot_approve(self, two_orgs):
        record = record_in(two_orgs, Status.CONFIDENTIALITY_PASSED)
        actor = two_orgs.staff(two_orgs.gov_a, Role.CONFIDENTIALITY_REVIEWER)
        with pytest.raises(PermissionDenied):
            services.approve_record(record=record, actor=actor)

    def test_editor_cannot_publish_or_approve(self, two_orgs):
        editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
        with pytest.raises(PermissionDenied):
            services.approve_record(record=record_in(two_orgs, Status.CONFIDENTIALITY_PASSED), actor=editor)
        with pytest.raises(PermissionDenied):
            services.publish_record(record=record_in(two_orgs, Status.APPROVED), actor=editor)

    def test_reviewer_cannot_skip_confidentiality_review_for_someone_else(self, two_orgs):
        record = record_in(two_orgs, Status.SUBMITTED)
        with pytest.raises(PermissionDenied):
            services.pass_confidentiality_review(
                record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.REVIEWER)
            )

    def test_confidentiality_reviewer_cannot_return_an_approved_record(self, two_orgs):
        record = record_in(two_orgs, Status.APPROVED)
        actor = two_orgs.staff(two_orgs.gov_a, Role.CONFIDENTIALITY_REVIEWER)
        with pytest.raises(PermissionDenied):
            services.return_record(record=record, actor=actor, comment="退回")

    @pytest.mark.parametrize("role", [r for r in Role.values if r != Role.EDITOR])
    def test_only_editors_draft_records(self, two_orgs, role):
        with pytest.raises(PermissionDenied):
            services.create_record(
                org=two_orgs.gov_a,
                actor=two_orgs.staff(two_orgs.gov_a, role),
                column=Column.objects.for_org(two_orgs.gov_a).first(),
                title="越权起草",
            )
        assert not Record.objects.filter(title="越权起草").exists()

    @pytest.mark.parametrize(("start", "target"), sorted(ALLOWED), ids=lambda s: str(s))
    def test_staff_of_organ_b_cannot_act_on_a_record_of_organ_a(self, two_orgs, start, target):
        record = record_in(two_orgs, start)
        outsider = two_orgs.staff(two_orgs.gov_b, ACTOR_ROLE[(start, target)])
        with pytest.raises(PermissionDenied):
            step(record, target, actor=outsider)
        record.refresh_from_db()
        assert record.status == start

    def test_staff_of_organ_b_cannot_draft_in_organ_a(self, two_orgs):
        with pytest.raises(PermissionDenied):
            services.create_record(
                org=two_orgs.gov_a,
                actor=two_orgs.staff(two_orgs.gov_b, Role.EDITOR),
                column=Column.objects.for_org(two_orgs.gov_a).first(),
                title="跨机关起草",
            )

    def test_staff_of_organ_b_cannot_edit_a_draft_of_organ_a(self, two_orgs):
        record = two_orgs.draft(two_orgs.gov_a)
        with pytest.raises(PermissionDenied):
            services.update_record(
                record=record, actor=two_orgs.staff(two_orgs.gov_b, Role.EDITOR), title="篡改"
            )

    def test_government_reviewer_holds_no_role_in_its_department(self, two_orgs):
        # Roles are per organ: oversight by the government is a read, not a right to approve.
        record = record_in(two_orgs, Status.CONFIDENTIALITY_PASSED, org=two_orgs.dept_a1)
        with pytest.raises(PermissionDenied):
            services.approve_record(record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.REVIEWER))

    def test_department_staff_take_their_own_records_through(self, two_orgs):
        record = record_in(two_orgs, Status.PUBLISHED, org=two_orgs.dept_a1)
        assert record.status == Status.PUBLISHED
        assert record.index_number.startswith(two_orgs.dept_a1.credit_code + "/")

    def test_failed_permission_check_writes_no_audit_entry(self, two_orgs):
        record = record_in(two_orgs, Status.SUBMITTED)
        count = AuditEntry.objects.count()
        with pytest.raises(PermissionDenied):
            services.pass_confidentiality_review(
                record=record, actor=two_orgs.staff(two_orgs.gov_b, Role.CONFIDENTIALITY_REVIEWER)
            )
        assert AuditEntry.objects.count() == count


class TestCreateAndUpdate:
    def test_create_with_a_written_on_date_is_audited(self, two_orgs):
        record = two_orgs.draft(two_orgs.gov_a, written_on=date(2024, 2, 29))
        assert last_audit(record).changes["written_on"] == "2024-02-29"

    def test_create_writes_audit_entry_with_snapshot(self, two_orgs):
        record = two_orgs.draft(two_orgs.gov_a, title="关于开展政务公开培训的通知")
        entry = last_audit(record)
        assert entry.verb == "record_created"
        assert entry.actor == two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
        assert entry.changes["title"] == "关于开展政务公开培训的通知"
        assert record.status == Status.DRAFT
        assert record.created_by == entry.actor

    def test_script_is_removed_from_body_on_create(self, two_orgs):
        record = two_orgs.draft(two_orgs.gov_a, body="<p>正文</p><script>alert('x')</script>")
        record.refresh_from_db()
        assert "<script" not in record.body
        assert "alert" not in record.body
        assert "<p>正文</p>" in record.body

    def test_event_handlers_and_javascript_urls_are_removed_on_update(self, two_orgs):
        record = two_orgs.draft(two_orgs.gov_a)
        services.update_record(
            record=record,
            actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
            body='<p onclick="x()">新正文</p><img src="https://a.gov.cn/1.png" onerror="alert(1)">'
            '<a href="javascript:alert(2)">链接</a><table><tr><td>1</td></tr></table>',
        )
        record.refresh_from_db()
        assert "onclick" not in record.body
        assert "onerror" not in record.body
        assert "javascript:" not in record.body
        assert "<table>" in record.body
        assert "新正文" in record.body

    def test_update_audit_entry_lists_only_changed_fields(self, two_orgs):
        record = two_orgs.draft(two_orgs.gov_a, title="旧标题")
        services.update_record(
            record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR), title="新标题"
        )
        entry = last_audit(record)
        assert entry.verb == "record_updated"
        assert entry.changes == {"title": ["旧标题", "新标题"]}

    def test_published_record_can_be_corrected_by_reviewer_not_editor(self, two_orgs):
        record = record_in(two_orgs, Status.PUBLISHED)
        with pytest.raises(PermissionDenied):
            services.update_record(
                record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR), title="改"
            )
        services.update_record(
            record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.REVIEWER), summary="更正：联系电话有误。"
        )
        record.refresh_from_db()
        assert record.summary == "更正：联系电话有误。"
        assert record.status == Status.PUBLISHED

    def test_column_of_another_organ_is_refused(self, two_orgs):
        foreign = Column.objects.for_org(two_orgs.gov_b).first()
        with pytest.raises(ValidationError) as info:
            two_orgs.draft(two_orgs.gov_a, column=foreign)
        assert "column" in info.value.message_dict

    def test_unknown_field_is_a_programming_error(self, two_orgs):
        with pytest.raises(TypeError):
            two_orgs.draft(two_orgs.gov_a, status=Status.PUBLISHED)


def publish_at(two_orgs, moment: datetime, org=None) -> Record:
    with time_machine.travel(moment, tick=False):
        return two_orgs.publish(two_orgs.draft(org or two_orgs.gov_a))


class TestIndexNumbers:
    def test_default_format_is_credit_code_year_and_five_digit_serial(self, two_orgs):
        record = publish_at(two_orgs, datetime(2024, 6, 1, 10, 0, tzinfo=SHANGHAI))
        assert record.index_number == f"{two_orgs.gov_a.credit_code}/2024-00001"
        assert re.fullmatch(r"[0-9A-Z]{18}/\d{4}-\d{5}", record.index_number)
        assert (record.index_year, record.index_serial) == (2024, 1)
        assert record.public_key == "2024-00001"

    def test_serials_count_one_two_three_within_organ_and_year(self, two_orgs):
        records = [publish_at(two_orgs, datetime(2024, 3, d, 9, 0, tzinfo=SHANGHAI)) for d in (1, 2, 3)]
        assert [r.index_serial for r in records] == [1, 2, 3]
        assert [r.index_number[-10:] for r in records] == ["2024-00001", "2024-00002", "2024-00003"]

    def test_serials_restart_at_one_in_a_new_year_by_beijing_time(self, two_orgs):
        first = publish_at(two_orgs, datetime(2024, 12, 31, 23, 30, tzinfo=SHANGHAI))
        second = publish_at(two_orgs, datetime(2024, 12, 31, 23, 50, tzinfo=SHANGHAI))
        # 00:10 on 1 January in Beijing is still 31 December in UTC.
        new_year = publish_at(two_orgs, datetime(2025, 1, 1, 0, 10, tzinfo=SHANGHAI))
        assert [(r.index_year, r.index_serial) for r in (first, second, new_year)] == [
            (2024, 1),
            (2024, 2),
            (2025, 1),
        ]
        assert new_year.index_number.endswith("/2025-00001")

    def test_each_organ_has_its_own_serials(self, two_orgs):
        moment = datetime(2024, 5, 1, 9, 0, tzinfo=SHANGHAI)
        a1 = publish_at(two_orgs, moment)
        a2 = publish_at(two_orgs, moment)
        b1 = publish_at(two_orgs, moment, org=two_orgs.gov_b)
        d1 = publish_at(two_orgs, moment, org=two_orgs.dept_a1)
        assert (a1.index_serial, a2.index_serial, b1.index_serial, d1.index_serial) == (1, 2, 1, 1)
        assert b1.index_number == f"{two_orgs.gov_b.credit_code}/2024-00001"
        assert len({a1.index_number, b1.index_number, d1.index_number}) == 3

    def test_organ_without_credit_code_uses_its_slug(self, two_orgs):
        org = OrganizationFactory(credit_code="", slug="no-code")
        two_orgs.members[org.pk] = {role: make_staff(org, role) for role in Role.values}
        record = publish_at(two_orgs, datetime(2024, 5, 1, 9, 0, tzinfo=SHANGHAI), org=org)
        assert record.index_number == "no-code/2024-00001"

    def test_scheduled_record_takes_its_year_from_the_publication_time(self, two_orgs):
        with time_machine.travel(datetime(2024, 12, 30, 12, 0, tzinfo=SHANGHAI), tick=False):
            record = two_orgs.publish(
                two_orgs.draft(two_orgs.gov_a), at=datetime(2025, 1, 2, 9, 0, tzinfo=SHANGHAI)
            )
        assert record.index_number.endswith("/2025-00001")

    def test_refused_publication_consumes_no_serial(self, two_orgs):
        with time_machine.travel(datetime(2024, 7, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
            approved = record_in(two_orgs, Status.APPROVED)
            with pytest.raises(PermissionDenied):
                services.publish_record(record=approved, actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
            record = services.publish_record(record=approved, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD))
        assert record.index_serial == 1
        assert IndexCounter.objects.get(organization=two_orgs.gov_a, year=2024).last_serial == 1


class TestScheduledPublication:
    def test_scheduled_record_is_hidden_until_its_time(self, two_orgs):
        now = datetime(2024, 9, 1, 9, 0, tzinfo=SHANGHAI)
        at = now + timedelta(hours=2)
        with time_machine.travel(now, tick=False) as traveller:
            record = two_orgs.publish(two_orgs.draft(two_orgs.gov_a), at=at)
            assert record.status == Status.PUBLISHED
            assert record.published_at == at
            assert not Record.objects.published().filter(pk=record.pk).exists()
            assert not selectors.public_records(org=two_orgs.gov_a).filter(pk=record.pk).exists()
            assert selectors.public_record_by_key(org=two_orgs.gov_a, key=record.public_key) is None

            traveller.move_to(at - timedelta(seconds=1))
            assert not Record.objects.published().filter(pk=record.pk).exists()

            traveller.move_to(at)
            assert Record.objects.published().filter(pk=record.pk).exists()
            assert selectors.public_record_by_key(org=two_orgs.gov_a, key=record.public_key) == record

    def test_publish_without_time_is_visible_at_once(self, two_orgs):
        record = two_orgs.publish(two_orgs.draft(two_orgs.gov_a))
        assert Record.objects.published().filter(pk=record.pk).exists()


class TestAttachments:
    def test_accepted_attachment_is_stored_under_its_hash_and_audited(self, two_orgs, settings):
        record = two_orgs.draft(two_orgs.gov_a)
        data = pdf_bytes()
        attachment = services.add_attachment(
            record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR), name="工作要点.pdf", data=data
        )
        assert attachment.original_name == "工作要点.pdf"
        assert attachment.size == len(data)
        assert attachment.file.name.endswith(f"{attachment.sha256}.pdf")
        assert "工作要点" not in attachment.file.name
        with attachment.file.open("rb") as stored:
            assert stored.read() == data
        assert last_audit(record).verb == "attachment_added"

    @pytest.mark.parametrize(
        ("name", "data"),
        [("通知.pdf", elf_bytes()), ("通知.docx", pdf_bytes())],
        ids=["executable", "mismatch"],
    )
    def test_refused_attachment_leaves_no_row_no_file_and_no_audit(self, two_orgs, settings, name, data):
        record = two_orgs.draft(two_orgs.gov_a)
        audits = AuditEntry.objects.count()
        with pytest.raises(ValidationError):
            services.add_attachment(
                record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR), name=name, data=data
            )
        assert not Attachment.objects.exists()
        assert AuditEntry.objects.count() == audits
        media = settings.MEDIA_ROOT
        assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))

    def test_oversize_attachment_is_refused(self, two_orgs, settings):
        settings.GONGKAI_UPLOAD_MAX_BYTES = 100
        record = two_orgs.draft(two_orgs.gov_a)
        with pytest.raises(ValidationError, match="超过了"):
            services.add_attachment(
                record=record,
                actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
                name="大.pdf",
                data=pdf_bytes(),
            )
        assert not Attachment.objects.exists()

    def test_attachments_cannot_be_added_after_submission(self, two_orgs):
        record = record_in(two_orgs, Status.SUBMITTED)
        with pytest.raises(ValidationError):
            services.add_attachment(
                record=record,
                actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
                name="补充.pdf",
                data=pdf_bytes(),
            )

    def test_staff_of_another_organ_cannot_attach(self, two_orgs):
        record = two_orgs.draft(two_orgs.gov_a)
        with pytest.raises(PermissionDenied):
            services.add_attachment(
                record=record,
                actor=two_orgs.staff(two_orgs.gov_b, Role.EDITOR),
                name="附件.pdf",
                data=pdf_bytes(),
            )

    def test_attachment_of_published_record_cannot_be_removed(self, two_orgs):
        record = two_orgs.draft(two_orgs.gov_a)
        attachment = services.add_attachment(
            record=record,
            actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
            name="附件.pdf",
            data=pdf_bytes(),
        )
        two_orgs.publish(record)
        attachment.refresh_from_db()
        with pytest.raises(ValidationError):
            services.remove_attachment(
                attachment=attachment, actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
            )
        assert Attachment.objects.filter(pk=attachment.pk).exists()

    def test_attachment_cannot_be_removed_through_a_copy_loaded_before_submission(self, two_orgs):
        """The editor's page was opened while the record was a draft; meanwhile it was submitted."""
        record = two_orgs.draft(two_orgs.gov_a)
        editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
        attachment = services.add_attachment(record=record, actor=editor, name="附件.pdf", data=pdf_bytes())
        assert attachment.record.status == Status.DRAFT  # the copy the stale page holds
        services.submit_record(record=record, actor=editor)
        with pytest.raises(ValidationError):
            services.remove_attachment(attachment=attachment, actor=editor)
        assert Attachment.objects.filter(pk=attachment.pk).exists()
        assert not AuditEntry.objects.filter(verb="attachment_removed").exists()


def normative(two_orgs, title: str, org=None, **fields) -> Record:
    org = org or two_orgs.gov_a
    column = Column.objects.for_org(org).get(slug="regulations")
    return two_orgs.publish(
        two_orgs.draft(
            org, title=title, genre=Genre.NORMATIVE, column=column, written_on=date(2023, 1, 10), **fields
        )
    )


class TestValidity:
    def test_publishing_a_normative_document_starts_its_history_as_valid(self, two_orgs):
        record = normative(two_orgs, "甲市城市绿化管理办法")
        assert record.validity == Validity.VALID
        history = list(record.validity_changes.values_list("validity", "effective_on"))
        assert history == [(Validity.VALID, date(2023, 1, 10))]

    def test_notice_has_no_validity(self, two_orgs):
        record = two_orgs.publish(two_orgs.draft(two_orgs.gov_a, genre=Genre.NOTICE))
        assert record.validity == ""
        assert not record.validity_changes.exists()
        with pytest.raises(ValidationError):
            services.change_validity(
                record=record,
                actor=two_orgs.staff(two_orgs.gov_a, Role.REVIEWER),
                validity=Validity.EXPIRED,
                effective_on=date(2024, 1, 1),
            )

    def test_amendment_keeps_history_and_points_to_the_amending_document(self, two_orgs):
        old = normative(two_orgs, "甲市城市绿化管理办法")
        new = normative(two_orgs, "甲市人民政府关于修改《甲市城市绿化管理办法》的决定")
        reviewer = two_orgs.staff(two_orgs.gov_a, Role.REVIEWER)

        services.change_validity(
            record=old,
            actor=reviewer,
            validity=Validity.AMENDED,
            effective_on=date(2024, 3, 1),
            related_record=new,
            note="部分条款修改",
        )

        old.refresh_from_db()
        assert old.validity == Validity.AMENDED
        assert old.amended_by == new
        assert list(new.amends.all()) == [old]
        history = list(
            old.validity_changes.order_by("effective_on").values_list("validity", "related_record")
        )
        assert history == [(Validity.VALID, None), (Validity.AMENDED, new.pk)]
        entry = last_audit(old)
        assert entry.verb == "validity_changed"
        assert entry.changes == {"validity": [Validity.VALID, Validity.AMENDED]}
        assert entry.reason == "部分条款修改"

    def test_repeal_sets_replaced_by_and_history_grows(self, two_orgs):
        old = normative(two_orgs, "甲市城市绿化管理办法")
        amending = normative(two_orgs, "修改决定")
        successor = normative(two_orgs, "甲市园林绿化条例实施办法")
        head = two_orgs.staff(two_orgs.gov_a, Role.HEAD)
        services.change_validity(
            record=old,
            actor=head,
            validity=Validity.AMENDED,
            effective_on=date(2024, 3, 1),
            related_record=amending,
        )
        services.change_validity(
            record=old,
            actor=head,
            validity=Validity.REPEALED,
            effective_on=date(2025, 1, 1),
            related_record=successor,
        )
        old.refresh_from_db()
        assert old.validity == Validity.REPEALED
        assert old.replaced_by == successor
        assert old.amended_by == amending  # earlier steps stay
        assert list(old.validity_changes.values_list("validity", flat=True)) == [
            Validity.VALID,
            Validity.AMENDED,
            Validity.REPEALED,
        ]

    def test_expiry_sets_valid_until_when_missing(self, two_orgs):
        record = normative(two_orgs, "甲市临时管理规定")
        services.change_validity(
            record=record,
            actor=two_orgs.staff(two_orgs.gov_a, Role.REVIEWER),
            validity=Validity.EXPIRED,
            effective_on=date(2025, 6, 30),
        )
        record.refresh_from_db()
        assert record.validity == Validity.EXPIRED
        assert record.valid_until == date(2025, 6, 30)

    def test_related_document_from_another_organ_is_refused(self, two_orgs):
        old = normative(two_orgs, "甲市城市绿化管理办法")
        foreign = normative(two_orgs, "乙县绿化办法", org=two_orgs.gov_b)
        with pytest.raises(ValidationError):
            services.change_validity(
                record=old,
                actor=two_orgs.staff(two_orgs.gov_a, Role.REVIEWER),
                validity=Validity.REPEALED,
                effective_on=date(2024, 1, 1),
                related_record=foreign,
            )
        old.refresh_from_db()
        assert old.validity == Validity.VALID
        assert old.replaced_by is None
        assert old.validity_changes.count() == 1

    @pytest.mark.parametrize("role", [Role.EDITOR, Role.CONFIDENTIALITY_REVIEWER])
    def test_only_reviewer_or_head_changes_validity(self, two_orgs, role):
        record = normative(two_orgs, "甲市城市绿化管理办法")
        with pytest.raises(PermissionDenied):
            services.change_validity(
                record=record,
                actor=two_orgs.staff(two_orgs.gov_a, role),
                validity=Validity.EXPIRED,
                effective_on=date(2024, 1, 1),
            )
        assert ValidityChange.objects.filter(record=record).count() == 1


class TestInterpretations:
    def test_interpretation_and_policy_see_each_other(self, two_orgs):
        policy = normative(two_orgs, "甲市促进民营经济发展若干措施")
        interpretation = two_orgs.draft(
            two_orgs.gov_a,
            title="《甲市促进民营经济发展若干措施》政策解读",
            genre=Genre.INTERPRETATION,
            policy=policy,
        )
        assert interpretation.policy == policy
        assert list(policy.interpretations.all()) == [interpretation]
        assert Interpretation.objects.get(pk=interpretation.pk).is_interpretation

    def test_only_published_interpretations_are_public(self, two_orgs):
        policy = normative(two_orgs, "甲市促进民营经济发展若干措施")
        draft = two_orgs.draft(two_orgs.gov_a, genre=Genre.INTERPRETATION, policy=policy, title="解读草稿")
        published = two_orgs.publish(
            two_orgs.draft(two_orgs.gov_a, genre=Genre.INTERPRETATION, policy=policy, title="已发布解读")
        )
        assert list(selectors.public_interpretations(policy)) == [published]
        assert set(policy.interpretations.all()) == {draft, published}

    def test_policy_from_another_organ_is_refused(self, two_orgs):
        foreign = normative(two_orgs, "乙县促进民营经济发展若干措施", org=two_orgs.gov_b)
        with pytest.raises(ValidationError) as info:
            two_orgs.draft(two_orgs.gov_a, genre=Genre.INTERPRETATION, policy=foreign)
        assert "policy" in info.value.message_dict
        assert not foreign.interpretations.exists()

    def test_interpretation_cannot_interpret_another_interpretation(self, two_orgs):
        policy = normative(two_orgs, "甲市促进民营经济发展若干措施")
        first = two_orgs.draft(two_orgs.gov_a, genre=Genre.INTERPRETATION, policy=policy)
        with pytest.raises(ValidationError):
            two_orgs.draft(two_orgs.gov_a, genre=Genre.INTERPRETATION, policy=first)

    def test_record_cannot_interpret_itself(self, two_orgs):
        record = two_orgs.draft(two_orgs.gov_a, genre=Genre.NOTICE)
        with pytest.raises(ValidationError):
            services.update_record(
                record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR), policy=record
            )


class TestPrepublicationCheck:
    def test_an_unmasked_id_number_blocks_confidentiality_clearance(self, two_orgs):
        org = two_orgs.gov_a
        record = two_orgs.draft(
            org, title="2026年低保对象公示", body="<p>王五 11010519491231002X 城市低保</p>"
        )
        services.submit_record(record=record, actor=two_orgs.staff(org, Role.EDITOR))
        reviewer = two_orgs.staff(org, Role.CONFIDENTIALITY_REVIEWER)
        with pytest.raises(ValidationError) as excinfo:
            services.pass_confidentiality_review(record=record, actor=reviewer)
        message = " ".join(excinfo.value.messages)
        assert "身份证号码" in message
        assert "11010519491231002X" not in message  # the refusal itself shows it masked
        record.refresh_from_db()
        assert record.status == Status.SUBMITTED

    def test_a_stated_reason_clears_it_and_the_audit_keeps_reason_and_masked_findings(self, two_orgs):
        org = two_orgs.gov_a
        editor = two_orgs.staff(org, Role.EDITOR)
        record = two_orgs.draft(org, title="联系人", body="<p>联系人手机 13812345678</p>")
        services.submit_record(record=record, actor=editor)
        services.pass_confidentiality_review(
            record=record,
            actor=two_orgs.staff(org, Role.CONFIDENTIALITY_REVIEWER),
            override_reason="本人同意公开的工作手机",
        )
        entry = AuditEntry.objects.filter(verb="record_confidentiality_passed").latest("id")
        assert "本人同意公开的工作手机" in entry.reason
        assert entry.changes["findings"] == ["正文：手机号码 138****5678"]

    def test_personal_data_inside_an_attachment_is_found(self, two_orgs):
        org = two_orgs.gov_a
        editor = two_orgs.staff(org, Role.EDITOR)
        record = two_orgs.draft(org, title="录用名单")
        services.add_attachment(
            record=record, actor=editor, name="名单.txt", data="李四\t11010519491231002X\n".encode()
        )
        services.submit_record(record=record, actor=editor)
        with pytest.raises(ValidationError, match=r"附件“名单\.txt”"):
            services.pass_confidentiality_review(
                record=record, actor=two_orgs.staff(org, Role.CONFIDENTIALITY_REVIEWER)
            )
