"""The working-day calendar for the 政务公开办: load a year's State Council notice, fix single days."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.workbench.views import staff_view
from gongkai.workdays import rules, selectors, services
from gongkai.workdays.models import CalendarDay, CalendarYear, DayKind


class NoticeForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    notice_text = forms.CharField(
        label="通知正文",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="粘贴《国务院办公厅关于××年部分节假日安排的通知》中“一、元旦：……”至最后一项的正文。",
    )
    source = forms.CharField(label="文号或出处", required=False, max_length=200)


class DayForm(forms.Form):
    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="类型", choices=[*DayKind.choices, ("", "恢复为普通日")], required=False)
    name = forms.CharField(label="节日", required=False, max_length=40)


@staff_view
def calendar_view(request):
    """Every organ reads the calendar; only its keeper (``services.may_edit``) changes it."""
    can_edit = services.may_edit(request.user)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(services.NOT_CALENDAR_KEEPER)
    today = timezone.localdate()
    notice_form = NoticeForm(
        prefix="notice", initial={"year": selectors.year_to_load(today) or today.year + 1}
    )
    day_form = DayForm(prefix="day")
    preview = None
    if request.method == "POST" and "notice-year" in request.POST:
        notice_form = NoticeForm(request.POST, prefix="notice")
        if notice_form.is_valid():
            data = notice_form.cleaned_data
            preview = rules.parse_notice(data["notice_text"], data["year"])
            if request.POST.get("confirm") == "1" and not preview.problems:
                try:
                    services.load_year(
                        actor=request.user,
                        year=data["year"],
                        notice_text=data["notice_text"],
                        source=data["source"],
                    )
                except ValidationError as exc:
                    notice_form.add_error(None, exc)
                else:
                    messages.success(request, f"{data['year']}年节假日安排已导入。")
                    return redirect("workbench:calendar")
            for problem in preview.problems:
                notice_form.add_error(None, problem)
    elif request.method == "POST":
        day_form = DayForm(request.POST, prefix="day")
        if day_form.is_valid():
            data = day_form.cleaned_data
            services.set_day(
                actor=request.user, day=data["day"], kind=data["kind"] or None, name=data["name"]
            )
            messages.success(request, f"已更新 {data['day']:%Y-%m-%d}。")
            return redirect("workbench:calendar")
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    return render(
        request,
        "workbench/calendar.html",
        {
            "can_edit": can_edit,
            "notice_form": notice_form,
            "day_form": day_form,
            "preview": preview,
            "years": CalendarYear.objects.all()[:12],
            "days": CalendarDay.objects.filter(day__year=year),
            "year": year,
            "statutory": sorted(rules.statutory_holidays(year).items())
            if year not in selectors.current_calendar().loaded_years
            else [],
            "year_to_load": selectors.year_to_load(today),
        },
    )
