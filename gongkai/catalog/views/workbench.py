"""Workbench pages of the 标准目录: the organ's draft (adopt, add, change, drop, import), review,
version history, and coverage (thin: every write is a service in ``catalog.standard_services``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from gongkai.catalog import categories
from gongkai.catalog import standard_selectors as selectors
from gongkai.catalog import standard_services as services
from gongkai.catalog.models import Column
from gongkai.catalog.standard_models import (
    CatalogueItem,
    CatalogueStatus,
    CatalogueVersion,
    StandardCatalogItem,
)
from gongkai.core.scoping import get_for_org
from gongkai.orgs.selectors import subtree, visible_to
from gongkai.workbench.views import staff_view

MAX_UPLOAD = 5 * 1024 * 1024
FILE_TOO_LARGE = "文件超过5MB，请拆分后导入。"
NO_FILE = "请选择要导入的 .xlsx 或 .csv 文件。"
NO_ITEMS_CHOSEN = "请勾选要采用的标准事项。"


def _domain_choices():
    return [(d.code, d.name) for d in categories.BASE_LEVEL_DOMAINS]


def _column_field(org, required=False):
    return forms.ModelChoiceField(
        label="发布栏目",
        queryset=Column.objects.for_org(org).proactive().applicable(),
        required=required,
        help_text="本事项的信息在公开平台的哪个栏目发布；覆盖情况据此统计。",
    )


class ItemForm(forms.Form):
    domain_code = forms.ChoiceField(label="领域")
    level1 = forms.CharField(label="一级事项", max_length=120)
    level2 = forms.CharField(label="二级事项", max_length=200, required=False)
    content = forms.CharField(
        label="公开内容（要素）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    basis = forms.CharField(label="公开依据", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    time_limit = forms.CharField(
        label="公开时限",
        max_length=300,
        required=False,
        help_text="如：信息形成或者变更之日起20个工作日内；实时；每季度。",
    )
    subject = forms.CharField(label="公开主体", max_length=300, required=False)
    channels = forms.CharField(label="公开渠道和载体", max_length=500, required=False)
    audience_public = forms.BooleanField(label="公开对象：全社会", required=False)
    audience_specific = forms.BooleanField(label="公开对象：特定群体", required=False)
    proactive = forms.BooleanField(label="公开方式：主动", required=False)
    on_request = forms.BooleanField(label="公开方式：依申请", required=False)
    tier_county = forms.BooleanField(label="公开层级：县级", required=False)
    tier_township = forms.BooleanField(label="公开层级：乡级", required=False)
    reason = forms.CharField(label="变更理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain_code"].choices = _domain_choices()
        self.fields["column"] = _column_field(org)


class AdoptForm(forms.Form):
    domain = forms.ChoiceField(label="领域")
    items = forms.ModelMultipleChoiceField(
        label="采用的标准事项",
        queryset=StandardCatalogItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, org, domain, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = _domain_choices()
        self.fields["domain"].initial = domain
        self.fields["items"].queryset = StandardCatalogItem.objects.filter(domain_code=domain)
        self.fields["items"].label_from_instance = lambda s: f"{s.name}（{s.time_limit or '未写时限'}）"
        self.fields["column"] = _column_field(org)


class ImportForm(forms.Form):
    file = forms.FileField(label="标准目录文件（.xlsx 或 .csv）")
    reason = forms.CharField(label="说明", max_length=500, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


def _error(form, exc) -> None:
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@staff_view
def catalogue(request):
    """The organ's catalogue: its open version (or the published one) and the forms that change it."""
    org = request.org
    base_level = org.level in categories.BASE_LEVELS
    version = selectors.open_version(org) or selectors.published_version(org)
    domain = request.GET.get("domain") or request.POST.get("domain") or "base-17"
    if domain not in dict(_domain_choices()):
        domain = "base-17"
    adopt_form = AdoptForm(org=org, domain=domain)
    item_form = ItemForm(
        org=org,
        initial={"domain_code": domain, "proactive": True, "audience_public": True, "tier_county": True},
    )
    import_form = ImportForm()
    start_form = ReasonForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "start":
                start_form = ReasonForm(request.POST)
                if start_form.is_valid():
                    services.start_version(
                        org=org, actor=request.user, reason=start_form.cleaned_data["reason"]
                    )
                    messages.success(request, "已新建修订版本（草稿），修改后提交审核。")
                    return redirect("workbench:catalogue")
            elif action == "adopt":
                adopt_form = AdoptForm(request.POST, org=org, domain=domain)
                if adopt_form.is_valid():
                    draft = services.start_version(org=org, actor=request.user)
                    added = services.adopt_items(
                        version=draft,
                        actor=request.user,
                        items=list(adopt_form.cleaned_data["items"]),
                        reason=adopt_form.cleaned_data["reason"],
                        column=adopt_form.cleaned_data["column"],
                    )
                    messages.success(request, f"已采用标准事项{len(added)}项。")
                    return redirect(f"{request.path}?domain={domain}")
            elif action == "add":
                item_form = ItemForm(request.POST, org=org)
                if item_form.is_valid():
                    draft = services.start_version(org=org, actor=request.user)
                    services.add_local_item(version=draft, actor=request.user, **item_form.cleaned_data)
                    messages.success(request, "已新增本地事项。")
                    return redirect("workbench:catalogue")
            elif action == "import":
                import_form = ImportForm(request.POST, request.FILES)
                if import_form.is_valid():
                    upload = import_form.cleaned_data["file"]
                    if upload.size > MAX_UPLOAD:
                        import_form.add_error("file", FILE_TOO_LARGE)
                    else:
                        draft, errors = services.import_catalogue(
                            org=org, actor=request.user, filename=upload.name, data=upload.read(),
                            reason=import_form.cleaned_data["reason"],
                        )  # fmt: skip
                        if draft is None:
                            for error in errors:
                                import_form.add_error("file", error["message"])
                        else:
                            messages.success(
                                request, f"已导入到草稿；{len(errors)}行未能读取，见下方导入问题。"
                            )
                            return redirect("workbench:catalogue")
        except (ValidationError, PermissionDenied) as exc:
            form = {"start": start_form, "adopt": adopt_form, "add": item_form, "import": import_form}.get(
                action
            )
            if form is not None:
                _error(form, exc)
    items = list(version.items.select_related("column")) if version else []
    return render(
        request,
        "catalog/workbench_catalogue.html",
        {
            "base_level": base_level,
            "version": version,
            "domains": selectors.domains_of(items),
            "adopt_form": adopt_form,
            "item_form": item_form,
            "import_form": import_form,
            "start_form": start_form,
            "versions": selectors.versions_of(org),
            "domain": domain,
        },
    )


