from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from gongkai.orgs.models import Organization, OrganizationAlias


class AliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 1


@admin.register(Organization)
class OrganizationAdmin(TreeAdmin):
    form = movenodeform_factory(Organization)
    list_display = ["name", "short_name", "kind", "level", "credit_code"]
    search_fields = ["name", "short_name", "aliases__alias"]
    inlines = [AliasInline]
