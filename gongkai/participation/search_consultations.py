"""How a 意见征集 appears in the search index (registered with gongkai.search): its title,
description, draft and, once published, the 采纳情况说明. Comments are never indexed: a commenter
finds their words on the consultation page, not in search."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from gongkai.participation.models import ConsultationParagraph, PublicConsultation
from gongkai.search.fields import text_fields
from gongkai.search.registry import SearchableType, register

GENRE = "consultation"


def _load(ids: list[str]):
    return (
        PublicConsultation.objects.filter(pk__in=ids)
        .select_related("organization")
        .prefetch_related("paragraphs")
    )


def _all_public():
    return PublicConsultation.objects.public()


def build_consultation(consultation: PublicConsultation) -> dict | None:
    """Index fields of a public consultation; None while it has not started or once withdrawn."""
    if consultation.is_withdrawn or consultation.starts_on > timezone.localdate():
        return None
    from gongkai.disclosure.search import _ancestor_ids

    draft = "\n".join(p.text for p in consultation.paragraphs.all())
    feedback = consultation.feedback_summary if consultation.has_feedback else ""
    opened = timezone.make_aware(datetime.combine(consultation.starts_on, time(0, 0)))
    return {
        **text_fields(
            title=consultation.title,
            keywords="意见征集 征求意见" + (" 采纳情况反馈" if feedback else ""),
            summary=consultation.description,
            body=f"{draft}\n{feedback}",
        ),
        "org": consultation.organization_id,
        "orgs": _ancestor_ids(consultation.organization),
        "category": "",
        "validity": "none",
        "genre": GENRE,
        "year": consultation.starts_on.year,
        "published": int(opened.timestamp()),
        "boost": 0.0,
        "title_display": consultation.title,
        "url": consultation.get_absolute_url(),
        "organ": consultation.organization.name,
        "date": consultation.starts_on.isoformat(),
        "doc_number_display": "",
        "validity_label": "",
    }


def register_consultations() -> None:
    register(
        SearchableType(
            name="consultation",
            model=PublicConsultation,
            load=_load,
            all_public=_all_public,
            build=build_consultation,
            related={ConsultationParagraph: lambda paragraph: [paragraph.consultation_id]},
            became_public=lambda since, until: PublicConsultation.objects.filter(
                starts_on__gt=timezone.localdate(since), starts_on__lte=timezone.localdate(until)
            ).values_list("pk", flat=True),
        )
    )
