from django.apps import AppConfig

# Length limits and bidi removal on every form text field, before any form class is built.
from gongkai.core import formlimits  # noqa: F401


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"

    def ready(self):
        from gongkai.core import checks  # noqa: F401  (registers the deployment checks)
