"""A resident asks a policy question in Chromium: existing answers and policies are suggested as
they type; later the published, masked answer is read in the 问答库."""

from __future__ import annotations

import re

import pytest

from gongkai.accounts.models import Role
from gongkai.participation.models import Question
from gongkai.participation.questions import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_sees_suggestions_asks_and_reads_the_published_answer(
    browser, live_server, two_orgs, search_index
):
    policy = two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="甲市灵活就业社会保险补贴实施办法"))
    search_index()
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live_server.url}/hudong/zixun/ask/")
    page.get_by_label("咨询机关").select_option(label="甲市人民政府")
    page.get_by_label("咨询标题").fill("灵活就业社保补贴")
    # 智能问答: the policy appears under the heading while typing, without submitting anything.
    suggestion = page.locator(f'#question-suggestions a[href="{policy.get_absolute_url()}"]')
    suggestion.wait_for(timeout=10000)
    assert "实施办法" in suggestion.inner_text()
    page.get_by_label("咨询内容").fill("我叫欧阳明华，电话13987654321，请问灵活就业社保补贴怎么申请？")
    page.get_by_label("您的称呼").fill("欧阳明华")
    page.get_by_label("同意在去除个人信息后公开本咨询及答复，供其他群众参考").check()
    page.get_by_role("button", name="提交咨询").click()
    page.get_by_text("您的咨询已提交").wait_for()
    question = Question.objects.get()
    assert question.number in page.content()
    services.answer_question(
        question=question,
        text="欧阳明华您好：符合条件的可在线申请，详见相关政策。",
        actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
        related_records=[policy.pk],
    )
    services.publish_question(
        question=Question.objects.get(), actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    )
    search_index()
    page.goto(f"{live_server.url}/hudong/zixun/")
    page.get_by_role("link", name=re.compile("灵活就业社保补贴")).click()
    text = page.locator("article").inner_text()
    assert "符合条件的可在线申请" in text
    assert "欧阳明华" not in text
    assert "13987654321" not in text
    assert "欧***" in text
    page.get_by_role("link", name="甲市灵活就业社会保险补贴实施办法").click()
    assert page.locator("h1").inner_text() == "甲市灵活就业社会保险补贴实施办法"
    page.close()
