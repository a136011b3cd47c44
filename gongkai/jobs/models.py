"""后台任务: what runs by itself, when it runs next, and what each run did (ADR 0044).

The schedule lives in the database, so a restart of any node loses nothing: ``next_run_at`` says
what is due, and a lease (``lease_owner``/``lease_until``) taken by one atomic UPDATE makes each
slot run once across all nodes.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    name = models.SlugField(_("任务代码"), max_length=60, unique=True)
    title = models.CharField(_("任务名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    command = models.CharField(_("命令"), max_length=100)
    arguments = models.JSONField(_("参数"), default=list, blank=True)
    ok_exit_codes = models.JSONField(_("正常退出码"), default=list, blank=True)
    schedule = models.CharField(_("执行计划（cron）"), max_length=100, blank=True)
    enabled = models.BooleanField(_("启用"), default=True)
    timeout_seconds = models.PositiveIntegerField(_("租约时长（秒）"), default=2 * 3600)
    next_run_at = models.DateTimeField(_("下次运行"), null=True, blank=True, db_index=True)
    manual_requested = models.BooleanField(_("已请求立即运行"), default=False)
    lease_owner = models.CharField(_("运行节点"), max_length=100, blank=True)
    lease_until = models.DateTimeField(_("租约到期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self) -> str:
        return self.title


class RunStatus(models.TextChoices):
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("成功")
    FAILED = "failed", _("失败")
    INTERRUPTED = "interrupted", _("中断（节点停止）")
    SKIPPED = "skipped", _("跳过")


class Trigger(models.TextChoices):
    SCHEDULE = "schedule", _("按计划")
    MANUAL = "manual", _("手动")
    RETRY = "retry", _("中断后重跑")


class JobRun(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="runs", verbose_name=_("任务"))
    node = models.CharField(_("运行节点"), max_length=100)
    trigger = models.CharField(
        _("触发方式"), max_length=20, choices=Trigger.choices, default=Trigger.SCHEDULE
    )
    status = models.CharField(_("状态"), max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField(_("开始时间"), db_index=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    exit_code = models.IntegerField(_("退出码"), null=True, blank=True)
    output = models.TextField(_("输出"), blank=True)
    progress_done = models.PositiveIntegerField(_("已完成"), default=0)
    progress_total = models.PositiveIntegerField(_("总量"), default=0)
    progress_note = models.CharField(_("进度说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("任务运行记录")
        verbose_name_plural = _("任务运行记录")

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))
