"""意见征集 in Chromium: a citizen comments on one paragraph (the paragraph's own link selects
it, no script needed), staff moderate, decide and publish the 采纳情况反馈, and the citizen reads
it on the public page; axe-core finds no serious or critical violation on the pages."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.accounts.tests.factories import make_staff
from gongkai.catalog.services import seed_statutory_columns
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Organization
from gongkai.participation import services_consultations as services
from gongkai.participation.models import Adoption, ConsultationComment
from tests.browser.test_accessibility_browser import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DRAFT = "\n".join(
    [
        "阜康市城市停车管理办法（征求意见稿）",
        "第一条 为加强城市停车管理，制定本办法。",
        "第二条 中心城区路内停车白天每小时收费3元。",
        "第三条 老旧小区周边道路可以设置夜间免费停车泊位。",
    ]
)


@pytest.fixture
def consultation():
    org = Organization.objects.add_root(
        dict(
            name="阜康市人民政府",
            short_name="阜康市政府",
            slug="fukang",
            kind="government",
            level="county",
            credit_code=make_credit_code("11652302MB0000001"),
            office_name="阜康市人民政府办公室",
            phone="0994-3221234",
        )
    )
    seed_statutory_columns(org=org)
    editor = make_staff(org, Role.EDITOR, username="fk_editor")
    make_staff(org, Role.HEAD, username="fk_head")
    return services.open_consultation(
        org=org,
        actor=editor,
        title="关于公开征求《阜康市城市停车管理办法（征求意见稿）》意见的公告",
        contact="阜康市人民政府办公室 0994-3221234",
        starts_on=timezone.localdate() - timedelta(days=2),
        draft_text=DRAFT,
    )


def test_a_citizen_comments_on_a_paragraph_and_later_reads_the_feedback(browser, live_server, consultation):
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live_server.url}/hudong/zhengji/")
    page.get_by_role("link", name=consultation.title).click()
    page.locator("#p-4").get_by_role("link", name="对本段提意见").click()
    assert page.get_by_label("针对").input_value() == "4"
    page.get_by_label("意见内容").fill("建议把夜间免费停车泊位扩大到所有居住区周边道路。")
    page.get_by_label("姓名（选填）").fill("阿依古丽")
    page.get_by_label("公开显示我的姓名").check()
    page.get_by_label("联系方式（选填，不公开）").fill("13899900001")
    page.get_by_role("button", name="提交意见").click()
    page.get_by_text("您的意见已提交").wait_for()

    stored = ConsultationComment.objects.get()
    assert stored.paragraph.number == 4
    head = User.objects.get(username="fk_head")
    services.moderate_comment(comment=stored, actor=head, publish=True)
    services.change_period(consultation=consultation, actor=head, action="close", reason="征集结束")
    services.decide_adoption(
        comment=stored, actor=head, adoption=Adoption.PARTLY, reason="先在老旧小区试行。"
    )
    services.save_feedback(consultation=consultation, actor=head, summary="共收到意见1条，部分采纳。")
    services.publish_feedback(consultation=consultation, actor=head)

    page.goto(f"{live_server.url}{consultation.get_absolute_url()}")
    feedback = page.locator(".consultation-feedback")
    feedback.get_by_role("heading", name="意见采纳情况反馈").wait_for()
    assert "部分采纳" in feedback.inner_text()
    assert "先在老旧小区试行。" in feedback.inner_text()
    assert "13899900001" not in page.content()
    assert "不再接收意见" in page.content()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "consultation-feedback.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_no_serious_or_critical_axe_violation_on_the_consultation_pages(
    browser, live_server, consultation, viewport
):
    head = User.objects.get(username="fk_head")
    closed = services.open_consultation(
        org=consultation.organization,
        actor=head,
        title="已结束并已反馈的征集",
        contact="电话 0994-3221234",
        starts_on=timezone.localdate() - timedelta(days=40),
        draft_text=DRAFT,
    )
    services.save_feedback(consultation=closed, actor=head, summary="未收到意见。")
    services.publish_feedback(consultation=closed, actor=head)
    context = new_context(browser, viewport)
    page = context.new_page()
    found = {}
    pages = {
        "list": "/hudong/zhengji/",
        "list, open": "/hudong/zhengji/?state=open",
        "open consultation": consultation.get_absolute_url(),
        "paragraph selected": consultation.get_absolute_url() + "?p=2",
        "closed with feedback": closed.get_absolute_url(),
    }
    for name, path in pages.items():
        page.goto(live_server.url + path)
        if violations := axe_violations(page):
            found[name] = violations
    page.goto(live_server.url + consultation.get_absolute_url())
    page.get_by_role("button", name="提交意见").click()  # empty: the error state
    page.locator(".errors, .error").first.wait_for()
    if violations := axe_violations(page):
        found["comment form, errors"] = violations
    context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
