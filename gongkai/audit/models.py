"""Append-only operation log (等保 2.0 第三级 8.1.4.3 安全审计)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "login": _("登录"),
    "logout": _("退出"),
    "login_failed": _("登录失败"),
    "login_locked_out": _("账号锁定"),
    "password_changed": _("修改密码"),
    "password_set_by_admin": _("管理员设置密码"),
    "user_created": _("新建账号"),
    "user_changed": _("修改账号"),
    "membership_granted": _("授予角色"),
    "membership_changed": _("变更角色"),
    "membership_revoked": _("撤销角色"),
    "duty_policy_changed": _("变更职责分离设置"),
    "ops_added": _("运维新增"),
    "ops_changed": _("运维修改"),
    "ops_deleted": _("运维删除"),
    "audit_log_searched": _("查询审计日志"),
    "audit_log_exported": _("导出审计日志"),
    "record_created": _("创建草稿"),
    "record_updated": _("修改"),
    "record_submitted": _("提交保密审查"),
    "record_confidentiality_passed": _("保密审查通过"),
    "record_approved": _("审核通过"),
    "record_returned": _("退回修改"),
    "record_published": _("发布"),
    "record_withdrawn": _("撤回"),
    "attachment_added": _("上传附件"),
    "attachment_imported": _("导入附件（网站迁移）"),
    "scan_reported": _("迁移检查报告"),
    "attachment_removed": _("删除附件"),
    "validity_changed": _("变更有效性"),
    "column_created": _("新增栏目"),
    "guide_updated": _("修改指南"),
    "abbreviation_created": _("新增简称对照"),
    "abbreviation_updated": _("修改简称对照"),
    "otp_enrolled": _("绑定动态口令"),
    "otp_verified": _("动态口令验证"),
    "otp_recovery_used": _("使用恢复码"),
    "otp_recovery_renewed": _("重新生成恢复码"),
    "otp_failed": _("动态口令验证失败"),
}


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk writes would bypass the chain or rewrite history: refused for every queryset."""

    def update(self, **kwargs):
        raise PermissionDenied("审计日志只能追加，不能修改。")

    def delete(self):
        raise PermissionDenied("审计日志只能追加，不能删除。")

    def bulk_create(self, *args, **kwargs):
        raise PermissionDenied("审计日志只能逐条追加（services.record_event）。")

    def bulk_update(self, *args, **kwargs):
        raise PermissionDenied("审计日志只能追加，不能修改。")

    def create(self, **kwargs):
        """Every entry joins the hash chain, however it is created."""
        from gongkai.audit.chain import append

        return append(AuditEntry(**kwargs))


class AuditEntry(models.Model):
    # Set in Python (not auto_now_add) so that the hashed timestamp is the stored one.
    created_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("操作人")
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("机关")
    )
    verb = models.CharField(_("操作"), max_length=60, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=40, blank=True, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    # The hash chain (docs/decisions/0014-tamper-evident-audit-log.md): position, the previous
    # entry's hash, and SHA-256(previous hash + this entry's canonical content).
    seq = models.PositiveBigIntegerField(_("序号"), unique=True, editable=False)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64, editable=False)
    entry_hash = models.CharField(_("本条哈希"), max_length=64, editable=False, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.verb} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("审计日志只能追加，不能修改。")
        if self.seq is None:
            from gongkai.audit.chain import append

            append(self)  # takes the chain lock, sets seq and hashes, and comes back here
            return
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("审计日志只能追加，不能删除。")

    @property
    def verb_label(self) -> str:
        return str(VERB_LABELS.get(self.verb, self.verb))


class ChainHead(models.Model):
    """The single lock row every append takes first, so entries join the chain one at a time.

    It also remembers the head for a quick anchor; ``verify`` trusts the entries, not this row.
    """

    seq = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return f"{self.seq} {self.entry_hash[:12]}"


class Anchor(models.Model):
    """A copy of the chain's head taken by `gongkai audit anchor` (also written outside the database)."""

    created_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False)
    seq = models.PositiveBigIntegerField(_("序号"))
    entry_hash = models.CharField(_("本条哈希"), max_length=64)

    class Meta:
        verbose_name = _("审计锚点")
        verbose_name_plural = _("审计锚点")
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} #{self.seq} {self.entry_hash[:12]}"
