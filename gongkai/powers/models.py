"""权责清单 and 公共服务事项清单 of each organ, kept as numbered versions (动态调整).

A version is a whole list: drafted (imported from .xlsx or copied from the published one and
edited), reviewed, published. Publishing a version supersedes the one before it, which stays
readable with its reason, so any two versions can be compared.
"""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import OrgScopedModel


class ListKind(models.TextChoices):
    POWERS = "powers", _("权责清单")
    SERVICES = "services", _("公共服务事项清单")


class Category(models.TextChoices):
    """The ten kinds of 行政职权 of the 权责清单 (中办发〔2015〕21号 and the provinces' 权责清单
    catalogues), and 公共服务 for the 公共服务事项清单."""

    LICENSING = "licensing", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    LEVY = "levy", _("行政征收")
    PAYMENT = "payment", _("行政给付")
    INSPECTION = "inspection", _("行政检查")
    CONFIRMATION = "confirmation", _("行政确认")
    REWARD = "reward", _("行政奖励")
    ADJUDICATION = "adjudication", _("行政裁决")
    OTHER = "other", _("其他")
    PUBLIC_SERVICE = "public_service", _("公共服务")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("退回修改")
    PUBLISHED = "published", _("现行")
    SUPERSEDED = "superseded", _("已被新版本替代")


TRANSITIONS: dict[str, set[str]] = {
    VersionStatus.DRAFT: {VersionStatus.SUBMITTED},
    VersionStatus.RETURNED: {VersionStatus.SUBMITTED},
    VersionStatus.SUBMITTED: {VersionStatus.PUBLISHED, VersionStatus.RETURNED},
    VersionStatus.PUBLISHED: {VersionStatus.SUPERSEDED},
    VersionStatus.SUPERSEDED: set(),
}
EDITABLE_STATUSES = {VersionStatus.DRAFT, VersionStatus.RETURNED}
OPEN_STATUSES = {VersionStatus.DRAFT, VersionStatus.RETURNED, VersionStatus.SUBMITTED}
PUBLIC_STATUSES = {VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED}


class ListVersionQuerySet(models.QuerySet):
    def for_org(self, org):
        return self.filter(organization=org)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class ListVersion(OrgScopedModel):
    """One version of an organ's 权责清单 or 公共服务事项清单."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="power_list_versions",
        verbose_name=_("机关"),
    )
    kind = models.CharField(_("清单"), max_length=20, choices=ListKind.choices)
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(
        _("状态"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT, db_index=True
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("调整自")
    )
    reason = models.TextField(_("调整理由"), blank=True)
    source_name = models.CharField(_("导入文件"), max_length=200, blank=True)
    # What the import could not read: [{"sheet", "line", "message"}], shown to the reviewer.
    import_problems = models.JSONField(_("未能导入的行"), default=list, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("替代时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )
    # Who sent it for review: they may not publish it (先审后发, as the 标准目录's versions).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("提交人"),
    )

    objects = ListVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("清单版本")
        verbose_name_plural = _("清单版本")
        ordering = ["organization", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "number"], name="uniq_power_list_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 第{self.number}版"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    def sealed_content(self) -> dict:
        """What the public list shows of this version, sealed at publication (ADR 0051): its kind,
        number, reason, publication time and every item, in order."""
        return {
            "kind": self.kind,
            "number": self.number,
            "reason": self.reason,
            "published_at": self.published_at.astimezone(UTC).isoformat() if self.published_at else "",
            "items": [
                {"position": item.position, **item.as_row()} for item in self.items.order_by("position", "id")
            ],
        }

    def public_url(self) -> str:
        url = reverse("portal:power_list", kwargs={"org": self.organization.slug, "kind": self.kind})
        return f"{url}?version={self.number}"


# The columns of an item, in the order lists print them; ``diff`` and the import use the same names.
ITEM_FIELDS = (
    "code",
    "name",
    "sub_name",
    "category",
    "basis",
    "implementer",
    "responsibilities",
    "accountability",
    "time_limit",
    "fees",
    "service_object",
    "location",
    "hours",
    "phone",
    "note",
)
SERVICE_ONLY_FIELDS = ("service_object", "location", "hours", "phone")


class PowerListItem(models.Model):
    """One 事项 (with its 子项, if the list splits it) of one version of a list."""

    version = models.ForeignKey(
        ListVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("版本")
    )
    position = models.PositiveIntegerField(_("排序"), default=0)
    code = models.CharField(_("事项编码"), max_length=80, blank=True)
    name = models.CharField(_("事项名称"), max_length=300)
    sub_name = models.CharField(_("子项名称"), max_length=300, blank=True)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    basis = models.TextField(_("设定依据"), blank=True)
    implementer = models.CharField(_("实施主体"), max_length=200, blank=True)
    responsibilities = models.TextField(_("责任事项"), blank=True)
    accountability = models.TextField(_("追责情形"), blank=True)
    time_limit = models.CharField(_("办理时限"), max_length=200, blank=True)
    fees = models.CharField(_("收费"), max_length=300, blank=True)
    service_object = models.CharField(_("服务对象"), max_length=200, blank=True)
    location = models.CharField(_("办理地点"), max_length=300, blank=True)
    hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=100, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("权责清单事项")
        verbose_name_plural = _("权责清单事项")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.sub_name}）" if self.sub_name else self.name

    @property
    def organization(self):
        return self.version.organization

    def as_row(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in ITEM_FIELDS}


class ServiceItemManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(version__kind=ListKind.SERVICES)


class ServiceItem(PowerListItem):
    """公共服务事项: an item of a 公共服务事项清单 (same table, the list's kind tells them apart)."""

    objects = ServiceItemManager()

    class Meta:
        proxy = True
        verbose_name = _("公共服务事项")
        verbose_name_plural = _("公共服务事项")
