from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"

    def ready(self):
        from gongkai.catalog.search import register_catalogue

        register_catalogue()
