"""The official calendar: days off and 调休 make-up working days, year by year.

Each year is loaded from the State Council's notice (国务院办公厅关于X年部分节假日安排的通知);
until then its dates are computed provisionally (``rules.statutory_holidays``) and every due date
that depends on them says so.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(_("依据"), max_length=200)
    notice_text = models.TextField(_("通知原文"), blank=True)
    loaded_at = models.DateTimeField(_("导入时间"), auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("已公布的年度节假日安排")
        verbose_name_plural = _("已公布的年度节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class DayKind(models.TextChoices):
    OFF = "off", _("放假")
    WORKDAY = "workday", _("调休上班")


class CalendarDay(models.Model):
    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("节日"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("节假日或调休日")
        verbose_name_plural = _("节假日和调休日")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()} {self.name}"
