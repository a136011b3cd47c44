"""Loading a year's notice and correcting single days; every change is audited."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.accounts.models import AdminRole, Role
from gongkai.audit.services import record_event
from gongkai.workdays.models import CalendarDay, CalendarYear, DayKind
from gongkai.workdays.rules import parse_notice

# The calendar is the whole installation's: every government's statutory due dates count on it
# (《政府信息公开条例》第三十三条). So only the 政务公开办 of the topmost government keeps it (or the
# 系统管理员, who configures the installation); every other organ reads it.
EDIT_ROLES = {Role.COMPETENT_ADMIN}
NOT_CALENDAR_KEEPER = "工作日历由最高一级人民政府的政务公开办（或系统管理员）维护，本机关只能查看。"


def topmost_governments():
    """The governments at the top of the organ tree (one in an ordinary installation)."""
    from gongkai.orgs.models import Kind, Organization

    governments = Organization.objects.filter(kind=Kind.GOVERNMENT, is_active=True)
    top = governments.order_by("depth").values_list("depth", flat=True).first()
    return governments.filter(depth=top)


def may_edit(actor) -> bool:
    if not (actor.is_active and actor.is_authenticated):
        return False
    if actor.is_superuser or actor.is_operator(AdminRole.SYSTEM):
        return True
    return actor.memberships.filter(role__in=EDIT_ROLES, organization__in=topmost_governments()).exists()


def require_editor(actor) -> None:
    if not may_edit(actor):
        raise PermissionDenied(NOT_CALENDAR_KEEPER)


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
