"""Annual reports: draft (text generated from the data), lock (freeze the tables), publish (checks
first; a 负责人 may override a failing check with a written reason, which the audit log keeps)."""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import require_role
from gongkai.audit.services import record_event
from gongkai.disclosure.selectors import published_counts
from gongkai.info_requests.selectors import fees_collected
from gongkai.reports import selectors, tables
from gongkai.reports.models import AnnualReport, ReportStatus
from gongkai.workplans.selectors import plan_completion

EDIT_ROLES = {Role.HEAD, Role.COMPETENT_ADMIN}
S3 = "三、收到和处理政府信息公开申请情况"


def _jsonable(data: dict) -> dict:
    return json.loads(json.dumps(data, default=lambda v: str(v) if isinstance(v, Decimal) else v))


def draft_texts(org, year: int, data: dict, *, rollup: bool, townships: bool = False) -> dict[str, str]:
    """Sections 一, 五 and 六 as a first draft written from the year's own numbers."""
    org_ids = selectors.rollup_org_ids(org, townships=townships) if rollup else [org.pk]
    counts = published_counts(org_ids=org_ids, year=year)
    s3 = data[S3]
    new = s3[tables.NEW][tables.TOTAL_COLUMN]
    carried = s3[tables.CARRIED_IN][tables.TOTAL_COLUMN]
    done = s3[f"{tables.RESULTS}·{tables.RESULTS_TOTAL}"][tables.TOTAL_COLUMN]
    out = s3[tables.CARRIED_OUT][tables.TOTAL_COLUMN]
    fee_count, fee_total = fees_collected(org_ids=org_ids, year=year)
    overview = (
        f"{year}年，{org.name}认真贯彻落实《中华人民共和国政府信息公开条例》，现将本年度政府信息公开工作情况报告如下。\n"
        f"（一）主动公开。全年主动公开政府信息{counts['total']}条，其中规章和规范性文件{counts['normative']}件，"
        f"政策解读{counts['interpretations']}篇。\n"
        f"（二）依申请公开。本年新收政府信息公开申请{new}件，上年结转{carried}件，办结{done}件，结转下年度继续办理{out}件。\n"
        "（三）政府信息管理。（请补充：政府信息公开审查、动态更新等情况。）\n"
        "（四）平台建设。（请补充：政府信息公开平台、政务新媒体建设情况。）\n"
        "（五）监督保障。（请补充：工作考核、社会评议和责任追究结果情况。）"
    )
    completion = plan_completion(org_ids=org_ids, year=year)
    if completion:
        total, completed = completion
        overview += f"\n本年度政务公开工作要点台账共{total}项任务，已完成{completed}项。"
    problems = "（一）存在的主要问题。（请填写。）\n（二）改进情况。（请填写。）"
    other = (
        f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度收取信息处理费{fee_total}元，涉及{fee_count}件申请。"
        if fee_count
        else "本年度未收取政府信息公开信息处理费。"
    )
    return {"overview": overview, "problems": problems, "other_matters": other}


@transaction.atomic
def prepare(*, org, actor, year: int, rollup: bool = False, townships: bool = False) -> AnnualReport:
    """The draft of ``year``'s report, created with text written from the data."""
    require_role(actor, org, EDIT_ROLES)
    if rollup and not org.is_government:
        raise ValidationError("汇总报告只适用于人民政府。")
    report, created = AnnualReport.objects.select_for_update().get_or_create(
        organization=org, year=year, rollup=rollup
    )
    if created:
        report.include_townships = rollup and townships
        data = selectors.compute(org, year, rollup=rollup, townships=report.include_townships)
        for name, text in draft_texts(
            org, year, data, rollup=rollup, townships=report.include_townships
        ).items():
            setattr(report, name, text)
        report.save()
        record_event(actor=actor, verb="annual_report_prepared", obj=report, changes={"year": year})
    return report


@transaction.atomic
def update_texts(
    *, report: AnnualReport, actor, overview: str, problems: str, other_matters: str
) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    require_role(actor, report.organization, EDIT_ROLES)
    if report.status == ReportStatus.PUBLISHED:
        raise ValidationError("已发布的年度报告不能修改。")
    report.overview, report.problems, report.other_matters = (
        overview.strip(),
        problems.strip(),
        other_matters.strip(),
    )
    report.save(update_fields=["overview", "problems", "other_matters", "updated_at"])
    record_event(actor=actor, verb="annual_report_text_updated", obj=report)
    return report


