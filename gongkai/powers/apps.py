from django.apps import AppConfig


class PowersConfig(AppConfig):
    name = "gongkai.powers"
    label = "powers"
    verbose_name = "权责清单与公共服务事项"

    def ready(self):
        from gongkai.powers.search import register_items

        register_items()
