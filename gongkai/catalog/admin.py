from django.contrib import admin

from gongkai.catalog.models import Column, Guide


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "section", "category_code", "position"]
    list_filter = ["section"]
    search_fields = ["name", "organization__name"]


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["organization", "revised_on"]
