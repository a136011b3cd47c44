"""Annual reports: draft (text generated from the data), lock (freeze the tables), publish (checks
first; a 负责人 may override a failing check with a written reason, which the audit log keeps)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import require_role
from gongkai.audit.services import record_event
from gongkai.core.pagecache import public_content_changed
from gongkai.disclosure.selectors import published_counts
from gongkai.info_requests.selectors import fees_collected
from gongkai.participation.questions.statistics import narrative_for as interaction_narrative
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
    # 政民互动 (政策咨询, 意见征集) in figures the report can cite, from the platform's own records.
    interaction = interaction_narrative(org_ids, year)
    if interaction["received"] or interaction["consultations"]:
        overview += f"\n本年度政民互动情况：{interaction['sentence']}"
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


# A template marker left in the text: the drafts' own （请补充：…） and （请填写。）, and the usual
# blanks of report templates (××件, 【…】, {{…}}, XXX).
PLACEHOLDER = re.compile(
    r"（请(?:补充|填写|补全|完善)[^）]*）|\(请(?:补充|填写)[^)]*\)|××+|【[^】]{0,30}】|\{\{.*?\}\}|X{3,}"
)
SECTIONS = {
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}


def unfinished_parts(report: AnnualReport) -> list[str]:
    """What keeps a report from being finished (第五十条: every section reported): a section left
    empty, or a template placeholder still in the text. An imported past report carries only its
    tables (its text stays on the original page), so only placeholders count there."""
    out = []
    imported = bool(report.data and report.data.get("imported"))
    for field, title in SECTIONS.items():
        text = (getattr(report, field) or "").strip()
        if not text and not imported:
            out.append(f"“{title}”尚未填写。")
        for marker in PLACEHOLDER.findall(text):
            out.append(f"“{title}”中仍有待填写的内容：{marker}")
    return out


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
    if report.data and report.data.get("imported"):
        # A past report is frozen as published and confirmed, never recomputed from today's data.
        left = unconfirmed_cells(report)
        if left:
            raise ValidationError(
                [f"还有{len(left)}个单元格未确认，请对照原报告逐一确认后再锁定："]
                + [f"{c['row'].split('·')[-1]}·{c['column']}" for c in left[:10]]
            )
        report.status, report.locked_at = ReportStatus.LOCKED, timezone.now()
        report.save(update_fields=["status", "locked_at", "updated_at"])
        record_event(actor=actor, verb="annual_report_locked", obj=report, changes={"imported": True})
        refresh_trends(org=report.organization, rollup=report.rollup)
        return report
    last_year = (
        AnnualReport.objects.filter(
            organization=report.organization, year=report.year - 1, rollup=report.rollup, data__isnull=False
        )
        .exclude(status=ReportStatus.DRAFT)
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
    refresh_trends(org=report.organization, rollup=report.rollup)  # its year is frozen now
    return report


@transaction.atomic
def publish(*, report: AnnualReport, actor, override_reason: str = "") -> AnnualReport:
    """Publish a locked report into the organ's 年报 section. A failing check or an empty section
    blocks unless a 负责人 gives a written reason (kept in the audit log); a placeholder always
    blocks."""
    report = AnnualReport.objects.select_for_update().select_related("organization").get(pk=report.pk)
    require_role(actor, report.organization, EDIT_ROLES)
    if report.status != ReportStatus.LOCKED:
        raise ValidationError("请先锁定统计数据再发布。")
    failures = report.data.get("checks", [])
    unfinished = unfinished_parts(report)
    # A template marker (（请补充：…）, （请填写。）) is not content the report states (第五十条):
    # no override publishes it; the official replaces or deletes it first.
    markers = [m for m in unfinished if "待填写的内容" in m]
    if markers:
        raise ValidationError(["报告中仍有待填写的内容，不能发布（负责人也不能越过）：", *markers])
    if failures or unfinished:
        if not override_reason.strip():
            messages = []
            if unfinished:
                messages += ["报告尚未写完，不能发布：", *unfinished]
            if failures:
                messages += ["校验未通过，不能发布：", *[f["text"] for f in failures]]
            raise ValidationError(messages)
        require_role(actor, report.organization, {Role.HEAD})
    report.status, report.published_at = ReportStatus.PUBLISHED, timezone.now()
    report.override_reason = override_reason.strip() if failures or unfinished else ""
    report.save(update_fields=["status", "published_at", "override_reason", "updated_at"])
    record_event(
        actor=actor,
        verb="annual_report_published",
        obj=report,
        reason=report.override_reason,
        changes={"failed_checks": [f["text"] for f in failures], "unfinished": unfinished},
    )
    # The report now public is among those whose charts this retakes: it calls
    # public_reports_changed for the organ, which shows this report on the next request.
    refresh_trends(org=report.organization, rollup=report.rollup)
    return report


def public_reports_changed(org) -> None:
    """The organ's published annual reports (their text, tables or 历年对比 charts) changed: the
    cached pages and fragments that show them are stale after the commit. Called explicitly by the
    writes that change a public report (ADR 0063; before, a post_save receiver did). Drafts and
    locked reports are not public: preparing, editing, importing or locking one calls nothing by
    itself — only through ``refresh_trends`` when published reports' charts are retaken."""
    public_content_changed(org)


