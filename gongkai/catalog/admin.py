from django.contrib import admin

from gongkai.accounts.operators import SYSTEM, OperatorAdminMixin
from gongkai.catalog.models import Column, Guide


@admin.register(Column)
class ColumnAdmin(OperatorAdminMixin, admin.ModelAdmin):
    operator_edit = SYSTEM
    list_display = ["name", "organization", "section", "category_code", "position"]
    list_filter = ["section"]
    search_fields = ["name", "organization__name"]


@admin.register(Guide)
class GuideAdmin(OperatorAdminMixin, admin.ModelAdmin):
    operator_edit = SYSTEM
    list_display = ["organization", "revised_on"]
