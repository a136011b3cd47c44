"""The organ tree: governments (省/市/县/乡镇街道) and their departments. Each organ is a tenant."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from gongkai.core.models import TimeStampedModel
from gongkai.orgs.codes import is_valid_credit_code
from gongkai.orgs.querysets import OrganizationManager


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇（街道）")


class Kind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    DEPARTMENT = "department", _("政府部门")
    OTHER = "other", _("其他机构")


class ReviewSystem(models.TextChoices):
    """Who reviews the organ's acts when 《行政复议法》(2023) 第二十四条 does not: the vertical
    systems of 第二十七条 go to their 上一级主管部门; a 司法行政部门 (第二十八条) lets the applicant
    choose between 本级人民政府 and the 上一级司法行政部门."""

    STANDARD = "", _("按第二十四条（本级或上一级人民政府）")
    CUSTOMS = "customs", _("海关（第二十七条）")
    FINANCE = "finance", _("金融（第二十七条）")
    FOREX = "forex", _("外汇管理（第二十七条）")
    TAX = "tax", _("税务（第二十七条）")
    STATE_SECURITY = "state_security", _("国家安全（第二十七条）")
    JUSTICE = "justice", _("司法行政部门（第二十八条）")


VERTICAL_SYSTEMS = {
    ReviewSystem.CUSTOMS,
    ReviewSystem.FINANCE,
    ReviewSystem.FOREX,
    ReviewSystem.TAX,
    ReviewSystem.STATE_SECURITY,
}


def validate_credit_code(value: str) -> None:
    if value and not is_valid_credit_code(value):
        raise ValidationError(_("统一社会信用代码格式或校验位不正确（应为18位，末位为校验码）。"))


class Organization(MP_Node, TimeStampedModel):
    """An organ: a government or one of its departments, placed in the tree under its superior."""

    name = models.CharField(_("机关全称"), max_length=120, unique=True)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    slug = models.SlugField(
        _("网址标识"), max_length=60, unique=True, help_text=_("用于公开平台网址，如 changji-fgw。")
    )
    kind = models.CharField(_("机关类别"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    site_code = models.CharField(
        _("政府网站标识码"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{10}$", _("政府网站标识码应为10位数字。"))],
    )
    # 《政府信息公开条例》第十二条: the 指南 names the disclosure office and how to reach it.
    office_name = models.CharField(_("政府信息公开工作机构"), max_length=120, blank=True)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=60, blank=True)
    fax = models.CharField(_("传真"), max_length=60, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    postal_address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(
        _("邮政编码"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("邮政编码应为6位数字。"))],
    )
    web_channel = models.URLField(_("互联网联系方式（网址）"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    # GB/T 9704-2012 7.2.4: 发文字号 = 机关代字〔年份〕序号; the 文号 of the organ's records is checked
    # against its own 代字 before publication (gongkai.inspection, ADR 0032).
    doc_number_codes = models.TextField(
        _("发文字号代字"),
        blank=True,
        help_text=_("每行一个，如“×政发”“×政办发”“×政函”。填写后，发布前检查核对文号是否使用本机关的代字。"),
    )
    # 《行政复议法》(2023) 第二十四条第一款第（三）项: a 派出机关 set up by a government (街道办事处,
    # 区公所, the 管理委员会 of a special zone that governs a county) governs like a government but is
    # reviewed by the government that set it up under item (三), not item (二).
    dispatched = models.BooleanField(
        _("派出机关"),
        default=False,
        help_text=_(
            "人民政府依法设立的派出机关（街道办事处、区公所、实验区或新区管理委员会等）请勾选，并将其置于设立它的人民政府之下。"
        ),
    )
    # 行政复议 and 行政诉讼 as the reply letters name them (gongkai.info_requests.remedies).
    review_system = models.CharField(
        _("复议管辖"), max_length=20, choices=ReviewSystem.choices, default="", blank=True
    )
    superior_authority = models.CharField(
        _("上一级主管部门"),
        max_length=120,
        blank=True,
        help_text=_("垂直管理机关填写上一级主管部门全称；司法行政部门填写上一级司法行政部门全称。"),
    )
    review_government = models.CharField(
        _("上一级人民政府（不在本平台时）"),
        max_length=120,
        blank=True,
        help_text=_(
            "本平台最高层级的人民政府（或没有上级人民政府在本平台的机关）填写对其行为行使行政复议"
            "管辖权的人民政府全称，如“昌吉回族自治州人民政府”。省级人民政府无需填写。"
        ),
    )
    court = models.CharField(
        _("行政诉讼管辖法院"),
        max_length=120,
        blank=True,
        help_text=_("可选；不填时答复书写“有管辖权的人民法院”。"),
    )

    # 《政府信息公开条例》第二十条第（一）项: 机构职能 with 机构设置 (InternalUnit), 负责人 (Leader)
    # and the office address, hours and phone above; read through orgs.selectors.organ_profile.
    functions = models.TextField(_("主要职能"), blank=True)

    node_order_by = ["kind", "name"]
    objects = OrganizationManager()

    class Meta:
        verbose_name = _("机关")
        verbose_name_plural = _("机关")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.review_system and not self.superior_authority.strip():
            label = (
                _("上一级司法行政部门") if self.review_system == ReviewSystem.JUSTICE else _("上一级主管部门")
            )
            raise ValidationError({"superior_authority": _("请填写%(label)s的全称。") % {"label": label}})
        if self.review_system == ReviewSystem.JUSTICE and self.kind == Kind.GOVERNMENT:
            raise ValidationError({"review_system": _("人民政府不是司法行政部门。")})

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name

    @property
    def doc_codes(self) -> tuple[str, ...]:
        """The organ's 发文字号代字, one per line of ``doc_number_codes``."""
        return tuple(
            dict.fromkeys(line.strip() for line in self.doc_number_codes.splitlines() if line.strip())
        )

    @property
    def is_government(self) -> bool:
        return self.kind == Kind.GOVERNMENT

    def government(self) -> Organization:
        """The government this organ belongs to (itself if it is one)."""
        if self.is_government:
            return self
        for ancestor in reversed(Organization.objects.get_ancestors(self)):
            if ancestor.is_government:
                return ancestor
        return self


class OrganizationAlias(models.Model):
    """Another name the public uses for an organ: 市发改委 for 昌吉市发展和改革委员会."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("别名"), max_length=120)

    class Meta:
        verbose_name = _("机关别名")
        verbose_name_plural = _("机关别名")
        constraints = [models.UniqueConstraint(fields=["organization", "alias"], name="uniq_org_alias")]

    def __str__(self) -> str:
        return self.alias


class InternalUnit(models.Model):
    """内设机构 of an organ (机构设置), with its 职责 and phone, in the organ's own order."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="internal_units", verbose_name=_("机关")
    )
    name = models.CharField(_("内设机构名称"), max_length=120)
    functions = models.TextField(_("职责"), blank=True)
    phone = models.CharField(_("联系电话"), max_length=60, blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("内设机构")
        verbose_name_plural = _("内设机构")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Leader(models.Model):
    """负责人 of an organ: name, post and 分工, as the organ publishes them."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="leaders", verbose_name=_("机关")
    )
    name = models.CharField(_("姓名"), max_length=40)
    post = models.CharField(_("职务"), max_length=80)
    duties = models.TextField(_("工作分工"), blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("负责人")
        verbose_name_plural = _("负责人")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.post} {self.name}"
