from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm

from gongkai.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organization"]


class _MustChangeMixin:
    """A password an operator typed for someone else is known to the operator: the user must
    replace it at next login (ADR 0002; gongkai.accounts.middleware.PasswordExpiryMiddleware)."""

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = True
        if commit:
            user.save()
            if hasattr(self, "save_m2m"):
                self.save_m2m()
        return user


class OperatorSetPasswordForm(_MustChangeMixin, AdminPasswordChangeForm):
    pass


class OperatorUserCreationForm(_MustChangeMixin, AdminUserCreationForm):
    pass


@admin.register(User)
class GongkaiUserAdmin(UserAdmin):
    add_form = OperatorUserCreationForm
    change_password_form = OperatorSetPasswordForm
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "is_active", "last_login"]
    fieldsets = (*UserAdmin.fieldsets, ("政务公开", {"fields": ("full_name", "must_change_password")}))
