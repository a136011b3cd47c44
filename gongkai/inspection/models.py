"""The wording-check list (错敏词 / 严重表述错误): installation-wide entries and each organ's own.

An entry is a literal or a regular expression with the reason it is wrong and, where there is
one, the suggested correction ("wrong → suggestion"). Entries are validated on save
(``rules.validate_pattern``); one that is malformed anyway (loaded by hand into the database)
is reported as such by the engine and skipped — it never stops the other entries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchKind(models.TextChoices):
    LITERAL = "literal", _("字面匹配")
    REGEX = "regex", _("正则表达式")


class WordCategory(models.TextChoices):
    STATE_NAME = "state_name", _("国名、国家机构名称")
    LEADER_TITLE = "leader_title", _("领导人职务与排序")
    OUTDATED = "outdated", _("过时的机构名称和提法")
    POLITICAL = "political", _("政治性表述")
    TYPO = "typo", _("常见错别字")
    ORGAN = "organ", _("本机关词库")


class WordRule(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("机关"),
        help_text=_("留空为全平台词库；填写则只检查该机关的信息。"),
    )
    category = models.CharField(_("类别"), max_length=20, choices=WordCategory.choices)
    match = models.CharField(
        _("匹配方式"), max_length=10, choices=MatchKind.choices, default=MatchKind.LITERAL
    )
    pattern = models.CharField(_("错误写法"), max_length=200)
    suggestion = models.CharField(_("建议改为"), max_length=200, blank=True)
    reason = models.CharField(_("说明"), max_length=300)
    source = models.CharField(_("依据"), max_length=300, blank=True)
    blocking = models.BooleanField(_("阻止发布"), default=True)
    active = models.BooleanField(_("启用"), default=True)
    # Entries from the shipped list carry their key so reloading updates instead of duplicating.
    builtin_key = models.CharField(max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("错敏词条目")
        verbose_name_plural = _("错敏词库")
        ordering = ["category", "pattern"]
        constraints = [
            models.UniqueConstraint(
                fields=["builtin_key"],
                condition=~models.Q(builtin_key=""),
                name="inspection_unique_builtin_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pattern} → {self.suggestion}" if self.suggestion else self.pattern


class Stage(models.TextChoices):
    SUBMIT = "submit", _("提交审核")
    PUBLISH = "publish", _("发布前")


class CheckRun(models.Model):
    """The findings of one run on a record, kept so the staff record page shows them in place."""

    record = models.ForeignKey("disclosure.Record", on_delete=models.CASCADE, related_name="check_runs")
    stage = models.CharField(_("环节"), max_length=10, choices=Stage.choices)
    findings = models.JSONField(_("检查结果"), default=list)
    blocking_count = models.PositiveIntegerField(_("须处理的问题数"), default=0)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    release_reason = models.TextField(_("放行理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("发布前检查记录")
        verbose_name_plural = _("发布前检查记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.created_at:%Y-%m-%d %H:%M}"


# --- Self-inspection (自查) against 国办秘函〔2019〕19号, issue 13 item 3 (ADR 0031) ---------------


class Severity(models.TextChoices):
    VETO = "veto", _("单项否决")
    DEDUCT = "deduct", _("扣分")
    HINT = "hint", _("提示")


class InspectionRun(models.Model):
    """One self-inspection: of the whole installation (``organization`` empty) or of one organ."""

    organization = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("检查范围"),
        help_text=_("留空为全平台。"),
    )
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"))
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    vetoes = models.JSONField(_("单项否决"), default=list)
    not_measured = models.JSONField(_("未能检查的指标"), default=list)
    counts = models.JSONField(_("统计"), default=dict)
    trigger = models.CharField(_("触发方式"), max_length=20, default="command")

    class Meta:
        verbose_name = _("自查")
        verbose_name_plural = _("自查")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.score}"


class InspectionScore(models.Model):
    """The score of one organ (or of the installation, ``organization`` empty) in one run."""

    run = models.ForeignKey(InspectionRun, on_delete=models.CASCADE, related_name="scores")
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    vetoes = models.JSONField(_("单项否决"), default=list)
    deductions = models.JSONField(_("扣分"), default=dict)

    class Meta:
        verbose_name = _("自查得分")
        verbose_name_plural = _("自查得分")
        ordering = ["run", "organization_id"]

    def __str__(self) -> str:
        return f"{self.organization_id or '全平台'}: {self.score}"


class InspectionFinding(models.Model):
    """One problem found: what, where (organ, column, record, address) and who must fix it."""

    run = models.ForeignKey(InspectionRun, on_delete=models.CASCADE, related_name="findings")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("机关")
    )
    indicator = models.CharField(_("指标"), max_length=30, db_index=True)
    severity = models.CharField(_("性质"), max_length=10, choices=Severity.choices)
    column = models.ForeignKey(
        "catalog.Column", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record = models.ForeignKey(
        "disclosure.Record", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.CharField(_("地址"), max_length=500, blank=True)
    where = models.CharField(_("位置"), max_length=200, blank=True)
    text = models.CharField(_("问题内容"), max_length=300, blank=True)
    reason = models.TextField(_("说明"))
    suggestion = models.CharField(_("整改建议"), max_length=300, blank=True)
    responsible = models.CharField(_("整改责任"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("自查发现")
        verbose_name_plural = _("自查发现")
        ordering = ["run", "organization_id", "indicator", "id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.text or self.where}"
