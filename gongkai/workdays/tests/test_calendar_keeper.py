"""Finding 17.8: a township's 政务公开办 could change the installation-wide holiday calendar and so
every government's statutory due dates. Only the topmost government's 政务公开办 (or the
系统管理员) may; everyone else reads it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.accounts.models import AdminRole, Role
from gongkai.accounts.tests.factories import UserFactory, make_staff
from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Kind, Level
from gongkai.orgs.tests.factories import DepartmentFactory
from gongkai.workdays import services
from gongkai.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db

DAY = date(2027, 3, 1)


@pytest.fixture
def township(two_orgs):
    town = DepartmentFactory(
        parent=two_orgs.gov_a,
        name="甲市某镇人民政府",
        slug="jia-town",
        level=Level.TOWNSHIP,
        kind=Kind.GOVERNMENT,
    )
    return make_staff(town, Role.COMPETENT_ADMIN, username="town_office")


def test_a_townships_competent_office_cannot_change_the_calendar(township):
    with pytest.raises(PermissionDenied, match="最高一级人民政府"):
        services.set_day(actor=township, day=DAY, kind="off", name="测试")
    assert not CalendarDay.objects.filter(day=DAY).exists()


def test_a_departments_competent_office_cannot_either(two_orgs):
    with pytest.raises(PermissionDenied):
        services.set_day(actor=two_orgs.staff(two_orgs.dept_a1, Role.COMPETENT_ADMIN), day=DAY, kind="off")


def test_the_top_governments_office_changes_it_audited_with_the_address(client, two_orgs, township):
    office = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    client.force_login(office)
    client.post(
        reverse("workbench:calendar"),
        {"day-day": "2027-03-01", "day-kind": "off", "day-name": "测试"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert CalendarDay.objects.filter(day=DAY, kind="off").exists()
    entry = AuditEntry.objects.get(verb="calendar_day_changed")
    assert entry.actor == office
    assert entry.ip_address == "10.1.2.3"


def test_the_townships_office_sees_the_calendar_read_only_and_its_post_is_refused(client, township):
    client.force_login(township)
    page = client.get(reverse("workbench:calendar")).content.decode()
    assert "本机关只能查看" in page
    assert 'name="notice-year"' not in page
    response = client.post(reverse("workbench:calendar"), {"day-day": "2027-03-01", "day-kind": "off"})
    assert response.status_code == 403
    assert not CalendarDay.objects.filter(day=DAY).exists()
    assert not AuditEntry.objects.filter(verb="calendar_day_changed").exists()


def test_the_system_administrator_keeps_the_calendar_but_not_the_others(two_orgs):
    system = UserFactory(admin_role=AdminRole.SYSTEM, is_staff=True)
    services.set_day(actor=system, day=DAY, kind="off", name="测试")
    assert CalendarDay.objects.filter(day=DAY).exists()
    for role in (AdminRole.SECURITY, AdminRole.AUDIT):
        with pytest.raises(PermissionDenied):
            services.set_day(actor=UserFactory(admin_role=role, is_staff=True), day=DAY, kind=None)
