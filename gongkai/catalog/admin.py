from django.contrib import admin

from gongkai.accounts.operators import SYSTEM, OperatorAdminMixin
from gongkai.catalog.models import Column, Guide
from gongkai.orgs.admin import PublicStructureAdminMixin


@admin.register(Column)
class ColumnAdmin(PublicStructureAdminMixin, OperatorAdminMixin, admin.ModelAdmin):
    operator_edit = SYSTEM
    list_display = ["name", "organization", "section", "category_code", "position"]
    list_filter = ["section"]
    search_fields = ["name", "organization__name"]


@admin.register(Guide)
class GuideAdmin(PublicStructureAdminMixin, OperatorAdminMixin, admin.ModelAdmin):
    operator_edit = SYSTEM
    list_display = ["organization", "revised_on"]
