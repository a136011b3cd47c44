"""How a published Q&A appears in the search index: the masked question and answer only, never
the asker's name or contact (they are not even loaded)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gongkai.participation.models import Answer, Question, QuestionStatus
from gongkai.search.fields import text_fields
from gongkai.search.registry import SearchableType, register

GENRE = "question"  # the index's 体裁 field: 政策问答


def _load(ids):
    return (
        Question.objects.filter(pk__in=ids)
        .select_related("organization", "answer")
        .defer("asker_name", "asker_contact")
    )


def _all_public():
    return Question.objects.filter(status=QuestionStatus.PUBLISHED)


def build_question(question: Question) -> dict | None:
    if question.status != QuestionStatus.PUBLISHED or question.published_at is None:
        return None
    from gongkai.disclosure.search import _ancestor_ids

    answer = getattr(question, "answer", None)
    answer_text = answer.public_text if answer else ""
    return {
        **text_fields(title=question.public_title, summary=question.public_text, body=answer_text),
        "org": question.organization_id,
        "orgs": _ancestor_ids(question.organization),
        "category": "",
        "validity": "none",
        "genre": GENRE,
        "year": question.published_at.year,
        "published": int(question.published_at.timestamp()),
        "boost": 0.0,
        "title_display": f"【问答】{question.public_title}",
        "url": reverse("questions:detail", kwargs={"number": question.number}),
        "organ": question.organization.name,
        "date": timezone.localtime(question.published_at).strftime("%Y-%m-%d"),
        "doc_number_display": "",
        "validity_label": "",
    }


def register_questions() -> None:
    register(
        SearchableType(
            name="question",
            model=Question,
            load=_load,
            all_public=_all_public,
            build=build_question,
            related={Answer: lambda answer: [answer.question_id]},
        )
    )
