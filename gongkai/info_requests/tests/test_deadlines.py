"""The statutory clock, table-driven over the official 2025–2026 calendar (春节, 清明, 中秋, 国庆
and their 调休 make-up days). Expected dates were counted by hand from the State Council notices."""

from datetime import date

import pytest

from gongkai.info_requests.deadlines import ClockInput, compute, order_errors
from gongkai.workdays.testing import published_calendar

CAL = published_calendar()
D = date


@pytest.mark.parametrize(
    ("case", "data", "notice_due", "reply_due"),
    [
        ("ordinary month", ClockInput(D(2026, 3, 2)), D(2026, 3, 11), D(2026, 3, 30)),
        # 2026-02-14 is a 调休 Saturday (a working day); 2-15…2-23 春节; 2-28 another make-up Saturday.
        (
            "received on a make-up Saturday before 春节",
            ClockInput(D(2026, 2, 14)),
            D(2026, 3, 3),
            D(2026, 3, 20),
        ),
        ("received on a Sunday", ClockInput(D(2026, 3, 1)), D(2026, 3, 10), D(2026, 3, 27)),
        ("received inside 春节", ClockInput(D(2026, 2, 17)), D(2026, 3, 3), D(2026, 3, 20)),
        (
            "补正 over 春节: the period restarts from the supplement",
            ClockInput(
                D(2026, 2, 6),
                correction_sent_on=D(2026, 2, 10),
                correction_due_on=D(2026, 3, 10),
                correction_supplied_on=D(2026, 2, 25),
            ),
            D(2026, 2, 24),
            D(2026, 3, 24),
        ),
        (
            "a consultation's 10 working days are not counted, 清明 neither",
            ClockInput(D(2026, 3, 2), pauses=((D(2026, 3, 5), D(2026, 3, 18)),)),
            D(2026, 3, 11),
            D(2026, 4, 14),
        ),
        (
            "an extension that crosses 中秋 and 国庆 (9-20 and 10-10 are make-up days)",
            ClockInput(D(2026, 9, 1), extension_days=20),
            D(2026, 9, 10),
            D(2026, 11, 2),
        ),
        (
            "2025: 国庆 and 中秋 merged, 9-28 a make-up Sunday",
            ClockInput(D(2025, 9, 26)),
            D(2025, 10, 13),
            D(2025, 10, 30),
        ),
        (
            "an Art. 35 delay replaces the date",
            ClockInput(D(2026, 3, 2), delayed_to=D(2026, 5, 29)),
            D(2026, 3, 11),
            D(2026, 5, 29),
        ),
        (
            "fee notice to payment is not counted",
            ClockInput(D(2026, 3, 2), fee_sent_on=D(2026, 3, 9), fee_paid_on=D(2026, 3, 13)),
            D(2026, 3, 11),
            D(2026, 4, 7),
        ),
    ],
)
def test_due_dates(case, data, notice_due, reply_due):
    clock = compute(data, CAL, today=D(2026, 11, 22))
    assert clock.correction_notice_due == notice_due, case
    assert clock.reply_due == reply_due, case
    assert not clock.provisional
    assert clock.trail


def test_the_trail_cites_each_article():
    clock = compute(
        ClockInput(
            D(2026, 3, 2), channel="post", pauses=((D(2026, 3, 5), D(2026, 3, 6)),), extension_days=10
        ),
        CAL,
    )
    text = "\n".join(clock.trail)
    for cited in ("第三十一条", "签收之日", "第三十条", "第三十三条第三款", "第三十三条第二款"):
        assert cited in text


def test_a_pending_correction_stops_the_clock_and_lapses_after_its_deadline():
    data = ClockInput(D(2026, 3, 2), correction_sent_on=D(2026, 3, 4), correction_due_on=D(2026, 3, 20))
    waiting = compute(data, CAL, today=D(2026, 3, 10))
    assert waiting.reply_due is None
    assert waiting.paused
    assert not waiting.lapsed
    lapsed = compute(data, CAL, today=D(2026, 3, 21))
    assert lapsed.lapsed == "correction"
    assert "视为放弃申请" in lapsed.trail[-1]


def test_an_open_consultation_stops_the_clock():
    clock = compute(ClockInput(D(2026, 3, 2), pauses=((D(2026, 3, 5), None),)), CAL)
    assert clock.reply_due is None
    assert clock.paused


