"""The public search page (《政府信息公开条例》第二十四条: 信息检索) and title autocomplete."""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongkai.catalog.categories import ARTICLE_20, ARTICLE_21_CITY_COUNTY, ARTICLE_21_TOWNSHIP, INTERPRETATION
from gongkai.core.pagecache import cache_public_page
from gongkai.core.params import bounded_int, year_param
from gongkai.disclosure.models import Genre, Validity
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import active_organ
from gongkai.search import engine
from gongkai.search.indexer import apply_outbox, catch_up_scheduled
from gongkai.search.models import QueryLog
from gongkai.search.query import MAX_PAGE, SearchRequest, search, suggest_titles
from gongkai.textproc.pii import CARD, ID_NUMBER, MOBILE

logger = logging.getLogger(__name__)
CATEGORIES = list(
    dict.fromkeys(
        (c.code, c.name) for c in [*ARTICLE_20, *ARTICLE_21_CITY_COUNTY, *ARTICLE_21_TOWNSHIP, INTERPRETATION]
    )
)


def _int(value) -> int | None:
    return bounded_int(value, lo=-(2**31), hi=2**31)


def _masked(query: str) -> str:
    """Queries are kept for statistics; ID, card and phone numbers typed into the box are not."""
    for pattern in (ID_NUMBER, CARD, MOBILE):
        query = pattern.sub(lambda m: m.group(0)[:3] + "****", query)
    return query[:200]


def search_request_from(params) -> tuple[SearchRequest, Organization | None]:
    org = active_organ(params.get("org", ""))
    category = params.get("category", "")
    validity = params.get("validity", "")
    genre = params.get("genre", "")
    request = SearchRequest(
        q=params.get("q", "")[:2000],
        org_id=org.pk if org else None,
        include_subordinates=params.get("scope", "sub") != "only",
        category=category if category in dict(CATEGORIES) else "",
        # Out of range is ignored (a clean page), never passed to the index as a 64-bit overflow.
        year_from=year_param(params.get("year_from")),
        year_to=year_param(params.get("year_to")),
        validity=validity if validity in Validity.values else "",
        genre=genre if genre in Genre.values else "",
        sort="date" if params.get("sort") == "date" else "relevance",
        page=bounded_int(params.get("page"), default=1, lo=1, hi=MAX_PAGE),
    )
    return request, org


@require_safe
def search_page(request):
    """Logs the query (buffered) around the page, which anonymous repeats get from the cache."""
    response = _search_page(request)
    q = request.GET.get("q", "").strip()
    if q and request.GET.get("page", "1") in ("", "1") and "X-Result-Total" in response:
        org = request.GET.get("org", "")
        log_query(_masked(q), org, int(response["X-Result-Total"]))
    return response


@cache_public_page
def _search_page(request):
    search_request, org = search_request_from(request.GET)
    response = None
    elapsed = 0.0
    if "q" in request.GET:
        catch_up_scheduled()
        started = time.perf_counter()
        try:
            response = search(search_request)
        except engine.IndexUnavailable:
            return _unavailable(request)
        elapsed = time.perf_counter() - started
    query = request.GET.copy()
    query.pop("page", None)
    page = render(
        request,
        "search/search.html",
        {
            "response": response,
            "req": search_request,
            "org": org,
            "elapsed_ms": round(elapsed * 1000, 1),
            "categories": CATEGORIES,
            "validities": Validity.choices,
            "genres": Genre.choices,
            "organs": cache.get_or_set(
                "search:organs", lambda: list(Organization.objects.active().values_list("slug", "name")), 60
            ),
            "querystring": query.urlencode(),
        },
    )
    if response is not None:
        page["X-Result-Total"] = str(response.total)
    return page


def _unavailable(request):
    """检索暂不可用 (503, not cached): the rest of the site works; the index is being rebuilt."""
    heal_in_background()
    response = render(request, "search/unavailable.html", status=503)
    response["Retry-After"] = "60"
    return response


HEAL_KEY = "search:heal-started"


def heal_in_background() -> None:
    """On the embedded setup (inline indexer) nothing else would notice: start one rebuild.

    Where a worker follows the outbox (``search_indexer --follow``), it rebuilds on its next run.
    """
    if settings.GONGKAI_SEARCH_INDEXER != "inline" or not cache.add(HEAL_KEY, 1, 300):
        return

    def run():
        from django.db import connection

        try:
            apply_outbox(wait=True)
        except Exception:
            logger.exception("rebuilding the search index failed")
        finally:
            connection.close()

    threading.Thread(target=run, name="search-heal", daemon=True).start()


_log_buffer: list[tuple[str, str, int]] = []
_log_flushed_at = [time.monotonic()]
LOG_FLUSH_EVERY = 50
LOG_FLUSH_SECONDS = 10


def log_query(query: str, org_slug: str, total: int) -> None:
    """Queue one search for the statistics; written in bulk (a page view never waits on a write
    of its own). At most ``LOG_FLUSH_EVERY`` entries or ``LOG_FLUSH_SECONDS`` of them can be lost
    if the process dies."""
    _log_buffer.append((query, org_slug, total))
    if len(_log_buffer) >= LOG_FLUSH_EVERY or time.monotonic() - _log_flushed_at[0] > LOG_FLUSH_SECONDS:
        flush_query_log()


def flush_query_log() -> None:
    entries, _log_buffer[:] = list(_log_buffer), []
    _log_flushed_at[0] = time.monotonic()
    if not entries:
        return
    orgs = dict(Organization.objects.filter(slug__in={e[1] for e in entries}).values_list("slug", "pk"))
    QueryLog.objects.bulk_create(
        [QueryLog(query=q, organization_id=orgs.get(slug), total=total) for q, slug, total in entries]
    )


@require_safe
def suggest(request):
    org = Organization.objects.active().filter(slug=request.GET.get("org", "")).first()
    titles = suggest_titles(request.GET.get("q", "")[:100], org_id=org.pk if org else None)
    return JsonResponse({"suggestions": titles}, json_dumps_params={"ensure_ascii": False})
