"""公开时限 as written in the 标准目录 (pure, no ORM): what a time limit says, and whether a
publication kept it.

The shapes found in the baseline and in published catalogues (regulations §5.2):

- event-driven: 信息形成或者变更之日起20个工作日内 (the 条例 第二十六条 default), 自…之日起7个工作日内,
  制定或获取信息之日起10个工作日内, 20工作日, 批复后20日内 (calendar days), 一个月内;
- 实时 / 实时公开 — read as "by the first working day after the information is formed" (the day of
  the event is not counted, as for every statutory period);
- periodic: 每年 / 按年 / 每半年 / 每季度 / 按季 / 每月 / 按月 / 每周, optionally with a lag
  (每季度结束后15个工作日内).

Anything else (及时公开, 同上, 长期公开, blank) is *unreadable*: flagged for a person, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.workdays.rules import Calendar, add_working_days

EVENT = "event"
REALTIME = "realtime"
PERIODIC = "periodic"
UNREADABLE = "unreadable"

# Calendar days a period lasts at most (a year of 366 days, a quarter of 92…).
PERIOD_DAYS = {"year": 366, "half": 184, "quarter": 92, "month": 31, "week": 7}
PERIOD_WORDS = (
    ("half", ("每半年", "半年度", "按半年")),
    ("year", ("每年", "按年", "年度", "每一年", "逐年")),
    ("quarter", ("每季度", "按季度", "按季", "每季", "季度")),
    ("month", ("每月", "按月", "月度")),
    ("week", ("每周", "按周")),
)
PERIOD_LABELS = {"year": "每年", "half": "每半年", "quarter": "每季度", "month": "每月", "week": "每周"}

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
NUMBER = r"(\d+|[零〇一二两三四五六七八九十百]+)"
WORKING = re.compile(NUMBER + r"\s*个?\s*工作\s*日")
CALENDAR_DAYS = re.compile(NUMBER + r"\s*(?:个自然日|自然日|日|天)")
MONTHS = re.compile(NUMBER + r"\s*个\s*月")
REALTIME_WORDS = ("实时", "即时")


def cn_number(text: str) -> int | None:
    """20, 二十, 十五, 一百二十 → int; None when it is not a number."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


@dataclass(frozen=True)
class TimeLimit:
    text: str
    kind: str
    working_days: int | None = None
    calendar_days: int | None = None
    period: str | None = None

    @property
    def readable(self) -> bool:
        return self.kind != UNREADABLE

    def describe(self) -> str:
        if self.kind == REALTIME:
            return "实时（形成后的第一个工作日内）"
        if self.kind == PERIODIC:
            lag = f"，期满后{self._lag_text()}" if self.working_days or self.calendar_days else ""
            return f"{PERIOD_LABELS[self.period]}{lag}"
        if self.kind == EVENT:
            return f"形成或变更之日起{self._lag_text()}"
        return "无法识别的时限"

    def _lag_text(self) -> str:
        if self.working_days is not None:
            return f"{self.working_days}个工作日内"
        return f"{self.calendar_days}日内"

    def due(self, formed: date, calendar: Calendar) -> date | None:
        """The last day to publish information formed on ``formed`` (event and 实时 limits)."""
        if self.kind == REALTIME:
            return add_working_days(formed, 1, calendar)
        if self.kind != EVENT:
            return None
        if self.working_days is not None:
            return add_working_days(formed, self.working_days, calendar)
        return formed + timedelta(days=self.calendar_days or 0)

    def next_due(self, last: date, calendar: Calendar) -> date | None:
        """For a periodic limit: the day by which the next publication after ``last`` is due."""
        if self.kind != PERIODIC:
            return None
        end = last + timedelta(days=PERIOD_DAYS[self.period])
        if self.working_days is not None:
            return add_working_days(end, self.working_days, calendar)
        return end + timedelta(days=self.calendar_days or 0)


def _amount(pattern: re.Pattern, text: str) -> int | None:
    match = pattern.search(text)
    return cn_number(match.group(1)) if match else None


def parse(text: str) -> TimeLimit:
    """Read a 公开时限 cell. The first limit stated counts (「…10个工作日内，公示7个工作日」 is a
    10-day publication limit followed by a 7-day 公示 period)."""
    raw = " ".join((text or "").split())
    if not raw:
        return TimeLimit(raw, UNREADABLE)
    # The first sentence carries the limit; 「法律、法规…另有规定的，从其规定」 follows it.
    head = re.split(r"[。；;]", raw, maxsplit=1)[0]
    head = re.split(r"[，,]\s*公示", head, maxsplit=1)[0]
    working = _amount(WORKING, head)
    calendar = None if working is not None else _amount(CALENDAR_DAYS, head)
    months = _amount(MONTHS, head)
    if calendar is None and working is None and months is not None:
        calendar = months * 30
    for period, words in PERIOD_WORDS:
        if any(w in head for w in words):
            return TimeLimit(raw, PERIODIC, working_days=working, calendar_days=calendar, period=period)
    if working is not None:
        return TimeLimit(raw, EVENT, working_days=working)
    if calendar is not None:
        return TimeLimit(raw, EVENT, calendar_days=calendar)
    if any(w in head for w in REALTIME_WORDS):
        return TimeLimit(raw, REALTIME)
    return TimeLimit(raw, UNREADABLE)


# --- Coverage status of one catalogue item ----------------------------------------------------------

ON_TIME = "on_time"
OVERDUE = "overdue"
NO_CONTENT = "no_content"
UNKNOWN = "unknown"
STATUS_LABELS = {ON_TIME: "按时", OVERDUE: "超期", NO_CONTENT: "无内容", UNKNOWN: "时限无法识别"}


@dataclass(frozen=True)
class Judgement:
    status: str
    late: int = 0  # publications later than the limit
    judged: int = 0  # publications whose formation date was known
    due: date | None = None  # periodic: next publication due by

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def judge(
    limit: TimeLimit, publications: list[tuple[date | None, date]], today: date, calendar: Calendar
) -> Judgement:
    """按时 / 超期 / 无内容 for one item from its publications as (formed on, published on) pairs.

    Event and 实时 limits: a publication later than its limit after the formation date (成文日期)
    is late; publications without a formation date are not judged. Periodic limits: the next
    publication is due one period (plus the stated lag) after the last one."""
    if not publications:
        return Judgement(NO_CONTENT)
    if not limit.readable:
        return Judgement(UNKNOWN)
    if limit.kind == PERIODIC:
        last = max(published for _formed, published in publications)
        due = limit.next_due(last, calendar)
        return Judgement(OVERDUE if due is not None and today > due else ON_TIME, due=due)
    late = judged = 0
    for formed, published in publications:
        if formed is None:
            continue
        judged += 1
        due = limit.due(formed, calendar)
        if due is not None and published > due:
            late += 1
    return Judgement(OVERDUE if late else ON_TIME, late=late, judged=judged)
