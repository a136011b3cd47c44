"""基层政务公开标准目录 (国办发〔2019〕54号): the national baseline and each 基层 organ's catalogue.

``StandardCatalogItem`` is the installation's national baseline (shipped data, one file per domain
under ``catalog/data/standard/``). A 基层 organ keeps versions of its own catalogue
(``CatalogueVersion``): it adopts baseline items, adds local ones and links each item to the column
where its records are published; every change is a ``CatalogueChange`` (added/changed/dropped, when,
why, who) and an audit entry. A version is public only after review (ADR 0038).
"""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import OrgScopedModel, TimeStampedModel


class ItemFields(models.Model):
    """The columns of a real 标准目录 (regulations §5.2), shared by the baseline and organ items."""

    domain_code = models.CharField(_("领域"), max_length=20, db_index=True)
    level1 = models.CharField(_("一级事项"), max_length=120)
    level2 = models.CharField(_("二级事项"), max_length=200, blank=True)
    content = models.TextField(_("公开内容（要素）"), blank=True)
    basis = models.TextField(_("公开依据"), blank=True)
    time_limit = models.CharField(_("公开时限"), max_length=300, blank=True)
    subject = models.CharField(_("公开主体"), max_length=300, blank=True)
    channels = models.CharField(_("公开渠道和载体"), max_length=500, blank=True)
    audience_public = models.BooleanField(_("公开对象：全社会"), default=True)
    audience_specific = models.BooleanField(_("公开对象：特定群体"), default=False)
    proactive = models.BooleanField(_("公开方式：主动"), default=True)
    on_request = models.BooleanField(_("公开方式：依申请"), default=False)
    tier_county = models.BooleanField(_("公开层级：县级"), default=True)
    tier_township = models.BooleanField(_("公开层级：乡级"), default=False)
    position = models.PositiveIntegerField(_("序号"), default=0)

    ITEM_FIELDS = (
        "domain_code", "level1", "level2", "content", "basis", "time_limit", "subject", "channels",
        "audience_public", "audience_specific", "proactive", "on_request", "tier_county",
        "tier_township", "position",
    )  # fmt: skip

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return f"{self.level1}—{self.level2}" if self.level2 and self.level2 != self.level1 else self.level1

    @property
    def domain_name(self) -> str:
        from gongkai.catalog.categories import domain_name

        return domain_name(self.domain_code)

    def item_values(self) -> dict:
        return {name: getattr(self, name) for name in self.ITEM_FIELDS}


class StandardCatalogItem(ItemFields, TimeStampedModel):
    """One item of the national baseline 标准目录 of a domain, with where it was entered from."""

    key = models.CharField(_("事项标识"), max_length=40, unique=True)
    source_url = models.URLField(_("来源"), max_length=500)
    source_date = models.DateField(_("来源日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("标准目录事项")
        verbose_name_plural = _("标准目录事项")
        ordering = ["domain_code", "position", "id"]

    def __str__(self) -> str:
        return self.name


class CatalogueStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("已退回修改")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被新版本替代")


CATALOGUE_EDITABLE = {CatalogueStatus.DRAFT, CatalogueStatus.RETURNED}


class CatalogueVersionQuerySet(models.QuerySet):
    def for_org(self, org):
        return self.filter(organization=org)

    def published(self):
        return self.filter(status=CatalogueStatus.PUBLISHED)


class CatalogueVersion(OrgScopedModel):
    """One version of an organ's 政务公开事项标准目录; at most one is published at a time."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="catalogue_versions",
        verbose_name=_("机关"),
    )
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(
        _("状态"), max_length=20, choices=CatalogueStatus.choices, default=CatalogueStatus.DRAFT
    )
    reason = models.TextField(_("修订说明"), blank=True)
    # Rows an import could not read, by line: [{"line": 5, "message": "…"}] (kept with the draft).
    import_report = models.JSONField(_("导入问题"), default=list, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    objects = CatalogueVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("标准目录版本")
        verbose_name_plural = _("标准目录版本")
        ordering = ["organization", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="uniq_catalogue_version"),
        ]

    def __str__(self) -> str:
        return f"{self.organization}政务公开事项标准目录（第{self.number}版）"

    @property
    def editable(self) -> bool:
        return self.status in CATALOGUE_EDITABLE

    def sealed_content(self) -> dict:
        """What the public catalogue page shows of this version, sealed at publication (ADR 0051):
        its number, reason, publication time and every item's wording and column, in order."""
        return {
            "number": self.number,
            "reason": self.reason,
            "published_at": self.published_at.astimezone(UTC).isoformat() if self.published_at else "",
            "items": [
                {"key": item.key, "column": item.column_id, **item.item_values()}
                for item in self.items.order_by("domain_code", "position", "id")
            ],
        }

    def public_url(self) -> str:
        return reverse("portal:catalogue", kwargs={"org": self.organization.slug})


class CatalogueItem(ItemFields, OrgScopedModel):
    """An item of one version of an organ's catalogue: adopted from the baseline or local."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="catalogue_items", verbose_name=_("机关")
    )
    version = models.ForeignKey(
        CatalogueVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("版本")
    )
    # The same item across versions (the baseline key, or local-… for the organ's own items).
    key = models.CharField(_("事项标识"), max_length=40)
    standard_item = models.ForeignKey(
        StandardCatalogItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
        verbose_name=_("对应标准事项"),
    )
    column = models.ForeignKey(
        "catalog.Column",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="catalogue_items",
        verbose_name=_("发布栏目"),
    )

    class Meta:
        verbose_name = _("目录事项")
        verbose_name_plural = _("目录事项")
        ordering = ["domain_code", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="uniq_catalogue_item_key")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_local(self) -> bool:
        return self.standard_item_id is None and self.key.startswith("local-")


class ChangeKind(models.TextChoices):
    ADDED = "added", _("新增")
    CHANGED = "changed", _("变更")
    DROPPED = "dropped", _("删除")


class CatalogueChange(OrgScopedModel):
    """变更记录: which item was added, changed or dropped in a version, when, why and by whom."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    version = models.ForeignKey(
        CatalogueVersion, on_delete=models.CASCADE, related_name="changes", verbose_name=_("版本")
    )
    item_key = models.CharField(_("事项标识"), max_length=40)
    item_name = models.CharField(_("事项"), max_length=330)
    kind = models.CharField(_("变更类型"), max_length=10, choices=ChangeKind.choices)
    fields = models.JSONField(_("变更内容"), default=dict, blank=True)
    reason = models.TextField(_("变更理由"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("目录变更记录")
        verbose_name_plural = _("目录变更记录")
        ordering = ["version", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.item_name}"
