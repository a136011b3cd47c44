"""Counting reads of published records for the home page's 最多阅读 (ADR 0041).

The record view is wrapped by ``count_read`` *outside* the whole-page cache, so a page served from
the cache is counted as well, and the cached page itself never changes because of a count. Reads
are buffered in the process and written in bulk, one row per record and day
(``RecordReadCount``): a page view never waits on a write of its own, and at most
``FLUSH_EVERY`` reads or ``FLUSH_SECONDS`` of them are lost if the process dies. Nothing about the
reader is kept (no address, cookie or user); crawlers that say so in their User-Agent, the
self-inspection's own renderings (``gongkai_fresh``) and HEAD requests are not counted.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from functools import wraps

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.disclosure.models import Record, RecordReadCount

FLUSH_EVERY = 50
FLUSH_SECONDS = 10
ROBOT = re.compile(r"bot|spider|crawl|slurp|curl|wget|python-requests|httpx|monitor", re.IGNORECASE)

_lock = threading.Lock()
_pending: Counter[tuple[str, str]] = Counter()
_flushed_at = [time.monotonic()]


def is_robot(user_agent: str) -> bool:
    return not user_agent or bool(ROBOT.search(user_agent))


def note_read(org_slug: str, key: str) -> None:
    """Queue one read of the record at /org/<org_slug>/records/<key>/."""
    with _lock:
        _pending[(org_slug, key)] += 1
        due = sum(_pending.values()) >= FLUSH_EVERY or time.monotonic() - _flushed_at[0] > FLUSH_SECONDS
    if due:
        flush_reads()


def flush_reads() -> int:
    """Write the queued reads; returns how many reads were written (withdrawn or unknown keys are dropped)."""
    with _lock:
        entries = dict(_pending)
        _pending.clear()
        _flushed_at[0] = time.monotonic()
    written = 0
    day = timezone.localdate()
    for (org_slug, key), reads in entries.items():
        try:
            year, serial = (int(part) for part in key.split("-", 1))
        except ValueError:
            continue
        found = (
            Record.objects.published()
            .filter(organization__slug=org_slug, index_year=year, index_serial=serial)
            .values_list("pk", "organization_id")
            .first()
        )
        if found is None:
            continue
        _add(record_id=found[0], organization_id=found[1], day=day, reads=reads)
        written += reads
    return written


def _add(*, record_id: int, organization_id: int, day, reads: int) -> None:
    rows = RecordReadCount.objects.filter(record_id=record_id, day=day)
    with transaction.atomic():
        if rows.update(count=F("count") + reads):
            return
        try:
            with transaction.atomic():
                RecordReadCount.objects.create(
                    record_id=record_id, organization_id=organization_id, day=day, count=reads
                )
        except IntegrityError:  # another process created today's row first
            rows.update(count=F("count") + reads)


def count_read(view):
    """Count a successful GET of a record page, whether it came from the page cache or not."""

    @wraps(view)
    def wrapper(request, org, key, *args, **kwargs):
        response = view(request, org, key, *args, **kwargs)
        if (
            response.status_code == 200
            and request.method == "GET"
            and not getattr(request, "gongkai_fresh", False)
            and not is_robot(request.headers.get("User-Agent", ""))
        ):
            note_read(org, key)
        return response

    return wrapper
