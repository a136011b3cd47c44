from django.contrib import admin

from gongkai.accounts.operators import SYSTEM, OperatorAdminMixin
from gongkai.workdays.models import CalendarDay, CalendarYear


@admin.register(CalendarYear)
class CalendarYearAdmin(OperatorAdminMixin, admin.ModelAdmin):
    operator_edit = SYSTEM  # the installation-wide calendar: see workdays.services.require_editor
    list_display = ["year", "source", "loaded_at", "loaded_by"]
    readonly_fields = ["loaded_at", "loaded_by"]


@admin.register(CalendarDay)
class CalendarDayAdmin(OperatorAdminMixin, admin.ModelAdmin):
    operator_edit = SYSTEM
    list_display = ["day", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "day"
