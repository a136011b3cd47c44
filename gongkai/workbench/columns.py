"""The organ's page for which statutory columns apply to it and which carry 「本机关无此项信息」."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from gongkai.catalog import categories
from gongkai.catalog.models import Column, Section
from gongkai.catalog.services import NO_INFO_REASON_MAX, add_base_level_domain, set_column_status
from gongkai.core.scoping import get_for_org
from gongkai.disclosure import selectors
from gongkai.workbench.views import staff_view

NO_INFO_NEEDS_REASON = "标记「本机关无此项信息」须写明说明（如：本机关无此项职能，或本年度未发生此类事项）。"


class ColumnStatusForm(forms.Form):
    applies = forms.BooleanField(label="本栏目适用本机关", required=False)
    no_info = forms.BooleanField(label="本机关无此项信息", required=False)
    no_info_reason = forms.CharField(
        label="无此项信息的说明",
        required=False,
        max_length=NO_INFO_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="公开平台在该栏目处显示「本机关无此项信息」及此说明。",
    )
    update_period_days = forms.IntegerField(
        label="更新周期（天）",
        required=False,
        min_value=0,
        max_value=3660,
        help_text="网站自查据此判断栏目是否更新不及时（国办秘函〔2019〕19号）。"
        "留空按栏目类型：动态、要闻类14天，通知公告、政策文件类183天；填0为不要求定期更新。",
    )

    def clean(self):
        data = super().clean()
        if data.get("applies") and data.get("no_info") and not (data.get("no_info_reason") or "").strip():
            self.add_error("no_info_reason", NO_INFO_NEEDS_REASON)
        return data


class DomainForm(forms.Form):
    code = forms.ChoiceField(label="基层政务公开领域（国办发〔2019〕54号）")

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        present = set(Column.objects.for_org(org).applicable().values_list("category_code", flat=True))
        self.fields["code"].choices = [
            (d.code, d.name) for d in categories.BASE_LEVEL_DOMAINS if d.code not in present
        ]


@staff_view
def column_list(request):
    """Every column of the 法定主动公开内容 with its state; empty ones are flagged for action.
    County and township organs add the 基层 domains they cover here."""
    org = request.org
    base_level = org.level in categories.BASE_LEVELS
    domain_form = DomainForm(request.POST or None, org=org) if base_level else None
    if request.method == "POST" and domain_form is not None and domain_form.is_valid():
        try:
            column = add_base_level_domain(org=org, code=domain_form.cleaned_data["code"], actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            domain_form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(
                request,
                f"已新增领域栏目“{column.name}”；发布信息或标记「本机关无此项信息」前不在公开平台显示。",
            )
            return redirect("workbench:column_list")
    entries = selectors.column_counts(org=org)
    empty = {c.pk for c in selectors.empty_columns(org=org)}
    return render(
        request, "workbench/columns.html", {"entries": entries, "empty": empty, "domain_form": domain_form}
    )


@staff_view
def column_status(request, pk):
    # Another organ's column is a 404 (get_for_org), never a 403 that confirms it exists.
    column = get_for_org(Column.objects.filter(section=Section.PROACTIVE), org=request.org, pk=pk)
    initial = {
        "applies": column.applies,
        "no_info": bool(column.no_info_reason),
        "no_info_reason": column.no_info_reason,
        "update_period_days": column.update_period_days,
    }
    form = ColumnStatusForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            set_column_status(
                column=column,
                actor=request.user,
                applies=data["applies"],
                no_info_reason=data["no_info_reason"] if data["no_info"] else "",
                update_period_days=data["update_period_days"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, f"已更新栏目“{column.name}”。")
            return redirect("workbench:column_list")
    return render(request, "workbench/column_status.html", {"column": column, "form": form})
