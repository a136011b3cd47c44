"""django.contrib.admin with the operators' site (kept apart: an AppConfig module may not import models)."""

from django.contrib.admin.apps import AdminConfig


class OpsAdminConfig(AdminConfig):
    default_site = "gongkai.accounts.adminsite.OpsAdminSite"

    def ready(self):
        super().ready()  # autodiscovery: every app's admin.py has run
        from django.contrib import admin

        from gongkai.accounts.admin import register_lockout_admins, register_second_factor_admins

        register_lockout_admins(admin.site)
        register_second_factor_admins(admin.site)
