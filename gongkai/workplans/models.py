"""The ledger (工作台账) of a year's 政务公开工作要点: tasks, the units that carry them, progress
with evidence, and the assessment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import OrgScopedModel, TimeStampedModel


class WorkPlan(OrgScopedModel):
    """One notice imported as the ledger of ``organization`` (the issuing government)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=300)
    doc_number = models.CharField(_("发文字号"), max_length=80, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=200, blank=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    source_text = models.TextField(_("原文"))
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("回头看来源"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("工作要点台账")
        verbose_name_plural = _("工作要点台账")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")
    OVERDUE = "overdue", _("逾期")


class Task(TimeStampedModel):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField(_("序号"))
    path = models.CharField(_("层级"), max_length=60)
    text = models.TextField(_("任务"))
    deadline_text = models.CharField(_("时限（原文）"), max_length=60, blank=True)
    deadline = models.DateField(_("时限"), null=True, blank=True)
    recurrence = models.CharField(_("周期"), max_length=20, blank=True)
    warnings = models.JSONField(_("解析提示"), default=list, blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="uniq_task_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:30]}"

    def status_on(self, today) -> str:
        """未开始 / 进行中 / 已完成 / 逾期, from the reports and the deadline (never stored)."""
        if self.completed_on:
            return TaskStatus.DONE
        if self.deadline and today > self.deadline:
            return TaskStatus.OVERDUE
        if any(True for _ in self.reports.all()):
            return TaskStatus.IN_PROGRESS
        return TaskStatus.NOT_STARTED


class UnitRole(models.TextChoices):
    LEAD = "lead", _("牵头单位")
    RESPONSIBLE = "responsible", _("责任单位")


class TaskUnit(models.Model):
    """A unit as printed in the notice, and the organ it was matched to (if any)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="units")
    role = models.CharField(_("角色"), max_length=20, choices=UnitRole.choices)
    name = models.CharField(_("单位（原文）"), max_length=200)
    organization = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("机关"),
    )
    # The collective phrase this organ was expanded from (各乡镇人民政府), as confirmed by the
    # official on import; empty for a unit named as such.
    collective = models.CharField(_("集合称谓（原文）"), max_length=200, blank=True)

    class Meta:
        ordering = ["task", "role", "pk"]

    def __str__(self) -> str:
        return self.name


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已通过")
    RETURNED = "returned", _("已退回")


class ProgressReport(TimeStampedModel):
    """A unit's report on a task, with evidence: records it published on the platform."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("进展情况"))
    claims_done = models.BooleanField(_("申报完成"), default=False)
    evidence = models.ManyToManyField(
        "disclosure.Record", blank=True, related_name="+", verbose_name=_("佐证材料")
    )
    status = models.CharField(
        _("审核"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["created_at", "pk"]


class ScoreAdjustment(TimeStampedModel):
    """The 政务公开办's adjustment of a unit's assessment score, with its reason."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="adjustments")
    unit = models.CharField(_("单位"), max_length=200)
    points = models.DecimalField(_("加减分"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("理由"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )


class IndicatorKind(models.TextChoices):
    COMPLETION = "completion", _("任务完成率")
    TIMELINESS = "timeliness", _("按时完成率")


class AssessmentIndicator(models.Model):
    """考核指标 of a plan: a share of the 100 points, scored from the ledger itself."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("指标"), max_length=100)
    kind = models.CharField(_("计分依据"), max_length=20, choices=IndicatorKind.choices)
    weight = models.DecimalField(_("权重（分）"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")

    def __str__(self) -> str:
        return self.name
