"""公开时限 shapes from the shipped baseline and real catalogues (regulations §5.2)."""

from datetime import date

import pytest

from gongkai.catalog import baseline, timelimits
from gongkai.catalog.timelimits import EVENT, PERIODIC, REALTIME, UNREADABLE, judge, parse
from gongkai.workdays.testing import published_calendar

CAL = published_calendar()


@pytest.mark.parametrize(
    ("text", "kind", "working", "calendar", "period"),
    [
        ("信息形成或者变更之日起20个工作日内", EVENT, 20, None, None),
        ("自信息形成或者变更之日起20个工作日内予以公开", EVENT, 20, None, None),
        (
            "信息形成或者变更之日起 20 个工作日内。法律、法规对政府信息公开的期限另有规定的，从其规定。",
            EVENT,
            20,
            None,
            None,
        ),
        ("制定或获取信息之日起10个工作日内，公示7个工作日", EVENT, 10, None, None),
        ("自信息形成之日起七个工作日内", EVENT, 7, None, None),
        ("20工作日", EVENT, 20, None, None),
        ("部门预算经本级财政部门批复后20日内公开", EVENT, None, 20, None),
        ("实时公开", REALTIME, None, None, None),
        ("实时", REALTIME, None, None, None),
        ("按年公开", PERIODIC, None, None, "year"),
        ("每季度结束后15个工作日内", PERIODIC, 15, None, "quarter"),
        ("每月", PERIODIC, None, None, "month"),
        ("每半年", PERIODIC, None, None, "half"),
        ("及时公开", UNREADABLE, None, None, None),
        ("同上", UNREADABLE, None, None, None),
        ("", UNREADABLE, None, None, None),
    ],
)
def test_shapes(text, kind, working, calendar, period):
    limit = parse(text)
    assert (limit.kind, limit.working_days, limit.calendar_days, limit.period) == (
        kind,
        working,
        calendar,
        period,
    )


def test_chinese_numerals():
    assert timelimits.cn_number("二十") == 20
    assert timelimits.cn_number("十五") == 15
    assert timelimits.cn_number("一百二十") == 120
    assert timelimits.cn_number("abc") is None


def test_every_baseline_limit_is_read_or_flagged():
    """The shipped baseline: all but the cells its sources print as 及时公开 / 同上 / 按进展情况及时公开
    are read."""
    unreadable = [
        row["time_limit"] for row in baseline.baseline_rows() if not parse(row["time_limit"]).readable
    ]
    assert sorted(unreadable) == ["及时公开", "同上", "按进展情况及时公开"]


def test_working_days_skip_the_national_day_holiday():
    # Formed on 2024-09-30 (Monday); 1–7 October 2024 are days off, Saturday 12 October a 调休
    # working day: day 1 is 8 October, day 5 the Saturday, day 10 Friday 18 October.
    limit = parse("信息形成或者变更之日起10个工作日内")
    assert limit.due(date(2024, 9, 30), CAL) == date(2024, 10, 18)
    on_time = judge(limit, [(date(2024, 9, 30), date(2024, 10, 18))], date(2024, 12, 1), CAL)
    late = judge(limit, [(date(2024, 9, 30), date(2024, 10, 21))], date(2024, 12, 1), CAL)
    assert (on_time.status, late.status, late.late) == ("on_time", "overdue", 1)


def test_realtime_means_the_next_working_day():
    limit = parse("实时公开")
    # Friday 2024-06-07; Monday 10 June is 端午节: the next working day is Tuesday 11 June.
    assert limit.due(date(2024, 6, 7), CAL) == date(2024, 6, 11)


def test_periodic_is_overdue_a_period_after_the_last_publication():
    limit = parse("每季度结束后15个工作日内")
    last = [(None, date(2024, 1, 10))]
    assert judge(limit, last, date(2024, 4, 20), CAL).status == "on_time"
    assert judge(limit, last, date(2024, 6, 1), CAL).status == "overdue"


def test_no_publication_is_no_content_and_unreadable_is_not_guessed():
    assert judge(parse("按年公开"), [], date(2024, 1, 1), CAL).status == "no_content"
    assert (
        judge(parse("及时公开"), [(date(2024, 1, 1), date(2024, 9, 1))], date(2024, 10, 1), CAL).status
        == "unknown"
    )


def test_records_without_a_formation_date_are_not_judged():
    result = judge(parse("20个工作日内"), [(None, date(2024, 3, 1))], date(2024, 10, 1), CAL)
    assert (result.status, result.judged) == ("on_time", 0)
