"""Migration batches, the items they read, the column mapping the official reviews, old-link redirects.

One ``MigrationBatch`` is one run of ``gongkai import-site`` (or its workbench form) for one organ:
who started it, when, from which source, the source's hash. Its ``MigratedItem`` rows are the
review queue (the dry run writes them) and the ledger that makes the import resumable, idempotent
and undoable: each item records the record/attachment it made and what that record was before.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import OrgScopedModel


class SourceKind(models.TextChoices):
    MIRROR = "mirror", _("网站镜像（wget/HTTrack）")
    WARC = "warc", _("WARC 归档")
    VENDOR = "vendor", _("厂商导出（CSV/XLSX）")


class BatchStatus(models.TextChoices):
    PLANNED = "planned", _("已试运行，待导入")
    RUNNING = "running", _("导入中")
    INTERRUPTED = "interrupted", _("已中断，可续导")
    DONE = "done", _("已完成")
    UNDONE = "undone", _("已撤销")


class MigrationBatch(OrgScopedModel):
    """One audited import of a site into one organ (the 迁移批次)."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="migration_batches",
        verbose_name=_("机关"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("发起人"),
    )
    # "" when started from the command line by the server's operator (the audit log says 系统).
    started_by_name = models.CharField(_("发起人名称"), max_length=150, blank=True)
    source = models.CharField(_("来源"), max_length=500)
    source_kind = models.CharField(_("来源类型"), max_length=10, choices=SourceKind.choices)
    source_hash = models.CharField(_("来源哈希"), max_length=64)
    status = models.CharField(
        _("状态"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.PLANNED, db_index=True
    )
    report = models.JSONField(_("试运行报告"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("条目数"), default=0)
    processed = models.PositiveIntegerField(_("已处理"), default=0)
    started_at = models.DateTimeField(_("开始导入时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    undone_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("迁移批次")
        verbose_name_plural = _("迁移批次")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organization} #{self.pk} {self.get_status_display()}"


class ItemKind(models.TextChoices):
    ARTICLE = "article", _("文章页")
    LIST = "list", _("列表页")
    ATTACHMENT = "attachment", _("附件")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("待导入")
    IMPORTED = "imported", _("已导入")
    UNCHANGED = "unchanged", _("未变化")
    SKIPPED = "skipped", _("未导入")
    UNREADABLE = "unreadable", _("无法读取")
    DUPLICATE = "duplicate", _("重复")
    FAILED = "failed", _("导入失败")
    UNDONE = "undone", _("已撤销")


class MigratedItem(models.Model):
    """One old URL of the source and what became of it; the review queue when it has problems."""

    batch = models.ForeignKey(MigrationBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("顺序"))
    kind = models.CharField(_("类型"), max_length=10, choices=ItemKind.choices)
    old_url = models.CharField(_("原网址"), max_length=1000)
    old_path = models.CharField(_("原路径"), max_length=1000, db_index=True)
    locator = models.CharField(_("来源位置"), max_length=1000)  # file path in the mirror, WARC offset…
    content_hash = models.CharField(_("内容哈希"), max_length=64, blank=True)
    source_column = models.CharField(_("原栏目"), max_length=300, blank=True)
    issuer_text = models.CharField(_("原发布机构"), max_length=300, blank=True)
    issuer_org = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=300, blank=True)
    extracted = models.JSONField(_("提取结果"), default=dict, blank=True)
    problems = models.JSONField(_("待核问题"), default=list, blank=True)
    findings = models.JSONField(_("发布前检查发现"), default=list, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.PLANNED, db_index=True
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)
    record = models.ForeignKey(
        "disclosure.Record", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_record = models.BooleanField(default=False)  # undo deletes it; otherwise restores `previous`
    previous = models.JSONField(default=dict, blank=True)
    reviewed_at = models.DateTimeField(_("核对时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("迁移条目")
        verbose_name_plural = _("迁移条目")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["batch", "old_url"], name="uniq_migrated_item_url")]

    def __str__(self) -> str:
        return self.old_url


class MigratedAttachment(models.Model):
    """An attachment file of the source and the platform attachment made from it."""

    item = models.ForeignKey(MigratedItem, on_delete=models.CASCADE, related_name="attachment_links")
    old_url = models.CharField(_("原网址"), max_length=1000)
    old_path = models.CharField(_("原路径"), max_length=1000, db_index=True)
    content_hash = models.CharField(_("内容哈希"), max_length=64, blank=True)
    attachment = models.ForeignKey(
        "disclosure.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)

    def __str__(self) -> str:
        return self.old_url


class ColumnMapping(models.Model):
    """A source column (栏目 path as the old site named it) → one of the organ's columns.

    Suggested by the dry run, corrected by the official; an unmapped column's documents are not
    imported (they stay in the review queue), never dropped into a catch-all silently.
    """

    batch = models.ForeignKey(MigrationBatch, on_delete=models.CASCADE, related_name="column_mappings")
    source_column = models.CharField(_("原栏目"), max_length=300)
    column = models.ForeignKey(
        "catalog.Column",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("栏目"),
    )
    reason = models.CharField(_("映射依据"), max_length=100, blank=True)  # 名称相同, 关键词“预算”, 人工确认
    count = models.PositiveIntegerField(_("文件数"), default=0)
    samples = models.JSONField(_("样例"), default=list, blank=True)
    confirmed = models.BooleanField(_("已确认"), default=False)

    class Meta:
        verbose_name = _("栏目映射")
        verbose_name_plural = _("栏目映射")
        ordering = ["-count", "source_column"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "source_column"], name="uniq_column_mapping_source")
        ]

    def __str__(self) -> str:
        return f"{self.source_column} → {self.column or '—'}"


class Redirect(models.Model):
    """An old site's path answered with a 301 to the page that replaced it (record or column)."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(MigrationBatch, on_delete=models.CASCADE, related_name="redirects")
    old_path = models.CharField(_("原路径"), max_length=500, unique=True)
    record = models.ForeignKey(
        "disclosure.Record", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    attachment = models.ForeignKey(
        "disclosure.Attachment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    column = models.ForeignKey(
        "catalog.Column", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("旧网址跳转")
        verbose_name_plural = _("旧网址跳转")

    def __str__(self) -> str:
        return self.old_path