def test_unpaid_fee_lapses_twenty_working_days_after_the_day_the_notice_was_received():
    # Sent 3-6 (Fri), received by the applicant 3-9 (Mon): 自收到本通知之次日起, so 3-10 is day 1;
    # 3-10 … 4-3 is 19 working days; 4-4…4-6 清明; the 20th is 4-7.
    data = ClockInput(D(2026, 3, 2), fee_sent_on=D(2026, 3, 6), fee_delivered_on=D(2026, 3, 9))
    assert compute(data, CAL, today=D(2026, 4, 7)).fee_payment_due == D(2026, 4, 7)
    assert not compute(data, CAL, today=D(2026, 4, 7)).lapsed
    lapsed = compute(data, CAL, today=D(2026, 4, 8))
    assert lapsed.lapsed == "fee"
    assert "第四十二条" in lapsed.trail[-1]
    assert "109号" in lapsed.trail[-1]


def test_the_fee_period_counts_from_delivery_not_from_sending():
    sent_only = compute(ClockInput(D(2026, 3, 2), fee_sent_on=D(2026, 3, 6)), CAL, today=D(2026, 6, 1))
    assert sent_only.fee_payment_due is None  # unknown until the notice's delivery is recorded
    assert not sent_only.lapsed  # the period has not started, so it cannot have run out
    assert "尚未登记送达日期" in sent_only.trail[-1]
    by_post = compute(
        ClockInput(D(2026, 3, 2), fee_sent_on=D(2026, 3, 6), fee_delivered_on=D(2026, 3, 12)), CAL
    )
    # 3-13 is day 1; 3-13 … 4-3 is 16 working days; 清明; 4-7, 4-8, 4-9, 4-10 → 4-10.
    assert by_post.fee_payment_due == D(2026, 4, 10)
    assert "自收到通知之次日起20个工作日内即2026年4月10日前" in by_post.trail[-1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            ClockInput(D(2026, 3, 2), correction_sent_on=D(2026, 2, 27)),
            "补正告知日期（2026年2月27日）不能早于收到申请日期",
        ),
        (
            ClockInput(D(2026, 3, 2), correction_sent_on=D(2026, 3, 4), correction_supplied_on=D(2026, 3, 3)),
            "收到补正日期（2026年3月3日）不能早于补正告知日期",
        ),
        (ClockInput(D(2026, 3, 2), correction_supplied_on=D(2026, 3, 3)), "尚未发出补正告知"),
        (
            ClockInput(D(2026, 3, 2), correction_sent_on=D(2026, 3, 4), correction_due_on=D(2026, 3, 4)),
            "补正期限应晚于补正告知日期",
        ),
        (ClockInput(D(2026, 3, 2), pauses=((D(2026, 3, 1), None),)), "征求意见发出日期"),
        (ClockInput(D(2026, 3, 2), pauses=((D(2026, 3, 5), D(2026, 3, 4)),)), "征求意见结束日期"),
        (ClockInput(D(2026, 3, 2), extension_days=20, extension_approved_on=D(2026, 3, 1)), "延期批准日期"),
        (
            ClockInput(D(2026, 3, 2), fee_sent_on=D(2026, 3, 6), fee_delivered_on=D(2026, 3, 5)),
            "收费通知送达日期",
        ),
        (
            ClockInput(
                D(2026, 3, 2),
                fee_sent_on=D(2026, 3, 6),
                fee_delivered_on=D(2026, 3, 9),
                fee_paid_on=D(2026, 3, 8),
            ),
            "缴费日期（2026年3月8日）不能早于收费通知送达日期",
        ),
        (ClockInput(D(2026, 3, 2), fee_paid_on=D(2026, 3, 8)), "尚未发出收费通知"),
        (ClockInput(D(2026, 3, 2), replied_on=D(2026, 3, 1)), "答复日期（2026年3月1日）不能早于收到申请日期"),
        (ClockInput(D(2026, 3, 2), replied_on=D(2026, 3, 3), delivered_on=D(2026, 3, 2)), "送达日期"),
        (ClockInput(D(2026, 3, 2), delivered_on=D(2026, 3, 2)), "尚未答复"),
        (ClockInput(None, replied_on=D(2026, 3, 2)), "尚未确认收到申请"),
        (
            ClockInput(D(2026, 3, 2), delayed_to=D(2026, 3, 9), delay_decided_on=D(2026, 3, 9)),
            "延迟答复期限应晚于决定日期",
        ),
    ],
)
def test_dates_out_of_order_are_named(data, message):
    errors = order_errors(data)
    assert any(message in e for e in errors), errors


