"""The public 年报 page in Chromium: the national tables with merged headers and the trend charts."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import make_staff
from gongkai.catalog.services import seed_statutory_columns
from gongkai.demo.reports import finished_texts
from gongkai.info_requests import services as requests
from gongkai.info_requests.tests.factories import applicant
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Organization
from gongkai.reports import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_a_citizen_reads_an_annual_report_with_its_tables(browser, live_server):
    org = Organization.objects.add_root(
        dict(
            name="奎屯市人民政府",
            short_name="奎屯市政府",
            slug="kuitun",
            kind="government",
            level="county",
            credit_code=make_credit_code("11654003MB0000001"),
        )
    )
    seed_statutory_columns(org=org)
    handler = make_staff(org, Role.REQUEST_HANDLER, username="kt_handler")
    head = make_staff(org, Role.HEAD, username="kt_head")
    for received, outcome in (
        (date(2024, 5, 6), "disclose"),
        (date(2025, 3, 3), "partial"),
        (date(2025, 4, 4), "disclose"),
    ):
        application, _ = requests.register(
            org=org, actor=handler, channel="letter", data=applicant(), received_on=received
        )
        requests.reply(
            application=application,
            actor=handler,
            outcome=outcome,
            ground="third_party" if outcome == "partial" else "",
            reasons="理由",
            replied_on=received.replace(day=20),
        )
    report = services.prepare(org=org, actor=head, year=2025)
    report = services.update_texts(report=report, actor=head, **finished_texts(report, random.Random(1)))
    services.publish(report=services.lock(report=report, actor=head), actor=head)

    page = browser.new_page(locale="zh-CN", viewport={"width": 1100, "height": 900})
    page.goto(f"{live_server.url}/org/kuitun/annual-reports/")
    page.get_by_role("link", name="奎屯市人民政府2025年政府信息公开工作年度报告").click()
    assert page.get_by_role("columnheader", name="法人或其他组织").is_visible()
    note = page.locator("th", has_text="本列数据的勾稽关系为")
    assert note.get_attribute("colspan") == "3"
    assert note.get_attribute("rowspan") == "3"
    assert page.locator("svg[role=img]").count() == 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "annual-report.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.close()
