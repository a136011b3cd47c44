"""How a record appears in the search index (registered with gongkai.search)."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from gongkai.disclosure.models import Attachment, Record, Status, Validity, ValidityChange
from gongkai.orgs.models import Organization
from gongkai.search.fields import text_fields
from gongkai.search.registry import SearchableType, register

CURRENT_YEAR_BOOST = 0.3
VALID_BOOST = 0.2


TAG = re.compile(r"<[^>]*>")


def plain_text(html_text: str) -> str:
    """Text of sanitised rich text (a regex suffices: nh3 already guarantees well-formed tags)."""
    return html.unescape(TAG.sub(" ", html_text))


def _load(ids: list[str]):
    # to_attr: a plain list per record, not a queryset cloned per record (a third of the cost
    # of a rebuild went there).
    return (
        Record.objects.filter(pk__in=ids)
        .select_related("organization", "column", "column__parent")
        .prefetch_related(Prefetch("attachments", to_attr="attachment_list"))
    )


@lru_cache(maxsize=4096)
def _record_url_prefix(org_slug: str) -> str:
    # One reverse() per organ instead of per record: the key is the last path segment.
    return reverse("portal:record", kwargs={"org": org_slug, "key": "KEY"}).removesuffix("KEY/")


def record_url(record: Record) -> str:
    return f"{_record_url_prefix(record.organization.slug)}{record.public_key}/"


def _all_public():
    return Record.objects.published()


def attachment_text(attachment: Attachment) -> str:
    """The attachment's text, extracted once (bounded) and kept; an unreadable file gives ''."""
    from gongkai.disclosure.texts import ensure_text

    return ensure_text(attachment).text


def _ancestor_ids(org: Organization) -> list[str]:
    """The organ and every organ above it, so a search scoped to a superior finds it."""
    return list(_ancestors_by_path(org.path))


def forget_ancestors(*args, **kwargs) -> None:
    """An organ was added or moved: ancestor lists are recomputed."""
    _ancestors_by_path.cache_clear()


@lru_cache(maxsize=4096)
def _ancestors_by_path(path: str) -> tuple[str, ...]:
    # Keyed by the materialised path, which changes if an organ moves in the tree.
    step = Organization.steplen
    paths = [path[: i * step] for i in range(1, len(path) // step + 1)]
    return tuple(str(pk) for pk in Organization.objects.filter(path__in=paths).values_list("pk", flat=True))


def build_record(record: Record) -> dict | None:
    """Index fields of a public record; None for anything the public may not find."""
    if record.status != Status.PUBLISHED or record.published_at is None:
        return None
    # A scheduled record must not be found before its time; indexer.catch_up_scheduled queues it.
    if record.published_at > timezone.now():
        return None
    body = plain_text(record.body)
    column = record.column
    category = column.category_code or (column.parent.category_code if column.parent_id else "")
    age = timezone.now().year - record.published_at.year
    boost = (CURRENT_YEAR_BOOST if age <= 1 else 0.0) + (
        VALID_BOOST if record.validity == Validity.VALID else 0.0
    )
    files = getattr(record, "attachment_list", None)
    files = record.attachments.all() if files is None else files
    attachments = " ".join(attachment_text(a) for a in files)
    return {
        **text_fields(
            title=record.title,
            keywords=record.keywords,
            doc_number=record.doc_number,
            index_number=record.index_number or "",
            summary=record.summary,
            body=body,
            attachments=attachments,
            title_ug=record.title_ug if record.has_uyghur else "",
            summary_ug=record.summary_ug if record.has_uyghur else "",
            body_ug=plain_text(record.body_ug) if record.has_uyghur else "",
        ),
        "org": record.organization_id,
        "orgs": _ancestor_ids(record.organization),
        "category": category,
        "validity": record.validity or "none",
        "genre": record.genre,
        "year": record.index_year or record.published_at.year,
        "published": int(record.published_at.timestamp()),
        "boost": boost,
        "title_display": record.title,
        "url": record_url(record),
        "organ": record.organization.name,
        "date": timezone.localtime(record.published_at).strftime("%Y-%m-%d"),
        "doc_number_display": record.doc_number,
        "validity_label": record.get_validity_display() if record.validity else "",
    }


def register_records() -> None:
    register(
        SearchableType(
            name="record",
            model=Record,
            load=_load,
            all_public=_all_public,
            build=build_record,
            related={
                Attachment: lambda attachment: [attachment.record_id],
                ValidityChange: lambda change: [change.record_id],
            },
            became_public=lambda since, until: Record.objects.filter(
                status=Status.PUBLISHED, published_at__gt=since, published_at__lte=until
            ).values_list("pk", flat=True),
        )
    )
