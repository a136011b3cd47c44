"""What the annual report needs that the platform does not decide itself."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import OrgScopedModel


class YearStatistics(OrgScopedModel):
    """第二十条第（五）（六）（八）项: decisions and fees of the year, entered or imported (CSV/XLSX)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    licensing = models.PositiveIntegerField(_("行政许可处理决定数量"), default=0)
    penalties = models.PositiveIntegerField(_("行政处罚处理决定数量"), default=0)
    coercion = models.PositiveIntegerField(_("行政强制处理决定数量"), default=0)
    fees_wan = models.DecimalField(
        _("行政事业性收费金额（万元）"), max_digits=14, decimal_places=4, default=Decimal(0)
    )

    class Meta:
        verbose_name = _("年度统计数据")
        verbose_name_plural = _("年度统计数据")
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="uniq_year_statistics")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}"
