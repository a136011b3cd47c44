"""民汉双语 in the browser (issue 16 item 3, ADR 0040): the language switch works with JavaScript off
and keeps the page, the Uyghur pages are right to left with their glyphs from the installed fonts,
no page scrolls sideways on a 390 px phone, and the screenshots for the docs."""

from __future__ import annotations

import pytest

from gongkai.accounts.models import User
from gongkai.disclosure import services
from tests.browser.test_accessibility_browser import SCREENSHOTS, VIEWPORTS, public_pages, site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_UG = "فۇكاڭ شەھىرىنىڭ 2026-يىللىق تارماق خامچوتىنى ئاشكارىلاش چۈشەندۈرۈشى"
SUMMARY_UG = "2026-يىللىق شەھەر دەرىجىلىك تارماق خامچوتى ۋە ئۇنىڭ چۈشەندۈرۈشى."
BODY_UG = (
    "<p>«جۇڭخۇا خەلق جۇمھۇرىيىتى خامچوت قانۇنى» غا ئاساسەن، "
    "2026-يىللىق تارماق خامچوتى تۆۋەندىكىچە ئاشكارىلاندى.</p>"
)


@pytest.fixture
def bilingual_site(site):  # noqa: F811
    """The accessibility test's site, its record corrected to carry a Uyghur version."""
    org, record = site
    services.update_record(
        record=record,
        actor=User.objects.get(username="fk_approver"),
        title_ug=TITLE_UG,
        summary_ug=SUMMARY_UG,
        body_ug=BODY_UG,
    )
    record.refresh_from_db()
    return org, record


def uyghur_glyphs_render(page) -> bool:
    """The Uyghur title is drawn with a font that has its glyphs: a face with none would fall back
    to boxes of one width; the installed UKIJ face is the one the browser reports using."""
    return page.evaluate(
        """() => document.fonts.check('16px "UKIJ Ekran"', 'ئۇيغۇرچە') &&
                 getComputedStyle(document.body).fontFamily.includes('UKIJ')"""
    )


def test_the_switch_works_without_javascript_and_keeps_the_page(browser, live_server, bilingual_site):
    _, record = bilingual_site
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = public_pages(record)
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORTS["desktop"], java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + pages["record"])
    page.get_by_role("link", name="ئۇيغۇرچە", exact=True).click()
    assert page.url == live_server.url + pages["record"]
    assert page.locator("html").get_attribute("lang") == "ug"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() == TITLE_UG
    # Right to left: the table's first column (索引号's label) is at the right edge.
    box = page.locator(".meta-table th").first.bounding_box()
    table = page.locator(".meta-table").bounding_box()
    assert box["x"] + box["width"] == pytest.approx(table["x"] + table["width"], abs=2)
    # 索引号 stays left to right.
    assert page.locator(f"td:has-text('{record.index_number}')").first.get_attribute("dir") == "ltr"
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"UKIJ Ekran"')
    page.screenshot(path=str(SCREENSHOTS / "ug-record.png"), full_page=True)
    page.goto(live_server.url + pages["home"])
    page.screenshot(path=str(SCREENSHOTS / "ug-home.png"), full_page=True)
    page.goto(live_server.url + pages["apply"])
    assert page.get_by_role("button", name="ئىلتىماس تاپشۇرۇش").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "ug-apply.png"), full_page=True)
    # Back to Chinese on the same page.
    page.get_by_role("link", name="中文", exact=True).click()
    assert page.url == live_server.url + pages["apply"]
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("html").get_attribute("dir") is None
    context.close()


def test_uyghur_glyphs_and_no_sideways_scroll_on_a_phone(browser, live_server, bilingual_site):
    _, record = bilingual_site
    phone = browser.new_context(locale="zh-CN", viewport=VIEWPORTS["phone"])
    phone.add_cookies([{"name": "gk_lang", "value": "ug", "url": live_server.url}])
    page = phone.new_page()
    wide = {}
    for name, path in public_pages(record).items():
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > VIEWPORTS["phone"]["width"]:
            wide[name] = width
    assert wide == {}
    page.goto(live_server.url + public_pages(record)["record"])
    assert uyghur_glyphs_render(page)
    page.screenshot(path=str(SCREENSHOTS / "ug-phone-record.png"), full_page=True)
    phone.close()


def test_search_in_uyghur_finds_the_uyghur_version(browser, live_server, bilingual_site, search_index):
    search_index()
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORTS["desktop"])
    context.add_cookies([{"name": "gk_lang", "value": "ug", "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/search/?q=خامچوتىنى")
    assert page.get_by_role("link", name=TITLE_UG).is_visible()
    context.close()