def refresh_trends(*, org, rollup: bool) -> None:
    """Take the 历年对比 snapshot of every published report of ``org`` (ADR 0045): a report's
    charts read the frozen tables of the organ's other reports, so a lock, publication or import of
    any of them retakes all — and the pages showing those charts are invalidated here."""
    retaken = False
    for published in AnnualReport.objects.filter(
        organization=org, rollup=rollup, status=ReportStatus.PUBLISHED
    ).select_related("organization"):
        figures = selectors.trend_figures(published.organization, published)
        AnnualReport.objects.filter(pk=published.pk).update(trends=figures)
        retaken = True
    if retaken:
        public_reports_changed(org)


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


def import_past_report(
    *,
    org,
    actor,
    year: int | None = None,
    pasted: str = "",
    upload: tuple[str, bytes] | None = None,
    rollup: bool = False,
    replace: bool = False,
) -> tuple[AnnualReport, list[str]]:
    """A report published before the platform, read back into its tables (``reader``).

    It is saved LOCKED only when every cell was read or derived without doubt and the published
    arithmetic holds; otherwise it is saved as a DRAFT with the flagged cells and the failing checks
    shown beside the source, for the official to confirm or correct (``confirm_imported_cells``)
    before locking. A locked or published report is never replaced; a draft only when ``replace``.
    Nothing is saved when nothing could be read."""
    from gongkai.reports import reader
    from gongkai.reports.imports import imported_data

    require_role(actor, org, EDIT_ROLES)
    try:
        text = reader.text_of_upload(*upload) if upload else pasted
    except reader.NotAReport as exc:
        raise ValidationError(str(exc)) from exc
    if not text.strip():
        raise ValidationError("请粘贴报告内容或上传文件。")
    try:
        year = year or reader.detect_year(reader.normalize(reader.text_of(text)))
    except reader.NotAReport as exc:
        raise ValidationError(str(exc)) from exc
    if not year or not 2008 <= year <= 2100:
        raise ValidationError("无法从报告中看出年度，请填写年度。")
    with transaction.atomic():
        existing = (
            AnnualReport.objects.select_for_update()
            .filter(organization=org, year=year, rollup=rollup)
            .first()
        )
        if existing and existing.status != ReportStatus.DRAFT:
            raise ValidationError(f"{year}年的年度报告已锁定或发布，不能覆盖。")
        if existing and not replace:
            raise ValidationError(
                f"{year}年已有年度报告草稿。确认用导入的报告替换它，请勾选“替换已有草稿”后再导入。"
            )
        last = (
            AnnualReport.objects.filter(organization=org, year=year - 1, rollup=rollup, data__isnull=False)
            .exclude(status=ReportStatus.DRAFT)
            .values_list("data", flat=True)
            .first()
        )
        try:
            reading = reader.read_report(text, year, previous=(last or {}).get(S3))
        except reader.NotAReport as exc:
            raise ValidationError(str(exc)) from exc
        if not any(c.status in ("read", "derived", "ambiguous") for c in reading.cells):
            raise ValidationError(
                [
                    "没有读到年度报告的任何统计表（第二、三、四部分），请粘贴报告正文或表格。",
                    *reading.problems[:3],
                ]
            )
        data = imported_data(reading, reader.text_of(text) if not upload else text)
        clean = reading.complete and not reading.checks and not reading.problems
        values = {
            "status": ReportStatus.LOCKED if clean else ReportStatus.DRAFT,
            "data": data,
            "locked_at": timezone.now() if clean else None,
            "overview": "（本报告由已发布的报告导入，仅含统计表。）",
            "problems": "",
            "other_matters": "",
        }
        report, _ = AnnualReport.objects.update_or_create(
            organization=org, year=year, rollup=rollup, defaults=values
        )
        record_event(
            actor=actor,
            verb="annual_report_imported",
            obj=report,
            changes={
                "status": report.status,
                "problems": reading.problems,
                "checks": [c["text"] for c in data["checks"]],
                "flagged": len(data["import"]["flagged"]),
                "replaced": bool(existing),
            },
        )
        if report.status == ReportStatus.LOCKED:
            refresh_trends(org=org, rollup=rollup)  # a frozen year the charts read
    return report, reading.problems


