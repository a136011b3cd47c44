"""Every year the ``chinese-calendar`` package knows (2004–2026), as loaded years."""

from django.db import migrations

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def seed(apps, schema_editor):
    import chinese_calendar

    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    days = [
        CalendarDay(day=day, kind="off", name=NAMES.get(str(name), str(name)))
        for day, name in chinese_calendar.holidays.items()
    ] + [
        CalendarDay(day=day, kind="workday", name=NAMES.get(str(name), str(name)))
        for day, name in chinese_calendar.workdays.items()  # the 调休 make-up days only
    ]
    CalendarDay.objects.bulk_create(days, ignore_conflicts=True)
    years = sorted({d.day.year for d in days})
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source="chinese-calendar 1.11.0（国务院办公厅历年节假日安排通知）") for y in years],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    apps.get_model("workdays", "CalendarDay").objects.all().delete()
    apps.get_model("workdays", "CalendarYear").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
