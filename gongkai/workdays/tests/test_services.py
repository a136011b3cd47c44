from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.workdays import services
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.selectors import current_calendar, year_to_load

pytestmark = pytest.mark.django_db

NOTICE_2027 = """一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月13日（周六）上班。
"""


def test_the_migration_seeded_every_published_year():
    calendar = current_calendar()
    assert set(range(2004, 2027)) <= calendar.loaded_years
    assert date(2026, 2, 14) in calendar.make_up_days
    assert not calendar.is_working_day(date(2026, 10, 7))
    assert calendar.is_working_day(date(2026, 10, 10))
    assert calendar.is_provisional(date(2027, 1, 4))


def test_the_competent_office_loads_a_year_and_it_stops_being_provisional(two_orgs):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    services.load_year(actor=admin, year=2027, notice_text=NOTICE_2027)
    calendar = current_calendar()  # the cache was dropped by the change
    assert 2027 in calendar.loaded_years
    assert calendar.is_working_day(date(2027, 2, 13))
    assert not calendar.is_working_day(date(2027, 2, 11))
    assert AuditEntry.objects.filter(verb="calendar_year_loaded").exists()
    assert CalendarYear.objects.get(year=2027).loaded_by == admin


def test_a_notice_with_an_unreadable_line_is_refused_whole(two_orgs):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    with pytest.raises(ValidationError, match="春节"):
        services.load_year(actor=admin, year=2027, notice_text="一、元旦：1月1日放假。\n二、春节：另行通知。")
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_only_the_competent_office_edits_the_calendar(two_orgs):
    with pytest.raises(PermissionDenied):
        services.set_day(actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD), day=date(2027, 3, 1), kind="off")


def test_the_reminder_names_next_year_from_november():
    with time_machine.travel(date(2026, 10, 31)):
        assert year_to_load() is None
    with time_machine.travel(date(2026, 11, 22)):
        assert year_to_load() == 2027


def test_the_calendar_page_previews_then_loads_and_keeps_the_text_on_error(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    url = reverse("workbench:calendar")
    preview = client.post(url, {"notice-year": 2027, "notice-notice_text": NOTICE_2027}).content.decode()
    assert "2027-02-13" in preview
    assert not CalendarYear.objects.filter(year=2027).exists()
    client.post(url, {"notice-year": 2027, "notice-notice_text": NOTICE_2027, "confirm": "1"})
    assert CalendarDay.objects.filter(day=date(2027, 2, 13), kind="workday").exists()
    bad = client.post(url, {"notice-year": 2028, "notice-notice_text": "二、春节：待定"}).content.decode()
    assert "未能识别" in bad
    assert "二、春节：待定" in bad


def test_other_roles_read_the_calendar_page_but_cannot_post_to_it(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER))
    page = client.get(reverse("workbench:calendar"))
    assert page.status_code == 200
    assert "本机关只能查看" in page.content.decode()
    assert 'name="day-day"' not in page.content.decode()
    response = client.post(reverse("workbench:calendar"), {"day-day": "2027-03-01", "day-kind": "off"})
    assert response.status_code == 403
    assert not CalendarDay.objects.filter(day=date(2027, 3, 1)).exists()


def test_the_dashboard_reminds_the_competent_office(client, two_orgs):
    with time_machine.travel(date(2026, 11, 22)):
        client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
        assert "2027年节假日安排尚未导入" in client.get(reverse("workbench:dashboard")).content.decode()
        client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
        assert "节假日安排尚未导入" not in client.get(reverse("workbench:dashboard")).content.decode()
