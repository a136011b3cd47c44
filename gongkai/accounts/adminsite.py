"""/ops-admin/: the Django admin as the three operators' tool (see ``accounts.operators``)."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.db import transaction

from gongkai.accounts.models import AdminRole
from gongkai.accounts.operators import audit_admin, is_operator


class OpsAdminSite(AdminSite):
    site_header = "政务公开平台运维管理"
    site_title = "运维管理"
    index_title = "运维管理（系统管理员、安全管理员、审计管理员分设）"

    def has_permission(self, request):
        """Only the three operators (and the bootstrap superuser) get in; a business account with
        ``is_staff`` set by mistake sees nothing."""
        return request.user.is_staff and is_operator(request.user, set(AdminRole.values))

    def password_change(self, request, extra_context=None):
        """An operator changing their own password: audited like every password change."""
        with transaction.atomic():
            response = super().password_change(request, extra_context)
            if request.method == "POST" and response.status_code == 302:
                audit_admin(request, verb="password_changed", obj=request.user)
        return response
