"""Phones (issue 16 item 5, ADR 0041): every public page at 360 px without the page scrolling sideways,
in plain, 长者模式 and 繁體; one search box in the header, which takes at most a quarter of the first
screen; wide tables scroll in their own box with the first column kept; the record's 元数据 as
label/value pairs; the workbench's lists as cards at 390 px."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import make_staff
from tests.browser.test_accessibility_browser import form_states, public_pages, site  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
VARIANTS = {"plain": {}, "elder": {"gk_elder": "1"}, "hant": {"gk_script": "hant"}}
# The Uyghur pages run right to left (ADR 0040): a mirrored rule that is missing shows as overflow.
SCROLL_VARIANTS = VARIANTS | {"ug": {"gk_lang": "ug"}, "ug-elder": {"gk_lang": "ug", "gk_elder": "1"}}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# The header's share of the first screen: at most a quarter (in 长者模式, with its 22 px type and
# 48 px targets, a third).
HEADER_SHARE = {"plain": 0.25, "hant": 0.25, "elder": 1 / 3}


def phone(browser, base_url: str, cookies: dict[str, str], viewport=PHONE):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    if cookies:
        context.add_cookies([{"name": k, "value": v, "url": base_url} for k, v in cookies.items()])
    return context


def widest(page) -> str:
    """What sticks out on the right, for the failure message."""
    return page.evaluate(
        """() => {
          const clipped = e => {
            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
              if (getComputedStyle(a).overflowX !== 'visible') return true;
            }
            return false;
          };
          const box = e => e.getBoundingClientRect();
          // Right to left (Uyghur), the page scrolls when something sticks out on the left.
          const out = e => box(e).right > window.innerWidth + 1 || box(e).left < -1;
          return [...document.querySelectorAll('body *')]
            .filter(e => out(e) && !clipped(e) && !e.matches('.skip-link'))
            .slice(0, 5)
            .map(e => `${e.tagName}.${e.className} ${Math.round(box(e).left)}..${Math.round(box(e).right)}`)
            .join('; '); }"""
    )


@pytest.mark.parametrize("variant", list(SCROLL_VARIANTS))
def test_no_public_page_scrolls_sideways_at_360_px(browser, live_server, site, variant):  # noqa: F811
    _, record = site
    context = phone(browser, live_server.url, SCROLL_VARIANTS[variant])
    page = context.new_page()
    wide = {}
    for name, path in public_pages(record).items():
        page.goto(live_server.url + path)
        if page.evaluate(OVERFLOW) > 0:
            wide[f"{name} {path}"] = widest(page)
    # The pages reached through a form: the apply form's errors and confirmation, the tracking
    # page with an application, the question's confirmation.
    for name in form_states(page, live_server.url, record):
        if page.evaluate(OVERFLOW) > 0:
            wide[name] = widest(page)
    context.close()
    assert wide == {}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_one_search_box_in_a_header_of_at_most_a_quarter_of_the_screen(browser, live_server, site, variant):  # noqa: F811
    _, record = site
    context = phone(browser, live_server.url, VARIANTS[variant])
    page = context.new_page()
    pages = public_pages(record)
    for name in ("home", "platform", "record", "records (catalogue)", "apply", "search", "site map"):
        page.goto(live_server.url + pages[name])
        header = page.locator("header.site-header")
        boxes = (
            header.locator("input[type=search]").count()
            + page.locator(".platform-head input[type=search]").count()
        )
        # The home and search pages' own box is the search box; the header then shows none.
        assert boxes == (0 if name in ("home", "search") else 1), name
        assert page.locator("input[type=search]").count() == 1, name
        height = header.evaluate("e => e.getBoundingClientRect().height")
        assert height <= PHONE["height"] * HEADER_SHARE[variant], f"{name}: header {height}px"


def test_a_platform_search_is_scoped_to_the_organ_unless_unticked(browser, live_server, site):  # noqa: F811
    _, record = site
    context = phone(browser, live_server.url, {})
    page = context.new_page()
    page.goto(live_server.url + public_pages(record)["platform"])
    page.fill("#header-q", "预算")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/search/\?.*"))
    assert f"org={record.organization.slug}" in page.url
    page.goto(live_server.url + public_pages(record)["platform"])
    page.fill("#header-q", "预算")
    page.get_by_label(re.compile("仅本机关")).uncheck()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/search/\?.*"))
    assert "org=" not in page.url
    context.close()


def test_the_records_table_scrolls_in_its_box_keeping_the_first_column(browser, live_server, site):  # noqa: F811
    _, record = site
    context = phone(browser, live_server.url, {})
    page = context.new_page()
    page.goto(live_server.url + public_pages(record)["records (catalogue)"])
    box = page.locator(".table-scroll")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    first = page.locator(".records-table tbody td").first
    left = first.evaluate("e => e.getBoundingClientRect().left")
    second_left = (
        page.locator(".records-table tbody td").nth(1).evaluate("e => e.getBoundingClientRect().left")
    )
    box.evaluate("e => { e.scrollLeft = 200; }")
    assert (
        abs(first.evaluate("e => e.getBoundingClientRect().left") - left) < 1
    )  # sticky (collapsed border: ½ px)
    assert (
        page.locator(".records-table tbody td").nth(1).evaluate("e => e.getBoundingClientRect().left")
        < second_left
    )
    assert page.evaluate(OVERFLOW) <= 0
    context.close()


def test_the_record_metadata_are_label_value_pairs_on_a_phone(browser, live_server, site):  # noqa: F811
    _, record = site
    context = phone(browser, live_server.url, {})
    page = context.new_page()
    page.goto(live_server.url + public_pages(record)["record"])
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('.meta-table th')].map(th => {
             const td = th.nextElementSibling, a = th.getBoundingClientRect(), b = td.getBoundingClientRect();
             return [th.textContent, td.textContent, Math.abs(a.top - b.top) < 2 && a.right <= b.left + 1];
           })"""
    )
    assert ["索引号", record.index_number, True] in pairs
    assert all(same_row for _, _, same_row in pairs), pairs
    index_cell = page.locator(".meta-table td").first
    # The 索引号 keeps to at most two lines (it broke over five in four columns).
    lines = index_cell.evaluate(
        "e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)"
    )
    assert lines <= 2.5
    context.close()


