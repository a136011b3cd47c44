"""Every write to a ledger: import (after review), progress reports and their review, 回头看
(carrying unfinished tasks into next year's plan), score adjustments; each one audited."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import require_role
from gongkai.audit.services import record_event
from gongkai.orgs.models import Organization
from gongkai.workplans.models import (
    AssessmentIndicator,
    IndicatorKind,
    ProgressReport,
    ReportStatus,
    ScoreAdjustment,
    Task,
    TaskStatus,
    TaskUnit,
    UnitRole,
    WorkPlan,
)
from gongkai.workplans.parsing import ParsedPlan
from gongkai.workplans.selectors import duplicate_plans, expand_collective, match_unit

LEDGER_ROLES = {Role.COMPETENT_ADMIN}
REPORT_ROLES = {Role.COMPETENT_ADMIN, Role.HEAD, Role.REVIEWER, Role.EDITOR}
DEFAULT_INDICATORS = (
    ("任务完成率", IndicatorKind.COMPLETION, Decimal(70)),
    ("按时完成率", IndicatorKind.TIMELINESS, Decimal(30)),
)


@transaction.atomic
def import_plan(
    *,
    org,
    actor,
    parsed: ParsedPlan,
    source_text: str,
    year: int | None = None,
    allow_duplicate: bool = False,
    expansions: dict[int, dict[str, list[int]]] | None = None,
) -> WorkPlan:
    """The reviewed parse becomes the year's ledger of ``org``; unmatched unit names stay as text.
    A notice already imported (same 发文字号 or same text) is refused unless the official has
    confirmed that a second ledger is wanted (``allow_duplicate``). ``expansions`` are the organs
    the official confirmed for a collective phrase, by task index and phrase: ``{0: {"各乡镇人民政府":
    [organ ids]}}``; only organs the phrase denotes in this government's tree are taken."""
    require_role(actor, org, LEDGER_ROLES)
    year = year or parsed.year
    if not year:
        raise ValidationError("无法确定计划年度，请指定年度。")
    if not parsed.tasks:
        raise ValidationError("没有识别出任何任务，不能导入：请确认这是一份工作要点或实施方案的正文。")
    if not allow_duplicate and (
        existing := duplicate_plans(org=org, doc_number=parsed.doc_number, source_text=source_text)
    ):
        raise ValidationError(
            f"这份通知已导入过（台账“{existing[0].title}”）：如确需再建一本台账，请确认后再导入。",
            code="duplicate",
        )
    plan = WorkPlan.objects.create(
        organization=org,
        year=year,
        title=parsed.title[:300] or f"{year}年政务公开工作要点",
        doc_number=parsed.doc_number,
        issuer=parsed.issuer,
        issued_on=parsed.date,
        source_text=source_text,
        created_by=actor,
    )
    expansions = expansions or {}
    for position, parsed_task in enumerate(parsed.tasks, start=1):
        task = Task.objects.create(
            plan=plan,
            position=position,
            path=parsed_task.path,
            text=parsed_task.text,
            deadline_text=parsed_task.deadline_text,
            deadline=parsed_task.deadline,
            recurrence=parsed_task.recurrence,
            warnings=parsed_task.warnings,
        )
        chosen = expansions.get(position - 1, {})
        _add_units(task, UnitRole.LEAD, parsed_task.lead_units, chosen)
        _add_units(task, UnitRole.RESPONSIBLE, parsed_task.responsible_units, chosen)
    AssessmentIndicator.objects.bulk_create(
        [AssessmentIndicator(plan=plan, name=n, kind=k, weight=w) for n, k, w in DEFAULT_INDICATORS]
    )
    record_event(actor=actor, verb="workplan_imported", obj=plan, changes={"tasks": len(parsed.tasks)})
    return plan


def _add_units(task: Task, role: str, names: list[str], chosen: dict[str, list[int]] | None = None) -> None:
    """The task's units of one role. A collective phrase the official expanded becomes one unit per
    confirmed organ (keeping the phrase); an organ the task already names is not added twice."""
    # Read the organ afresh: a caller's copy may hold a stale tree path (treebeard re-sorts
    # siblings on insert), which would confine matching to another government's subtree.
    government = Organization.objects.get(pk=task.plan.organization_id).government()
    present = set(task.units.exclude(organization=None).values_list("organization_id", flat=True))
    rows = []
    for name in names:
        wanted = set((chosen or {}).get(name, ()))
        # Only organs the phrase denotes in this tree: a posted id of another organ is ignored.
        organs = [o for o in expand_collective(name, government) if o.pk in wanted] if wanted else []
        if not organs:
            organ = match_unit(name, government)
            rows.append(TaskUnit(task=task, role=role, name=name, organization=organ))
            if organ is not None:
                present.add(organ.pk)
            continue
        for organ in organs:
            if organ.pk not in present:
                present.add(organ.pk)
                rows.append(
                    TaskUnit(task=task, role=role, name=organ.name, organization=organ, collective=name)
                )
    TaskUnit.objects.bulk_create(rows)


@transaction.atomic
def report_progress(
    *, task: Task, actor, organization, text: str, claims_done: bool = False, evidence=()
) -> ProgressReport:
    """A unit reports on its task; evidence are records it (or its subordinates) published."""
    require_role(actor, organization, REPORT_ROLES)
    if not task.units.filter(organization=organization).exists():
        raise ValidationError("本机关不是该任务的牵头单位或责任单位。")
    if task.completed_on:
        raise ValidationError("该任务已完成。")
    if not text.strip():
        raise ValidationError("请填写进展情况。")
    report = ProgressReport.objects.create(
        task=task, organization=organization, text=text.strip(), claims_done=claims_done, reported_by=actor
    )
    report.evidence.set(list(evidence))
    record_event(actor=actor, verb="workplan_progress_reported", obj=task.plan, organization=organization)
    return report


