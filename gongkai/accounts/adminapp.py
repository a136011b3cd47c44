"""django.contrib.admin with the operators' site (kept apart: an AppConfig module may not import models)."""

from django.contrib.admin.apps import AdminConfig


class OpsAdminConfig(AdminConfig):
    default_site = "gongkai.accounts.adminsite.OpsAdminSite"
