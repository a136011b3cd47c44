"""Whole-page cache for anonymous visitors of the public platform.

Every cached page key carries a *generation* number. Any committed change to public content
(records, attachments, validity, annual reports, lists, columns, guides, organs) bumps the
generation through an explicit ``public_content_changed`` call in the write's own service (ADR
0063), so the next request renders afresh: a withdrawn record never lingers in a cached list.
Entries also expire after ``GONGKAI_PORTAL_CACHE_SECONDS`` (0 turns the cache off), which bounds
how late a scheduled publication appears (no write happens when its time comes).

The cache must be the one all worker processes share (Redis, or ``var/cache.sqlite3`` on the
embedded default, ADR 0012): the generation is read on every request, so a bump made by any process
reaches every worker's next request.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

from gongkai.core import preferences

GENERATION_KEY = "portal:generation"
# Headers a view sets for the code around it (e.g. the search page's result count for its log).
KEPT_HEADERS = ("X-Result-Total",)


# An organ's list counts (共 N 条, the category counts; ADR 0047) are keyed on the organ's own
# marker and on one bumped by changes that name no organ (ADR 0057): a publication in one organ
# leaves every other organ's kept counts alone.
ORGAN_KEY = "portal:organ-generation:{}"
EVERY_ORGAN_KEY = "portal:organ-generation:all"


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def organ_generation(organ_id: int) -> str:
    """The marker an organ's kept counts are stored under: it changes with every public change in
    the organ and with every change that names no organ."""
    keys = [EVERY_ORGAN_KEY, ORGAN_KEY.format(organ_id)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # A first or evicted marker starts at the clock, never at a value it held before, so no
            # count kept under an old value can be read again.
            cache.add(key, time.time_ns(), None)
            found[key] = cache.get(key)
    return f"{found[keys[0]]}.{found[keys[1]]}"


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted): a fresh start is a new value too
        cache.set(key, time.time_ns(), None)


def bump_generation(organs: Iterable[int] | None = None) -> None:
    """A committed public change: every cached page and fragment is stale. ``organs`` names the
    organs whose published records (or columns) changed, so whose counts are stale; ``None`` when
    unknown (every organ's), ``()`` when no count can have changed (search pages, links)."""
    from gongkai.core.dbrouting import note_public_change

    # Before the bump: no page may be rendered from a lagging replica under the new generation.
    note_public_change()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates the old keys
        cache.set(GENERATION_KEY, current_generation() + 1, None)
    if organs is None:
        _bump(EVERY_ORGAN_KEY)
        return
    for organ in set(organs):
        _bump(ORGAN_KEY.format(organ))


def bump_generation_on_commit(organs: Iterable[int] | None = None) -> None:
    """Invalidate after the transaction commits (never for a rolled-back write)."""
    organs = None if organs is None else tuple(organs)
    transaction.on_commit(lambda: bump_generation(organs))


def public_content_changed(*organs) -> None:
    """Public content of these organs (``Organization`` objects or ids) was written: after the
    commit, every cached page and fragment is stale and so are these organs' kept list counts.
    No organ named, or ``None`` among them: unknown, so every organ's counts.

    This is the one call every write of public content makes explicitly — no signal receiver does it
    (ADR 0057 for organs and columns, ADR 0063 for records, attachments, validity, annual reports
    and lists): a reader follows the write to its effect. A write that moves something from one
    organ to another names both."""
    ids = tuple(o if isinstance(o, int) or o is None else o.pk for o in organs)
    bump_generation_on_commit(organs=None if not ids or None in ids else ids)


def cache_public_page(view):
    """Serve anonymous GETs of ``view`` from the cache; staff always get a fresh page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        ttl = settings.GONGKAI_PORTAL_CACHE_SECONDS
        # ``gongkai_fresh`` is set only in code (the tamper check renders what is stored now, ADR 0032),
        # never from anything a visitor sends.
        fresh = getattr(request, "gongkai_fresh", False)
        if fresh or not ttl or request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # 长者模式 and the 简繁 switch change the markup (the 繁體 text itself is converted after this
        # cache, by gongkai.core.preferences).
        key = f"portal:page:{current_generation()}:{preferences.page_variant(request)}:{path}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type, headers = cached
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers.items():
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render"):
                response.render()
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(key, (response.content, response["Content-Type"], headers), ttl)
        return response

    return wrapper
