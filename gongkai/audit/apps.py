from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_triggers(sender, using="default", **kwargs):
    from django.db import connections

    from gongkai.audit.protection import ensure_triggers

    ensure_triggers(connections[using])


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    label = "audit"

    def ready(self):
        from gongkai.audit import protection, signals  # noqa: F401

        post_migrate.connect(_ensure_triggers, sender=self)
