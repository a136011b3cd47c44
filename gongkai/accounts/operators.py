"""The three operators (三员) of 等保 2.0 第三级 in /ops-admin/: who may see and change which model,
and an audit entry for every change made there (GB/T 22239-2019 8.1.4.2 d), 8.1.4.3 a), 8.1.5).

- 系统管理员 (``AdminRole.SYSTEM``): organs, user accounts (not their roles), catalog and calendar
  configuration. Never the audit log, never grants or security settings.
- 安全管理员 (``AdminRole.SECURITY``): grants (memberships, operator roles) and security settings
  (the separation-of-duties setting; password and lock-out parameters live in settings files).
- 审计管理员 (``AdminRole.AUDIT``): reads, searches and exports the audit log; nothing else.

Every ModelAdmin of the project mixes in ``OperatorAdminMixin`` and names the roles that may view
and change it; Django's per-model permissions (groups, user permissions) are not used, so a
grant can only be made the audited way. The superuser passes every check: it is for bootstrap
only (``docs/security.md``).
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from gongkai.accounts.models import AdminRole
from gongkai.audit.services import record_event
from gongkai.core.ratelimit import client_ip

SYSTEM = frozenset({AdminRole.SYSTEM})
SECURITY = frozenset({AdminRole.SECURITY})
AUDIT = frozenset({AdminRole.AUDIT})
NOBODY: frozenset[str] = frozenset()

SECRET_MARK = "（已设置，不记录内容）"


def is_operator(user, roles) -> bool:
    """Superuser, or an active account holding one of ``roles``."""
    if not (user.is_active and user.is_authenticated):
        return False
    return user.is_superuser or user.admin_role in roles


def _plain(value: Any) -> Any:
    """A form value as something the JSON audit column keeps and a person can read."""
    if isinstance(value, models.Model):
        return f"{value} (#{value.pk})"
    if isinstance(value, models.QuerySet | list | tuple | set):
        return [_plain(v) for v in value]
    if value is None:
        return ""
    return str(value)


def _is_secret(name: str) -> bool:
    return "password" in name


def form_changes(form, *, change: bool) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields the form changed; secrets are named, never written."""
    changes = {}
    for name in form.changed_data:
        if _is_secret(name):
            changes[name] = ["", SECRET_MARK]
            continue
        old = form[name].initial if change else ""
        if name in form.fields and hasattr(form.fields[name], "queryset") and old not in (None, ""):
            # A choice of objects starts as primary keys; show the objects like the new value.
            queryset = form.fields[name].queryset
            many = isinstance(old, list)
            old = list(queryset.filter(pk__in=old)) if many else queryset.filter(pk=old).first()
        changes[name] = [_plain(old), _plain(form.cleaned_data.get(name))]
    return changes


def deleted_values(obj) -> dict[str, list[str]]:
    """{field: [value, ""]} of a row about to be deleted (secrets named, long text cut)."""
    values = {"object": [str(obj)[:200], ""]}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        text = SECRET_MARK if _is_secret(field.name) else _plain(value)
        values[field.name] = [text[:200] if isinstance(text, str) else text, ""]
    return values


def audit_admin(request, *, verb: str, obj, changes=None, organization=None, reason: str = "") -> None:
    record_event(
        actor=request.user,
        verb=verb,
        obj=obj,
        organization=organization,
        changes=changes or {},
        reason=reason,
        ip_address=client_ip(request),
    )


class OperatorAdminMixin:
    """Per-role permissions and audited writes for one ModelAdmin or inline.

    ``operator_view``: roles that may see the objects; ``operator_edit``: roles that may also add,
    change and delete them (``operator_delete = False`` keeps deletion to nobody but the superuser).
    """

    operator_view: frozenset[str] = NOBODY
    operator_edit: frozenset[str] = NOBODY
    operator_delete: bool = True
    # Verbs of the audit entries; the accounts admin names grants more precisely.
    audit_verbs = {"added": "ops_added", "changed": "ops_changed", "deleted": "ops_deleted"}

    # Permissions.

    def has_module_permission(self, request):
        return is_operator(request.user, self.operator_view | self.operator_edit)

    def has_view_permission(self, request, obj=None):
        return is_operator(request.user, self.operator_view | self.operator_edit)

    def has_add_permission(self, request, *args):
        return is_operator(request.user, self.operator_edit)

    def has_change_permission(self, request, obj=None):
        return is_operator(request.user, self.operator_edit)

    def has_delete_permission(self, request, obj=None):
        if not self.operator_delete:
            return request.user.is_active and request.user.is_superuser
        return is_operator(request.user, self.operator_edit)

    # Audit: Django's admin views run these inside their transaction, so the entry and the change
    # are written together or not at all.

    def save_model(self, request, obj, form, change):
        changes = form_changes(form, change=change)
        super().save_model(request, obj, form, change)
        if changes or not change:
            verb = self.audit_verbs["changed" if change else "added"]
            audit_admin(request, verb=verb, obj=obj, changes=changes)

    def delete_model(self, request, obj):
        self._audit_deletion(request, obj)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit_deletion(request, obj)
        super().delete_queryset(request, queryset)

    def _audit_deletion(self, request, obj):
        audit_admin(request, verb=self.audit_verbs["deleted"], obj=obj, changes=deleted_values(obj))

    def save_formset(self, request, form, formset, change):
        """Inline rows (e.g. a user's memberships): one entry per row added, changed or removed."""
        inline_admin = next((i for i in self.get_inline_instances(request) if i.model is formset.model), None)
        verbs = getattr(inline_admin, "audit_verbs", OperatorAdminMixin.audit_verbs)
        # Read before saving: a deleted row has no primary key afterwards.
        removed = [
            (str(f.instance), getattr(f.instance, "organization", None)) for f in formset.deleted_forms
        ]
        changed_forms = {f.instance.pk: f for f in formset.initial_forms if f.has_changed()}
        super().save_formset(request, form, formset, change)
        parent = form.instance
        for obj in formset.new_objects:
            audit_admin(
                request,
                verb=verbs["added"],
                obj=obj,
                changes={formset.model._meta.model_name: ["", str(obj)]},
            )
        for obj, _fields in formset.changed_objects:
            inline_form = changed_forms.get(obj.pk)
            changes = form_changes(inline_form, change=True) if inline_form is not None else {}
            audit_admin(request, verb=verbs["changed"], obj=obj, changes=changes)
        for text, organization in removed:
            # The row is gone: the entry names it and points at its parent.
            audit_admin(
                request,
                verb=verbs["deleted"],
                obj=parent,
                organization=organization,
                changes={formset.model._meta.model_name: [text, ""]},
            )


class OperatorInlineMixin:
    """Permissions for an inline (its writes are audited by the parent's ``save_formset``)."""

    operator_view: frozenset[str] = NOBODY
    operator_edit: frozenset[str] = NOBODY
    audit_verbs = OperatorAdminMixin.audit_verbs

    def has_view_permission(self, request, obj=None):
        return is_operator(request.user, self.operator_view | self.operator_edit)

    def has_add_permission(self, request, obj=None):
        return is_operator(request.user, self.operator_edit)

    def has_change_permission(self, request, obj=None):
        return is_operator(request.user, self.operator_edit)

    def has_delete_permission(self, request, obj=None):
        return is_operator(request.user, self.operator_edit)
