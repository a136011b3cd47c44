"""The published calendar without a database (the same data the migration seeds), for tests of
code that counts working days."""

from __future__ import annotations

import chinese_calendar

from gongkai.workdays.rules import Calendar


def published_calendar(last_loaded_year: int = 2026) -> Calendar:
    return Calendar(
        off_days=frozenset(chinese_calendar.holidays),
        make_up_days=frozenset(chinese_calendar.workdays),
        loaded_years=frozenset(range(2004, last_loaded_year + 1)),
    )
