from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "gongkai.participation"
    label = "participation"
    verbose_name = "政民互动"

    def ready(self):
        from gongkai.participation.search_consultations import register_consultations

        register_consultations()
