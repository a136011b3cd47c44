"""Fixed-window rate limits in the shared cache (Redis in production): a script flooding a public
form is stopped, a person filling it in is not."""

from __future__ import annotations

import time

from django.core.cache import cache


def client_ip(request) -> str:
    # Behind the trusted reverse proxy REMOTE_ADDR is set from X-Real-IP by the proxy itself.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt of ``key`` in ``scope``; False once more than ``limit`` fall in the
    current ``window`` seconds."""
    bucket = f"ratelimit:{scope}:{key}:{int(time.time() // window)}"
    cache.add(bucket, 0, window + 1)
    try:
        count = cache.incr(bucket)
    except ValueError:  # evicted between add and incr
        cache.set(bucket, 1, window + 1)
        count = 1
    return count <= limit
