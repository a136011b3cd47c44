"""年度报告 in the workbench: prepare, edit the text sections, lock, publish (checks first), and
for a government's 政务公开办, which subordinates have published and how many days remain."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Role
from gongkai.core.gongwen import Table, download
from gongkai.core.params import year_param
from gongkai.core.scoping import get_for_org
from gongkai.orgs.models import Organization
from gongkai.reports import services
from gongkai.reports.documents import as_gongwen, title_of
from gongkai.reports.models import AnnualReport, ReportStatus, YearStatistics
from gongkai.workbench.views import _roles, staff_view


class TextsForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["overview", "problems", "other_matters"]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields}


class StatisticsForm(forms.ModelForm):
    class Meta:
        model = YearStatistics
        fields = [
            "licensing",
            "penalties",
            "coercion",
            "fees_wan",
            # Only the reports on 2019 and 2020 (the 2019 试行 format) use these.
            "licensing_items",
            "licensing_items_change",
            "other_services_items",
            "other_services_change",
            "other_services",
            "penalty_items",
            "penalty_items_change",
            "coercion_items",
            "coercion_items_change",
            "fee_items",
            "fee_items_change",
            "procurement_projects",
            "procurement_wan",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # reports.selectors._with_list_counts: the published 权责清单 supplies these when it was in
        # force at the end of the year before and of the year (ADR 0039).
        for kind in ("licensing", "penalty", "coercion"):
            self.fields[f"{kind}_items"].help_text = FROM_LIST_HELP
            self.fields[f"{kind}_items_change"].help_text = FROM_LIST_HELP


FROM_LIST_HELP = "本机关权责清单在上年末和本年末均已公布时，报告按清单事项数计算，此处填写的数字不使用。"


def _require(request) -> set[str]:
    roles = _roles(request)
    if not roles & services.EDIT_ROLES:
        raise PermissionDenied("年度报告需要负责人或政务公开办管理员角色。")
    return roles


def statutory_deadline(org: Organization, year: int) -> date:
    """第四十九条: departments by 1月31日, governments by 3月31日 of the next year."""
    return date(year + 1, 3, 31) if org.is_government else date(year + 1, 1, 31)


@staff_view
def report_list(request):
    _require(request)
    org = request.org
    year = timezone.localdate().year - 1
    if request.method == "POST" and request.FILES.get("statistics"):
        upload = request.FILES["statistics"]
        result = services.import_statistics(org=org, actor=request.user, name=upload.name, data=upload.read())
        messages.success(request, f"已导入 {len(result.rows)} 行统计数据。")
        for problem in result.problems:
            messages.error(request, problem)
        return redirect("workbench:report_list")
    if request.method == "POST" and ("pasted" in request.POST or request.FILES.get("report_file")):
        upload = request.FILES.get("report_file")
        pasted = request.POST.get("pasted", "")
        try:
            imported, problems = services.import_past_report(
                org=org,
                actor=request.user,
                # Optional: read from the report's own text when left blank.
                year=year_param(request.POST.get("year")),
                pasted=pasted,
                upload=(upload.name, upload.read()) if upload else None,
                replace=request.POST.get("replace") == "1",
            )
        except (ValueError, ValidationError) as exc:
            for message in exc.messages if isinstance(exc, ValidationError) else ["年度不正确。"]:
                messages.error(request, message)
            return render(request, "workbench/reports/list.html", _list_context(org, year, pasted=pasted))
        if imported.status == ReportStatus.DRAFT:
            messages.warning(
                request,
                f"已导入{imported.year}年度报告的统计表，保存为草稿：请对照原报告确认标出的单元格和校验问题，再锁定。",
            )
        else:
            messages.success(request, f"已导入{imported.year}年度报告的统计表，全部单元格读取无误，已锁定。")
        for problem in problems + [c["text"] for c in imported.data["checks"]]:
            messages.warning(request, problem)
        return redirect("workbench:report_detail", pk=imported.pk)
    if request.method == "POST":
        try:
            wanted = _year(request.POST.get("year", year))
            report = services.prepare(
                org=org,
                actor=request.user,
                year=wanted,
                rollup=request.POST.get("rollup") == "1",
                townships=request.POST.get("townships") == "1",
            )
        except (ValueError, ValidationError, PermissionDenied) as exc:
            messages.error(request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            return redirect("workbench:report_detail", pk=report.pk)
    return render(request, "workbench/reports/list.html", _list_context(org, year))


def _list_context(org, year: int, pasted: str = "") -> dict:
    subordinates = []
    if org.is_government:
        published = set(
            AnnualReport.objects.filter(year=year, status=ReportStatus.PUBLISHED).values_list(
                "organization_id", flat=True
            )
        )
        today = timezone.localdate()
        for organ in Organization.objects.get_descendants(org).filter(is_active=True):
            deadline = statutory_deadline(organ, year)
            subordinates.append((organ, organ.pk in published, deadline, (deadline - today).days))
    return {
        "reports": AnnualReport.objects.filter(organization=org),
        "year": year,
        "deadline": statutory_deadline(org, year),
        "subordinates": subordinates,
        "pasted": pasted,
    }


@staff_view
def report_detail(request, pk):
    roles = _require(request)
    report = get_for_org(AnnualReport.objects.select_related("organization"), org=request.org, pk=pk)
    texts = TextsForm(request.POST or None, instance=AnnualReport.objects.get(pk=report.pk), prefix="texts")
    stats_instance = YearStatistics.objects.filter(organization=report.organization, year=report.year).first()
    statistics = StatisticsForm(request.POST or None, instance=stats_instance, prefix="stats")
    if request.method == "POST" and "texts-overview" in request.POST and texts.is_valid():
        try:
            services.update_texts(report=report, actor=request.user, **texts.cleaned_data)
        except ValidationError as exc:
            texts.add_error(None, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("workbench:report_detail", pk=report.pk)
    if request.method == "POST" and "stats-licensing" in request.POST and statistics.is_valid():
        if report.status != ReportStatus.DRAFT:
            statistics.add_error(None, "报告已锁定，统计数据不再改变。")
        else:
            saved = statistics.save(commit=False)
            saved.organization, saved.year = report.organization, report.year
            saved.save()
            messages.success(request, "统计数据已保存。")
            return redirect("workbench:report_detail", pk=report.pk)
    if request.method == "POST" and "confirm" in request.POST:
        values = {
            int(key.removeprefix("cell-")): value
            for key, value in request.POST.items()
            if key.startswith("cell-") and key.removeprefix("cell-").isdigit() and value.strip()
        }
        try:
            services.confirm_imported_cells(report=report, actor=request.user, values=values)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"已确认{len(values)}个单元格。")
        return redirect("workbench:report_detail", pk=report.pk)
    document = as_gongwen(report)
    blocks = [("table", b) if isinstance(b, Table) else ("p", b) for b in document.paragraphs]
    data = report.data or {}
    return render(
        request,
        "workbench/reports/detail.html",
        {
            "report": report,
            "texts": texts,
            "statistics": statistics,
            "blocks": blocks,
            "checks": data.get("checks") if report.data else None,
            "is_head": Role.HEAD in roles,
            "imported": data.get("import") if data.get("imported") else None,
            "unconfirmed": services.unconfirmed_cells(report),
            "unfinished": services.unfinished_parts(report),
        },
    )


@require_POST
@staff_view
def report_step(request, pk, step):
    _require(request)
    report = get_for_org(AnnualReport.objects.all(), org=request.org, pk=pk)
    try:
        if step == "lock":
            services.lock(report=report, actor=request.user)
            messages.success(request, "统计数据已锁定。")
        elif step == "publish":
            services.publish(
                report=report, actor=request.user, override_reason=request.POST.get("reason", "")
            )
            messages.success(request, "年度报告已发布到本机关政府信息公开平台的年报栏目。")
        else:
            raise Http404("未知操作")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("workbench:report_detail", pk=report.pk)


@staff_view
def report_file(request, pk, fmt):
    _require(request)
    report = get_for_org(AnnualReport.objects.select_related("organization"), org=request.org, pk=pk)
    return download(as_gongwen(report), fmt, title_of(report).replace("\n", ""))


def _year(value) -> int:
    """A year from the form; anything else is the ValueError the callers answer with a message."""
    year = year_param(value)
    if year is None:
        raise ValueError("年度不正确。")
    return year
