"""Working days: pure functions over an immutable calendar (no ORM).

Chinese law's rule for periods: the day of the triggering event is not counted; day 1 is the
first working day after it. A day is a working day when it is a Monday–Friday that is not a day
off, or a weekend day the State Council made a 调休 working day.

For a year whose notice is not loaded yet, the days off are the statutory holidays of
《全国年节及纪念日放假办法》 (as revised by 国务院令第795号, in force 2025-01-01), lunar dates
included; no 调休 is guessed, and every answer that crossed such a year says it is provisional.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, cached_property

from lunar_python import Lunar


@dataclass(frozen=True)
class Calendar:
    off_days: frozenset[date] = frozenset()
    make_up_days: frozenset[date] = frozenset()
    loaded_years: frozenset[int] = frozenset()

    def is_provisional(self, day: date) -> bool:
        return day.year not in self.loaded_years

    def is_working_day(self, day: date) -> bool:
        if day.year not in self.loaded_years:
            return day.weekday() < 5 and day not in statutory_holidays(day.year)
        if day in self.make_up_days:
            return True
        return day.weekday() < 5 and day not in self.off_days

    # The exceptions to "Monday to Friday" of the loaded years, sorted once per calendar (the
    # calendar is immutable), so that a span's count is two binary searches, not a pass over
    # every day off of twenty years for each of a list's thirty clocks.
    @cached_property
    def weekdays_off(self) -> tuple[date, ...]:
        return tuple(
            sorted(
                day
                for day in self.off_days
                if day.year in self.loaded_years and day.weekday() < 5 and day not in self.make_up_days
            )
        )

    @cached_property
    def weekends_worked(self) -> tuple[date, ...]:
        return tuple(
            sorted(day for day in self.make_up_days if day.year in self.loaded_years and day.weekday() >= 5)
        )


@dataclass(frozen=True)
class Result:
    day: date
    provisional: bool


def add_working_days(start: date, n: int, calendar: Calendar) -> date:
    """The date on which ``n`` working days after ``start`` are complete (``start`` for n = 0)."""
    return add_working_days_detailed(start, n, calendar).day


def add_working_days_detailed(start: date, n: int, calendar: Calendar) -> Result:
    if n < 0:
        raise ValueError("n must not be negative")
    day, counted, provisional = start, 0, False
    while counted < n:
        day += timedelta(days=1)
        counted += calendar.is_working_day(day)
        provisional |= calendar.is_provisional(day)
    return Result(day, provisional)


def working_days_between(start: date, end: date, calendar: Calendar) -> int:
    """Working days d with start < d <= end (negative when end is before start).

    Counted, not walked: the Mondays to Fridays of the span, less the weekdays off and plus the
    weekend days worked (调休) that fall in it (two binary searches in the calendar's sorted
    lists) — the same answer as asking ``is_working_day`` of each day, in time that grows with
    the years spanned, not the days (an application closed six
    years ago is 1,500 working days from today, and the workbench's list asks for 30 of them).
    """
    if end < start:
        return -working_days_between(end, start, calendar)
    if not isinstance(calendar, Calendar):  # any other calendar only answers day by day
        return walked_working_days_between(start, end, calendar)

    def inside(day: date) -> bool:
        return start < day <= end

    def within(days: tuple[date, ...]) -> int:
        return bisect_right(days, end) - bisect_right(days, start)

    count = _weekdays_through(end) - _weekdays_through(start)
    for year in range(start.year, end.year + 1):
        if year not in calendar.loaded_years:
            count -= sum(1 for day in statutory_holidays(year) if day.weekday() < 5 and inside(day))
    return count - within(calendar.weekdays_off) + within(calendar.weekends_worked)


def walked_working_days_between(start: date, end: date, calendar) -> int:
    """The same count, asking the calendar about each day of the span (start <= end)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


def _weekdays_through(day: date) -> int:
    """Mondays to Fridays from 0001-01-01 (a Monday, ordinal 1) through ``day``."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


@cache
def statutory_holidays(year: int) -> dict[date, str]:
    """The days off that 《全国年节及纪念日放假办法》 itself fixes (2025 revision), lunar included."""
    new_year = Lunar.fromYmd(year, 1, 1).getSolar()
    spring = date(new_year.getYear(), new_year.getMonth(), new_year.getDay())
    qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]

    def solar(month: int, day: int) -> date:
        s = Lunar.fromYmd(year, month, day).getSolar()
        return date(s.getYear(), s.getMonth(), s.getDay())

    days = {date(year, 1, 1): "元旦"}
    for offset in range(-1, 3):  # 除夕 and 正月初一至初三
        days[spring + timedelta(days=offset)] = "春节"
    days[date(qingming.getYear(), qingming.getMonth(), qingming.getDay())] = "清明节"
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = "劳动节"
    days[solar(5, 5)] = "端午节"
    days[solar(8, 15)] = "中秋节"
    for d in (1, 2, 3):
        days[date(year, 10, d)] = "国庆节"
    return {d: name for d, name in days.items() if d.year == year}


# ---------------------------------------------------------------- the State Council's notice

HOLIDAY_LINE = re.compile(r"^\s*[一二三四五六七八九十]+、\s*([^：:]+)[：:](.*)$")
DATE = re.compile(r"(?:(\d{1,2})月)?(\d{1,2})日")
RANGE = re.compile(r"(\d{1,2})月(\d{1,2})日[^至。；;]*?(?:至(?:(\d{1,2})月)?(\d{1,2})日)?[^。；;]*?放假")


@dataclass
class ParsedNotice:
    off: dict[date, str] = field(default_factory=dict)
    make_up: dict[date, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def parse_notice(text: str, year: int) -> ParsedNotice:
    """Days off and make-up working days from the notice's numbered lines (一、元旦：… 上班。).

    A line that names a holiday but whose dates cannot be read is reported, never dropped.
    """
    parsed = ParsedNotice()
    text = text.replace("（", "(").replace("）", ")")
    for raw in text.splitlines():
        line = HOLIDAY_LINE.match(raw)
        if not line:
            continue
        name, rest = line.group(1).strip(), line.group(2)
        rest = re.sub(r"\([^)]*\)", "", rest)  # (周四) (农历腊月二十八、周日)
        found = RANGE.search(rest)
        if not found:
            parsed.problems.append(f"未能识别“{name}”的放假日期：{raw.strip()}")
            continue
        month, first = int(found.group(1)), int(found.group(2))
        end_month = int(found.group(3) or month)
        last = int(found.group(4) or first)
        try:
            begin, end = date(year, month, first), date(year, end_month, last)
        except ValueError:
            parsed.problems.append(f"“{name}”的日期不存在：{raw.strip()}")
            continue
        if end < begin or (end - begin).days > 15:
            parsed.problems.append(f"“{name}”的放假起止日期不合理：{raw.strip()}")
            continue
        day = begin
        while day <= end:
            parsed.off[day] = name
            day += timedelta(days=1)
        for sentence in re.split(r"[。；;]", rest[found.end() :]):
            if "上班" not in sentence:
                continue
            current_month = month
            for match in DATE.finditer(sentence):
                current_month = int(match.group(1) or current_month)
                try:
                    parsed.make_up[date(year, current_month, int(match.group(2)))] = name
                except ValueError:
                    parsed.problems.append(f"“{name}”的调休上班日期不存在：{sentence.strip()}")
    if not parsed.off and not parsed.problems:
        parsed.problems.append("没有找到“一、元旦：……”这样的放假安排条目，请粘贴通知正文。")
    return parsed
