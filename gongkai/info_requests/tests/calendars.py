"""The official calendar as published (the ``chinese-calendar`` package's data, which the
workdays app seeds from), for testing the pure clock without a database."""

from __future__ import annotations

from datetime import date

import chinese_calendar

LAST_LOADED_YEAR = 2026


class OfficialCalendar:
    def is_working_day(self, day: date) -> bool:
        if day.year > LAST_LOADED_YEAR:  # provisional: weekends only, as far as this test needs
            return day.weekday() < 5
        return chinese_calendar.is_workday(day)

    def is_provisional(self, day: date) -> bool:
        return day.year > LAST_LOADED_YEAR
