"""The competent office's page for the separation-of-duties exception of its subordinate organs."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from gongkai.accounts import duties
from gongkai.accounts.models import DutyPolicy, Role
from gongkai.orgs.selectors import subtree
from gongkai.workbench.views import staff_view

BASIS_REQUIRED = "允许一人兼任须写明依据和理由（如：本机关仅有一名工作人员）。"


class DutyPolicyForm(forms.Form):
    organization = forms.ModelChoiceField(label="机关", queryset=None)
    single_officer = forms.BooleanField(label="允许一人兼任起草、保密审查、审核、发布", required=False)
    basis = forms.CharField(label="依据和理由", max_length=300, required=False)

    def __init__(self, *args, organs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organs

    def clean(self):
        data = super().clean()
        if data.get("single_officer") and not (data.get("basis") or "").strip():
            self.add_error("basis", BASIS_REQUIRED)
        return data


def _subordinates(request):
    """Organs below the current one, if the user is its 政务公开办 and it is a government."""
    org = request.org
    if not org.is_government or not (
        request.user.is_superuser or Role.COMPETENT_ADMIN in request.user.roles_in(org)
    ):
        raise PermissionDenied(duties.POLICY_NOT_ALLOWED)
    return subtree(org).exclude(pk=org.pk).order_by("path")


@staff_view
def duty_settings(request):
    organs = _subordinates(request)
    form = DutyPolicyForm(request.POST or None, organs=organs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            duties.set_single_officer(
                org=data["organization"],
                actor=request.user,
                single_officer=data["single_officer"],
                basis=data["basis"],
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已更新{data['organization'].name}的职责分离设置。")
            return redirect("workbench:duty_settings")
    policies = {p.organization_id: p for p in DutyPolicy.objects.filter(organization__in=organs)}
    rows = [(organ, policies.get(organ.pk)) for organ in organs]
    return render(request, "workbench/duty_settings.html", {"form": form, "rows": rows})
