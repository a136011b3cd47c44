"""User accounts, grants and the separation-of-duties setting in /ops-admin/.

The 系统管理员 creates and maintains accounts (name, e-mail, active, password of business users);
the 安全管理员 grants roles (memberships in organs, the operator role) and sets the
separation-of-duties exception. Nobody edits their own account here, and an operator's account is
not the 系统管理员's to change, so no operator can take over or promote another (or themselves).
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.accounts import duties
from gongkai.accounts.models import AdminRole, DutyPolicy, Membership, User
from gongkai.accounts.operators import (
    AUDIT,
    SECURITY,
    SYSTEM,
    OperatorAdminMixin,
    OperatorInlineMixin,
    audit_admin,
    is_operator,
)
from gongkai.core.ratelimit import client_ip

MEMBERSHIP_VERBS = {
    "added": "membership_granted",
    "changed": "membership_changed",
    "deleted": "membership_revoked",
}

# Django's groups and per-model permissions are not how grants are made here (roles are): hidden,
# so that no grant can bypass the audited path.
admin.site.unregister(Group)


class MembershipInline(OperatorInlineMixin, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organization"]
    operator_view = SYSTEM
    operator_edit = SECURITY
    audit_verbs = MEMBERSHIP_VERBS


ACCOUNT_FIELDS = ("username", "full_name", "email", "is_active", "must_change_password")
GRANT_FIELDS = ("admin_role",)
DATES = ("last_login", "date_joined")
OPERATOR_FLAGS = ("is_staff", "is_superuser")


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
class GongkaiUserAdmin(OperatorAdminMixin, UserAdmin):
    add_form = OperatorUserCreationForm
    change_password_form = OperatorSetPasswordForm
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "admin_role", "is_active", "last_login"]
    list_filter = ["admin_role", "is_active"]
    operator_view = SYSTEM | SECURITY
    operator_edit = SYSTEM | SECURITY
    operator_delete = False  # accounts are disabled, not deleted: the audit log points at them
    audit_verbs = {"added": "user_created", "changed": "user_changed", "deleted": "user_deleted"}

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return super().get_fieldsets(request, obj)
        account = ("password", *ACCOUNT_FIELDS) if is_operator(request.user, SYSTEM) else ACCOUNT_FIELDS
        fieldsets = [
            (None, {"fields": account}),
            ("运维管理角色（由安全管理员设置，三者互斥）", {"fields": (*GRANT_FIELDS, *OPERATOR_FLAGS)}),
            ("时间", {"fields": DATES}),
        ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        user = request.user
        if user.is_superuser:
            return DATES
        # ``is_staff`` follows the operator role; ``is_superuser`` is set only at the command line.
        fixed = ("is_staff", "is_superuser", *DATES)
        if user.admin_role == AdminRole.SECURITY:
            return (*ACCOUNT_FIELDS, *fixed)
        return (*GRANT_FIELDS, *fixed)

    def has_add_permission(self, request, *args):
        return is_operator(request.user, SYSTEM)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        if obj.pk == request.user.pk or obj.is_superuser:
            return False
        # An operator's account is the 安全管理员's (its role), not the 系统管理员's.
        return not (obj.admin_role and request.user.admin_role == AdminRole.SYSTEM)

    def save_model(self, request, obj, form, change):
        obj.is_staff = bool(obj.admin_role) or obj.is_superuser
        super().save_model(request, obj, form, change)

    @staticmethod
    def may_set_password(actor, target) -> bool:
        """The 系统管理员 resets business users' passwords; an operator's or the superuser's only
        its owner (or the superuser) changes, so no operator can take over another's account."""
        if actor.is_active and actor.is_superuser:
            return True
        return (
            is_operator(actor, SYSTEM)
            and not target.admin_role
            and not target.is_superuser
            and target.pk != actor.pk
        )

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, unquote(id))
        if target is not None and not self.may_set_password(request.user, target):
            raise PermissionDenied
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if target is not None and request.method == "POST" and response.status_code == 302:
                audit_admin(request, verb="password_set_by_admin", obj=target)
        return response


@admin.register(Membership)
class MembershipAdmin(OperatorAdminMixin, admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    operator_view = SYSTEM
    operator_edit = SECURITY
    audit_verbs = MEMBERSHIP_VERBS


@admin.register(DutyPolicy)
class DutyPolicyAdmin(OperatorAdminMixin, admin.ModelAdmin):
    list_display = ["organization", "single_officer", "basis", "changed_by", "changed_at"]
    list_filter = ["single_officer"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["changed_by", "changed_at"]
    operator_edit = SECURITY

    def get_readonly_fields(self, request, obj=None):
        # One row per organ: an existing setting is changed, never moved to another organ.
        return [*self.readonly_fields, "organization"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        # Through the service: the same check and the same audit entry as the competent office's.
        saved = duties.set_single_officer(
            org=obj.organization,
            actor=request.user,
            single_officer=obj.single_officer,
            basis=obj.basis,
            ip_address=client_ip(request),
        )
        obj.pk = saved.pk


def register_second_factor_admins(site) -> None:
    """django-otp's device tables, under the operators: the 安全管理员 removes a lost phone's
    device (audited, the user enrols again), the 审计管理员 reads the list; nobody sees a secret."""
    from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model, base in ((TOTPDevice, TOTPDeviceAdmin), (StaticDevice, StaticDeviceAdmin)):
        if site.is_registered(model):
            site.unregister(model)
        site.register(
            model,
            type(
                f"Operator{base.__name__}",
                (OperatorAdminMixin, base),
                {
                    "operator_view": AUDIT,
                    "operator_edit": SECURITY,
                    "fields": ("user", "name", "confirmed"),
                    "fieldsets": None,
                    "inlines": [],
                    "readonly_fields": ("user", "name", "confirmed"),
                    "raw_id_fields": (),
                    "has_add_permission": lambda self, request, *args: False,
                    "has_change_permission": lambda self, request, obj=None: False,
                },
            ),
        )


def register_lockout_admins(site) -> None:
    """django-axes registers its lock-out tables with Django's permissions; re-register them for
    the operators: the 安全管理员 lifts a lock-out (deletes the attempt row, audited), the 审计管理员
    reads them. Called after autodiscovery (``adminapp.OpsAdminConfig.ready``), when axes is there."""
    from axes import admin as axes_admin
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model, base, deletable in (
        (AccessAttempt, axes_admin.AccessAttemptAdmin, True),  # deleting the attempt lifts the lock
        (AccessLog, axes_admin.AccessLogAdmin, False),  # evidence: never deleted here
        (AccessFailureLog, axes_admin.AccessFailureLogAdmin, False),
    ):
        if site.is_registered(model):
            site.unregister(model)
        site.register(
            model,
            type(
                f"Operator{base.__name__}",
                (OperatorAdminMixin, base),
                {
                    "operator_view": AUDIT,
                    "operator_edit": SECURITY,
                    "operator_delete": deletable,
                    "has_add_permission": lambda self, request, *args: False,
                    "has_change_permission": lambda self, request, obj=None: False,
                },
            ),
        )
