"""`migrate` as the owner role, then the owner's grants to the application role (ADR 0014).

Without ``MIGRATE_DATABASE_URL`` (SQLite, or one PostgreSQL role) this is Django's migrate.
"""

from django.core.management.commands.migrate import Command as DjangoMigrate

from gongkai.audit import protection
from gongkai.audit.owner import app_role_name, as_owner


class Command(DjangoMigrate):
    def handle(self, *args, **options):
        alias = options["database"]
        app_role = app_role_name(alias)
        with as_owner(alias) as switched:
            result = super().handle(*args, **options)
            if switched:
                from django.db import connections

                protection.apply_grants(connections[alias], app_role)
                if options["verbosity"] >= 1:
                    self.stdout.write(f"已授予应用角色 {app_role} 权限（审计日志只能插入和查询）。")
        return result
