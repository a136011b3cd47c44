from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    # No signal receivers here: every write of public content — organs and columns (ADR 0057),
    # records, attachments, validity changes, annual reports and lists (ADR 0063) — calls
    # gongkai.core.pagecache.public_content_changed from its own service, so a reader can follow a
    # write to the pages it invalidates.
