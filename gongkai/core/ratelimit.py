"""Fixed-window rate limits in the shared cache (Redis in production, ``var/cache.sqlite3`` on the
embedded default, both atomic across worker processes): a script flooding a public form is
stopped, a person filling it in is not."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str | None:
    """The client's address: from the header the trusted reverse proxy sets
    (``GONGKAI_CLIENT_IP_HEADER``, which it overwrites, so clients cannot forge it), else
    REMOTE_ADDR. Without it every visitor behind the proxy would share one rate limit."""
    header = settings.GONGKAI_CLIENT_IP_HEADER
    address = request.META.get(header, "") if header else ""
    return address.split(",")[0].strip() or request.META.get("REMOTE_ADDR") or None


def _bucket(scope: str, key: str, window: int) -> str:
    return f"ratelimit:{scope}:{key}:{int(time.time() // window)}"


def exceeded(scope: str, key: str, *, limit: int, window: int) -> bool:
    """True once ``key`` was counted (``allow``) ``limit`` times in this window; counts nothing."""
    return (cache.get(_bucket(scope, key, window)) or 0) >= limit


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt of ``key`` in ``scope``; False once more than ``limit`` fall in the
    current ``window`` seconds."""
    bucket = _bucket(scope, key, window)
    cache.add(bucket, 0, window + 1)
    try:
        count = cache.incr(bucket)
    except ValueError:  # evicted between add and incr
        cache.set(bucket, 1, window + 1)
        count = 1
    return count <= limit
