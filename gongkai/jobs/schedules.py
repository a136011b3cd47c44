"""When a job runs next: a cron expression in the installation's time zone (pure, no ORM).

Cron is what operators already write for these jobs; croniter reads it. A missed slot (the runner
was down) is not replayed one by one: the next run is the first slot after *now*, and a job whose
slot passed while nothing ran is due at once (``Job.next_run_at`` is in the past).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from croniter import croniter

SHANGHAI = ZoneInfo("Asia/Shanghai")


class ScheduleError(ValueError):
    pass


def validate(expression: str) -> str:
    expression = " ".join(expression.split())
    if expression and not croniter.is_valid(expression):
        raise ScheduleError(
            f"无法识别的执行计划“{expression}”：请使用五段式 cron 表达式，例如“30 2 * * *”（每天2:30）。"
        )
    return expression


def next_after(expression: str, moment: datetime, tz: ZoneInfo = SHANGHAI) -> datetime | None:
    """The first slot strictly after ``moment``; None for a job run only by hand (no schedule)."""
    expression = validate(expression)
    if not expression:
        return None
    return croniter(expression, moment.astimezone(tz)).get_next(datetime)


def describe(expression: str) -> str:
    """A short Chinese reading of the common shapes; the expression itself otherwise."""
    parts = expression.split()
    if not parts:
        return "仅手动运行"
    if len(parts) != 5:
        return expression
    minute, hour, day, month, weekday = parts
    if minute.startswith("*/") and hour == day == month == weekday == "*":
        return f"每{minute[2:]}分钟"
    if minute == "*" and hour == day == month == weekday == "*":
        return "每分钟"
    if minute.isdigit() and hour.isdigit() and day == month == "*":
        at = f"{int(hour)}:{int(minute):02d}"
        if weekday == "*":
            return f"每天{at}"
        if weekday == "1-5":
            return f"工作日{at}"
        names = dict(zip("0123456", "日一二三四五六", strict=True))
        if weekday in names:
            return f"每周{names[weekday]}{at}"
    return expression
