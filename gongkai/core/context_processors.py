from django.conf import settings

from gongkai.core import preferences


def installation(request):
    return {
        "installation_name": settings.GONGKAI_INSTALLATION_NAME,
        "elder_mode": preferences.elder_mode(request),
        "script": preferences.script(request),
        # The switches belong to the public pages; the workbench is never converted.
        "reading_switches": not request.path.startswith(preferences.UNCONVERTED_PREFIXES),
    }
