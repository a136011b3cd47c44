"""Loading a year's notice and correcting single days; every change is audited."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.accounts.models import Role
from gongkai.audit.services import record_event
from gongkai.workdays.models import CalendarDay, CalendarYear, DayKind
from gongkai.workdays.rules import parse_notice

# The calendar is the whole installation's: its 政务公开办 (of any government) keeps it.
EDIT_ROLES = {Role.COMPETENT_ADMIN}


def require_editor(actor) -> None:
    from django.core.exceptions import PermissionDenied

    if actor.is_superuser:
        return
    if not actor.memberships.filter(role__in=EDIT_ROLES).exists():
        raise PermissionDenied("维护节假日安排需要政务公开办管理员角色。")


@transaction.atomic
def load_year(*, actor, year: int, notice_text: str, source: str = "") -> CalendarYear:
    """Replace ``year``'s days with those of the State Council's notice and mark it loaded."""
    require_editor(actor)
    if not 2000 <= year <= 2100:
        raise ValidationError("年度不正确。")
    parsed = parse_notice(notice_text, year)
    if parsed.problems:
        raise ValidationError(parsed.problems)
    CalendarDay.objects.filter(day__year=year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(day=d, kind=DayKind.OFF, name=n) for d, n in sorted(parsed.off.items())]
        + [CalendarDay(day=d, kind=DayKind.WORKDAY, name=n) for d, n in sorted(parsed.make_up.items())]
    )
    loaded, _ = CalendarYear.objects.update_or_create(
        year=year,
        defaults={
            "source": source.strip() or f"国务院办公厅关于{year}年部分节假日安排的通知",
            "notice_text": notice_text,
            "loaded_by": actor,
        },
    )
    record_event(
        actor=actor,
        verb="calendar_year_loaded",
        obj=loaded,
        changes={"off": len(parsed.off), "make_up": len(parsed.make_up)},
    )
    return loaded


@transaction.atomic
def set_day(*, actor, day: date, kind: str | None, name: str = "") -> None:
    """Mark one day off or as a make-up working day; ``kind=None`` removes the mark."""
    require_editor(actor)
    if kind is None:
        CalendarDay.objects.filter(day=day).delete()
    else:
        if kind not in DayKind.values:
            raise ValidationError("类型不正确。")
        CalendarDay.objects.update_or_create(day=day, defaults={"kind": kind, "name": name.strip()})
    record_event(
        actor=actor, verb="calendar_day_changed", changes={"day": day, "kind": kind or "", "name": name}
    )
