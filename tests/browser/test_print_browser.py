"""Printing a record and an annual report (issue 16 item 4): no header, navigation or switches; the
元数据 table kept in its four columns; the report's wide tables printed whole, not cut at the edge."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility_browser import public_pages
from tests.browser.test_accessibility_browser import site as site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A4 less the @page margins (210 − 2×16 mm) at 96 px per inch: the width the printer lays out.
PAPER = {"width": 673, "height": 1000}
HIDDEN_ON_PAPER = [
    ".site-header",
    ".platform-head",
    ".reading-switches",
    ".skip-link",
    ".site-footer > .wrap > p",
]


def _display(page, selector: str) -> str:
    return page.eval_on_selector(selector, "e => getComputedStyle(e).display")


@pytest.mark.parametrize("cookies", [{}, {"gk_elder": "1"}], ids=["plain", "elder"])
def test_a_record_prints_without_header_and_with_its_metadata_table(browser, live_server, site, cookies):
    _, record = site
    context = browser.new_context(locale="zh-CN", viewport=PAPER)
    if cookies:
        context.add_cookies([{"name": k, "value": v, "url": live_server.url} for k, v in cookies.items()])
    page = context.new_page()
    page.goto(live_server.url + public_pages(record)["record"])
    assert _display(page, ".site-header") != "none"  # on screen it is there
    page.emulate_media(media="print")
    for selector in HIDDEN_ON_PAPER:
        assert _display(page, selector) == "none", selector
    assert _display(page, ".meta-table") == "table"
    assert _display(page, ".meta-table tr") == "table-row"
    # 索引号 and its value sit side by side with 主题分类 on one line: four cells in one row's box.
    tops = page.eval_on_selector_all(
        ".meta-table tbody tr:first-child > *",
        "cells => cells.map(c => Math.round(c.getBoundingClientRect().top))",
    )
    assert len(tops) == 4
    assert len(set(tops)) == 1, tops
    assert record.title in page.inner_text("main")
    assert "索引号" in page.inner_text("main")
    assert "长者模式" not in page.inner_text("body")
    # The footer's identity lines stay on paper.
    assert _display(page, ".site-footer") != "none"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    context.close()


def test_an_annual_report_prints_its_tables_whole(browser, live_server, site):
    _, record = site
    context = browser.new_context(locale="zh-CN", viewport=PAPER)
    page = context.new_page()
    page.goto(live_server.url + public_pages(record)["annual report"])
    page.emulate_media(media="print")
    for selector in HIDDEN_ON_PAPER:
        assert _display(page, selector) == "none", selector
    assert _display(page, ".annual-report .meta .no-print") == "none"  # the download links
    boxes = page.eval_on_selector_all(
        ".annual-report .table-scroll",
        "els => els.map(e => [e.scrollWidth, e.clientWidth, getComputedStyle(e).overflowX])",
    )
    assert boxes
    for scroll_width, client_width, overflow in boxes:
        assert overflow == "visible"
        assert scroll_width <= client_width + 1, boxes
    context.close()
