"""Read-only API of the 问答库 and the 专题专栏: published, masked texts only; never the asker."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from gongkai.catalog import topics
from gongkai.participation.questions import selectors

router = Router(tags=["政策咨询"])
topic_router = Router(tags=["专题专栏"])


class QuestionOut(Schema):
    number: str
    title: str
    question: str
    answer: str
    organ: str
    organ_name: str
    answered_on: date
    published_at: datetime
    url: str
    related_records: list[str]

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.public_title

    @staticmethod
    def resolve_question(obj) -> str:
        return obj.public_text

    @staticmethod
    def resolve_answer(obj) -> str:
        return obj.answer.public_text

    @staticmethod
    def resolve_organ(obj) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_organ_name(obj) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_answered_on(obj) -> date:
        return obj.answer.answered_on

    @staticmethod
    def resolve_url(obj) -> str:
        from django.urls import reverse

        return reverse("questions:detail", args=[obj.number])

    @staticmethod
    def resolve_related_records(obj) -> list[str]:
        return [r.get_absolute_url() for r in obj.related_records.published().select_related("organization")]


class TopicColumnOut(Schema):
    slug: str
    name: str
    description: str
    organ: str
    starts_on: date | None
    ends_on: date | None
    records: list[str]

    @staticmethod
    def resolve_organ(obj) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_records(obj) -> list[str]:
        return [r.get_absolute_url() for r in topics.gathered(obj)[:100]]


@router.get("", response=list[QuestionOut], summary="已公开的政策问答（新到旧）")
@paginate(PageNumberPagination, page_size=20)
def list_questions(request):
    return selectors.published_questions().prefetch_related("related_records")


@router.get("/{number}", response=QuestionOut, summary="单条政策问答")
def get_question(request, number: str):
    question = selectors.public_question(number)
    if question is None:
        raise Http404
    return question


@topic_router.get("", response=list[TopicColumnOut], summary="专题专栏")
def list_topic_columns(request):
    return list(topics.public_topic_columns())
