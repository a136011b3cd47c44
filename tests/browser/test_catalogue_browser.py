"""The public 事项查询 of a 基层 organ's 标准目录 in Chromium: find by domain and keyword, follow an
item to its records, no serious or critical axe violation on desktop and phone (issue 14)."""

from __future__ import annotations

import json

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import make_staff
from gongkai.catalog import standard_services as catalogue
from gongkai.catalog.models import Column, StandardCatalogItem
from gongkai.catalog.services import seed_statutory_columns
from gongkai.disclosure import services
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Organization
from tests.browser.test_accessibility_browser import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def county():
    org = Organization.objects.add_root(
        dict(
            name="玛纳斯县人民政府",
            short_name="玛纳斯县政府",
            slug="manas",
            kind="government",
            level="county",
            credit_code=make_credit_code("11652324MB0000001"),
        )
    )
    seed_statutory_columns(org=org)
    staff = {role: make_staff(org, role, username=f"manas_{role}") for role in Role.values}
    column = Column.objects.get(organization=org, slug="social-assistance")
    record = services.create_record(
        org=org, actor=staff[Role.EDITOR], column=column, title="玛纳斯县最低生活保障标准调整的通知",
        summary="调整城乡低保标准。", body="<p>现将调整城乡最低生活保障标准有关事项通知如下。</p>",
    )  # fmt: skip
    record = services.submit_record(record=record, actor=staff[Role.EDITOR])
    record = services.pass_confidentiality_review(record=record, actor=staff[Role.CONFIDENTIALITY_REVIEWER])
    record = services.approve_record(record=record, actor=staff[Role.REVIEWER])
    services.publish_record(record=record, actor=staff[Role.REVIEWER])
    version = catalogue.start_version(org=org, actor=staff[Role.EDITOR])
    catalogue.adopt_items(
        version=version, actor=staff[Role.EDITOR],
        items=list(StandardCatalogItem.objects.filter(domain_code="base-17")[:4]), column=column,
    )  # fmt: skip
    catalogue.adopt_items(
        version=version,
        actor=staff[Role.EDITOR],
        items=list(StandardCatalogItem.objects.filter(domain_code="base-21")),
    )
    catalogue.submit_version(version=version, actor=staff[Role.EDITOR])
    catalogue.approve_version(version=version, actor=staff[Role.REVIEWER])
    return org


def test_find_an_item_and_follow_it_to_its_records(browser, live_server, county):
    context = new_context(browser, "desktop")
    page = context.new_page()
    page.goto(f"{live_server.url}/org/{county.slug}/")
    page.get_by_role("link", name="标准目录").click()
    assert page.get_by_role("heading", level=1).inner_text() == "玛纳斯县人民政府政务公开事项标准目录"
    assert page.get_by_role("heading", name="义务教育领域").is_visible()
    page.get_by_label("领域").select_option("base-17")
    page.get_by_label("事项或关键词").fill("办事指南")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("status").filter(has_text="找到1个事项").wait_for()
    assert page.get_by_role("heading", name="义务教育领域").count() == 0
    found = {}
    if violations := axe_violations(page):
        found["desktop, filtered"] = violations
    page.get_by_role("link", name="社会救助：1条").click()
    assert "column=social-assistance" in page.url
    page.get_by_text("玛纳斯县最低生活保障标准调整的通知").wait_for()
    context.close()
    for viewport in ("desktop", "phone"):
        context = new_context(browser, viewport)
        page = context.new_page()
        page.goto(f"{live_server.url}/org/{county.slug}/catalogue/")
        if violations := axe_violations(page):
            found[viewport] = violations
        if viewport == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
        context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
