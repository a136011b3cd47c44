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
    # The 2019 试行 format (reports on 2019 and 2020) counts items and their change instead.
    licensing_items = models.IntegerField(_("行政许可：上一年项目数量"), default=0)
    licensing_items_change = models.IntegerField(_("行政许可：本年增/减"), default=0)
    other_services_items = models.IntegerField(_("其他对外管理服务事项：上一年项目数量"), default=0)
    other_services_change = models.IntegerField(_("其他对外管理服务事项：本年增/减"), default=0)
    other_services = models.PositiveIntegerField(_("其他对外管理服务事项：处理决定数量"), default=0)
    penalty_items = models.IntegerField(_("行政处罚：上一年项目数量"), default=0)
    penalty_items_change = models.IntegerField(_("行政处罚：本年增/减"), default=0)
    coercion_items = models.IntegerField(_("行政强制：上一年项目数量"), default=0)
    coercion_items_change = models.IntegerField(_("行政强制：本年增/减"), default=0)
    fee_items = models.IntegerField(_("行政事业性收费：上一年项目数量"), default=0)
    fee_items_change = models.IntegerField(_("行政事业性收费：本年增/减"), default=0)
    procurement_projects = models.PositiveIntegerField(_("政府集中采购项目数量"), default=0)
    procurement_wan = models.DecimalField(
        _("政府集中采购总金额（万元）"), max_digits=14, decimal_places=4, default=Decimal(0)
    )

    class Meta:
        verbose_name = _("年度统计数据")
        verbose_name_plural = _("年度统计数据")
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="uniq_year_statistics")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    LOCKED = "locked", _("已锁定")
    PUBLISHED = "published", _("已发布")


class AnnualReport(OrgScopedModel):
    """政府信息公开工作年度报告 (第四十九条、第五十条) of one organ and year; a government's
    ``rollup`` report sums its departments. ``data`` is frozen at the lock: later edits to
    applications do not move a locked report."""

    year = models.PositiveSmallIntegerField(_("年度"))
    rollup = models.BooleanField(_("本级政府汇总"), default=False)
    include_townships = models.BooleanField(_("汇总含乡镇（街道）"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(_("六、其他需要报告的事项"), blank=True)
    data = models.JSONField(_("统计表"), null=True, blank=True)
    # The 历年对比 figures of the public page, taken when a report of the organ changes (ADR 0045).
    trends = models.JSONField(_("历年对比"), null=True, blank=True, editable=False)
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    override_reason = models.TextField(_("校验未通过仍发布的理由"), blank=True)

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "rollup"], name="uniq_annual_report")
        ]

    def __str__(self) -> str:
        return f"{self.year}年度报告"
