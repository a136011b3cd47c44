from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    label = "disclosure"

    def ready(self):
        from gongkai.disclosure.search import register_records

        register_records()
