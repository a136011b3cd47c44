"""Reports read the other domains only through their selectors (ARCHITECTURE.md)."""

from __future__ import annotations

from dataclasses import asdict, replace
from dataclasses import fields as dataclass_fields
from datetime import date

from django.db.models import Sum

from gongkai.disclosure.selectors import normative_facts
from gongkai.info_requests.selectors import annual_report_appeals, annual_report_application_counts
from gongkai.orgs.models import Kind, Organization
from gongkai.orgs.selectors import organ_profile
from gongkai.powers.selectors import annual_report_item_counts as item_counts
from gongkai.reports import checks, tables
from gongkai.reports.models import YearStatistics


def rollup_org_ids(government: Organization, *, townships: bool = False) -> list[int]:
    """The 本级政府 report covers the government and its own departments (第四十九条: the 本级
    人民政府 sums its 工作部门); with ``townships`` it covers every organ below it, the governments
    under it and their departments included. A department of a subordinate government belongs to
    that government's report, not this one. One query over the subtree, whatever its size."""
    # The tree path of a caller's copy can be stale (treebeard re-sorts siblings): read it afresh.
    government = Organization.objects.get(pk=government.pk)
    ids = [government.pk]
    below = (
        Organization.objects.get_descendants(government).order_by("path").values_list("pk", "path", "kind")
    )
    other_government = None  # path of the subordinate government whose subtree is being skipped
    for pk, path, kind in below:
        if other_government and path.startswith(other_government):
            if townships:
                ids.append(pk)
            continue
        other_government = None
        if kind == Kind.GOVERNMENT:
            other_government = path
            if not townships:
                continue
        ids.append(pk)
    return ids


def format_version(year: int) -> int:
    """国办公开办函〔2021〕30号 from the report on 2021; the 2019 试行 format for 2019 and 2020."""
    return 2021 if year >= 2021 else 2019


def compute(
    org: Organization,
    year: int,
    *,
    rollup: bool = False,
    townships: bool = False,
    previous_section_3: dict | None = None,
) -> dict:
    """Every table of the report on ``year``, as the format prints them, with the checks' results.

    ``previous_section_3`` is last year's frozen table when its report was locked: this year's 二
    must equal what that report carried over (四), not what the data says today."""
    org_ids = rollup_org_ids(org, townships=townships) if rollup else [org.pk]
    until = date(year, 12, 31)
    appeals = annual_report_appeals(org_ids=org_ids, until=until)
    # Section 三 compares years only, so the applications come grouped by year from the database;
    # the 1 January of a year stands for any day of it (exact for every comparison section_3 makes).
    apps = [
        tables.Application(
            c.applicant_kind,
            date(c.received_year, 1, 1),
            date(c.concluded_year, 1, 1) if c.concluded_year else None,
            c.outcome,
            c.count,
        )
        for c in annual_report_application_counts(org_ids=org_ids, until=until)
    ]
    version = format_version(year)
    section_3 = tables.section_3(apps, year, version)
    previous = previous_section_3
    if previous is None and year > 2019:
        previous = tables.section_3(apps, year - 1, format_version(year - 1))
    section_4 = tables.section_4(
        [tables.Appeal(a.kind, a.filed_on, a.result, a.decided_on) for a in appeals], year
    )
    # Summed in the database: one row back for the whole province.
    fields = [f.name for f in dataclass_fields(tables.Statistics)]
    sums = YearStatistics.objects.filter(organization_id__in=org_ids, year=year).aggregate(
        **{name: Sum(name) for name in fields}
    )
    empty = tables.Statistics()
    statistics = tables.Statistics(**{name: getattr(empty, name) + (sums[name] or 0) for name in fields})
    if version == 2019:
        statistics = _with_list_counts(statistics, org_ids=org_ids, year=year)
    documents = [tables.Normative(f.genre, f.issued_on, f.changes) for f in normative_facts(org_ids=org_ids)]
    section_2 = (tables.section_2 if version == 2021 else tables.section_2_2019)(documents, statistics, year)
    failures = checks.check_section_3(
        section_3, previous if previous and version == format_version(year - 1) else None
    )
    failures += checks.check_section_4(section_4)
    return {
        "organ": org.name,
        "year": year,
        "format": "国办公开办函〔2021〕30号" if version == 2021 else "国办公开办函〔2019〕60号（试行）",
        "rollup": rollup,
        "二、主动公开政府信息情况": section_2,
        "三、收到和处理政府信息公开申请情况": section_3,
        "四、政府信息公开行政复议、行政诉讼情况": section_4,
        "checks": [asdict(f) | {"text": str(f)} for f in failures],
        "contact": organ_profile(org).contact_line(),
    }


