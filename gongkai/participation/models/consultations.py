"""意见征集 (PublicConsultation): a draft put to the public paragraph by paragraph, the comments
on it, the staff's themes, and the 采纳情况反馈 (feedback report) published at the end."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.crypto import EncryptedTextField
from gongkai.core.models import OrgScopedModel


class Channel(models.TextChoices):
    ONLINE = "online", _("网上征集（本平台）")
    EMAIL = "email", _("电子邮件")
    LETTER = "letter", _("信函")
    FAX = "fax", _("传真")
    MEETING = "meeting", _("座谈会、听证会")


class ConsultationQuerySet(models.QuerySet):
    def for_org(self, org):
        return self.filter(organization=org)

    def public(self):
        """Visible on the portal: opened (its first day reached) and not withdrawn."""
        return self.filter(is_withdrawn=False, starts_on__lte=timezone.localdate())

    def open_on(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day, closed_at__isnull=True)

    def closed_on(self, day):
        return self.filter(models.Q(ends_on__lt=day) | models.Q(closed_at__isnull=False))

    def with_published_feedback(self):
        return self.filter(feedback_published_at__isnull=False)


class PublicConsultation(OrgScopedModel):
    """意见征集 on one draft."""

    title = models.CharField(_("征集标题"), max_length=200)
    description = models.TextField(_("征集说明"), blank=True)
    source_record = models.ForeignKey(
        "disclosure.Record",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("草案（信息）"),
    )
    source_file_name = models.CharField(_("草案文件"), max_length=200, blank=True)
    is_major_decision = models.BooleanField(_("重大行政决策事项"), default=False)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("截止日期"))
    closed_at = models.DateTimeField(_("提前结束时间"), null=True, blank=True)
    shortened_reason = models.TextField(_("缩短征求意见期限的说明"), blank=True)
    contact = models.CharField(_("联系方式"), max_length=300)
    channels = models.JSONField(_("意见反馈渠道"), default=list)
    channel_details = models.TextField(_("渠道说明"), blank=True)
    allow_anonymous = models.BooleanField(_("允许匿名提交意见"), default=True)
    is_withdrawn = models.BooleanField(_("已撤下"), default=False)
    final_record = models.ForeignKey(
        "disclosure.Record",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concluded_consultations",
        verbose_name=_("最终发布的政策"),
    )
    feedback_summary = models.TextField(_("采纳情况说明"), blank=True)
    feedback_published_at = models.DateTimeField(_("采纳情况反馈发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["organization", "starts_on"])]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.closed_at is None and self.starts_on <= day <= self.ends_on and not self.is_withdrawn

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())

    @property
    def has_feedback(self) -> bool:
        return self.feedback_published_at is not None

    def channel_labels(self) -> list[str]:
        return [Channel(c).label for c in self.channels if c in Channel.values]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:detail", kwargs={"pk": self.pk})


class ConsultationParagraph(models.Model):
    consultation = models.ForeignKey(PublicConsultation, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField(_("段落序号"))
    text = models.TextField(_("段落内容"))

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="uniq_consultation_paragraph")
        ]

    def __str__(self) -> str:
        return f"第{self.number}段"


class ConsultationTheme(OrgScopedModel):
    """A staff-defined theme that groups comments (e.g. 收费标准, 实施时间)."""

    consultation = models.ForeignKey(PublicConsultation, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("主题"), max_length=60)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "name"], name="uniq_consultation_theme")
        ]

    def __str__(self) -> str:
        return self.name


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已公开")
    HIDDEN = "hidden", _("不予公开")
    # A link, markup or spam: kept for staff to release (→ pending) or hide, never lost (ADR 0054).
    HELD = "held", _("待复核")


class Adoption(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class ConsultationComment(OrgScopedModel):
    """One public comment. A near-duplicate of an earlier one points at it (``duplicate_of``):
    the group is counted and shown once, through its first comment."""

    consultation = models.ForeignKey(PublicConsultation, on_delete=models.CASCADE, related_name="comments")
    paragraph = models.ForeignKey(
        ConsultationParagraph,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        verbose_name=_("针对段落"),
    )
    text = models.TextField(_("意见内容"))
    # Personal data: shown only if the commenter chose to sign (show_name); the contact never.
    author_name = EncryptedTextField(_("姓名"), blank=True)
    show_name = models.BooleanField(_("公开署名"), default=False)
    contact = EncryptedTextField(_("联系方式"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    hide_reason = models.CharField(_("不予公开的理由"), max_length=300, blank=True)
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    held_reasons = models.JSONField(_("待复核原因"), default=list, blank=True)
    theme = models.ForeignKey(
        ConsultationTheme, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    similarity = models.FloatField(_("相似度"), default=0.0)
    text_hash = models.CharField(max_length=64, db_index=True)
    signature = models.JSONField(default=list)
    adoption = models.CharField(_("采纳情况"), max_length=20, choices=Adoption.choices, blank=True)
    adoption_reason = models.TextField(_("理由"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["consultation", "status"])]

    def __str__(self) -> str:
        return f"意见{self.pk}"

    @property
    def public_name(self) -> str:
        return self.author_name if self.show_name and self.author_name else "匿名"
