from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    label = "audit"

    def ready(self):
        from gongkai.audit import signals  # noqa: F401
