"""The calendar as loaded in the database, cached (60 s at most, dropped on every change)."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.utils import timezone

from gongkai.workdays.rules import Calendar

CACHE_KEY = "workdays:calendar"
CACHE_SECONDS = 60
# From this day of the year the 政务公开办 is reminded to load next year's notice.
REMINDER_FROM = (11, 1)


def current_calendar() -> Calendar:
    calendar = cache.get(CACHE_KEY)
    if calendar is None:
        from gongkai.workdays.models import CalendarDay, CalendarYear, DayKind

        days = list(CalendarDay.objects.values_list("day", "kind"))
        calendar = Calendar(
            off_days=frozenset(d for d, k in days if k == DayKind.OFF),
            make_up_days=frozenset(d for d, k in days if k == DayKind.WORKDAY),
            loaded_years=frozenset(CalendarYear.objects.values_list("year", flat=True)),
        )
        cache.set(CACHE_KEY, calendar, CACHE_SECONDS)
    return calendar


def forget_calendar(*args, **kwargs) -> None:
    cache.delete(CACHE_KEY)


def year_to_load(today: date | None = None) -> int | None:
    """The year whose notice should be loaded now: this year if missing, next year from November."""
    today = today or timezone.localdate()
    loaded = current_calendar().loaded_years
    if today.year not in loaded:
        return today.year
    if (today.month, today.day) >= REMINDER_FROM and today.year + 1 not in loaded:
        return today.year + 1
    return None
