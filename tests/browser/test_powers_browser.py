"""The public 权责清单 in a browser: filter by 类别 and keyword, open an earlier version, compare two
versions side by side; axe-core on the list, the 调整记录 and the 机构职能 page (desktop and phone)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import make_staff
from gongkai.catalog.services import seed_statutory_columns
from gongkai.orgs import services as org_services
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Organization
from gongkai.powers import services
from gongkai.powers.tests.factories import real_bytes
from tests.browser.test_accessibility_browser import VIEWPORTS, axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organ():
    org = Organization.objects.add_root(
        dict(
            name="阜康市市场监督管理局",
            slug="fukang-scjg",
            kind="department",
            level="county",
            credit_code=make_credit_code("11652302MB0000009"),
            address="阜康市天池街2号",
            office_hours="工作日 9:30—13:30，16:00—19:30",
            phone="0994-3222222",
        )
    )
    seed_statutory_columns(org=org)
    editor = make_staff(org, Role.EDITOR)
    reviewer = make_staff(org, Role.REVIEWER)
    head = make_staff(org, Role.HEAD)
    first = services.import_list(
        org=org,
        actor=editor,
        kind="powers",
        name="权责清单.xlsx",
        data=real_bytes("county-market-powers.xlsx"),
    )
    services.submit_version(version=first, actor=editor)
    services.publish_version(version=first, actor=reviewer)
    second = services.start_revision(org=org, actor=editor, kind="powers", reason="机构改革后调整")
    services.save_item(
        version=second,
        actor=editor,
        item=second.items.get(name="食品安全监督检查"),
        time_limit="检查结束后5个工作日内反馈",
    )
    services.remove_item(item=second.items.get(name="消费者投诉举报处理"), actor=editor)
    services.submit_version(version=second, actor=editor)
    services.publish_version(version=second, actor=reviewer)
    org_services.update_organ_profile(
        org=org,
        actor=head,
        functions="负责市场主体登记注册、食品安全监督管理等工作。",
        units=[{"name": "办公室", "functions": "负责日常运转。", "phone": "0994-3222223"}],
        leaders=[{"name": "李四", "post": "局长", "duties": "主持全面工作。"}],
    )
    return org


def test_filter_open_an_old_version_and_compare(browser, live_server, organ):
    context = new_context(browser, "desktop")
    page = context.new_page()
    page.goto(f"{live_server.url}/org/{organ.slug}/lists/powers/")
    rows = page.locator("table.power-items tbody tr")
    assert rows.count() == 7
    page.get_by_label("类别").select_option(label="行政处罚")
    page.get_by_role("button", name="查询").click()
    # Each 查询 loads a new page: wait for it (expect retries) before reading it.
    expect(rows).to_have_count(2)
    assert "特种设备使用登记" not in page.locator("table.power-items").inner_text()
    page.get_by_label("类别").select_option(label="全部")
    page.get_by_label("关键词").fill("特种设备")
    page.get_by_role("button", name="查询").click()
    expect(rows).to_have_count(1)
    page.get_by_label("版本").select_option("1")
    page.get_by_label("关键词").fill("")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("main")).to_contain_text("已被新版本替代")
    assert "消费者投诉举报处理" in page.locator("table.power-items").inner_text()

    page.get_by_role("link", name="权责清单调整记录").click()
    expect(page.locator("main")).to_contain_text("机构改革后调整")
    diff = page.locator("table.diff-table")
    assert "检查结束后5个工作日内反馈" in diff.locator(".diff-new").inner_text()
    assert "消费者投诉举报处理" in page.locator(".diff-removed").inner_text()
    # Reverse the comparison with the form.
    page.get_by_label("从").select_option("2")
    page.get_by_label("到").select_option("1")
    page.get_by_role("button", name="比较").click()
    expect(page.locator("main")).to_contain_text("第2版与第1版比较")
    assert "消费者投诉举报处理" in page.locator(".diff-added").inner_text()
    context.close()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_no_serious_or_critical_axe_violation_on_list_pages(browser, live_server, organ, viewport):
    context = new_context(browser, viewport)
    page = context.new_page()
    found = {}
    for path in (
        f"/org/{organ.slug}/lists/powers/",
        f"/org/{organ.slug}/lists/powers/?category=penalty&q=食品",
        f"/org/{organ.slug}/lists/services/",
        f"/org/{organ.slug}/lists/powers/changes/",
        f"/org/{organ.slug}/about/",
        f"/org/{organ.slug}/",
    ):
        page.goto(live_server.url + path)
        if violations := axe_violations(page):
            found[path] = violations
        if viewport == "phone":
            # Wide tables scroll inside their box; the page itself does not scroll sideways.
            assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"], path
    context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
