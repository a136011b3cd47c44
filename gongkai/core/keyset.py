"""Keyset (cursor) pagination for lists newest first (ADR 0047).

A page is "the ``size`` rows after (or before) this row" in the order ``-<field>, -id``: the
database walks its index from the cursor, so page 5,000 costs what page 1 costs, and no page runs
``COUNT(*)``. The cursor names a row by its sort key, ``<microseconds since 1970>.<id>``: the id
breaks ties between rows published at the same instant, so every row is on exactly one page.
A link carrying a cursor is stable: it shows the same rows however many are published later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db.models import Q, QuerySet

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class Cursor:
    moment: datetime
    pk: int

    def encode(self) -> str:
        return f"{(self.moment - EPOCH) // MICROSECOND}.{self.pk}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """The cursor in ``text``, or None when it is missing or not one of ours."""
        if not text:
            return None
        micros, dot, pk = text.partition(".")
        if not dot or not micros.lstrip("-").isdigit() or not pk.isdigit() or len(text) > 40:
            return None
        try:
            return cls(EPOCH + int(micros) * MICROSECOND, int(pk))
        except OverflowError:
            return None


@dataclass
class KeysetPage:
    object_list: list
    has_next: bool
    has_previous: bool
    next_cursor: str = ""
    previous_cursor: str = ""
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


# The outer range (<= / >=) is implied by the OR but lets the database seek its index to the
# cursor instead of walking every row before it (SQLite does not use an index range for an OR).
def _older(field_name: str, cursor: Cursor) -> Q:
    tie = Q(**{f"{field_name}__lt": cursor.moment}) | Q(pk__lt=cursor.pk)
    return Q(**{f"{field_name}__lte": cursor.moment}) & tie


def _newer(field_name: str, cursor: Cursor) -> Q:
    tie = Q(**{f"{field_name}__gt": cursor.moment}) | Q(pk__gt=cursor.pk)
    return Q(**{f"{field_name}__gte": cursor.moment}) & tie


def keyset_page(
    qs: QuerySet,
    *,
    size: int,
    after: Cursor | None = None,
    before: Cursor | None = None,
    last: bool = False,
    field_name: str = "published_at",
    older_qs: QuerySet | None = None,
) -> KeysetPage:
    """One page of ``qs`` newest first: the first page, the rows older than ``after``, the rows
    newer than ``before``, or (``last``) the oldest ``size`` rows. ``older_qs`` is ``qs`` already
    bounded by the ``after`` cursor's time, which a database may seek to more directly (SQLite
    uses one upper bound of a range and would otherwise walk from the newest row)."""
    desc = qs.order_by(f"-{field_name}", "-pk")
    asc = qs.order_by(field_name, "pk")
    if before is not None or last:
        window = asc.filter(_newer(field_name, before)) if before is not None else asc
        rows = list(window[: size + 1])
        has_previous = len(rows) > size
        rows = rows[:size][::-1]
        has_next = bool(rows) and desc.filter(_older(field_name, _cursor(rows[-1], field_name))).exists()
    else:
        start = older_qs.order_by(f"-{field_name}", "-pk") if older_qs is not None else desc
        window = start.filter(_older(field_name, after)) if after is not None else desc
        rows = list(window[: size + 1])
        has_next = len(rows) > size
        rows = rows[:size]
        has_previous = (
            after is not None
            and bool(rows)
            and asc.filter(_newer(field_name, _cursor(rows[0], field_name))).exists()
        )
    return KeysetPage(
        object_list=rows,
        has_next=has_next,
        has_previous=has_previous,
        next_cursor=_cursor(rows[-1], field_name).encode() if has_next else "",
        previous_cursor=_cursor(rows[0], field_name).encode() if has_previous else "",
    )


def cursor_before_page(
    qs: QuerySet, number: int, *, size: int, field_name: str = "published_at", total: int | None = None
):
    """The cursor whose ``after`` page is page ``number`` counted from the newest (an old
    ``?page=`` link), or None when page ``number`` is past the end. Reads one row at an offset:
    paid once per old link, which then redirects to the stable cursor address. Given the list's
    ``total`` (the records list keeps it, ADR 0047), a page past the middle is read from the
    oldest end, so the database skips at most half of the list (ADR 0057); past the end is known
    without a read."""
    offset = (number - 1) * size - 1
    if total is not None and offset >= total:
        return None
    if total is not None and offset > total // 2:
        back = total - 1 - offset  # the same row, counted from the oldest
        rows = qs.order_by(field_name, "pk").values_list(field_name, "pk")[back : back + 1]
    else:
        rows = qs.order_by(f"-{field_name}", "-pk").values_list(field_name, "pk")[offset : offset + 1]
    row = list(rows)
    return Cursor(*row[0]) if row else None


def _cursor(obj, field_name: str) -> Cursor:
    return Cursor(getattr(obj, field_name), obj.pk)