def test_dates_in_order_raise_nothing():
    data = ClockInput(
        D(2026, 3, 2),
        correction_sent_on=D(2026, 3, 4),
        correction_due_on=D(2026, 3, 18),
        correction_supplied_on=D(2026, 3, 9),
        pauses=((D(2026, 3, 10), D(2026, 3, 12)),),
        extension_days=20,
        extension_approved_on=D(2026, 3, 20),
        fee_sent_on=D(2026, 3, 13),
        fee_delivered_on=D(2026, 3, 14),
        fee_paid_on=D(2026, 3, 16),
        replied_on=D(2026, 4, 1),
        delivered_on=D(2026, 4, 2),
    )
    assert order_errors(data) == []
    assert compute(data, CAL).breaches == []


def test_a_correction_notice_after_seven_working_days_is_flagged_not_cured():
    # Received 3-2; the 7th working day is 3-11; a notice of 3-12 is late (第三十条).
    on_time = compute(ClockInput(D(2026, 3, 2), correction_sent_on=D(2026, 3, 11)), CAL)
    assert on_time.breaches == []
    late = compute(
        ClockInput(
            D(2026, 3, 2),
            correction_sent_on=D(2026, 3, 12),
            correction_supplied_on=D(2026, 3, 16),
            acknowledged=(("correction_late", "补登纸质档案"),),
        ),
        CAL,
    )
    assert [b.code for b in late.breaches] == ["correction_late"]
    assert late.breaches[0].reason == "补登纸质档案"
    assert any("【违反法定期限】" in step and "第三十条" in step for step in late.trail)
    # The restart still counts from the supplement: the breach is recorded, the clock not bent.
    assert (
        late.reply_due
        == compute(
            ClockInput(
                D(2026, 3, 2), correction_sent_on=D(2026, 3, 11), correction_supplied_on=D(2026, 3, 16)
            ),
            CAL,
        ).reply_due
    )


def test_an_extension_approved_after_the_due_date_is_flagged():
    # Received 3-2, due 3-30.
    in_time = compute(ClockInput(D(2026, 3, 2), extension_days=20, extension_approved_on=D(2026, 3, 30)), CAL)
    assert in_time.breaches == []
    assert in_time.statutory_reply_due == D(2026, 3, 30)
    late = compute(ClockInput(D(2026, 3, 2), extension_days=20, extension_approved_on=D(2026, 3, 31)), CAL)
    assert [b.code for b in late.breaches] == ["extension_late"]
    assert "第三十三条第二款" in late.trail[-1]


def test_a_late_article_35_delay_and_a_late_reply_are_flagged():
    delay = compute(ClockInput(D(2026, 3, 2), delayed_to=D(2026, 5, 29), delay_decided_on=D(2026, 4, 1)), CAL)
    assert [b.code for b in delay.breaches] == ["delay_late"]
    late_reply = compute(ClockInput(D(2026, 3, 2), replied_on=D(2026, 3, 31)), CAL)
    assert [b.code for b in late_reply.breaches] == ["reply_late"]


def test_a_due_date_in_a_year_not_yet_loaded_is_provisional():
    clock = compute(ClockInput(D(2026, 12, 15)), CAL)
    assert clock.provisional
    assert "尚未公布" in clock.trail[-1]


def test_extension_is_capped_at_twenty_days():
    assert (
        compute(ClockInput(D(2026, 3, 2), extension_days=30), CAL).reply_due
        == compute(ClockInput(D(2026, 3, 2), extension_days=20), CAL).reply_due
    )


def test_days_left_counts_working_days_and_goes_negative_when_overdue():
    clock = compute(ClockInput(D(2026, 3, 2)), CAL)  # due 2026-03-30 (Mon)
    assert clock.days_left(D(2026, 3, 27), CAL) == 1
    assert clock.days_left(D(2026, 3, 30), CAL) == 0
    assert clock.days_left(D(2026, 4, 1), CAL) == -2
