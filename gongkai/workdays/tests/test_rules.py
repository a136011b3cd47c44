"""Pure working-day arithmetic, table-tested over 春节, 国庆 and 调休 weekends, and the notice parser
on the real 2025 and 2026 notices (checked against the published calendar)."""

from datetime import date

import chinese_calendar
import pytest

from gongkai.workdays.rules import (
    Calendar,
    add_working_days,
    add_working_days_detailed,
    parse_notice,
    statutory_holidays,
    working_days_between,
)
from gongkai.workdays.testing import published_calendar

D = date

NOTICE_2025 = """国务院办公厅关于2025年部分节假日安排的通知
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
"""

NOTICE_2026 = """一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
"""


def published(year: int) -> tuple[set[date], set[date]]:
    return (
        {d for d in chinese_calendar.holidays if d.year == year},
        {d for d in chinese_calendar.workdays if d.year == year},
    )


@pytest.mark.parametrize(("year", "text"), [(2025, NOTICE_2025), (2026, NOTICE_2026)])
def test_the_notice_parser_reproduces_the_published_calendar(year, text):
    parsed = parse_notice(text, year)
    assert parsed.problems == []
    off, make_up = published(year)
    assert set(parsed.off) == off
    assert set(parsed.make_up) == make_up
    assert parsed.off[D(year, 10, 1)].startswith("国庆节")


def test_a_line_that_cannot_be_read_is_reported_not_dropped():
    parsed = parse_notice("一、元旦：1月1日放假1天。\n二、春节：待定。", 2027)
    assert D(2027, 1, 1) in parsed.off
    assert any("春节" in p for p in parsed.problems)
    assert parse_notice("随便一段文字", 2027).problems


CAL = published_calendar()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 3, 2), 0, D(2026, 3, 2)),
        (D(2026, 3, 2), 1, D(2026, 3, 3)),
        (D(2026, 3, 6), 1, D(2026, 3, 9)),  # Friday → Monday
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # the make-up Saturday before 春节 2026 counts
        (D(2026, 2, 14), 1, D(2026, 2, 24)),  # then nine days off
        (D(2026, 2, 17), 5, D(2026, 2, 28)),  # inside 春节; the 5th is the make-up Saturday
        (D(2025, 1, 24), 1, D(2025, 1, 26)),  # 2025-01-26 (Sunday) is a make-up day
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # 国庆+中秋 2025: 10-1 … 10-8
        (D(2025, 10, 9), 2, D(2025, 10, 11)),  # 10-11 (Saturday) is a make-up day
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # 国庆 2026 and the make-up Saturday
        (D(2026, 3, 2), 20, D(2026, 3, 30)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n, CAL) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 3, 2), D(2026, 3, 2), 0),
        (D(2026, 3, 2), D(2026, 3, 30), 20),
        (D(2026, 2, 13), D(2026, 2, 28), 6),  # 2-14 (make-up), 2-24…27, 2-28 (make-up)
        (D(2025, 9, 26), D(2025, 10, 13), 7),
        (D(2026, 3, 30), D(2026, 3, 2), -20),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end, CAL) == expected


def test_counting_into_a_year_not_loaded_is_provisional():
    result = add_working_days_detailed(D(2026, 12, 15), 20, CAL)
    assert result.provisional
    assert not add_working_days_detailed(D(2026, 3, 2), 20, CAL).provisional


def test_provisional_years_use_the_statutory_holidays_with_lunar_dates():
    for year in (2025, 2026):
        # The statutory days (not the 调休 extensions) are all days off in the published calendar.
        off, _ = published(year)
        assert set(statutory_holidays(year)) <= off, year
    days = statutory_holidays(2027)
    assert days[D(2027, 2, 5)] == "春节"  # 除夕 2027
    assert days[D(2027, 2, 8)] == "春节"  # 正月初三
    assert days[D(2027, 6, 9)] == "端午节"
    assert days[D(2027, 9, 15)] == "中秋节"
    assert days[D(2027, 4, 5)] == "清明节"
    assert len(days) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3
    provisional = Calendar()
    assert not provisional.is_working_day(D(2027, 2, 8))
    assert provisional.is_working_day(D(2027, 2, 9))


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2026, 3, 2), -1, CAL)


def test_counting_working_days_agrees_with_asking_each_day():
    """working_days_between counts (weekdays, less weekdays off, plus 调休 weekends) instead of
    walking each day: on random spans across loaded and not-loaded years, with a day both off and
    made up, it answers what asking the calendar day by day answers."""
    import random

    from gongkai.workdays.rules import walked_working_days_between

    odd = Calendar(
        off_days=CAL.off_days | {D(2026, 3, 9), D(2026, 3, 14)},  # a Monday, and a Saturday
        make_up_days=CAL.make_up_days | {D(2026, 3, 9), D(2030, 1, 5)},  # 2030 is not loaded
        loaded_years=CAL.loaded_years,
    )
    rng = random.Random(20)
    for calendar in (CAL, odd, Calendar()):
        for _ in range(400):
            start = D(2018, 1, 1).fromordinal(D(2018, 1, 1).toordinal() + rng.randint(0, 365 * 14))
            end = start.fromordinal(start.toordinal() + rng.randint(-800, 800))
            walked = (
                walked_working_days_between(start, end, calendar)
                if start <= end
                else -walked_working_days_between(end, start, calendar)
            )
            assert working_days_between(start, end, calendar) == walked, (start, end)
