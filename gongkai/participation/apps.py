from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "gongkai.participation"
    label = "participation"
    verbose_name = "政民互动"

    def ready(self):
        from gongkai.participation.search_consultations import register_consultations

        register_consultations()
        from gongkai.participation.questions.search import register_questions

        register_questions()
        # 意见征集's figures (comments, adopted) join the 政民互动 statistics here, explicitly.
        from gongkai.participation.questions import statistics
        from gongkai.participation.selectors_consultations import consultation_figures

        statistics.register_consultation_figures(consultation_figures)
