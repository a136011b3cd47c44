"""第三十三条第二款: an extension is the 经办人's request and needs the 负责人's approval, so a head
who is the application's own 经办人 may not approve it (the same for a 第三十五条 delay)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from gongkai.accounts import duties
from gongkai.accounts.models import AdminRole, Role
from gongkai.accounts.tests.factories import UserFactory, make_staff
from gongkai.audit.models import AuditEntry
from gongkai.info_requests import services
from gongkai.info_requests.models import Extension
from gongkai.info_requests.tests.factories import applicant

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield


@pytest.fixture
def case(two_orgs):
    """An application of gov_a handled by a 负责人 who is also its 经办人."""
    org = two_orgs.gov_a
    handling_head = make_staff(org, Role.HEAD, Role.REQUEST_HANDLER, username="handling_head")
    application, _ = services.register(
        org=org,
        actor=two_orgs.staff(org, Role.REQUEST_HANDLER),
        channel="in_person",
        data=applicant(),
        received_on=TODAY,
    )
    services.assign(application=application, actor=handling_head, handler=handling_head)
    return application, handling_head


def test_the_head_who_handles_the_case_cannot_approve_its_extension(two_orgs, case):
    application, handling_head = case
    with pytest.raises(PermissionDenied, match="经办人"):
        services.extend(application=application, actor=handling_head, reason="材料多", approved_on=TODAY)
    assert not Extension.objects.filter(request=application).exists()
    other_head = two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    extension = services.extend(application=application, actor=other_head, reason="材料多", approved_on=TODAY)
    assert extension.approved_by == other_head
    entry = AuditEntry.objects.get(verb="info_request_extended")
    assert entry.changes["requested_by"] == handling_head.pk


def test_nor_decide_its_article_35_delay(case):
    application, handling_head = case
    with pytest.raises(PermissionDenied, match="经办人"):
        services.delay_reply(
            application=application,
            actor=handling_head,
            new_due_on=date(2026, 5, 29),
            reason="数量明显超过合理范围",
            decided_on=TODAY,
        )


def test_a_single_officer_organ_may_and_the_approval_is_flagged(two_orgs, case):
    application, handling_head = case
    duties.set_single_officer(
        org=two_orgs.gov_a,
        actor=UserFactory(admin_role=AdminRole.SECURITY),
        single_officer=True,
        basis="仅一名负责人",
    )
    services.extend(application=application, actor=handling_head, reason="材料多", approved_on=TODAY)
    entry = AuditEntry.objects.get(verb="info_request_extended")
    assert "经办人" in entry.changes["single_officer_waiver"]


def test_the_workbench_offers_the_extension_only_to_another_head(client, two_orgs, case):
    from django.urls import reverse

    application, handling_head = case
    step = reverse("workbench:request_step", args=[application.pk, "extension"])
    client.force_login(handling_head)
    page = client.get(reverse("workbench:request_detail", args=[application.pk])).content.decode()
    assert step not in page
    assert "须由另一名负责人批准" in page
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    page = client.get(reverse("workbench:request_detail", args=[application.pk])).content.decode()
    assert step in page
