import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="CalendarDay",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(unique=True, verbose_name="日期")),
                (
                    "kind",
                    models.CharField(
                        choices=[("off", "放假"), ("workday", "调休上班")], max_length=10, verbose_name="类型"
                    ),
                ),
                ("name", models.CharField(blank=True, max_length=40, verbose_name="节日")),
            ],
            options={"verbose_name": "节假日或调休日", "verbose_name_plural": "节假日和调休日", "ordering": ["day"]},
        ),
        migrations.CreateModel(
            name="CalendarYear",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="年度")),
                ("source", models.CharField(max_length=200, verbose_name="依据")),
                ("notice_text", models.TextField(blank=True, verbose_name="通知原文")),
                ("loaded_at", models.DateTimeField(auto_now=True, verbose_name="导入时间")),
                (
                    "loaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "已公布的年度节假日安排",
                "verbose_name_plural": "已公布的年度节假日安排",
                "ordering": ["-year"],
            },
        ),
    ]
