"""Reads of the search statistics for the 政务公开办."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from gongkai.search.models import QueryLog


def query_statistics(
    *, org_ids: list[int] | None, days: int = 30, limit: int = 30, sitewide: bool = False
) -> dict:
    """Top queries and zero-result queries of the last ``days`` days, scoped to the organs given
    (None: the whole installation, including searches not scoped to any organ). ``sitewide``: the
    searches made on the whole site (not on one organ's platform) count too; residents mostly
    search there, so an organ's view of what the public looks for is not complete without them."""
    since = timezone.now() - timedelta(days=days)
    logs = QueryLog.objects.filter(created_at__gte=since)
    if org_ids is not None:
        scope = Q(organization_id__in=org_ids)
        if sitewide:
            scope |= Q(organization__isnull=True)
        logs = logs.filter(scope)
    grouped = logs.values("query").annotate(n=Count("id"), last=Max("created_at"), results=Max("total"))
    return {
        "since": since,
        "searches": logs.count(),
        "sitewide_searches": logs.filter(organization__isnull=True).count(),
        "zero_share": (logs.filter(total=0).count() / logs.count()) if logs.exists() else 0.0,
        "top": list(grouped.order_by("-n", "query")[:limit]),
        "zero": list(
            logs.filter(total=0)
            .values("query")
            .annotate(n=Count("id"), last=Max("created_at"))
            .order_by("-n")[:limit]
        ),
        "by_day": list(
            logs.values("created_at__date")
            .annotate(n=Count("id"), zero=Count("id", filter=Q(total=0)))
            .order_by("created_at__date")
        ),
    }
