"""The organ's lists in the workbench: import, draft and edit a version, review it, compare it.
Also the organ's 机构职能 (orgs), edited here because it is the same kind of standing list."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.core.scoping import get_for_org
from gongkai.core.uploads import check_size
from gongkai.orgs import services as org_services
from gongkai.orgs.selectors import organ_profile
from gongkai.powers import selectors, services
from gongkai.powers.models import ITEM_FIELDS, SERVICE_ONLY_FIELDS, ListKind, ListVersion, PowerListItem
from gongkai.workbench.views import staff_view

MAX_PROFILE_ROWS = 200


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="清单", choices=ListKind.choices)
    file = forms.FileField(label="Excel 文件（.xlsx）")
    reason = forms.CharField(
        label="调整理由",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="已公布过的清单重新导入时必填，将在公开的调整记录中显示。",
    )


class RevisionForm(forms.Form):
    kind = forms.ChoiceField(label="清单", choices=ListKind.choices)
    reason = forms.CharField(label="调整理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ItemForm(forms.ModelForm):
    class Meta:
        model = PowerListItem
        fields = list(ITEM_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("basis", "responsibilities", "accountability", "note")
        }


def _version(request, pk) -> ListVersion:
    return get_for_org(ListVersion.objects.select_related("organization", "based_on"), org=request.org, pk=pk)


def _item(request, pk) -> PowerListItem:
    try:
        return PowerListItem.objects.select_related("version").get(pk=pk, version__organization=request.org)
    except (PowerListItem.DoesNotExist, ValueError) as exc:
        raise Http404("对象不存在") from exc


@staff_view
def version_list(request):
    import_form = ImportForm(prefix="import")
    revision_form = RevisionForm(prefix="revision")
    if request.method == "POST" and "import-kind" in request.POST:
        import_form = ImportForm(request.POST, request.FILES, prefix="import")
        if import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            try:
                check_size(upload.name, upload.size)
                version = services.import_list(
                    org=request.org,
                    actor=request.user,
                    kind=import_form.cleaned_data["kind"],
                    name=upload.name,
                    data=upload.read(),
                    reason=import_form.cleaned_data["reason"],
                )
            except (ValidationError, PermissionDenied) as exc:
                import_form.add_error(None, _message(exc))
            else:
                problems = len(version.import_problems)
                messages.success(
                    request,
                    f"已导入{version.items.count()}项，建立草稿第{version.number}版"
                    + (f"；{problems}处未能导入，请查看下方列表。" if problems else "。"),
                )
                return redirect("workbench:powers_version", pk=version.pk)
    elif request.method == "POST":
        revision_form = RevisionForm(request.POST, prefix="revision")
        if revision_form.is_valid():
            try:
                version = services.start_revision(
                    org=request.org,
                    actor=request.user,
                    kind=revision_form.cleaned_data["kind"],
                    reason=revision_form.cleaned_data["reason"],
                )
            except (ValidationError, PermissionDenied) as exc:
                revision_form.add_error(None, _message(exc))
            else:
                return redirect("workbench:powers_version", pk=version.pk)
    return render(
        request,
        "powers/workbench/versions.html",
        {
            "versions": selectors.staff_versions(org=request.org),
            "import_form": import_form,
            "revision_form": revision_form,
        },
    )


@staff_view
def version_detail(request, pk):
    version = _version(request, pk)
    others = [
        v for v in selectors.staff_versions(org=request.org).filter(kind=version.kind) if v.pk != version.pk
    ]
    against_pk = request.GET.get("against")
    # Any other version of this organ's list; anything else (another organ's id) means the base.
    against = next((v for v in others if str(v.pk) == against_pk), None) or version.based_on
    return render(
        request,
        "powers/workbench/version.html",
        {
            "version": version,
            "items": version.items.all(),
            "others": others,
            "old": against,
            "new": version,
            "diff": selectors.versions_diff(against, version),
            "item_form": ItemForm(),
            "service_only": SERVICE_ONLY_FIELDS,
        },
    )


STEPS = {"submit", "return", "publish"}


@staff_view
@require_POST
def version_step(request, pk, step):
    version = _version(request, pk)
    if step not in STEPS:
        raise Http404("操作不存在")
    try:
        if step == "submit":
            services.submit_version(version=version, actor=request.user, reason=request.POST.get("reason"))
            messages.success(request, "已提交审核。")
        elif step == "return":
            services.return_version(
                version=version, actor=request.user, comment=request.POST.get("comment", "")
            )
            messages.success(request, "已退回修改。")
        else:
            services.publish_version(version=version, actor=request.user, note=request.POST.get("note", ""))
            messages.success(request, "已审核通过并公布。")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    return redirect("workbench:powers_version", pk=version.pk)


@staff_view
def item_add(request, pk):
    version = _version(request, pk)
    return _item_form(request, version, None)


@staff_view
def item_edit(request, power_item):
    item = _item(request, power_item)
    if request.method == "POST" and request.POST.get("delete"):
        try:
            services.remove_item(item=item, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, f"已删除事项“{item}”。")
        return redirect("workbench:powers_version", pk=item.version_id)
    return _item_form(request, item.version, item)


def _item_form(request, version: ListVersion, item: PowerListItem | None):
    # A fresh instance: the item itself is changed only by the service, which audits the change.
    form = ItemForm(
        request.POST or None, instance=PowerListItem(version=version), initial=item.as_row() if item else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_item(version=version, actor=request.user, item=item, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, _message(exc))
        else:
            messages.success(request, "事项已保存。")
            return redirect("workbench:powers_version", pk=version.pk)
    return render(
        request, "powers/workbench/item_form.html", {"form": form, "version": version, "item": item}
    )


# ------------------------------------------------------------------ 机构职能


def _rows(post, prefix: str, names: tuple[str, ...]) -> list[dict]:
    """Rows of a repeated group of inputs (unit-0-name, unit-1-name…); a row left blank is dropped."""
    rows = []
    for i in range(MAX_PROFILE_ROWS):
        row = {name: post.get(f"{prefix}-{i}-{name}", "").strip() for name in names}
        if f"{prefix}-{i}-{names[0]}" not in post:
            break
        if any(row.values()) and not post.get(f"{prefix}-{i}-delete"):
            rows.append(row)
    return rows


UNIT_FIELDS = ("name", "functions", "phone")
LEADER_FIELDS = ("name", "post", "duties")
BLANK_ROWS = 2


@staff_view
def organ_profile_edit(request):
    org = request.org
    profile = organ_profile(org)
    functions = profile.functions
    units = [{"name": u.name, "functions": u.functions, "phone": u.phone} for u in profile.units]
    leaders = [{"name": x.name, "post": x.post, "duties": x.duties} for x in profile.leaders]
    errors: list[str] = []
    if request.method == "POST":
        functions = request.POST.get("functions", "")[:20000]
        units = _rows(request.POST, "unit", UNIT_FIELDS)
        leaders = _rows(request.POST, "leader", LEADER_FIELDS)
        try:
            org_services.update_organ_profile(
                org=org, actor=request.user, functions=functions, units=units, leaders=leaders
            )
        except (ValidationError, PermissionDenied) as exc:
            errors = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        else:
            messages.success(request, "机构职能已保存，公开平台、政府信息公开指南和年度报告随之更新。")
            return redirect("workbench:organ_profile")
    blank = [dict.fromkeys(UNIT_FIELDS, "")] * BLANK_ROWS
    return render(
        request,
        "powers/workbench/organ_profile.html",
        {
            "functions": functions,
            "units": units + blank,
            "leaders": leaders + [dict.fromkeys(LEADER_FIELDS, "")] * BLANK_ROWS,
            "errors": errors,
            "profile": profile,
        },
    )
