"""Staff page of the search app: the 简称对照 dictionary (政务公开办 of the top government)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.search import services
from gongkai.search.models import Abbreviation
from gongkai.workbench.views import staff_view


class AbbreviationForm(forms.Form):
    short = forms.CharField(label="简称", max_length=40)
    full = forms.CharField(label="全称", max_length=100)
    source = forms.CharField(
        label="出处", max_length=200, required=False, help_text="文件名称、文号或规范用语的来源。"
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)


@staff_view
def abbreviation_list(request):
    """List, search, add and change pairs; a change applies to the next search, no reindex."""
    if not services.can_edit_abbreviations(request.user):
        raise PermissionDenied(services.ABBREVIATION_EDITOR_REQUIRED)
    editing = None
    if request.GET.get("edit"):
        editing = get_object_or_404(Abbreviation, pk=_int(request.GET["edit"]))
    fields = ("short", "full", "source", "is_active")
    form = AbbreviationForm(initial={name: getattr(editing, name) for name in fields} if editing else None)
    if request.method == "POST":
        form = AbbreviationForm(request.POST)
        pk = _int(request.POST.get("pk"))
        if form.is_valid():
            try:
                row = services.save_abbreviation(actor=request.user, pk=pk, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"已保存“{row.short} → {row.full}”，检索即时生效。")
                return redirect("workbench:abbreviations")
        editing = Abbreviation.objects.filter(pk=pk).first() if pk else None
    q = request.GET.get("q", "").strip()[:40]
    rows = Abbreviation.objects.all()
    if q:
        rows = rows.filter(Q(short__contains=q) | Q(full__contains=q))
    page = Paginator(rows, 50).get_page(_int(request.GET.get("page")) or 1)
    return render(
        request,
        "search/workbench/abbreviations.html",
        {"form": form, "page": page, "q": q, "editing": editing, "total": Abbreviation.objects.count()},
    )


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None
