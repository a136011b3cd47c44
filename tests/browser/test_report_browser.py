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
    page.get_by_role("columnheader", name="法人或其他组织").wait_for()
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


def test_on_a_phone_the_national_tables_scroll_inside_their_box_with_the_row_labels_in_view(
    browser, live_server
):
    org = Organization.objects.add_root(
        dict(
            name="乌苏市人民政府",
            short_name="乌苏市政府",
            slug="wusu",
            kind="government",
            level="county",
            credit_code=make_credit_code("11654202MB0000001"),
        )
    )
    seed_statutory_columns(org=org)
    head = make_staff(org, Role.HEAD, username="ws_head")
    report = services.prepare(org=org, actor=head, year=2025)
    report = services.update_texts(report=report, actor=head, **finished_texts(report, random.Random(2)))
    report = services.lock(report=report, actor=head)
    services.publish(report=report, actor=head, override_reason="演示" if report.data["checks"] else "")

    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/org/wusu/annual-reports/2025/")
    # The page itself never scrolls sideways; the table box does.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator(".table-scroll").nth(1)  # section 三
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    label = box.locator("th.label", has_text="四、结转下年度继续办理")
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    page.wait_for_timeout(100)
    frame, cell = box.bounding_box(), label.bounding_box()
    assert box.evaluate("el => el.scrollLeft") > 0
    # Scrolled to the far right, the row's label is still inside the visible box.
    assert cell["x"] >= frame["x"] - 1
    assert cell["x"] < frame["x"] + frame["width"] / 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    box.screenshot(path=str(SCREENSHOTS / "annual-report-phone.png"))
    context.close()
