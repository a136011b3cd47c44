"""政策咨询 / 问答库 (issue 15 item 2): a question from the public, its answer, its transfers between
organs, and the 常见问题 curated on a policy's page.

The asker's name and contact are personal data (个人信息保护法): sealed at rest like an applicant's
(ADR 0007) and never shown on a public page, in search, feeds or the API; what the public reads is
``public_title`` / ``public_text`` and the answer's ``public_text``, masked when published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.crypto import EncryptedTextField
from gongkai.core.models import OrgScopedModel, TimeStampedModel


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")
    PUBLISHED = "published", _("已答复并公开")
    CLOSED = "closed", _("不予答复")
    # Held: what the asker typed tripped the screen (a script, a link, spam, an ID number); it is
    # kept, not lost, until staff release it (→ open) or reject it with a reason (ADR 0054).
    HELD = "held", _("待审核")
    REJECTED = "rejected", _("不予受理")


# Waiting for the organ: a held question's clock runs from receipt like any other (ADR 0054).
OPEN_QUESTION_STATUSES = (QuestionStatus.OPEN, QuestionStatus.HELD)


class Question(OrgScopedModel):
    """One 政策咨询. ``organization`` is the organ answering it now (it changes on a transfer);
    ``asked_organization`` is the organ the asker chose, empty when the platform routed it."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="questions", verbose_name=_("答复机关")
    )
    asked_organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("咨询对象"),
    )
    number = models.CharField(_("咨询编号"), max_length=30, unique=True)
    topic = models.CharField(_("主题分类"), max_length=30, blank=True)
    title = models.CharField(_("咨询标题"), max_length=100)
    text = models.TextField(_("咨询内容"))
    asker_name = EncryptedTextField(_("咨询人"), blank=True)
    asker_contact = EncryptedTextField(_("联系方式"), blank=True)
    consent_to_publish = models.BooleanField(_("同意公开"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.OPEN, db_index=True
    )
    received_on = models.DateField(_("收到日期"), db_index=True)
    # The limit in force when it arrived: changing the setting later does not move its due date.
    answer_days = models.PositiveSmallIntegerField(_("答复时限（工作日）"))
    routed = models.BooleanField(_("平台分派"), default=False)
    reminded_on = models.DateField(_("最近提醒日期"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    # Why it was held (Chinese messages, an ID number only masked), and the staff's reason for
    # releasing or rejecting it.
    held_reasons = models.JSONField(_("待审核原因"), default=list, blank=True)
    review_reason = models.CharField(_("审核理由"), max_length=300, blank=True)
    # What the public reads once published: the question masked (names, ID numbers, phones, addresses).
    public_title = models.CharField(_("公开标题"), max_length=100, blank=True)
    public_text = models.TextField(_("公开内容"), blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True, db_index=True)
    related_records = models.ManyToManyField(
        "disclosure.Record", blank=True, related_name="questions", verbose_name=_("相关政策")
    )

    class Meta:
        verbose_name = _("政策咨询")
        verbose_name_plural = _("政策咨询")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["organization", "status", "received_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Answer(TimeStampedModel):
    """答复: one per question; ``public_text`` is the masked text the public reads."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="answer")
    text = models.TextField(_("答复内容"))
    public_text = models.TextField(_("公开答复内容"), blank=True)
    answered_on = models.DateField(_("答复日期"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("答复人"),
    )

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")

    def __str__(self) -> str:
        return f"{self.question.number} 答复"


class QuestionTransfer(models.Model):
    """转办: the question moved from one organ to another (routing by the platform has from_org empty)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="transfers")
    from_organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("转办理由"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("转办时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("转办记录")
        verbose_name_plural = _("转办记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.from_organization_id} → {self.to_organization_id}"


class FrequentQuestion(OrgScopedModel):
    """常见问题: a published question pinned on the page of the policy it concerns, in order."""

    record = models.ForeignKey(
        "disclosure.Record",
        on_delete=models.CASCADE,
        related_name="frequent_questions",
        verbose_name=_("政策"),
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("问答"))
    position = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["record", "question"], name="uniq_frequent_question")]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.question_id}"


class AnswerLimit(models.Model):
    """答复时限 of one organ, in working days, set by the 政务公开办 of its government. An organ
    without its own row takes the nearest ancestor's, else ``GONGKAI_QUESTION_ANSWER_DAYS``."""

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="question_answer_limit"
    )
    answer_days = models.PositiveSmallIntegerField(_("答复时限（工作日）"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政策咨询答复时限")
        verbose_name_plural = _("政策咨询答复时限")

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.answer_days}"


__all__ = [
    "OPEN_QUESTION_STATUSES",
    "Answer",
    "AnswerLimit",
    "FrequentQuestion",
    "Question",
    "QuestionStatus",
    "QuestionTransfer",
]
