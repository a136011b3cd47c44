"""Reads of 政策咨询 for the public (published and masked only) and for staff (their organ's)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.core.scoping import get_for_org
from gongkai.participation.models import OPEN_QUESTION_STATUSES, FrequentQuestion, Question, QuestionStatus
from gongkai.participation.questions import rules
from gongkai.workdays.selectors import current_calendar


def published_questions() -> QuerySet[Question]:
    """What the public may read: published Q&A; the asker's fields are never selected."""
    return (
        Question.objects.filter(status=QuestionStatus.PUBLISHED, published_at__isnull=False)
        .select_related("organization", "answer")
        .defer("asker_name", "asker_contact", "text", "title")
        .order_by("-published_at", "-id")
    )


def public_question(number: str) -> Question | None:
    return published_questions().filter(number=number).first()


def frequent_questions_for(record) -> list[Question]:
    """常见问题 on a policy's page, in the organ's order."""
    ids = list(
        FrequentQuestion.objects.filter(record=record, question__status=QuestionStatus.PUBLISHED).values_list(
            "question_id", flat=True
        )
    )
    by_id = {q.pk: q for q in published_questions().filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def questions_for_org(*, org, status: str = "") -> QuerySet[Question]:
    qs = Question.objects.filter(organization=org).select_related("answer").order_by("-received_on", "-id")
    if status:
        qs = qs.filter(status=status)
    return qs


def question_for_staff(*, org, pk) -> Question:
    return get_for_org(Question.objects.select_related("organization", "asked_organization"), org=org, pk=pk)


def clock_of(question: Question, *, today: date | None = None, calendar=None) -> rules.Clock:
    answered_on = (
        getattr(getattr(question, "answer", None), "answered_on", None)
        if question.status
        in (
            QuestionStatus.ANSWERED,
            QuestionStatus.PUBLISHED,
        )
        else None
    )
    return rules.clock(
        question.received_on,
        question.answer_days,
        today=today or timezone.localdate(),
        calendar=calendar or current_calendar(),
        answered_on=answered_on,
    )


def questions_needing_attention(*, org, today: date | None = None) -> list[tuple[Question, rules.Clock]]:
    """The organ's open questions due soon or overdue, most urgent first (the 待办 dashboard)."""
    today, calendar = today or timezone.localdate(), current_calendar()
    rows = [
        (q, clock_of(q, today=today, calendar=calendar))
        for q in Question.objects.filter(organization=org, status__in=OPEN_QUESTION_STATUSES)
    ]
    return sorted(
        ((q, c) for q, c in rows if c.state in ("due_soon", "overdue")), key=lambda row: row[1].due_on
    )


def held_questions(*, org) -> QuerySet[Question]:
    """The organ's held questions, oldest first: staff release or reject them (ADR 0054)."""
    return Question.objects.filter(organization=org, status=QuestionStatus.HELD).order_by("received_on", "id")
