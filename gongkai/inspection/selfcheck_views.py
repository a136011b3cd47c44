"""The self-inspection page (自查) and its .docx/.xlsx export in the shape of an inspection table.

The 政务公开办 of a government sees every organ below it (as in ``orgs.selectors.visible_to``);
any other organ's staff see their own organ's score, trend and findings only.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Role
from gongkai.inspection import selfcheck
from gongkai.inspection.models import InspectionFinding, InspectionScore, Severity
from gongkai.orgs.selectors import subtree
from gongkai.workbench.views import _roles, staff_view

TREND_LENGTH = 20
RUN_ROLES = {Role.COMPETENT_ADMIN, Role.REVIEWER, Role.HEAD}


def _oversees(request) -> bool:
    return request.user.is_superuser or Role.COMPETENT_ADMIN in _roles(request)


def _visible_org_ids(request) -> list[int]:
    if _oversees(request):
        return list(subtree(request.org).values_list("pk", flat=True))
    return [request.org.pk]


def _context(request) -> dict:
    org = request.org
    latest = (
        InspectionScore.objects.filter(organization=org)
        .select_related("run")
        .order_by("-run__started_at", "-pk")
    )
    current = latest.first()
    org_ids = _visible_org_ids(request)
    context = {
        "org": org,
        "oversees": _oversees(request),
        "may_run": request.user.is_superuser or bool(_roles(request) & RUN_ROLES),
        "current": current,
        "trend": list(latest[:TREND_LENGTH])[::-1],
        "indicators": selfcheck.INDICATORS,
    }
    if current is None:
        return {**context, "scores": [], "findings": [], "total": 0}
    run = current.run
    scores = (
        run.scores.filter(organization_id__in=org_ids)
        .select_related("organization")
        .order_by("organization__path")
    )
    findings = (
        InspectionFinding.objects.filter(run=run, organization_id__in=org_ids)
        .select_related("organization", "column", "record")
        .order_by("organization__path", "severity", "indicator", "id")
    )
    severity = request.GET.get("severity", "")
    if severity in Severity.values:
        findings = findings.filter(severity=severity)
    return {
        **context,
        "run": run,
        "scores": list(scores),
        "findings": findings,
        "total": findings.count(),
        "severity": severity,
        "severities": Severity.choices,
    }


@staff_view
def self_inspection(request):
    context = _context(request)
    context["findings"] = list(context["findings"][:500])
    for f in context["findings"]:
        f.indicator_name = selfcheck.INDICATORS.get(f.indicator, (f.indicator,))[0]
    return render(request, "inspection/self_inspection.html", context)


@staff_view
@require_POST
def run_self_inspection(request):
    """Run now: the 政务公开办 for every organ below it, an organ's 审核人/负责人 for its own."""
    if not (request.user.is_superuser or _roles(request) & RUN_ROLES):
        raise PermissionDenied("只有政务公开办管理员、审核人或负责人可以发起自查。")
    organs = (
        list(subtree(request.org).filter(is_active=True).order_by("path"))
        if _oversees(request)
        else [request.org]
    )
    report = selfcheck.inspect(organs)
    selfcheck.save_report(report, scope=request.org, trigger="workbench")
    score = report.scores[request.org.pk]
    messages.success(
        request,
        f"自查完成：本机关得分{score.score}" + ("，存在单项否决项。" if score.vetoes else "。"),
    )
    return redirect("workbench:self_inspection")


HEADER = [
    "序号",
    "检查指标",
    "性质",
    "机关",
    "栏目或位置",
    "问题内容",
    "问题说明",
    "整改建议",
    "整改责任",
    "地址",
]


def _rows(findings):
    for n, f in enumerate(findings, 1):
        yield [
            n,
            selfcheck.INDICATORS.get(f.indicator, (f.indicator,))[0],
            f.get_severity_display(),
            f.organization.name,
            f.column.name if f.column_id and f.column else f.where,
            f.text,
            f.reason,
            f.suggestion,
            f.responsible,
            f.url
            or (f.record.get_absolute_url() if f.record_id and f.record and f.record.index_year else ""),
        ]


def _verdict(score) -> str:
    if score.vetoes:
        return "不合格（单项否决）"
    return "合格" if score.score >= 60 else "不合格"


@staff_view
def export_self_inspection(request, fmt: str):
    context = _context(request)
    current = context["current"]
    if current is None:
        raise Http404("尚无自查结果")
    findings = list(context["findings"])
    name = f"{request.org.name}自查表{timezone.localtime(context['run'].started_at):%Y%m%d}"
    if fmt == "xlsx":
        body, content_type = (
            _xlsx(context, findings),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
    elif fmt == "docx":
        body, content_type = (
            _docx(context, findings),
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        )
    else:
        raise Http404("格式不存在")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{name}.{fmt}")
    response["Cache-Control"] = "no-store"
    return response


def _summary(context) -> list[tuple[str, str]]:
    run, current = context["run"], context["current"]
    lines = [
        ("检查依据", "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）中平台可检查的指标"),
        ("检查时间", f"{timezone.localtime(run.started_at):%Y-%m-%d %H:%M}"),
        ("被检查机关", context["org"].name),
        ("得分", f"{current.score}"),
        ("结论", _verdict(current)),
        ("单项否决", "；".join(v["reason"] for v in current.vetoes) or "无"),
    ]
    lines += [("未能检查", f"{item['name']}：{item['reason']}") for item in run.not_measured]
    return lines


def _xlsx(context, findings) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自查表"
    sheet.append([f"{context['org'].name}政府网站自查表"])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in _summary(context):
        sheet.append([label, value])
    if context["oversees"]:
        sheet.append([])
        sheet.append(["机关", "得分", "结论", "单项否决"])
        for s in context["scores"]:
            sheet.append([s.organization.name if s.organization else "全平台", float(s.score), _verdict(s),
                          "；".join(v["reason"] for v in s.vetoes)])  # fmt: skip
    sheet.append([])
    sheet.append(HEADER)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in _rows(findings):
        sheet.append(row)
    for column, width in zip("ABCDEFGHIJ", (6, 18, 10, 24, 24, 30, 50, 30, 20, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx(context, findings) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    style = document.styles["Normal"]
    style.font.name = "仿宋_GB2312"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    style.font.size = Pt(10.5)
    document.add_heading(f"{context['org'].name}政府网站自查表", level=1)
    summary = document.add_table(rows=0, cols=2)
    summary.style = "Table Grid"
    for label, value in _summary(context):
        cells = summary.add_row().cells
        cells[0].text, cells[1].text = label, value
    if context["oversees"] and context["scores"]:
        document.add_paragraph("各机关得分")
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("机关", "得分", "结论", "单项否决"), strict=True):
            cell.text = text
        for s in context["scores"]:
            cells = table.add_row().cells
            cells[0].text = s.organization.name if s.organization else "全平台"
            cells[1].text, cells[2].text = str(s.score), _verdict(s)
            cells[3].text = "；".join(v["reason"] for v in s.vetoes)
    document.add_paragraph("检查发现")
    table = document.add_table(rows=1, cols=len(HEADER) - 1)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER[:-1], strict=True):
        cell.text = text
    for row in _rows(findings):
        cells = table.add_row().cells
        for cell, value in zip(cells, row[:-1], strict=True):
            cell.text = str(value)
    document.add_paragraph(f"导出日期：{timezone.localdate().isoformat()}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
