"""Finding 17.3: separation of duties was per role, not per person — one user holding 信息员 +
保密审查人 + 审核人 drafted, cleared, approved and published their own record."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.accounts import duties as account_duties
from gongkai.accounts.models import AdminRole, Role
from gongkai.accounts.tests.factories import UserFactory, make_staff
from gongkai.audit.models import AuditEntry
from gongkai.disclosure import services
from gongkai.disclosure.duties import Participants, step_refusal
from gongkai.disclosure.models import Status
from gongkai.disclosure.tests.factories import draft_record, pdf_bytes

pytestmark = pytest.mark.django_db

ALL_STEPS = (Role.EDITOR, Role.CONFIDENTIALITY_REVIEWER, Role.REVIEWER, Role.HEAD)


@pytest.fixture
def officer(two_orgs):
    """One person holding every workflow role in gov_a."""
    return make_staff(two_orgs.gov_a, *ALL_STEPS, username="one_officer")


def _submitted_by(org, user, **fields):
    record = draft_record(org, editor=user, **fields)
    return services.submit_record(record=record, actor=user)


def test_rule_the_drafter_never_clears_approves_or_publishes_and_the_clearer_never_approves():
    people = Participants(drafters=frozenset({1, 2}), clearer=3)
    for target in (Status.CONFIDENTIALITY_PASSED, Status.APPROVED, Status.PUBLISHED):
        assert step_refusal(target, 1, people)
        assert step_refusal(target, 2, people)
    assert "保密审查" in step_refusal(Status.APPROVED, 3, people)
    assert step_refusal(Status.PUBLISHED, 3, people) is None
    assert step_refusal(Status.CONFIDENTIALITY_PASSED, 4, people) is None
    assert step_refusal(Status.WITHDRAWN, 1, people) is None


def test_one_person_with_every_role_cannot_take_their_own_record_through(two_orgs, officer):
    record = _submitted_by(two_orgs.gov_a, officer)
    with pytest.raises(PermissionDenied, match="本人起草"):
        services.pass_confidentiality_review(record=record, actor=officer)
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED

    # Another 保密审查人 clears it; the drafter still may neither approve nor publish it.
    services.pass_confidentiality_review(
        record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.CONFIDENTIALITY_REVIEWER)
    )
    with pytest.raises(PermissionDenied, match="本人起草"):
        services.approve_record(record=record, actor=officer)
    services.approve_record(record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.REVIEWER))
    with pytest.raises(PermissionDenied, match="本人起草"):
        services.publish_record(record=record, actor=officer)
    services.publish_record(record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED


def test_whoever_edited_the_content_or_its_attachments_is_a_drafter_too(two_orgs):
    org = two_orgs.gov_a
    editor_and_clearer = make_staff(org, Role.EDITOR, Role.CONFIDENTIALITY_REVIEWER)
    attacher_and_clearer = make_staff(org, Role.EDITOR, Role.CONFIDENTIALITY_REVIEWER)
    record = draft_record(org, editor=two_orgs.staff(org, Role.EDITOR))
    services.update_record(record=record, actor=editor_and_clearer, title="关于做好政务公开工作的补充通知")
    services.add_attachment(record=record, actor=attacher_and_clearer, name="附件.pdf", data=pdf_bytes())
    services.submit_record(record=record, actor=two_orgs.staff(org, Role.EDITOR))
    for person in (editor_and_clearer, attacher_and_clearer):
        with pytest.raises(PermissionDenied, match="本人起草、修改或提交过"):
            services.pass_confidentiality_review(record=record, actor=person)


def test_the_confidentiality_reviewer_never_approves_what_they_cleared(two_orgs):
    org = two_orgs.gov_a
    clearer = make_staff(org, Role.CONFIDENTIALITY_REVIEWER, Role.REVIEWER)
    record = _submitted_by(org, two_orgs.staff(org, Role.EDITOR))
    services.pass_confidentiality_review(record=record, actor=clearer)
    with pytest.raises(PermissionDenied, match="保密审查"):
        services.approve_record(record=record, actor=clearer)
    services.approve_record(record=record, actor=two_orgs.staff(org, Role.REVIEWER))


def test_a_single_officer_organ_may_do_it_all_and_every_such_step_is_flagged(two_orgs, officer):
    security = UserFactory(admin_role=AdminRole.SECURITY, is_staff=True)
    account_duties.set_single_officer(
        org=two_orgs.gov_a, actor=security, single_officer=True, basis="本机关仅一名工作人员"
    )
    change = AuditEntry.objects.get(verb="duty_policy_changed")
    assert change.changes["single_officer"] == [False, True]
    assert change.actor == security

    record = _submitted_by(two_orgs.gov_a, officer)
    services.pass_confidentiality_review(record=record, actor=officer)
    services.approve_record(record=record, actor=officer)
    services.publish_record(record=record, actor=officer)
    flagged = AuditEntry.objects.filter(
        object_id=str(record.pk), changes__has_key="single_officer_waiver"
    ).values_list("verb", flat=True)
    assert sorted(flagged) == sorted(["record_confidentiality_passed", "record_approved", "record_published"])
    # The submission is no self-approval: not flagged.
    assert not AuditEntry.objects.filter(
        verb="record_submitted", object_id=str(record.pk), changes__has_key="single_officer_waiver"
    ).exists()


def test_only_the_competent_office_above_or_the_security_admin_sets_the_exception(two_orgs):
    own_office = two_orgs.staff(two_orgs.dept_a1, Role.COMPETENT_ADMIN)
    government_office = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    with pytest.raises(PermissionDenied):
        account_duties.set_single_officer(org=two_orgs.dept_a1, actor=own_office, single_officer=True)
    with pytest.raises(PermissionDenied):  # a government does not exempt itself
        account_duties.set_single_officer(org=two_orgs.gov_a, actor=government_office, single_officer=True)
    for role in (AdminRole.SYSTEM, AdminRole.AUDIT):
        with pytest.raises(PermissionDenied):
            account_duties.set_single_officer(
                org=two_orgs.dept_a1, actor=UserFactory(admin_role=role), single_officer=True
            )
    account_duties.set_single_officer(org=two_orgs.dept_a1, actor=government_office, single_officer=True)
    assert account_duties.single_officer_allowed(two_orgs.dept_a1)
    assert not account_duties.single_officer_allowed(two_orgs.gov_a)


def test_the_workbench_does_not_offer_the_drafter_their_own_clearance(client, two_orgs, officer):
    record = _submitted_by(two_orgs.gov_a, officer)
    pass_url = reverse("workbench:record_transition", args=[record.pk, "pass"])
    client.force_login(officer)
    page = client.get(reverse("workbench:record_detail", args=[record.pk])).content.decode()
    assert pass_url not in page
    assert "本人起草、修改或提交过该信息，不能再进行保密审查" in page
    # Posting anyway is refused and changes nothing.
    client.post(pass_url, REMOTE_ADDR="10.9.8.7")
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED

    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.CONFIDENTIALITY_REVIEWER))
    page = client.get(reverse("workbench:record_detail", args=[record.pk])).content.decode()
    assert pass_url in page


def test_workflow_audit_rows_carry_the_client_address(client, two_orgs, settings):
    settings.GONGKAI_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    org = two_orgs.gov_a
    record = _submitted_by(org, two_orgs.staff(org, Role.EDITOR))
    client.force_login(two_orgs.staff(org, Role.CONFIDENTIALITY_REVIEWER))
    client.post(
        reverse("workbench:record_transition", args=[record.pk, "pass"]),
        {"comment": "同意"},
        HTTP_X_REAL_IP="203.0.113.9",
    )
    entry = AuditEntry.objects.get(verb="record_confidentiality_passed", object_id=str(record.pk))
    assert entry.ip_address == "203.0.113.9"
    # Outside a request (a command, a job) there is no address to record.
    assert AuditEntry.objects.get(verb="record_submitted", object_id=str(record.pk)).ip_address is None


def test_the_governments_office_sets_the_exception_for_a_department_in_the_workbench(client, two_orgs):
    office = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    client.force_login(office)
    page = reverse("workbench:duty_settings")
    assert two_orgs.dept_a1.name in client.get(page).content.decode()
    refused = client.post(page, {"organization": two_orgs.dept_a1.pk, "single_officer": "on", "basis": ""})
    assert "写明依据" in refused.content.decode()
    assert not account_duties.single_officer_allowed(two_orgs.dept_a1)
    client.post(
        page,
        {"organization": two_orgs.dept_a1.pk, "single_officer": "on", "basis": "仅一名工作人员"},
        REMOTE_ADDR="10.0.0.8",
    )
    assert account_duties.single_officer_allowed(two_orgs.dept_a1)
    assert AuditEntry.objects.get(verb="duty_policy_changed").ip_address == "10.0.0.8"
    # Not for the organ itself, not for another government's organs, not for other roles.
    other = client.post(page, {"organization": two_orgs.gov_b.pk, "single_officer": "on", "basis": "x"})
    assert not account_duties.single_officer_allowed(two_orgs.gov_b)
    assert other.status_code == 200
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    assert client.get(page).status_code == 403


def test_a_reviewers_queue_does_not_list_their_own_drafts(client, two_orgs, officer):
    own = _submitted_by(two_orgs.gov_a, officer, title="本人起草的通知")
    other = _submitted_by(two_orgs.gov_a, two_orgs.staff(two_orgs.gov_a, Role.EDITOR), title="他人起草的通知")
    client.force_login(officer)
    queue = client.get(reverse("workbench:review_queue")).content.decode()
    assert other.title in queue
    assert own.title not in queue
    dashboard = client.get(reverse("workbench:dashboard")).content.decode()
    assert other.title in dashboard
