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

# --- 专题专栏 (topic columns, issue 15 item 3) -------------------------------------------------------


class TopicColumn(OrgScopedModel):
    """专题专栏 of the 政务公开办 (its government is ``organization``): records of the government and
    every organ under it gathered by rule (法定类别, 关键词, 主题分类, 标签) and pinned or excluded
    by hand; shown in its own page, in ``position`` order, between ``starts_on`` and ``ends_on``."""

    name = models.CharField(_("专栏名称"), max_length=120)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)
    description = models.TextField(_("专栏说明"), blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    # Rules; a record is gathered when it matches any filled rule (and is in the period).
    category_codes = models.JSONField(_("法定类别"), default=list, blank=True)
    topics = models.JSONField(_("主题分类"), default=list, blank=True)
    keywords = models.TextField(
        _("关键词"), blank=True, help_text=_("每行或以逗号分隔一个词，匹配信息名称和关键词。")
    )
    tags = models.TextField(
        _("标签"), blank=True, help_text=_("匹配信息的“关键词”元数据（标签），逗号分隔。")
    )
    update_period_days = models.PositiveIntegerField(
        _("更新周期（天）"),
        null=True,
        blank=True,
        help_text=_("网站自查据此判断专栏是否更新不及时；留空为30天，0为不要求。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("专题专栏")
        verbose_name_plural = _("专题专栏")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class TopicColumnEntry(models.Model):
    """A record pinned into (``excluded=False``) or kept out of (``excluded=True``) a topic column."""

    topic_column = models.ForeignKey(TopicColumn, on_delete=models.CASCADE, related_name="entries")
    record = models.ForeignKey("disclosure.Record", on_delete=models.CASCADE, related_name="+")
    excluded = models.BooleanField(_("排除"), default=False)
    position = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("专栏条目")
        verbose_name_plural = _("专栏条目")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["topic_column", "record"], name="uniq_topic_entry")]

    def __str__(self) -> str:
        return f"{self.topic_column_id}: {self.record_id}"
