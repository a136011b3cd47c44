"""The daily job of 政策咨询 (run from ``gongkai request-digest``, ADR 0008): each organ's staff are
reminded of questions due soon or overdue; an overdue question is escalated once (督办) to the
政务公开办管理员 of its government. Messages name questions by number, never the asker."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.participation.models import OPEN_QUESTION_STATUSES, Question
from gongkai.participation.questions import selectors, services
from gongkai.workdays.selectors import current_calendar

REMINDED_ROLES = (Role.EDITOR, Role.HEAD)


@dataclass
class DailyResult:
    reminded: int = 0
    escalated: int = 0
    messages: int = 0


def _addresses(org, roles) -> list[str]:
    return list(
        User.objects.filter(memberships__organization=org, memberships__role__in=roles, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def run_daily(today: date | None = None) -> DailyResult:
    today = today or timezone.localdate()
    calendar = current_calendar()
    result = DailyResult()
    by_org: dict = defaultdict(list)
    escalations: dict = defaultdict(list)
    for question in Question.objects.filter(status__in=OPEN_QUESTION_STATUSES).select_related("organization"):
        clock = selectors.clock_of(question, today=today, calendar=calendar)
        if clock.state not in ("due_soon", "overdue"):
            continue
        by_org[question.organization].append((question, clock))
        services.mark_reminded(question=question, on=today)
        result.reminded += 1
        if clock.state == "overdue" and question.escalated_at is None:
            services.escalate(question=question, clock=clock)
            escalations[question.organization.government()].append((question, clock))
            result.escalated += 1
    messages = []
    for org, rows in by_org.items():
        lines = [f"{q.number} {q.title[:30]}：答复期限 {c.due_on:%Y-%m-%d}，{c.label}" for q, c in rows]
        to = _addresses(org, REMINDED_ROLES)
        if to:
            subject = f"【政策咨询】{org.name}：{len(rows)} 件咨询即将到期或已超期"
            messages.append((subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, to))
    for government, rows in escalations.items():
        lines = [f"{q.organization.name} {q.number}：答复期限 {c.due_on:%Y-%m-%d}，已超期" for q, c in rows]
        to = _addresses(government, (Role.COMPETENT_ADMIN,))
        if to:
            subject = f"【政策咨询督办】{len(rows)} 件咨询超过答复时限"
            messages.append((subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, to))
    result.messages = send_mass_mail(messages) if messages else 0
    return result
