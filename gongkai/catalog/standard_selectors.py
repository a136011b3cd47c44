"""Reads of the 标准目录: the public catalogue of an organ (事项查询) and coverage (按时/超期/无内容)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from gongkai.catalog import categories, timelimits
from gongkai.catalog.standard_models import CatalogueItem, CatalogueStatus, CatalogueVersion

RECENT_PUBLICATIONS = 50  # per item, the newest publications judged against the 时限


def published_version(org) -> CatalogueVersion | None:
    return CatalogueVersion.objects.for_org(org).published().first()


def public_items(org, *, domain: str = "", q: str = ""):
    """Items of the organ's published catalogue (nothing before review), found by domain or keyword."""
    version = published_version(org)
    if version is None:
        return CatalogueItem.objects.none()
    items = version.items.select_related("column", "column__organization")
    if domain:
        items = items.filter(domain_code=domain)
    for word in q.split()[:5]:
        items = items.filter(
            Q(level1__icontains=word) | Q(level2__icontains=word) | Q(content__icontains=word)
            | Q(basis__icontains=word) | Q(subject__icontains=word)
        )  # fmt: skip
    return items.order_by("domain_code", "position", "id")


def domains_of(items) -> list[tuple[str, str, list]]:
    """Items grouped by domain, in the order of the 26 domains: [(code, name, [items])]."""
    grouped = defaultdict(list)
    for item in items:
        grouped[item.domain_code].append(item)
    order = [d.code for d in categories.BASE_LEVEL_DOMAINS]
    return [
        (code, categories.domain_name(code), grouped[code])
        for code in sorted(grouped, key=lambda c: order.index(c) if c in order else 99)
    ]


def records_of(item):
    """The published records of the column an item is linked to (and of its sub-columns)."""
    from gongkai.disclosure.models import Record

    if item.column_id is None:
        return Record.objects.none()
    return Record.objects.published().filter(
        Q(column_id=item.column_id) | Q(column__parent_id=item.column_id)
    )


@dataclass
class ItemCoverage:
    item: CatalogueItem
    limit: timelimits.TimeLimit
    judgement: timelimits.Judgement
    records: int
    last_published: date | None

    @property
    def status(self) -> str:
        return self.judgement.status


def coverage(
    org, *, version: CatalogueVersion | None = None, today: date | None = None, calendar=None
) -> list[ItemCoverage]:
    """Per item of the organ's published catalogue (or ``version``): its records, the last
    publication and 按时 / 超期 / 无内容 against its 公开时限 (时限无法识别 is flagged)."""
    from gongkai.disclosure.models import Record
    from gongkai.workdays.selectors import current_calendar

    version = version or published_version(org)
    if version is None:
        return []
    calendar = calendar or current_calendar()
    today = today or timezone.localdate()
    items = list(version.items.select_related("column").order_by("domain_code", "position", "id"))
    column_ids = {i.column_id for i in items if i.column_id}
    publications: dict[int, list[tuple[date | None, date]]] = defaultdict(list)
    rows = (
        Record.objects.published()
        .filter(Q(column_id__in=column_ids) | Q(column__parent_id__in=column_ids))
        .order_by("-published_at")
        .values_list("column_id", "column__parent_id", "written_on", "published_at")
    )
    for column_id, parent_id, written_on, published_at in rows:
        target = column_id if column_id in column_ids else parent_id
        if len(publications[target]) < RECENT_PUBLICATIONS:
            publications[target].append((written_on, timezone.localtime(published_at).date()))
    result = []
    for item in items:
        pubs = publications.get(item.column_id, []) if item.column_id else []
        limit = timelimits.parse(item.time_limit)
        result.append(
            ItemCoverage(
                item=item,
                limit=limit,
                judgement=timelimits.judge(limit, pubs, today, calendar),
                records=len(pubs),
                last_published=max((p for _f, p in pubs), default=None),
            )
        )
    return result


@dataclass
class CoverageSummary:
    org: object
    version: CatalogueVersion | None
    counts: Counter
    by_domain: dict[str, Counter]


def coverage_summary(orgs, *, today: date | None = None) -> list[CoverageSummary]:
    """Coverage per organ and, within it, per domain (for the 政务公开办's page)."""
    summaries = []
    for org in orgs:
        version = published_version(org)
        rows = coverage(org, version=version, today=today) if version else []
        by_domain: dict[str, Counter] = defaultdict(Counter)
        for row in rows:
            by_domain[row.item.domain_code][row.status] += 1
        summaries.append(
            CoverageSummary(org, version, Counter(r.status for r in rows), dict(sorted(by_domain.items())))
        )
    return summaries


def base_level_orgs(orgs):
    return [o for o in orgs if o.level in categories.BASE_LEVELS]


def versions_of(org):
    return CatalogueVersion.objects.for_org(org).prefetch_related("changes__actor")


def open_version(org) -> CatalogueVersion | None:
    return (
        CatalogueVersion.objects.for_org(org)
        .filter(status__in=[CatalogueStatus.DRAFT, CatalogueStatus.RETURNED, CatalogueStatus.SUBMITTED])
        .first()
    )
