"""Public anonymous reads from a read replica, when one is configured, and never a read-after-write.

``DATABASE_REPLICA_URL`` adds the database alias ``replica`` (a PostgreSQL streaming replica of
``default``). ``ReplicaRoutingMiddleware`` decides, per request, whether its reads may go there
(docs/decisions/0048-more-than-one-machine.md):

- only GET/HEAD of the public site by a visitor without a session cookie (staff, and anyone who has
  logged in or started a session, always read the primary), never ``/workbench/`` or ``/ops-admin/``;
- not for a client that wrote in the last ``GONGKAI_REPLICA_PIN_SECONDS`` (a POST — an application,
  a comment, a question — sets a short cookie, so the page it redirects to reads the primary);
- not for anyone while a public change is younger than ``GONGKAI_REPLICA_LAG_SECONDS``: the page
  cache's generation is bumped at that commit, and a page rendered from a replica that has not yet
  replayed it would be cached under the new generation (a withdrawn record shown for a minute);
- from the first write inside a request on (``db_for_write``), and inside any open transaction, the
  rest of the request reads the primary.

Everything outside a request (jobs, the indexer, management commands) reads the primary.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "gk_primary"
PUBLIC_CHANGE_KEY = "db:public-change-at"
PRIMARY_ONLY_PREFIXES = ("/workbench/", "/ops-admin/")


@dataclass
class Route:
    replica: bool
    wrote: bool = False


_route: ContextVar[Route | None] = ContextVar("gongkai_db_route", default=None)


def replica_configured() -> bool:
    return bool(settings.GONGKAI_READ_REPLICA)


def note_public_change() -> None:
    """Called at each page-cache generation bump: replicas may lag behind this commit for a while.

    Written whether or not this process reads a replica: the process that publishes may not be a
    node that serves pages."""
    cache.set(PUBLIC_CHANGE_KEY, time.time(), settings.GONGKAI_REPLICA_LAG_SECONDS + 60)


def may_read_replica(request) -> bool:
    if not replica_configured() or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(PRIMARY_ONLY_PREFIXES):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or PIN_COOKIE in request.COOKIES:
        return False
    changed_at = cache.get(PUBLIC_CHANGE_KEY)
    return changed_at is None or time.time() - changed_at >= settings.GONGKAI_REPLICA_LAG_SECONDS


class ReplicaRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _route.set(Route(replica=may_read_replica(request)))
        try:
            response = self.get_response(request)
        finally:
            _route.reset(token)
        if replica_configured() and request.method not in ("GET", "HEAD", "OPTIONS"):
            # This client's next pages (the redirect after the form) read what it just wrote.
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.GONGKAI_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


class PrimaryReplicaRouter:
    """Reads go to ``replica`` only inside a request the middleware allowed, before any write."""

    def db_for_read(self, model, **hints):
        route = _route.get()
        if route is None or not route.replica or route.wrote:
            return "default"
        if connections["default"].in_atomic_block:
            return "default"
        return settings.GONGKAI_READ_REPLICA

    def db_for_write(self, model, **hints):
        route = _route.get()
        if route is not None:
            route.wrote = True
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
