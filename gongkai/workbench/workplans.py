"""工作要点台账 in the workbench: paste or upload a notice, review the parse beside the source and
correct it, import; follow the ledger, report progress, review reports, export, score."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gongkai.core.params import bounded_int, year_param
from gongkai.disclosure.models import Record
from gongkai.textproc import bounded
from gongkai.textproc.cleanup import clean_scraped_text
from gongkai.workbench.views import _roles, staff_view
from gongkai.workplans import assessment, services
from gongkai.workplans.models import IndicatorKind, ProgressReport, Task, TaskStatus, UnitRole, WorkPlan
from gongkai.workplans.parsing import (
    ParsedPlan,
    docx_tables,
    mark_collective,
    parse_with_tables,
    read_deadline,
    split_units,
)
from gongkai.workplans.parsing import Task as ParsedTask
from gongkai.workplans.selectors import duplicate_plans, expand_collective

# Rows of a reviewed plan or of an indicator table: a POSTed count beyond this is ignored.
MAX_ROWS = 1000


def _plans_visible(request):
    """The ledgers of this organ, and those of the governments above it that name it."""
    from django.db.models import Q

    return WorkPlan.objects.filter(
        Q(organization=request.org) | Q(tasks__units__organization=request.org)
    ).distinct()


def _get_plan(request, pk) -> WorkPlan:
    plan = _plans_visible(request).filter(pk=pk).first()
    if plan is None:
        raise Http404("台账不存在")
    return plan


@staff_view
def plan_list(request):
    can_import = bool(_roles(request) & services.LEDGER_ROLES)
    context = {"plans": _plans_visible(request).order_by("-year", "-pk"), "can_import": can_import}
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied("导入工作要点需要政务公开办管理员角色。")
        upload = request.FILES.get("file")
        text = request.POST.get("text", "")
        tables: list = []
        if upload is not None:
            suffix = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            data = upload.read()
            if suffix not in {"txt", "docx", "pdf"}:
                messages.error(request, "只能上传 .txt、.docx 或 PDF 文件。")
                return render(request, "workbench/workplans/list.html", context)
            # Files are read in a bounded child process (ADR 0011); plain text needs no parser.
            extraction = bounded.extract_text(suffix, data) if suffix != "txt" else None
            text = _decode(data) if extraction is None else extraction.text
            if suffix == "docx" and text.strip():
                tables = docx_tables(data)
            if extraction is not None and extraction.status == bounded.STATUS_UNREADABLE:
                messages.error(request, f"未能读到文字（{extraction.reason}）：请粘贴通知正文。")
                context["text"] = request.POST.get("text", "")
                return render(request, "workbench/workplans/list.html", context)
        if not text.strip():
            messages.error(
                request,
                "未能读到文字：文件可能是空的、已损坏，或是没有文字层的扫描件。"
                "请粘贴通知正文，或上传 .txt、.docx、PDF（扫描件需先识别文字）。",
            )
            context["text"] = request.POST.get("text", "")
            return render(request, "workbench/workplans/list.html", context)
        year = request.POST.get("year", "")
        plan = parse_with_tables(text, tables, year=year_param(year))
        request.session["workplan:source"] = text
        return _review(request, plan, text)
    return render(request, "workbench/workplans/list.html", context)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""  # neither: the caller's "no text" message


def _collective_rows(task: ParsedTask, government, chosen: set[str] | None, cache: dict) -> list[dict]:
    """Each collective phrase of the task with the organs it denotes in the tree, for the official
    to confirm with checkboxes: ticked by default for 各部门 / 各乡镇 (every one), not for 有关部门
    (only those concerned), or as the official left them when the page comes back."""
    rows = []
    for role, names in ((UnitRole.LEAD, task.lead_units), (UnitRole.RESPONSIBLE, task.responsible_units)):
        for name in names:
            scope = assessment.collective_scope(name)
            if scope is None:
                continue
            if name not in cache:  # 市直各部门 in fifty tasks: one read of the tree
                cache[name] = expand_collective(name, government)
            organs = cache[name]
            options = []
            for organ in organs:
                value = f"{role}|{organ.pk}|{name}"
                ticked = value in chosen if chosen is not None else scope.definite
                options.append({"value": value, "organ": organ, "checked": ticked})
            rows.append({"name": name, "role": UnitRole(role).label, "scope": scope, "options": options})
    return rows


def _review(
    request,
    plan: ParsedPlan,
    source: str,
    *,
    duplicate_error: str = "",
    chosen: dict[int, set[str]] | None = None,
):
    """The parse beside the source, with any ledger already made from the same notice, and the
    collective phrases to expand."""
    duplicates = duplicate_plans(org=request.org, doc_number=plan.doc_number, source_text=source)
    government = request.org.government()
    cache: dict[str, list] = {}
    task_rows = [
        (task, _collective_rows(task, government, None if chosen is None else chosen.get(i, set()), cache))
        for i, task in enumerate(plan.tasks)
    ]
    return render(
        request,
        "workbench/workplans/review.html",
        {
            "plan": plan,
            "task_rows": task_rows,
            "source": plan.text or clean_scraped_text(source).text,
            "year": plan.year,
            "duplicates": duplicates,
            "duplicate_error": duplicate_error,
        },
    )


@require_POST
@staff_view
def plan_import(request):
    """The reviewed, corrected tasks become the ledger."""
    source = request.session.get("workplan:source", "")
    count = bounded_int(request.POST.get("count"), default=0, lo=0, hi=MAX_ROWS)
    year = request.POST.get("year", "")
    plan = ParsedPlan(
        title=request.POST.get("title", "").strip(),
        doc_number=request.POST.get("doc_number", "").strip(),
        issuer=request.POST.get("issuer", "").strip(),
        year=year_param(year),
    )
    expansions: dict[int, dict[str, list[int]]] = {}
    chosen: dict[int, set[str]] = {}
    for i in range(count):
        if request.POST.get(f"skip-{i}"):
            continue
        text = request.POST.get(f"text-{i}", "").strip()
        if not text:
            continue
        deadline_text = request.POST.get(f"deadline-{i}", "").strip()
        _found, deadline, recurrence = read_deadline(deadline_text, plan.year)
        task = ParsedTask(
            path=request.POST.get(f"path-{i}", str(i + 1)),
            text=text,
            lead_units=split_units(request.POST.get(f"lead-{i}", "")),
            responsible_units=split_units(request.POST.get(f"responsible-{i}", "")),
            deadline_text=deadline_text,
            deadline=deadline,
            recurrence=recurrence,
        )
        index = len(plan.tasks)
        chosen[index] = set(request.POST.getlist(f"expand-{i}")[:MAX_ROWS])  # a forged flood is cut
        expansions[index] = _expansions(task, chosen[index])
        plan.tasks.append(task)
    mark_collective(plan.tasks)
    try:
        ledger = services.import_plan(
            org=request.org,
            actor=request.user,
            parsed=plan,
            source_text=source,
            allow_duplicate=bool(request.POST.get("allow_duplicate")),
            expansions=expansions,
        )
    except ValidationError as exc:
        if exc.error_list[0].code == "duplicate":
            # Ask before a second ledger is made; the official's corrections stay on the page.
            return _review(request, plan, source, duplicate_error=exc.messages[0], chosen=chosen)
        messages.error(request, exc.messages[0])
        return redirect("workbench:plan_list")
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("workbench:plan_list")
    request.session.pop("workplan:source", None)
    messages.success(request, f"已导入 {ledger.tasks.count()} 项任务。")
    return redirect("workbench:plan_detail", pk=ledger.pk)


def _expansions(task: ParsedTask, ticked: set[str]) -> dict[str, list[int]]:
    """The organs ticked for each collective phrase the task still names in that role (a phrase
    the official deleted from the unit field takes none); the service checks each organ against
    the tree."""
    names = {UnitRole.LEAD: task.lead_units, UnitRole.RESPONSIBLE: task.responsible_units}
    found: dict[str, list[int]] = {}
    for value in ticked:
        role, _sep, rest = value.partition("|")
        organ_id, _sep, name = rest.partition("|")
        if role in names and name in names[role] and organ_id.isdigit():
            found.setdefault(name, []).append(int(organ_id))
    return found


@staff_view
def plan_detail(request, pk):
    plan = _get_plan(request, pk)
    today = timezone.localdate()
    tasks = list(
        plan.tasks.prefetch_related("units__organization", "reports__organization", "reports__evidence")
    )
    unit = request.GET.get("unit", "")
    rows = []
    for task in tasks:
        units = list(task.units.all())
        if unit and unit not in {u.name for u in units}:
            continue
        rows.append((task, TaskStatus(task.status_on(today)), units))
    counts = {status.label: sum(1 for _, s, _ in rows if s == status) for status in TaskStatus}
    # Ranked by organ: printed names folded into the organ they denote; collective phrases apart.
    keys = assessment.unit_keys(
        [(u.name, u.organization.name if u.organization else None) for t in tasks for u in t.units.all()]
    )
    facts = [
        assessment.TaskFact(tuple(keys[u.name] for u in task.units.all()), task.deadline, task.completed_on)
        for task in tasks
    ]
    adjustments: dict[str, Decimal] = {}
    for adjustment in plan.adjustments.all():
        adjustments[adjustment.unit] = adjustments.get(adjustment.unit, Decimal(0)) + adjustment.points
    indicators = [(i.kind, i.weight) for i in plan.indicators.all()]
    ranked, collective = assessment.split_collective(
        assessment.scores(facts, indicators, adjustments, today=today)
    )
    return render(
        request,
        "workbench/workplans/detail.html",
        {
            "plan": plan,
            "rows": rows,
            "counts": counts,
            "unit": unit,
            "units": sorted({u.name for t in tasks for u in t.units.all()}),
            "scores": ranked,
            "collective_scores": collective,
            "score_units": [s.unit for s in ranked],
            "indicators": plan.indicators.all(),
            "indicator_kinds": IndicatorKind.choices,
            "adjustments": plan.adjustments.all(),
            "is_office": plan.organization_id == request.org.pk
            and bool(_roles(request) & services.LEDGER_ROLES),
            "my_tasks": {
                t.pk for t in tasks if any(u.organization_id == request.org.pk for u in t.units.all())
            },
            "records": Record.objects.for_org(request.org).published().order_by("-published_at")[:50],
            "lead_role": UnitRole.LEAD,
        },
    )


def _int(value) -> int:
    return bounded_int(value, default=0, lo=0, hi=2**62) or 0


@require_POST
@staff_view
def plan_action(request, pk, action):
    plan = _get_plan(request, pk)
    try:
        if action == "report":
            task = Task.objects.filter(plan=plan, pk=_int(request.POST.get("task"))).first()
            if task is None:
                raise ValidationError("请选择任务。")
            evidence = (
                Record.objects.for_org(request.org)
                .published()
                .filter(pk__in=request.POST.getlist("evidence"))
            )
            services.report_progress(
                task=task,
                actor=request.user,
                organization=request.org,
                text=request.POST.get("text", ""),
                claims_done=bool(request.POST.get("done")),
                evidence=evidence,
            )
            messages.success(request, "进展已报送。")
        elif action == "review":
            report = ProgressReport.objects.filter(
                task__plan=plan, pk=_int(request.POST.get("report"))
            ).first()
            if report is None:
                raise ValidationError("进展报告不存在。")
            services.review_report(
                report=report,
                actor=request.user,
                accept=request.POST.get("decision") == "accept",
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, "已审核。")
        elif action == "carry":
            new = services.carry_over(plan=plan, actor=request.user, year=plan.year + 1)
            messages.success(request, f"未完成任务已结转到{new.year}年台账。")
            return redirect("workbench:plan_detail", pk=new.pk)
        elif action == "indicators":
            rows = []
            for i in range(bounded_int(request.POST.get("count"), default=0, lo=0, hi=MAX_ROWS) + 1):
                try:
                    weight = Decimal(request.POST.get(f"weight-{i}", "") or "0")
                except InvalidOperation as exc:
                    raise ValidationError("权重应为数字。") from exc
                rows.append((request.POST.get(f"name-{i}", ""), request.POST.get(f"kind-{i}", ""), weight))
            services.set_indicators(plan=plan, actor=request.user, indicators=rows)
            messages.success(request, "考核指标已保存。")
        elif action == "adjust":
            try:
                points = Decimal(request.POST.get("points", ""))
            except InvalidOperation as exc:
                raise ValidationError("加减分应为数字。") from exc
            services.adjust_score(
                plan=plan,
                actor=request.user,
                unit=request.POST.get("unit", ""),
                points=points,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, "已调整。")
        else:
            raise Http404("未知操作")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("workbench:plan_detail", pk=plan.pk)


@staff_view
def plan_export(request, pk):
    plan = _get_plan(request, pk)
    response = HttpResponse(
        services.export_xlsx(plan, today=timezone.localdate()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{plan.title}-工作台账.xlsx"
    )
    return response
