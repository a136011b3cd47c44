"""专题专栏 in the workbench: the 政务公开办管理员 of a government creates and edits its topic
columns, and pins or excludes records by hand (catalog.topics)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from gongkai.catalog import topics
from gongkai.catalog.models import TopicColumn
from gongkai.core.scoping import get_for_org
from gongkai.disclosure.models import Record, Topic
from gongkai.workbench.views import staff_view


class TopicColumnForm(forms.Form):
    name = forms.CharField(label="专栏名称", max_length=120)
    slug = forms.SlugField(label="网址标识（英文、数字、连字符）", max_length=60)
    description = forms.CharField(label="专栏说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    position = forms.IntegerField(label="排序", min_value=0, initial=0)
    starts_on = forms.DateField(
        label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    category_codes = forms.MultipleChoiceField(
        label="按法定类别收录", required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.MultipleChoiceField(
        label="按主题分类收录", required=False, choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    keywords = forms.CharField(label="按关键词收录（逗号分隔）", required=False, max_length=1000)
    tags = forms.CharField(label="按标签收录（逗号分隔）", required=False, max_length=1000)
    update_period_days = forms.IntegerField(
        label="更新周期（天，留空为30天）", required=False, min_value=0, max_value=3660
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category_codes"].choices = topics.category_choices()


class EntryForm(forms.Form):
    record = forms.IntegerField(label="信息编号", min_value=1)
    choice = forms.ChoiceField(
        label="操作", choices=[("pin", "置顶收录"), ("exclude", "排除"), ("remove", "取消手工设置")]
    )
    position = forms.IntegerField(label="排序", min_value=0, required=False)


def _require_editor(request):
    if not topics.may_edit(request.user, request.org):
        raise PermissionDenied("只有本级政府的政务公开办管理员可以维护专题专栏。")


def _form_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@staff_view
def topic_list(request):
    _require_editor(request)
    form = TopicColumnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            column = topics.save_topic_column(org=request.org, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"已创建专题专栏：{column.name}")
            return redirect("workbench:topic_edit", pk=column.pk)
    columns = TopicColumn.objects.filter(organization=request.org)
    return render(request, "workbench/topic_list.html", {"columns": columns, "form": form})


@staff_view
def topic_edit(request, pk):
    column = get_for_org(TopicColumn, org=request.org, pk=pk)
    _require_editor(request)
    initial = {f: getattr(column, f) for f in topics.FIELDS}
    form = TopicColumnForm(initial=initial)
    entry_form = EntryForm()
    if request.method == "POST":
        if request.POST.get("form") == "entry":
            entry_form = EntryForm(request.POST)
            if entry_form.is_valid():
                data = entry_form.cleaned_data
                record = Record.objects.published().filter(pk=data["record"]).first()
                try:
                    if record is None:
                        raise ValidationError({"record": ["请填写已公开信息的编号。"]})
                    topics.set_entry(
                        column=column,
                        record=record,
                        actor=request.user,
                        excluded=data["choice"] == "exclude",
                        remove=data["choice"] == "remove",
                        position=data.get("position") or 0,
                    )
                except ValidationError as exc:
                    _form_errors(entry_form, exc)
                else:
                    messages.success(request, "已保存。")
                    return redirect("workbench:topic_edit", pk=column.pk)
        else:
            form = TopicColumnForm(request.POST)
            if form.is_valid():
                try:
                    topics.save_topic_column(
                        org=request.org, actor=request.user, data=form.cleaned_data, column=column
                    )
                except ValidationError as exc:
                    _form_errors(form, exc)
                else:
                    messages.success(request, "已保存。")
                    return redirect("workbench:topic_edit", pk=column.pk)
    records = list(topics.gathered(column)[:50])
    return render(
        request,
        "workbench/topic_edit.html",
        {
            "column": column,
            "form": form,
            "entry_form": entry_form,
            "records": records,
            "entries": column.entries.select_related("record"),
        },
    )
