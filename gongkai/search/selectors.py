"""Reads of the search statistics for the 政务公开办."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from gongkai.search.models import QueryLog


def query_statistics(*, org_ids: list[int] | None, days: int = 30, limit: int = 30) -> dict:
    """Top queries and zero-result queries of the last ``days`` days, scoped to the organs given
    (None: the whole installation, including searches not scoped to any organ)."""
    since = timezone.now() - timedelta(days=days)
    logs = QueryLog.objects.filter(created_at__gte=since)
    if org_ids is not None:
        logs = logs.filter(organization_id__in=org_ids)
    grouped = logs.values("query").annotate(n=Count("id"), last=Max("created_at"), results=Max("total"))
    return {
        "since": since,
        "searches": logs.count(),
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
