"""A citizen files a 政府信息公开申请 in Chromium and follows it with the query code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai.catalog.services import seed_statutory_columns
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.tests.factories import id_number
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def organ():
    org = Organization.objects.add_root(
        dict(
            name="轮台县人民政府",
            short_name="轮台县政府",
            slug="luntai",
            kind="government",
            level="county",
            credit_code=make_credit_code("11652822MB0000001"),
            office_name="轮台县人民政府办公室",
            phone="0996-4681234",
        )
    )
    seed_statutory_columns(org=org)
    return org


def test_a_citizen_applies_and_follows_the_application_with_the_query_code(browser, live_server, organ):
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live_server.url}/org/luntai/")
    page.get_by_role("link", name="依申请公开").click()
    # 联系人 is asked of organisations only: hidden until one is chosen, without any script.
    assert not page.get_by_label("联系人").is_visible()
    page.get_by_label("商业企业").check()
    assert page.get_by_label("联系人").is_visible()
    page.get_by_label("自然人").check()
    assert not page.get_by_label("联系人").is_visible()
    page.get_by_label("姓名或名称").fill("买买提·艾力")
    page.get_by_label("证件类型").select_option("resident_id")
    valid = id_number()
    wrong = valid[:17] + ("0" if valid[17] != "0" else "1")
    page.get_by_label("证件号码").fill(wrong)  # a wrong check character first
    page.get_by_label("联系电话").fill("13899912345")
    page.get_by_label("所需政府信息的名称、文号或者其他特征性描述").fill(
        "2026年轮台县棉花目标价格补贴发放名单"
    )
    page.get_by_label("电子数据").check()
    page.get_by_label("电子邮件").check()
    page.get_by_label("电子邮箱").fill("maimaiti@example.com")
    page.get_by_role("button", name="提交申请").click()
    # Refused with the reason, and nothing typed is lost.
    assert page.locator("p.error").get_by_text("居民身份证号码不正确").is_visible()
    # The banner names the field and takes the reader to it.
    page.locator(".error-list").get_by_role("link", name="证件号码").click()
    assert page.evaluate("document.activeElement.id") == "id_id_number"
    assert page.get_by_label("姓名或名称").input_value() == "买买提·艾力"
    page.get_by_label("证件号码").fill(valid)
    page.get_by_role("button", name="提交申请").click()
    page.get_by_text("申请已提交").wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "apply-done.png"), full_page=True)
    code = page.locator(".query-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert InfoRequest.objects.count() == 1

    page.get_by_role("link", name="查询办理进度和答复").click()
    page.get_by_label("查询码").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="查询").click()
    page.get_by_text(f"申请 {InfoRequest.objects.get().number}").wait_for()
    assert page.get_by_text("待确认收到").first.is_visible()
    assert page.get_by_text("买*").first.is_visible()
    assert "买买提·艾力" not in page.content()
    page.screenshot(path=str(SCREENSHOTS / "apply-track.png"), full_page=True)

    # A wrong code and another organ's code get the same answer.
    page.get_by_label("查询码").fill("AAAA-BBBB-CCCC")
    page.get_by_role("button", name="查询").click()
    page.get_by_text("查询码不正确").wait_for()
    page.close()