# The 2019 format's item rows and the 权责清单 categories that count them.
LIST_FIELDS = {
    "licensing": ("licensing_items", "licensing_items_change"),
    "penalty": ("penalty_items", "penalty_items_change"),
    "coercion": ("coercion_items", "coercion_items_change"),
}


def _with_list_counts(statistics: tables.Statistics, *, org_ids: list[int], year: int) -> tables.Statistics:
    """The 2019 format's 上一年项目数量 and 本年增/减 of 行政许可/处罚/强制 from the published 权责清单
    in force at the end of the year before and of the year; when the organs had no published list
    at both dates, the typed figures stay. 处理决定数量 is not in a list and always stays typed."""
    before = item_counts(org_ids=org_ids, on=date(year - 1, 12, 31))
    after = item_counts(org_ids=org_ids, on=date(year, 12, 31))
    if before is None or after is None:
        return statistics
    values = {}
    for category, (items_field, change_field) in LIST_FIELDS.items():
        values[items_field] = before[category]
        values[change_field] = after[category] - before[category]
    return replace(statistics, **values)


def published_reports(*, org: Organization):
    from gongkai.reports.models import AnnualReport, ReportStatus

    return AnnualReport.objects.filter(organization=org, status=ReportStatus.PUBLISHED).order_by(
        "-year", "rollup"
    )


def report_trends(org: Organization, report) -> list:
    """Applications by outcome and records published, for the five years up to the report's.

    A published report carries the figures as a snapshot (``AnnualReport.trends``, ADR 0045), taken
    by the annual-report services when a report of the organ is locked, published or imported;
    without one (a report published before the snapshot existed) they are computed here."""
    from gongkai.reports.charts import stacked_bars

    figures = report.trends or trend_figures(org, report)
    groups = figures["groups"]
    years = figures["years"]
    return [
        stacked_bars("依申请公开办理结果", years, groups, figures["outcomes"]),
        stacked_bars("主动公开政府信息数量", years, ["主动公开"], figures["records"]),
    ]


def trend_figures(org: Organization, report) -> dict:
    """The figures of ``report_trends``, computed from the frozen reports and today's data: twelve
    report computations at most (five years, each from the applications when not frozen)."""
    from gongkai.disclosure.selectors import published_counts
    from gongkai.reports.models import AnnualReport

    frozen = dict(
        AnnualReport.objects.filter(
            organization=org, rollup=report.rollup, year__lte=report.year, data__isnull=False
        )
        .exclude(status="draft")  # an imported report feeds the charts once confirmed and locked
        .values_list("year", "data")
    )
    years = list(range(report.year - 4, report.year + 1))
    groups = list(tables.GROUP_ROWS.values())
    outcomes, records = [], []
    org_ids = rollup_org_ids(org, townships=report.include_townships) if report.rollup else [org.pk]
    for year in years:
        data = frozen.get(year) or compute(
            org, year, rollup=report.rollup, townships=report.include_townships
        )
        section = data["三、收到和处理政府信息公开申请情况"]
        outcomes.append(
            [
                sum(
                    cells.get(tables.TOTAL_COLUMN) or 0
                    for row, cells in section.items()
                    if row.startswith(f"{tables.RESULTS}·{group}")
                )
                for group in groups
            ]
        )
        records.append([published_counts(org_ids=org_ids, year=year)["total"]])
    return {
        "years": years,
        "groups": [g[3:].split("（")[0] for g in groups],
        "outcomes": outcomes,
        "records": records,
    }
