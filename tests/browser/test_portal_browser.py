"""A citizen opens an organ's platform, follows a record and downloads its attachment — in Chromium.

Playwright drives Debian's Chromium (``/usr/bin/chromium``); nothing is downloaded at run time.
Screenshots go to ``docs/screenshots/``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from gongkai.accounts.models import Membership, Role, User
from gongkai.catalog.models import Column
from gongkai.catalog.services import seed_statutory_columns
from gongkai.disclosure import services
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _docx_bytes(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def published_record():
    org = Organization.objects.add_root(
        dict(
            name="昌吉市人民政府",
            short_name="昌吉市政府",
            slug="changji",
            kind="government",
            level="county",
            credit_code=make_credit_code("11652301MB0000001"),
            office_name="昌吉市人民政府办公室政务公开科",
            address="昌吉市延安北路1号",
            phone="0994-2345678",
        )
    )
    seed_statutory_columns(org=org)
    dept = Organization.objects.add_child(
        Organization.objects.get(pk=org.pk),
        dict(
            name="昌吉市发展和改革委员会",
            short_name="市发改委",
            slug="changji-fgw",
            kind="department",
            level="county",
            credit_code=make_credit_code("11652301MB0000002"),
        ),
    )
    seed_statutory_columns(org=dept)
    staff = User.objects.create_user("cj_staff", password="Browser#2026x")
    for role in (Role.EDITOR, Role.CONFIDENTIALITY_REVIEWER, Role.REVIEWER):
        Membership.objects.create(user=staff, organization=org, role=role)
    column = Column.objects.get(organization=org, slug="budgets")
    record = services.create_record(
        org=org,
        actor=staff,
        column=column,
        title="昌吉市2026年部门预算公开说明",
        doc_number="昌市财发〔2026〕3号",
        genre="budget",
        summary="2026年市本级部门预算及说明。",
        body="<p>根据《中华人民共和国预算法》，现将2026年部门预算公开如下。</p>",
    )
    payload = _docx_bytes("2026年部门预算公开表")
    services.add_attachment(record=record, actor=staff, name="附件：2026年部门预算公开表.docx", data=payload)
    # Separation of duties per person (ADR 0013): the drafter submits, two others clear and approve.
    clearer = User.objects.create_user("cj_clearer", password="Browser#2026y")
    approver = User.objects.create_user("cj_approver", password="Browser#2026z")
    Membership.objects.create(user=clearer, organization=org, role=Role.CONFIDENTIALITY_REVIEWER)
    Membership.objects.create(user=approver, organization=org, role=Role.REVIEWER)
    for step, actor in (
        (services.submit_record, staff),
        (services.pass_confidentiality_review, clearer),
        (services.approve_record, approver),
        (services.publish_record, approver),
    ):
        record = step(record=record, actor=actor)
    return record, payload


def test_citizen_follows_a_record_and_downloads_its_attachment(
    browser, live_server, published_record, tmp_path
):
    record, payload = published_record
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="zh-CN")
    console_errors: list[str] = []  # a CSP violation or a missing stylesheet shows up here
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="昌吉市人民政府").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "昌吉市人民政府政府信息公开"
    page.screenshot(path=str(SCREENSHOTS / "platform.png"), full_page=True)

    page.get_by_role("link", name="财政预算、决算信息").first.click()
    page.get_by_role("link", name=record.title).click()
    assert record.index_number in page.inner_text("table.meta-table")
    page.screenshot(path=str(SCREENSHOTS / "record.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="附件：2026年部门预算公开表.docx").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes() == payload
    assert download.suggested_filename == "附件：2026年部门预算公开表.docx"
    assert console_errors == []


def test_the_guide_and_keyboard_navigation_work_without_javascript(browser, live_server, published_record):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/org/changji/")
    # The first Tab lands on the skip link, which leads to <main>.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"
    page.get_by_role("link", name="政府信息公开指南").first.click()
    assert "昌吉市人民政府办公室政务公开科" in page.inner_text("main")
    page.screenshot(path=str(SCREENSHOTS / "guide-mobile.png"), full_page=True)
    context.close()


def test_staff_log_in_and_see_the_dashboard(browser, live_server, published_record):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/workbench/")
    page.fill("#id_username", "cj_staff")
    page.fill("#id_password", "Browser#2026x")
    page.get_by_role("button", name="登录").click()
    assert "待办" in page.inner_text("h1")
    page.screenshot(path=str(SCREENSHOTS / "workbench-dashboard.png"), full_page=True)


def test_citizen_searches_in_traditional_characters_and_finds_the_record(
    browser, live_server, published_record, settings, tmp_path
):
    from gongkai.search import engine
    from gongkai.search.indexer import apply_outbox

    settings.GONGKAI_SEARCH_INDEX_DIR = str(tmp_path / "index")
    engine.forget_indexes()
    apply_outbox()
    record, _ = published_record
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/org/changji/")
    page.fill("#header-q", "部門預算 公開")  # traditional characters, scoped to this organ (the default)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/**")
    assert "找到 1 条结果" in page.inner_text("main")
    assert page.locator("mark").count() >= 2
    page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)
    page.get_by_role("link", name=record.title).click()
    assert record.index_number in page.inner_text("table.meta-table")
    engine.forget_indexes()


def test_public_pages_fit_a_phone_screen_without_sideways_scrolling(browser, live_server, published_record):
    record, _ = published_record
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in (
        "/",
        "/org/changji/",
        "/org/changji/guide/",
        "/org/changji/rules/",
        "/org/changji/records/",
        "/org/changji/annual-reports/",
        record.get_absolute_url(),
    ):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px screen"
    context.close()
