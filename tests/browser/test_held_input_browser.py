"""Held input in Chromium (issue 15, ADR 0054): a question with an ID number is kept and held, the
asker told why with the number masked; a 信息员 logs in and releases it with a reason. A comment
with a link is held too, and the commenter is told so on the page."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import DEFAULT_PASSWORD
from gongkai.audit.models import AuditEntry
from gongkai.participation.models import CommentStatus, ConsultationComment, Question, QuestionStatus
from gongkai.participation.tests.consultation_factories import open_consultation
from gongkai.textproc.pii import make_id_number, mask_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ID = make_id_number("652301", date(1985, 6, 1), 17)


def test_a_question_with_an_id_number_is_held_masked_and_released_by_staff(browser, live_server, two_orgs):
    text = f"我叫欧阳明华，身份证号{ID}，家里收入低，请问低保怎么申请？"
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live_server.url}/hudong/zixun/ask/")
    page.get_by_label("咨询机关").select_option(label="甲市人民政府")
    page.get_by_label("咨询标题").fill("低保申请条件")
    page.get_by_label("咨询内容").fill(text)
    page.get_by_label("您的称呼").fill("欧阳明华")
    page.get_by_role("button", name="提交咨询").click()

    expect(page.get_by_role("heading", name="您的咨询已收到，待审核")).to_be_visible()
    question = Question.objects.get()
    assert question.status == QuestionStatus.HELD
    notice = page.get_by_role("status")
    expect(notice).to_contain_text(question.number)
    # The reason names the number masked, never in full; what they typed is shown back to them.
    expect(notice).to_contain_text(mask_id_number(ID))
    expect(notice).not_to_contain_text(ID)
    expect(page.locator("main")).to_contain_text(text)
    assert question.text == text

    staff = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    staff.goto(f"{live_server.url}/workbench/")
    staff.fill("#id_username", two_orgs.staff(two_orgs.gov_a, Role.EDITOR).username)
    staff.fill("#id_password", DEFAULT_PASSWORD)
    staff.get_by_role("button", name="登录").click()
    expect(staff.get_by_role("heading", name="政策咨询：待审核")).to_be_visible()
    staff.get_by_role("link", name=f"{question.number} 低保申请条件").click()
    expect(staff.get_by_role("heading", name="待审核", exact=True)).to_be_visible()
    expect(staff.locator("main")).to_contain_text("身份证号码")
    staff.get_by_label("审核理由").fill("正常咨询，身份证号仅供核实，不公开")
    staff.get_by_role("button", name="放行办理").click()

    expect(staff.get_by_text("已放行，进入办理。")).to_be_visible()
    # Now in the organ's queue: the answer form is there, the review form gone.
    expect(staff.get_by_role("heading", name="答复", exact=True)).to_be_visible()
    expect(staff.get_by_role("heading", name="待审核", exact=True)).to_have_count(0)
    question.refresh_from_db()
    assert (question.status, question.review_reason) == (
        QuestionStatus.OPEN,
        "正常咨询，身份证号仅供核实，不公开",
    )
    entry = AuditEntry.objects.get(verb="question_released", object_id=str(question.pk))
    assert entry.actor == two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    # Released is not published: the 问答库 still knows nothing of it.
    page.goto(f"{live_server.url}/hudong/zixun/")
    expect(page.locator("main")).not_to_contain_text("低保申请条件")
    page.close()
    staff.close()


def test_a_comment_with_a_link_is_held_and_the_commenter_is_told(browser, live_server, two_orgs):
    consultation = open_consultation(two_orgs)
    text = "反对上调收费，理由详见 http://example.com/parking 的测算，建议维持现行标准。"
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live_server.url}{consultation.get_absolute_url()}")
    page.get_by_label("意见内容").fill(text)
    page.get_by_role("button", name="提交意见").click()

    notice = page.get_by_role("status").filter(has_text="需经工作人员复核")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("网址链接")
    stored = ConsultationComment.objects.get()
    assert (stored.status, stored.text) == (CommentStatus.HELD, text)
    # Held is not public: the consultation's page does not show it.
    page.goto(f"{live_server.url}{consultation.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("example.com/parking")
    page.close()
