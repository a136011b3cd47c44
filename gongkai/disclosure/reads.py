"""Counting reads of published records for the home page's 最多阅读 (ADR 0041, ADR 0051).

The record view is wrapped by ``count_read`` *outside* the whole-page cache, so a page served from
the cache is counted as well, and the cached page itself never changes because of a count. A page
view only adds one to a counter in the shared cache (one atomic ``incr``, as the rate limits do,
ADR 0012: shared by the workers, and by the nodes with Redis); it never touches the database. The
job ``read-counts`` (``gongkai count_reads``, every minute, ADR 0044) writes what the counters hold
into ``RecordReadCount``, one row per record and day, and takes exactly that much off each counter,
so reads that arrive meanwhile wait for its next run. Each day's counters are listed under a
numbered index in the cache so the job can find them. Nothing about the reader is kept (no
address, cookie or user); crawlers that say so in their User-Agent, the self-inspection's own
renderings (``gongkai_fresh``) and HEAD requests are not counted.
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from functools import wraps

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.disclosure.models import Record, RecordReadCount

log = logging.getLogger(__name__)
ROBOT = re.compile(r"bot|spider|crawl|slurp|curl|wget|python-requests|httpx|monitor", re.IGNORECASE)
# Counters live this long in the cache; the job looks back as many days (a stopped runner that
# starts again within them loses nothing).
KEEP_DAYS = 3
TIMEOUT = KEEP_DAYS * 86400


def is_robot(user_agent: str) -> bool:
    return not user_agent or bool(ROBOT.search(user_agent))


def _counter(day: date, org_slug: str, key: str) -> str:
    return f"reads:{day.isoformat()}:{org_slug}:{key}"


def _add_one(name: str) -> int:
    """``incr`` that starts a missing counter at 1."""
    try:
        return cache.incr(name)
    except ValueError:
        if cache.add(name, 1, TIMEOUT):
            return 1
        return cache.incr(name)  # another worker started it first


def note_read(org_slug: str, key: str) -> None:
    """Count one read of the record at /org/<org_slug>/records/<key>/ (no database access)."""
    day = timezone.localdate()
    name = _counter(day, org_slug, key)
    try:
        cache.incr(name)
        return
    except ValueError:
        pass
    if not cache.add(name, 1, TIMEOUT):
        cache.incr(name)  # another worker started it first (and listed it)
        return
    # This request started the record's counter for the day: list it for the job.
    number = _add_one(f"reads:{day.isoformat()}:n")
    cache.set(f"reads:{day.isoformat()}:{number}", (org_slug, key), TIMEOUT)


def _record(org_slug: str, key: str):
    try:
        year, serial = (int(part) for part in key.split("-", 1))
    except ValueError:
        return None
    return (
        Record.objects.published()
        .filter(organization__slug=org_slug, index_year=year, index_serial=serial)
        .values_list("pk", "organization_id")
        .first()
    )


def flush_reads() -> int:
    """The job's work: write the counted reads of the last ``KEEP_DAYS`` days to the database, on
    the day they were read; returns how many reads were written (withdrawn or unknown keys are
    dropped)."""
    written = 0
    today = timezone.localdate()
    for back in range(KEEP_DAYS):
        day = today - timedelta(days=back)
        listed = cache.get(f"reads:{day.isoformat()}:n") or 0
        if not listed:
            continue
        names = cache.get_many([f"reads:{day.isoformat()}:{i}" for i in range(1, listed + 1)])
        counters = {_counter(day, org_slug, key): (org_slug, key) for org_slug, key in names.values()}
        for name, reads in cache.get_many(list(counters)).items():
            if not reads:
                continue
            cache.decr(name, reads)  # only what is written now: later reads stay for the next run
            found = _record(*counters[name])
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
            try:
                note_read(org, key)
            except Exception:  # a count never costs the reader the page (the cache may be away)
                log.warning("read of %s/%s not counted", org, key, exc_info=True)
        return response

    return wrapper