@transaction.atomic
def lock(*, report: AnnualReport, actor) -> AnnualReport:
    """Freeze the tables as they stand now: later edits to applications do not change them."""
    report = AnnualReport.objects.select_for_update().select_related("organization").get(pk=report.pk)
    require_role(actor, report.organization, EDIT_ROLES)
    if report.status != ReportStatus.DRAFT:
        raise ValidationError("该年度报告已锁定。")
    last_year = (
        AnnualReport.objects.filter(
            organization=report.organization, year=report.year - 1, rollup=report.rollup, data__isnull=False
        )
        .values_list("data", flat=True)
        .first()
    )
    report.data = _jsonable(
        selectors.compute(
            report.organization,
            report.year,
            rollup=report.rollup,
            townships=report.include_townships,
            previous_section_3=last_year[S3] if last_year else None,
        )
    )
    report.status, report.locked_at = ReportStatus.LOCKED, timezone.now()
    report.save(update_fields=["data", "status", "locked_at", "updated_at"])
    record_event(
        actor=actor, verb="annual_report_locked", obj=report, changes={"checks": len(report.data["checks"])}
    )
    return report


@transaction.atomic
def publish(*, report: AnnualReport, actor, override_reason: str = "") -> AnnualReport:
    """Publish a locked report into the organ's 年报 section. A failing check blocks unless a
    负责人 gives a written reason (kept in the audit log)."""
    report = AnnualReport.objects.select_for_update().select_related("organization").get(pk=report.pk)
    require_role(actor, report.organization, EDIT_ROLES)
    if report.status != ReportStatus.LOCKED:
        raise ValidationError("请先锁定统计数据再发布。")
    failures = report.data.get("checks", [])
    if failures:
        if not override_reason.strip():
            raise ValidationError(["校验未通过，不能发布："] + [f["text"] for f in failures])
        require_role(actor, report.organization, {Role.HEAD})
    report.status, report.published_at = ReportStatus.PUBLISHED, timezone.now()
    report.override_reason = override_reason.strip() if failures else ""
    report.save(update_fields=["status", "published_at", "override_reason", "updated_at"])
    record_event(
        actor=actor,
        verb="annual_report_published",
        obj=report,
        reason=report.override_reason,
        changes={"failed_checks": [f["text"] for f in failures]},
    )
    return report


def import_statistics(*, org, actor, name: str, data: bytes):
    """Save the rows of a statistics file; a locked year is not changed. Returns the result.

    The file is parsed (bounded, in a child process for .xlsx) before the transaction opens.
    """
    from gongkai.reports.imports import read_statistics

    require_role(actor, org, EDIT_ROLES)
    result = read_statistics(name, data)
    return _save_statistics(org=org, actor=actor, result=result)


@transaction.atomic
def _save_statistics(*, org, actor, result):
    from gongkai.reports.models import YearStatistics

    locked = set(
        AnnualReport.objects.filter(organization=org)
        .exclude(status=ReportStatus.DRAFT)
        .values_list("year", flat=True)
    )
    saved = []
    for row in result.rows:
        if row["year"] in locked:
            result.problems.append(f"{row['year']}年的年度报告已锁定，统计数据未更改。")
            continue
        YearStatistics.objects.update_or_create(
            organization=org, year=row["year"], defaults={k: v for k, v in row.items() if k != "year"}
        )
        saved.append(row["year"])
    record_event(actor=actor, verb="report_statistics_imported", organization=org, changes={"years": saved})
    return result


@transaction.atomic
def import_past_report(
    *, org, actor, year: int, pasted: str, rollup: bool = False
) -> tuple[AnnualReport, list[str]]:
    """A report published before the platform, read back into data (locked, for history and the
    trend charts); what could not be read is returned, and what was read is kept."""
    from gongkai.reports.imports import read_past_report

    require_role(actor, org, EDIT_ROLES)
    if (
        AnnualReport.objects.filter(organization=org, year=year, rollup=rollup)
        .exclude(status=ReportStatus.DRAFT)
        .exists()
    ):
        raise ValidationError(f"{year}年的年度报告已锁定或发布，不能覆盖。")
    data, problems = read_past_report(pasted, year)
    if not data["三、收到和处理政府信息公开申请情况"]:
        raise ValidationError(["没有读到第三部分的任何一行，请粘贴报告正文或表格。", *problems])
    report, _ = AnnualReport.objects.update_or_create(
        organization=org,
        year=year,
        rollup=rollup,
        defaults={
            "status": ReportStatus.LOCKED,
            "data": data,
            "locked_at": timezone.now(),
            "overview": "（本报告由已发布的报告导入，仅含统计表。）",
        },
    )
    record_event(
        actor=actor,
        verb="annual_report_imported",
        obj=report,
        changes={"problems": problems, "checks": data["checks"]},
    )
    return report, problems
