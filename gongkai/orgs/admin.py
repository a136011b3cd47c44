from django.contrib import admin
from django.db import models
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from gongkai.accounts.operators import SECURITY, SYSTEM, OperatorAdminMixin, OperatorInlineMixin
from gongkai.orgs.models import Organization, OrganizationAlias


class AliasInline(OperatorInlineMixin, admin.TabularInline):
    model = OrganizationAlias
    extra = 1
    operator_edit = SYSTEM


def _formfield(field, **kwargs):
    # A web address typed without a scheme is https (Django 6.0's default, adopted now).
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


@admin.register(Organization)
class OrganizationAdmin(OperatorAdminMixin, TreeAdmin):
    form = movenodeform_factory(Organization, formfield_callback=_formfield)
    list_display = ["name", "short_name", "kind", "level", "credit_code"]
    search_fields = ["name", "short_name", "aliases__alias"]
    inlines = [AliasInline]
    # The 系统管理员 keeps the organ tree; the 安全管理员 sees it to grant memberships.
    operator_edit = SYSTEM
    operator_view = SECURITY
    operator_delete = False  # an organ with records and audit entries is never deleted