@transaction.atomic
def review_report(*, report: ProgressReport, actor, accept: bool, comment: str = "") -> ProgressReport:
    """The 政务公开办 accepts or returns a report; an accepted claim of completion completes the task."""
    report = ProgressReport.objects.select_for_update().select_related("task__plan").get(pk=report.pk)
    plan = report.task.plan
    require_role(actor, plan.organization, LEDGER_ROLES)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError("该进展报告已审核。")
    if not accept and not comment.strip():
        raise ValidationError("退回时请写明意见。")
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.review_comment, report.reviewed_by = comment.strip(), actor
    report.save(update_fields=["status", "review_comment", "reviewed_by", "updated_at"])
    if accept and report.claims_done:
        Task.objects.filter(pk=report.task_id).update(completed_on=timezone.localdate())
    record_event(actor=actor, verb="workplan_report_reviewed", obj=plan, changes={"accepted": accept})
    return report


@transaction.atomic
def carry_over(*, plan: WorkPlan, actor, year: int) -> WorkPlan:
    """回头看: the unfinished tasks, with their units, become a new plan for ``year``."""
    require_role(actor, plan.organization, LEDGER_ROLES)
    unfinished = list(plan.tasks.filter(completed_on__isnull=True).prefetch_related("units"))
    if not unfinished:
        raise ValidationError("该台账的任务均已完成，无需结转。")
    new = WorkPlan.objects.create(
        organization=plan.organization,
        year=year,
        title=f"{plan.title}（回头看：未完成任务结转{year}年）",
        source_text=plan.source_text,
        carried_from=plan,
        created_by=actor,
    )
    for position, task in enumerate(unfinished, start=1):
        copy = Task.objects.create(
            plan=new, position=position, path=task.path, text=task.text, warnings=task.warnings
        )
        TaskUnit.objects.bulk_create(
            [
                TaskUnit(task=copy, role=u.role, name=u.name, organization=u.organization)
                for u in task.units.all()
            ]
        )
    AssessmentIndicator.objects.bulk_create(
        [AssessmentIndicator(plan=new, name=n, kind=k, weight=w) for n, k, w in DEFAULT_INDICATORS]
    )
    record_event(actor=actor, verb="workplan_carried_over", obj=new, changes={"tasks": len(unfinished)})
    return new


@transaction.atomic
def adjust_score(*, plan: WorkPlan, actor, unit: str, points: Decimal, reason: str) -> ScoreAdjustment:
    require_role(actor, plan.organization, LEDGER_ROLES)
    if not reason.strip():
        raise ValidationError("调整分数须写明理由。")
    adjustment = ScoreAdjustment.objects.create(
        plan=plan, unit=unit, points=points, reason=reason.strip(), made_by=actor
    )
    record_event(
        actor=actor, verb="workplan_score_adjusted", obj=plan, reason=reason.strip(), changes={"unit": unit}
    )
    return adjustment


def export_xlsx(plan: WorkPlan, *, today) -> bytes:
    """The ledger in the shape offices use: 序号, 任务, 牵头单位, 责任单位, 时限, 进展, 状态."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from gongkai.core.spreadsheets import append_row

    book = Workbook()
    sheet = book.active
    sheet.title = "工作台账"
    sheet.append(["序号", "任务", "牵头单位", "责任单位", "时限", "进展", "状态"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for task in plan.tasks.prefetch_related("units", "reports"):
        units = list(task.units.all())
        reports = [r for r in task.reports.all() if r.status != ReportStatus.RETURNED]
        append_row(  # user text (tasks, units, progress notes) is written as text, never a formula
            sheet,
            [
                task.position,
                task.text,
                "、".join(u.name for u in units if u.role == UnitRole.LEAD),
                "、".join(u.name for u in units if u.role == UnitRole.RESPONSIBLE),
                task.deadline_text or (task.deadline.isoformat() if task.deadline else ""),
                reports[-1].text if reports else "",
                str(TaskStatus(task.status_on(today)).label),
            ],
        )
    for column, width in zip("ABCDEFG", (6, 60, 20, 30, 14, 40, 8), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def set_indicators(*, plan: WorkPlan, actor, indicators: list[tuple[str, str, Decimal]]) -> None:
    """Replace the plan's 考核指标; the weights must add up to 100."""
    require_role(actor, plan.organization, LEDGER_ROLES)
    cleaned = [(name.strip(), kind, weight) for name, kind, weight in indicators if name.strip()]
    if not cleaned:
        raise ValidationError("至少需要一项考核指标。")
    if any(kind not in IndicatorKind.values or weight < 0 for _, kind, weight in cleaned):
        raise ValidationError("考核指标的计分依据或权重不正确。")
    if sum(weight for *_, weight in cleaned) != 100:
        raise ValidationError("各项指标权重之和应为100分。")
    plan.indicators.all().delete()
    AssessmentIndicator.objects.bulk_create(
        [AssessmentIndicator(plan=plan, name=n, kind=k, weight=w) for n, k, w in cleaned]
    )
    record_event(actor=actor, verb="workplan_indicators_set", obj=plan, changes={"indicators": len(cleaned)})
