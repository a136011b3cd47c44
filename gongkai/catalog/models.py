"""The 公开目录 of each organ (columns) and its 政府信息公开指南."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import OrgScopedModel, TimeStampedModel


class Section(models.TextChoices):
    """The four sections of the platform (国办公开办函〔2019〕61号); the 指南 is not a column."""

    PROACTIVE = "proactive", _("法定主动公开内容")
    RULES = "rules", _("政府信息公开制度")
    ANNUAL_REPORTS = "annual_reports", _("政府信息公开年报")


class ColumnQuerySet(models.QuerySet):
    def for_org(self, org):
        return self.filter(organization=org)

    def proactive(self):
        return self.filter(section=Section.PROACTIVE)

    def applicable(self):
        return self.filter(applies=True)


class Column(OrgScopedModel):
    """A column of an organ's 公开目录: a statutory category or a sub-column the organ added."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="columns", verbose_name=_("机关")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级栏目"),
    )
    name = models.CharField(_("栏目名称"), max_length=120)
    slug = models.SlugField(_("网址标识"), max_length=60)
    section = models.CharField(
        _("所属板块"), max_length=20, choices=Section.choices, default=Section.PROACTIVE
    )
    category_code = models.CharField(_("法定类别"), max_length=40, blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)
    is_statutory = models.BooleanField(_("法定栏目"), default=False)
    # 第二十一条 lists what governments "根据本地方的具体情况" disclose; an organ whose functions
    # do not include a category (a 发改委 has no 治安管理) does not carry the column at all.
    applies = models.BooleanField(_("适用本机关"), default=True)
    # 「本机关无此项信息」: an applicable column with nothing to publish says so, with a reason,
    # instead of standing empty (an empty column is a 单项否决 item in the 国办秘函〔2019〕19号 check).
    no_info_reason = models.TextField(_("无此项信息的说明"), blank=True)
    # 国办秘函〔2019〕19号 栏目不更新: 动态/要闻 columns within 2 weeks, 通知公告/政策文件 within 6 months;
    # empty = the default by the column's kind (inspection.selfcheck.update_period), 0 = not checked.
    update_period_days = models.PositiveIntegerField(
        _("更新周期（天）"),
        null=True,
        blank=True,
        help_text=_("留空按栏目类型确定（动态、要闻类14天，通知公告、政策文件类183天）；0为不要求定期更新。"),
    )

    objects = ColumnQuerySet.as_manager()

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "slug"], name="uniq_column_slug")]

    def __str__(self) -> str:
        return self.name


class Guide(TimeStampedModel):
    """政府信息公开指南, structured as 第十二条 requires; contact data comes from the organ."""

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="guide", verbose_name=_("机关")
    )
    overview = models.TextField(_("概述"), blank=True)
    classification = models.TextField(_("政府信息的分类与编排体系"), blank=True)
    proactive_channels = models.TextField(_("主动公开的获取方式"), blank=True)
    request_procedure = models.TextField(_("依申请公开的办理程序"), blank=True)
    fees = models.TextField(_("收费标准"), blank=True)
    remedies = models.TextField(_("监督和救济"), blank=True)
    revised_on = models.DateField(_("修订日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("政府信息公开指南")
        verbose_name_plural = _("政府信息公开指南")

    def __str__(self) -> str:
        return f"{self.organization}政府信息公开指南"


# 基层政务公开标准目录 (issue 14), in its own module so the column models stay readable.
from gongkai.catalog.standard_models import (  # noqa: E402, F401
    CatalogueChange,
    CatalogueItem,
    CatalogueStatus,
    CatalogueVersion,
    ChangeKind,
    StandardCatalogItem,
)
