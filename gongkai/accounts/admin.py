from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from gongkai.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organization"]


@admin.register(User)
class GongkaiUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "is_active", "last_login"]
    fieldsets = (*UserAdmin.fieldsets, ("政务公开", {"fields": ("full_name", "must_change_password")}))