@transaction.atomic
def confirm_imported_cells(*, report: AnnualReport, actor, values: dict[int, str]) -> AnnualReport:
    """The official's value for flagged cells of an imported draft (a candidate, or read from the
    original): written into the table, the checks run again, each change audited."""
    from gongkai.reports import reader

    report = AnnualReport.objects.select_for_update().select_related("organization").get(pk=report.pk)
    require_role(actor, report.organization, EDIT_ROLES)
    data = report.data or {}
    if report.status != ReportStatus.DRAFT or not data.get("imported"):
        raise ValidationError("只有导入后尚未锁定的报告可以确认单元格。")
    flagged = {cell["id"]: cell for cell in data["import"]["flagged"]}
    changed, errors = [], []
    for cell_id, raw in values.items():
        cell = flagged.get(cell_id)
        if cell is None or not str(raw).strip():
            continue
        value = reader._value(str(raw).strip())
        if value is None or (isinstance(value, int) and value < 0 and "增/减" not in cell["column"]):
            errors.append(f"“{cell['row'].split('·')[-1]}·{cell['column']}”应为数字：{raw}")
            continue
        data.setdefault(cell["table"], {}).setdefault(cell["row"], {})[cell["column"]] = reader._plain(value)
        cell.update(value=reader._plain(value), status="confirmed")
        changed.append({"cell": f"{cell['row']}·{cell['column']}", "value": reader._plain(value)})
    if errors:
        raise ValidationError(errors)
    data["checks"] = [
        {"text": f"{c['cell']}——{c['message']}", **c}
        for c in reader.check_tables(
            data.get(S3, {}), data.get(reader.S4, {}), data["import"].get("section_3_format", 2021)
        )
    ]
    report.data = data
    report.save(update_fields=["data", "updated_at"])
    record_event(actor=actor, verb="annual_report_import_confirmed", obj=report, changes={"cells": changed})
    return report


def unconfirmed_cells(report: AnnualReport) -> list[dict]:
    data = report.data or {}
    if not data.get("imported"):
        return []
    return [c for c in data["import"]["flagged"] if c["status"] != "confirmed"]