WORKBENCH_LISTS = {
    Role.EDITOR: ["/workbench/records/", "/workbench/", "/workbench/checks/words/"],
    Role.REQUEST_HANDLER: ["/workbench/requests/"],
    Role.HEAD: ["/workbench/reports/", "/workbench/catalog/columns/"],
    Role.COMPETENT_ADMIN: [
        "/workbench/workplans/",
        "/workbench/checks/self/",
        "/workbench/search-statistics/",
    ],
}


def test_workbench_lists_are_cards_at_390_px(browser, live_server, site):  # noqa: F811
    org, _ = site
    wide, card_pages = {}, 0
    for role, paths in WORKBENCH_LISTS.items():
        user = make_staff(org, role, username=f"cards_{role}")
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context = phone(browser, live_server.url, {cookie.key: cookie.value}, {"width": 390, "height": 844})
        page = context.new_page()
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            if page.evaluate(OVERFLOW) > 0:
                wide[path] = widest(page)
            cards = page.locator("table.cards")
            if cards.count():
                card_pages += 1
                assert cards.first.locator("thead").evaluate("e => e.getBoundingClientRect().height") <= 1
                cell = cards.first.locator("td[data-label]").first
                if cell.count():
                    label = cell.get_attribute("data-label")
                    shown = cell.evaluate("e => getComputedStyle(e, '::before').content")
                    assert shown == f'"{label}"', path
                    assert cell.evaluate("e => getComputedStyle(e).display") == "block"
        context.close()
    assert wide == {}
    assert card_pages >= 8
