"""Reads of the lists: the public sees published versions only; staff see their organ's drafts."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.powers import diff as list_diff
from gongkai.powers.models import (
    Category,
    ListKind,
    ListVersion,
    PowerListItem,
    VersionStatus,
)


def public_versions(*, org, kind: str) -> QuerySet[ListVersion]:
    """Every version the public may read, newest first (the current one and those it replaced)."""
    return ListVersion.objects.for_org(org).of_kind(kind).public().order_by("-number")


def current_public_version(*, org, kind: str) -> ListVersion | None:
    return ListVersion.objects.for_org(org).of_kind(kind).filter(status=VersionStatus.PUBLISHED).first()


def public_version(*, org, kind: str, number: int) -> ListVersion | None:
    return public_versions(org=org, kind=kind).filter(number=number).first()


def public_items(version: ListVersion, *, category: str = "", query: str = "") -> QuerySet[PowerListItem]:
    """Items of a public version, filtered by 类别 and by a keyword in name, 子项, 依据 or 编码."""
    if not version.is_public:
        return PowerListItem.objects.none()
    items = version.items.all()
    if category in Category.values:
        items = items.filter(category=category)
    for word in query.split()[:5]:
        items = items.filter(
            Q(name__icontains=word)
            | Q(sub_name__icontains=word)
            | Q(basis__icontains=word)
            | Q(code__icontains=word)
        )
    return items


def category_counts(version: ListVersion) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for category in version.items.values_list("category", flat=True):
        counts[category] = counts.get(category, 0) + 1
    return [(value, str(label), counts[value]) for value, label in Category.choices if value in counts]


def versions_diff(old: ListVersion | None, new: ListVersion) -> list_diff.ListDiff:
    labels = {value: str(label) for value, label in Category.choices}
    before = [i.as_row() for i in old.items.all()] if old is not None else []
    return list_diff.diff(before, [i.as_row() for i in new.items.all()], category_labels=labels)


def staff_versions(*, org) -> QuerySet[ListVersion]:
    return ListVersion.objects.for_org(org).order_by("kind", "-number")


def version_in_force(*, org_id: int, kind: str, on: date) -> ListVersion | None:
    """The version that was the published one at the end of ``on``."""
    end = timezone.make_aware(datetime.combine(on, time.max))
    return (
        ListVersion.objects.filter(organization_id=org_id, kind=kind, published_at__lte=end)
        .filter(Q(superseded_at__isnull=True) | Q(superseded_at__gt=end))
        .order_by("-published_at")
        .first()
    )


REPORT_CATEGORIES = (Category.LICENSING, Category.PENALTY, Category.COERCION)


def annual_report_item_counts(*, org_ids: list[int], on: date) -> dict[str, int] | None:
    """行政许可/处罚/强制 items in the 权责清单 in force at the end of ``on``, summed over the organs;
    None when none of them had a published list then (the report keeps what was typed in)."""
    counts = dict.fromkeys(REPORT_CATEGORIES, 0)
    found = False
    for org_id in org_ids:
        version = version_in_force(org_id=org_id, kind=ListKind.POWERS, on=on)
        if version is None:
            continue
        found = True
        for category in version.items.filter(category__in=REPORT_CATEGORIES).values_list(
            "category", flat=True
        ):
            counts[category] += 1
    return {str(k): v for k, v in counts.items()} if found else None
