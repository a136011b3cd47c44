from django.contrib import admin
from django.db import models
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from gongkai.accounts.operators import SECURITY, SYSTEM, OperatorAdminMixin, OperatorInlineMixin
from gongkai.orgs.models import Organization, OrganizationAlias
from gongkai.orgs.services import public_structure_changed


class PublicStructureAdminMixin:
    """The operators' writes of organs, their aliases, columns and 指南 are public changes of the
    object's organ: each save, deletion, inline edit and tree move calls the service the
    workbench's writes call (ADR 0057), so the next request shows them."""

    @staticmethod
    def organ_of(obj):
        return obj.pk if isinstance(obj, Organization) else obj.organization_id

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_structure_changed(self.organ_of(obj))

    def delete_model(self, request, obj):
        organ = self.organ_of(obj)
        super().delete_model(request, obj)
        public_structure_changed(organ)

    def delete_queryset(self, request, queryset):
        organs = [self.organ_of(obj) for obj in queryset]
        super().delete_queryset(request, queryset)
        if organs:
            public_structure_changed(*organs)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        public_structure_changed(self.organ_of(form.instance))


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
class OrganizationAdmin(PublicStructureAdminMixin, OperatorAdminMixin, TreeAdmin):
    form = movenodeform_factory(Organization, formfield_callback=_formfield)
    list_display = ["name", "short_name", "kind", "level", "credit_code"]
    search_fields = ["name", "short_name", "aliases__alias"]
    inlines = [AliasInline]
    # The 系统管理员 keeps the organ tree; the 安全管理员 sees it to grant memberships.
    operator_edit = SYSTEM
    operator_view = SECURITY
    operator_delete = False  # an organ with records and audit entries is never deleted

    def move_node(self, request):
        # A move changes the organ tree the home page and every platform's breadcrumbs show.
        response = super().move_node(request)
        if response.status_code == 200:
            public_structure_changed()
        return response
