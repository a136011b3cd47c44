"""Pure rules of 政策咨询: the working-day clock, screening, masking and routing (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.participation.questions import rules
from gongkai.textproc.pii import make_id_number
from gongkai.workdays.testing import published_calendar

CAL = published_calendar()


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        (date(2026, 1, 9), 5, date(2026, 1, 16)),  # Friday → the next Friday
        (date(2026, 1, 5), 1, date(2026, 1, 6)),  # the day of receipt is not counted
        # 国庆 2026 (10-1…10-7) is off; Saturday 10-10 is a 调休 working day: 8, 9, 10, 12, 13.
        (date(2026, 9, 30), 5, date(2026, 10, 13)),
    ],
)
def test_the_answer_is_due_after_the_limit_in_working_days(received, days, due):
    assert rules.due_on(received, days, CAL) == due


def test_the_clock_goes_from_open_to_due_soon_to_overdue():
    received = date(2026, 1, 9)  # due 2026-01-16
    assert rules.clock(received, 5, today=date(2026, 1, 12), calendar=CAL).state == "open"
    assert rules.clock(received, 5, today=date(2026, 1, 15), calendar=CAL).state == "due_soon"
    assert rules.clock(received, 5, today=date(2026, 1, 16), calendar=CAL).state == "due_soon"
    assert rules.clock(received, 5, today=date(2026, 1, 19), calendar=CAL).state == "overdue"


def test_an_answer_counts_its_working_days_and_whether_it_was_late():
    on_time = rules.clock(
        date(2026, 1, 9), 5, today=date(2026, 3, 1), calendar=CAL, answered_on=date(2026, 1, 14)
    )
    late = rules.clock(
        date(2026, 1, 9), 5, today=date(2026, 3, 1), calendar=CAL, answered_on=date(2026, 1, 20)
    )
    assert (on_time.state, on_time.working_days_used) == ("answered", 3)
    assert (late.state, late.working_days_used) == ("answered_late", 7)


@pytest.mark.parametrize(
    ("received", "today", "veto"),
    [
        (date(2026, 1, 31), date(2026, 4, 30), False),  # 3 months back from 4-30 is 1-30: not yet
        (date(2026, 1, 29), date(2026, 4, 30), True),
        (date(2026, 2, 28), date(2026, 5, 31), False),
        (date(2026, 2, 27), date(2026, 5, 31), True),
    ],
)
def test_three_months_unanswered_is_the_19hao_veto(received, today, veto):
    assert rules.is_unanswered_too_long(received, today) is veto


ID = make_id_number("652301", date(1985, 6, 1), 17)


@pytest.mark.parametrize(
    ("title", "text", "says"),
    [
        ("咨询", "详情见 http://example.com/a", "网址链接"),
        ("咨询", "请访问 www.abc.com", "网址链接"),
        ("咨询", "<script>alert(1)</script>", "脚本"),
        ("咨询", '<img src=x onerror="x()">', "脚本"),
        ("咨询", f"我的身份证号是{ID}，能否办理？", "身份证号码"),
        ("btbt365me咨询", "内容", "垃圾信息"),
    ],
)
def test_links_scripts_spam_and_id_numbers_are_refused_with_a_reason(title, text, says):
    refusals = rules.screen(title, text)
    assert refusals
    assert says in " ".join(r.message for r in refusals)


def test_an_ordinary_question_passes_and_a_refusal_never_repeats_the_id_number():
    assert rules.screen("灵活就业人员社保补贴", "请问2026年灵活就业社保补贴的申请条件和截止时间？") == []
    [refusal] = rules.screen("问", f"身份证{ID}")
    assert ID not in refusal.message


def test_published_text_has_names_ids_phones_and_addresses_masked():
    text = (
        f"我叫王小明，身份证号{ID}，电话13912345678，家庭住址：昌吉市北京路88号2单元301室，王小明想问补贴。"
    )
    masked = rules.mask_personal_data(text, ["王小明"])
    assert "王小明" not in masked
    assert "王**" in masked
    assert ID not in masked
    assert "13912345678" not in masked
    assert "88号2单元301室" not in masked
    assert "想问补贴" in masked


def test_routing_picks_the_organ_with_most_records_of_the_topic_else_the_government():
    assert rules.route({7: 3, 9: 5, 4: 0}, fallback=1) == 9
    assert rules.route({7: 5, 9: 5}, fallback=1) == 7
    assert rules.route({}, fallback=1) == 1
