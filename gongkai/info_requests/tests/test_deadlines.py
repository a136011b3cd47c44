"""The statutory clock, table-driven over the official 2025–2026 calendar (春节, 清明, 中秋, 国庆
and their 调休 make-up days). Expected dates were counted by hand from the State Council notices."""

from datetime import date

import pytest

from gongkai.info_requests.deadlines import ClockInput, compute
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


def test_unpaid_fee_lapses_after_twenty_working_days():
    data = ClockInput(D(2026, 3, 2), fee_sent_on=D(2026, 3, 9))
    # 3-10 … 4-3 is 19 working days; 4-4…4-6 清明; the 20th is 4-7.
    assert compute(data, CAL, today=D(2026, 4, 7)).fee_payment_due == D(2026, 4, 7)
    assert not compute(data, CAL, today=D(2026, 4, 7)).lapsed
    assert compute(data, CAL, today=D(2026, 4, 8)).lapsed == "fee"


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
