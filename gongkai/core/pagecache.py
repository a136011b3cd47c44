"""Whole-page cache for anonymous visitors of the public platform.

Every cached page key carries a *generation* number. Any committed change to public content
(records, attachments, validity, columns, guides, organs) bumps the generation, so the next
request renders afresh: a withdrawn record never lingers in a cached list. Entries also expire
after ``GONGKAI_PORTAL_CACHE_SECONDS`` (0 turns the cache off), which bounds how late a scheduled
publication appears (no write happens when its time comes).

The cache must be the one all worker processes share (Redis, or ``var/cache.sqlite3`` on the
embedded default, ADR 0012): the generation is read on every request, so a bump made by any process
reaches every worker's next request.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

from gongkai.core import preferences

GENERATION_KEY = "portal:generation"
# Headers a view sets for the code around it (e.g. the search page's result count for its log).
KEPT_HEADERS = ("X-Result-Total",)


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def bump_generation() -> None:
    from gongkai.core.dbrouting import note_public_change

    # Before the bump: no page may be rendered from a lagging replica under the new generation.
    note_public_change()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates the old keys
        cache.set(GENERATION_KEY, current_generation() + 1, None)


def bump_generation_on_commit(*args, **kwargs) -> None:
    """Signal receiver: invalidate after the transaction commits (never for a rolled-back write)."""
    transaction.on_commit(bump_generation)


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
