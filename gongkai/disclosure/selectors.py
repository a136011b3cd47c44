"""Reads of records for the public platform, the feeds, the API and the workbench."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from gongkai.catalog.models import Column, Section
from gongkai.core.pagecache import current_generation, organ_generation
from gongkai.disclosure.models import Record, Status


@dataclass(frozen=True)
class RecordFilters:
    year: int | None = None
    column: Column | None = None
    validity: str = ""
    genre: str = ""
    topic: str = ""


def public_records(*, org=None, until=None) -> QuerySet[Record]:
    """Published records (never drafts, scheduled, or withdrawn ones) of organs still in service.

    A deactivated organ's platform answers 404, so its records leave the home page, the sitemap
    and the API too rather than pointing at pages that no longer open.
    """
    qs = Record.objects.published(until=until).filter(organization__is_active=True)
    qs = qs.select_related("organization", "column")
    return qs.filter(organization=org) if org is not None else qs


def filtered_public_records(*, org, filters: RecordFilters, until=None) -> QuerySet[Record]:
    """The records list; ``until`` bounds the publication time from above (the page after a
    keyset cursor: one upper bound lets SQLite seek its index to the cursor, ADR 0047)."""
    qs = public_records(org=org, until=until)
    # The columns are named by their ids (a subquery over the organ's few columns), not by a join:
    # the list's count and an old ``?page=N``'s offset then walk record_org_published_idx alone,
    # which carries the column, instead of reading each skipped record's row (ADR 0064).
    if filters.column is not None:
        columns = Column.objects.filter(Q(pk=filters.column.pk) | Q(parent=filters.column.pk))
    else:
        # "全部" of 法定主动公开内容 is that section only: 制度 and 年报 have their own pages, and the
        # total must agree with the per-category counts beside it.
        columns = Column.objects.filter(organization=org, section=Section.PROACTIVE)
    qs = qs.filter(column_id__in=columns.values("pk"))
    if filters.year:
        qs = qs.filter(index_year=filters.year)
    if filters.validity:
        qs = qs.filter(validity=filters.validity)
    if filters.genre:
        qs = qs.filter(genre=filters.genre)
    if filters.topic:
        qs = qs.filter(topic=filters.topic)
    return qs.order_by("-published_at", "-id")


# What a row of the records list shows (and its keyset cursor): the body, summary and the joined
# organ and column are not read for a list (ADR 0056).
RECORD_ROW_FIELDS = (
    "id",
    "updated_at",
    "published_at",
    "index_number",
    "index_year",
    "index_serial",
    "title",
    "title_ug",
    "doc_number",
    "validity",
)


def record_rows(qs: QuerySet[Record]) -> QuerySet[Record]:
    """``qs`` reading only what a row of the records list shows."""
    return qs.select_related(None).only(*RECORD_ROW_FIELDS)


@dataclass
class ColumnCount:
    column: Column
    count: int
    children: list[ColumnCount]


def column_counts(*, org, section: str = Section.PROACTIVE) -> list[ColumnCount]:
    """The section's top-level columns, each with its published-record count (sub-columns included)
    and its sub-columns with theirs; one query."""
    now = timezone.now()
    published = Q(records__status=Status.PUBLISHED, records__published_at__lte=now)
    columns = list(
        Column.objects.for_org(org).filter(section=section).annotate(n=Count("records", filter=published))
    )
    children: dict[int, list[ColumnCount]] = {}
    for column in columns:
        if column.parent_id:
            children.setdefault(column.parent_id, []).append(ColumnCount(column, column.n, []))
    return [
        ColumnCount(c, c.n + sum(child.count for child in children.get(c.pk, [])), children.get(c.pk, []))
        for c in columns
        if not c.parent_id
    ]


# The next moment a published record falls due, per change marker (below), in this process's
# memory: a marker value is never reused (gongkai.core.pagecache starts a lost one at the clock), so
# an entry can only go stale by time passing, which ``publication_epoch`` checks on every call.
_next_due: dict[str, object] = {}
_NOT_READ = object()
_NEXT_DUE_ENTRIES = 4096


def publication_epoch(marker: str, *, org=None) -> str:
    """``marker`` (a change marker: the portal generation, or an organ's) and the moment the next
    scheduled publication falls due (of ``org``'s records, or of every organ's): what the public
    sees cannot change before either moves (ADR 0061).

    A record published for a later time opens with no write (《政府信息公开条例》第二十六条's
    时限 is met by the time set, RecordQuerySet.published): with no scheduled record due between
    the moment D was read and D, the public records under ``marker`` are exactly those published
    before D, so (marker, D) names one list. Once now reaches D, D is read afresh and the epoch
    moves — a kept list or count keyed on it is never older than what it shows."""
    now = timezone.now()
    due = _next_due.get(marker, _NOT_READ)
    if due is _NOT_READ or (due is not None and due <= now):
        scheduled = Record.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
        if org is not None:
            scheduled = scheduled.filter(organization=org)
        due = scheduled.order_by("published_at").values_list("published_at", flat=True).first()
        if len(_next_due) >= _NEXT_DUE_ENTRIES:
            _next_due.clear()
        _next_due[marker] = due
    return f"{marker}:{due.timestamp() if due is not None else '-'}"


def organ_epoch(org) -> str:
    """The organ's list epoch: its change marker and its next scheduled publication (ADR 0061)."""
    return publication_epoch(f"{org.pk}:{organ_generation(org.pk)}", org=org)


def portal_epoch() -> str:
    """Every organ's list epoch: the portal generation and the next scheduled publication anywhere."""
    return publication_epoch(f"all:{current_generation()}")


def _kept(org, parts: tuple, compute):
    """``compute()``, kept for GONGKAI_LIST_COUNT_CACHE_SECONDS under the organ's own epoch: a
    committed change to the organ's public records or columns (or one that names no organ) moves
    its marker (gongkai.core.pagecache.organ_generation), so a kept total is never older than the
    content it counts (ADR 0047), and a change in another organ leaves it (ADR 0057); a scheduled
    record falling due moves the epoch too (ADR 0061)."""
    if not settings.GONGKAI_LIST_COUNT_CACHE_SECONDS:
        return compute()
    return _kept_under(organ_epoch(org), parts, compute)


def _kept_under(marker: str, parts: tuple, compute):
    """``compute()``, kept for GONGKAI_LIST_COUNT_CACHE_SECONDS under ``marker`` and ``parts``."""
    seconds = settings.GONGKAI_LIST_COUNT_CACHE_SECONDS
    if not seconds:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"portal:counts:{marker}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def highest_record_id() -> int:
    """The highest record id (any status): the sitemap's parts are blocks of ids up to it."""
    return Record.objects.aggregate(highest=Max("pk"))["highest"] or 0


def public_records_in_id_block(block: int, size: int) -> QuerySet[Record]:
    """The public records with ids ``block*size+1 … (block+1)*size``, by id: read by the primary
    key, whatever the number of records (the sitemap's parts, gongkai.portal.sitemaps)."""
    return (
        public_records()
        .select_related(None)
        .filter(pk__gt=block * size, pk__lte=(block + 1) * size)
        .order_by("pk")
    )


def public_record_total(*, org, filters: RecordFilters) -> int:
    """How many records ``filtered_public_records`` lists (the 共 N 条 of the records list)."""
    column = filters.column.pk if filters.column is not None else None
    parts = ("total", org.pk, column, filters.year, filters.validity, filters.genre, filters.topic)
    return _kept(org, parts, lambda: filtered_public_records(org=org, filters=filters).order_by().count())


def kept_api_total(qs: QuerySet[Record], *, parts: tuple) -> int:
    """How many records an API list matches (``qs``, filtered by ``parts``), kept like
    ``public_record_total`` (ADR 0056)."""
    # The API's filters may span organs (or none), so its totals follow the portal generation, which
    # every public change moves, not one organ's marker (ADR 0057).
    if not settings.GONGKAI_LIST_COUNT_CACHE_SECONDS:
        return qs.order_by().count()
    return _kept_under(f"api:{portal_epoch()}", ("api-total", *parts), lambda: qs.order_by().count())


def public_column(*, org, slug: str) -> Column | None:
    """The organ's applicable column at ``slug`` (the records list's ``?column=``), kept like the
    counts: a change to the organ's columns moves its marker (ADR 0061)."""

    def read():
        # Wrapped: a kept None would read as "not kept".
        return (Column.objects.for_org(org).applicable().filter(slug=slug).first(),)

    return _kept(org, ("column", org.pk, slug), read)[0]


def public_column_counts(*, org, section: str = Section.PROACTIVE) -> list[ColumnCount]:
    """The columns the public sees: never an empty one (an empty column is a 单项否决 item of
    国办秘函〔2019〕19号). A column that does not apply to the organ is left out; an applicable one
    without published records shows only if the organ marked it 「本机关无此项信息」 (the template
    prints the statement and its reason)."""
    return _kept(org, ("columns", org.pk, section), lambda: _public_column_counts(org=org, section=section))


def _public_column_counts(*, org, section: str) -> list[ColumnCount]:
    shown = []
    for entry in column_counts(org=org, section=section):
        if not entry.column.applies:
            continue
        children = [c for c in entry.children if c.column.applies and (c.count or c.column.no_info_reason)]
        if entry.count or entry.column.no_info_reason:
            shown.append(ColumnCount(entry.column, entry.count, children))
    return shown


def empty_columns(*, org, section: str = Section.PROACTIVE) -> list[Column]:
    """Applicable columns with no published record and no 「本机关无此项信息」 statement: what the
    organ must fill or explain (the public site hides them meanwhile)."""
    empty = []
    for entry in column_counts(org=org, section=section):
        for item in (entry, *entry.children):
            if item.column.applies and not item.count and not item.column.no_info_reason:
                empty.append(item.column)
    return empty


def public_years(*, org) -> list[int]:
    """The years the organ published in, newest first (grouped in the database: an organ with
    100,000 records sends a dozen numbers, not 100,000)."""

    def years():
        qs = public_records(org=org).exclude(index_year=None).order_by().values_list("index_year", flat=True)
        return sorted(set(qs.distinct()), reverse=True)

    return _kept(org, ("years", org.pk), years)


def _key_parts(key: str) -> tuple[int, int] | None:
    try:
        year_text, serial_text = key.split("-", 1)
        return int(year_text), int(serial_text)
    except ValueError:
        return None


# What the record page needs outside its body: the 404, the page title, the <meta> tags of
# portal_site.site_meta (column, genre, publication time) and the body fragment's key.
RECORD_HEAD_FIELDS = (
    "id",
    "updated_at",
    "organization_id",
    "status",
    "index_number",  # portal_site._article tells a record by it
    "title",
    "title_ug",
    "genre",
    "published_at",
    "column__name",
)


def public_record_head(*, org, key: str, kept: bool = True) -> Record | None:
    """The record at ``/<org>/records/<year>-<serial>/`` with only ``RECORD_HEAD_FIELDS``, if the
    public may see it now: published or withdrawn (its page stays), and due.

    Kept in the shared cache under the portal generation (ADR 0056; any committed change to a
    record bumps it), while the fragments are (``GONGKAI_FRAGMENT_CACHE_SECONDS``); whether it is
    due is decided here on every request, so a scheduled record appears on time. The page's body
    is a fragment keyed on the record's id and ``updated_at``. ``kept=False`` reads the database
    (the tamper check's fresh renderings, ADR 0032)."""
    parts = _key_parts(key)
    if parts is None:
        return None
    ttl = settings.GONGKAI_FRAGMENT_CACHE_SECONDS if kept else 0
    cache_key = f"portal:record-head:{current_generation()}:{org.pk}:{parts[0]}:{parts[1]}" if ttl else ""
    head = cache.get(cache_key) if cache_key else None
    if head is None:
        head = (
            Record.objects.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
            .select_related("column")
            .filter(organization=org, index_year=parts[0], index_serial=parts[1])
            .only(*RECORD_HEAD_FIELDS)
            .first()
        )
        if head is None:
            return None
        if cache_key:
            cache.set(cache_key, head, ttl)
    # RecordQuerySet.publicly_visible's time condition, read now rather than when kept.
    if head.published_at is None or head.published_at > timezone.now():
        return None
    head.organization = org  # the organ the caller read already: no second query
    return head


def public_record_by_key(*, org, key: str) -> Record | None:
    """The record at ``/<org>/records/<year>-<serial>/``: published, or withdrawn (its page stays)."""
    parts = _key_parts(key)
    if parts is None:
        return None
    year, serial = parts
    # The linked records (policy, amended_by, replaced_by) are read on access, and only when the
    # record has one: joining them for every record cost more than the rest of the query (ADR 0045).
    return (
        Record.objects.publicly_visible()
        .select_related("organization", "column")
        .filter(organization=org, index_year=year, index_serial=serial)
        .first()
    )


def public_interpretations(record: Record) -> QuerySet[Record]:
    return Record.objects.published().filter(policy=record)


def records_in_workbench(*, org, status: str = "") -> QuerySet[Record]:
    qs = Record.objects.for_org(org).select_related("column", "created_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "-id")


@dataclass(frozen=True)
class NormativeFact:
    """A published 规章 or 规范性文件 and its 立改废 history, as the annual report counts it."""

    organization_id: int
    genre: str  # "rule" or "normative"
    issued_on: date  # 成文日期, else the publication date
    changes: tuple[tuple[date, str], ...]  # (effective_on, validity), in order


def normative_facts(*, org_ids: list[int]) -> list[NormativeFact]:
    from gongkai.disclosure.models import VALIDITY_GENRES, ValidityChange

    records = Record.objects.filter(
        organization_id__in=org_ids,
        genre__in=VALIDITY_GENRES,
        status__in=[Status.PUBLISHED, Status.WITHDRAWN],
    ).values_list("pk", "organization_id", "genre", "written_on", "published_at")
    history: dict[int, list[tuple[date, str]]] = {}
    for record_id, effective_on, validity in ValidityChange.objects.filter(
        record__organization_id__in=org_ids
    ).values_list("record_id", "effective_on", "validity"):
        history.setdefault(record_id, []).append((effective_on, validity))
    return [
        NormativeFact(
            organization_id=org_id,
            genre=genre,
            issued_on=written_on or timezone.localtime(published_at).date(),
            changes=tuple(sorted(history.get(pk, []))),
        )
        for pk, org_id, genre, written_on, published_at in records
        if written_on or published_at
    ]


def published_counts(*, org_ids: list[int], year: int) -> dict[str, int]:
    """Records published in ``year`` (for the annual report's draft text)."""
    from gongkai.disclosure.models import VALIDITY_GENRES, Genre

    qs = Record.objects.filter(organization_id__in=org_ids, status=Status.PUBLISHED, published_at__year=year)
    return {
        "total": qs.count(),
        "interpretations": qs.filter(genre=Genre.INTERPRETATION).count(),
        "normative": qs.filter(genre__in=VALIDITY_GENRES).count(),
    }


MOST_READ_DAYS = 30


def most_read_public_records(*, limit: int = 10, days: int = MOST_READ_DAYS) -> list[Record]:
    """The published records read most in the last ``days`` days (ADR 0041), most read first;
    each carries ``reads``. Withdrawn records and those of deactivated organs drop out."""
    since = timezone.localdate() - timedelta(days=days)
    return list(
        public_records()
        .filter(read_counts__day__gt=since)
        .annotate(reads=Sum("read_counts__count"))
        .order_by("-reads", "-published_at", "-id")[:limit]
    )