def _get_item(request, pk) -> CatalogueItem:
    return get_for_org(CatalogueItem.objects.select_related("version", "column"), org=request.org, pk=pk)


def _get_version(request, pk) -> CatalogueVersion:
    return get_for_org(CatalogueVersion, org=request.org, pk=pk)


@staff_view
def item_edit(request, pk):
    item = _get_item(request, pk)
    initial = {**item.item_values(), "column": item.column}
    form = ItemForm(
        request.POST if request.POST.get("action") == "change" else None, org=request.org, initial=initial
    )
    drop_form = ReasonForm(request.POST if request.POST.get("action") == "drop" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "change" and form.is_valid():
                data = dict(form.cleaned_data)
                reason = data.pop("reason")
                services.change_item(item=item, actor=request.user, reason=reason, **data)
                messages.success(request, "已保存修改，已记入变更记录。")
                return redirect("workbench:catalogue")
            if request.POST.get("action") == "drop" and drop_form.is_valid():
                services.drop_item(item=item, actor=request.user, reason=drop_form.cleaned_data["reason"])
                messages.success(request, "已删除该事项，已记入变更记录。")
                return redirect("workbench:catalogue")
        except (ValidationError, PermissionDenied) as exc:
            _error(form if request.POST.get("action") == "change" else drop_form, exc)
    return render(
        request, "catalog/workbench_item.html", {"item": item, "form": form, "drop_form": drop_form}
    )


@staff_view
def version_detail(request, pk):
    """A version's items and its change history (what was added, changed, dropped; when, why, who)."""
    version = _get_version(request, pk)
    review_form = ReasonForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                services.submit_version(version=version, actor=request.user)
                messages.success(request, "已提交审核。")
                return redirect("workbench:catalogue_version", pk=version.pk)
            if action == "approve":
                services.approve_version(
                    version=version, actor=request.user, note=request.POST.get("reason", "")
                )
                messages.success(request, "审核通过，标准目录已发布。")
                return redirect("workbench:catalogue_version", pk=version.pk)
            if action == "return" and review_form.is_valid():
                services.return_version(
                    version=version, actor=request.user, comment=review_form.cleaned_data["reason"]
                )
                messages.success(request, "已退回修改。")
                return redirect("workbench:catalogue_version", pk=version.pk)
        except (ValidationError, PermissionDenied) as exc:
            _error(review_form, exc)
    items = list(version.items.select_related("column"))
    return render(
        request,
        "catalog/workbench_version.html",
        {
            "version": version,
            "domains": selectors.domains_of(items),
            "changes": version.changes.select_related("actor"),
            "review_form": review_form,
            "submitted": version.status == CatalogueStatus.SUBMITTED,
        },
    )


@staff_view
def coverage(request):
    """Coverage for the 政务公开办: per organ and domain, then item by item for the chosen organ."""
    orgs = selectors.base_level_orgs(
        visible_to(request.user).filter(pk__in=subtree(request.org).values("pk"))
    )
    chosen = request.org
    if request.GET.get("org"):
        chosen = next((o for o in orgs if o.slug == request.GET["org"]), None) or request.org
    rows = selectors.coverage(chosen)
    return render(
        request,
        "catalog/workbench_coverage.html",
        {
            "summaries": selectors.coverage_summary(orgs),
            "chosen": chosen,
            "rows": rows,
            "domain_names": {d.code: d.name for d in categories.BASE_LEVEL_DOMAINS},
        },
    )
