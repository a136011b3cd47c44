"""The clock's refusals in the staff forms (message shown, input kept) and its breach flags in the
detail page and the list."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.info_requests import services
from gongkai.info_requests.models import CorrectionNotice
from gongkai.info_requests.tests.factories import applicant
from gongkai.workdays.testing import published_calendar

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _march_2026(monkeypatch):
    calendar = published_calendar()
    monkeypatch.setattr("gongkai.workdays.selectors.current_calendar", lambda: calendar)
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        yield


@pytest.fixture
def application(two_orgs):
    created, _ = services.register(
        org=two_orgs.gov_a,
        actor=two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER),
        channel="post",
        data=applicant(),
        received_on=date(2026, 3, 2),
    )
    return created


def test_a_late_correction_is_refused_in_the_form_with_what_was_typed(client, two_orgs, application):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER))
    url = reverse("workbench:request_step", args=[application.pk, "correction"])
    form = {
        "correction-items": "请写明所需文件的文号",
        "correction-sent_on": "2026-03-12",
        "correction-due_on": "2026-03-27",
    }
    text = client.post(url, form).content.decode()
    assert "晚于收到申请之日起7个工作日的期限2026年3月11日" in text
    assert "第三十条" in text
    assert "请写明所需文件的文号" in text
    assert 'value="2026-03-12"' in text
    assert not CorrectionNotice.objects.exists()

    client.post(url, form | {"correction-acknowledge_breach": "纸质告知书3月12日寄出，现补登"})
    assert CorrectionNotice.objects.get().breach_reason == "纸质告知书3月12日寄出，现补登"
    detail = client.get(reverse("workbench:request_detail", args=[application.pk])).content.decode()
    assert "违反法定期限" in detail
    assert "纸质告知书3月12日寄出，现补登" in detail
    listing = client.get(reverse("workbench:request_list")).content.decode()
    assert "flag breach" in listing


def test_a_late_extension_is_refused_in_the_heads_form(client, two_orgs, application):
    with time_machine.travel("2026-04-01 10:00 +0800", tick=False):
        client.force_login(two_orgs.staff(two_orgs.gov_a, Role.HEAD))
        text = client.post(
            reverse("workbench:request_step", args=[application.pk, "extension"]),
            {
                "extension-working_days": "20",
                "extension-reason": "涉及多个科室的档案",
                "extension-approved_on": "2026-03-31",
            },
        ).content.decode()
    assert "晚于答复期限2026年3月30日" in text
    assert "涉及多个科室的档案" in text


def test_the_fee_notice_delivery_is_recorded_and_the_payment_date_shown(client, two_orgs, application):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER))
    step = reverse("workbench:request_step", args=[application.pk, "fee"])
    client.post(step, {"fee-method": "per_page", "fee-pages": "120", "fee-sent_on": "2026-03-06"})
    detail = reverse("workbench:request_detail", args=[application.pk])
    assert "登记收费通知送达" in client.get(detail).content.decode()
    client.post(
        reverse("workbench:request_step", args=[application.pk, "fee_delivery"]),
        {"fee_delivery-delivered_on": "2026-03-09", "fee_delivery-delivery_method": "post"},
    )
    # 3-10 is day 1; the 20th working day is 4-7 (清明 4-4…4-6).
    assert "缴费期限 <strong>2026年4月7日</strong>" in client.get(detail).content.decode()


def test_a_supplement_by_post_is_registered_with_its_channel_and_restarts_the_clock(
    client, two_orgs, application
):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER))
    services.request_correction(
        application=application,
        actor=two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER),
        items="写明文号",
        sent_on=date(2026, 3, 4),
        due_on=date(2026, 3, 25),
    )
    client.post(
        reverse("workbench:request_step", args=[application.pk, "supplement"]),
        {
            "supplement-supplied_on": "2026-03-09",
            "supplement-channel": "post",
            "supplement-supplement": "文号已写明",
        },
    )
    notice = CorrectionNotice.objects.get()
    assert (notice.supplied_on, notice.supplied_channel) == (date(2026, 3, 9), "post")
    detail = client.get(reverse("workbench:request_detail", args=[application.pk])).content.decode()
    assert "2026年4月7日" in detail
