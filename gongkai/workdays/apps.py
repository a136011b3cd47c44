from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    label = "workdays"
    verbose_name = "工作日历"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from gongkai.workdays.models import CalendarDay, CalendarYear
        from gongkai.workdays.selectors import forget_calendar

        for model in (CalendarDay, CalendarYear):
            post_save.connect(forget_calendar, sender=model, dispatch_uid=f"workdays-forget-{model.__name__}")
            post_delete.connect(
                forget_calendar, sender=model, dispatch_uid=f"workdays-forget-del-{model.__name__}"
            )
