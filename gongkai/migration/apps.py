from django.apps import AppConfig


class MigrationConfig(AppConfig):
    # "site migration" (网站迁移): bringing an existing government site onto the platform (issue 19).
    name = "gongkai.migration"
    label = "site_migration"
    verbose_name = "网站迁移"
