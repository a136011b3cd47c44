"""The workbench page where the 政务公开办 (and each organ for its own list) keeps the word list."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode

from gongkai.inspection import services
from gongkai.inspection.models import WordRule
from gongkai.workbench.paging import KeysFirstPaginator
from gongkai.workbench.views import staff_view


class WordRuleForm(forms.ModelForm):
    scope = forms.ChoiceField(
        label="适用范围", choices=[("organ", "本机关词库"), ("installation", "全平台词库")], required=False
    )

    class Meta:
        model = WordRule
        fields = ["category", "match", "pattern", "suggestion", "reason", "source", "blocking", "active"]


@staff_view
def wordlist(request, pk=None):
    org = request.org
    visible = WordRule.objects.filter(Q(organization__isnull=True) | Q(organization=org))
    rule = get_object_or_404(visible, pk=pk) if pk else None  # another organ's entry: 404
    form = WordRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.RULE_FIELDS}
        try:
            services.save_rule(
                actor=request.user,
                org=org,
                data=data,
                rule=WordRule.objects.get(pk=rule.pk) if rule else None,
                installation=form.cleaned_data.get("scope") == "installation",
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "词库条目已保存。")
            return redirect("workbench:wordlist")
    query = request.GET.get("q", "").strip()
    rules = visible.order_by("category", "pattern", "id")
    if query:
        rules = rules.filter(Q(pattern__contains=query) | Q(suggestion__contains=query))
    # Pages of 100 (ADR 0046): the list was cut at 500 rows, all rendered on every visit.
    page = KeysFirstPaginator(rules, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "inspection/wordlist.html",
        {
            "form": form,
            "rule": rule,
            "page": page,
            "query": query,
            "querystring": urlencode({"q": query}) if query else "",
            "total": visible.count(),
        },
    )
