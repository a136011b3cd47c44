from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    label = "disclosure"

    def ready(self):
        from django.db.models.signals import post_save

        from gongkai.disclosure.search import forget_ancestors, register_records
        from gongkai.orgs.models import Organization

        register_records()
        post_save.connect(forget_ancestors, sender=Organization, dispatch_uid="search-forget-ancestors")
