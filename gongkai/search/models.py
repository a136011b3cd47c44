"""The transactional outbox feeding every node's index, the abbreviation table and query statistics."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEntry(models.Model):
    """ "This object may have changed": written in the same transaction as the change itself.

    Carries no content: the indexer reads the object's current state, so replaying an entry is
    harmless and the order of entries for one object does not matter.
    """

    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("索引队列")
        verbose_name_plural = _("索引队列")

    def __str__(self) -> str:
        return f"{self.pk} {self.object_type}:{self.object_id}"


class Abbreviation(models.Model):
    """发改委 ↔ 发展和改革委员会, 公租房 ↔ 公共租赁住房: applied to queries in both directions at
    query time, so an edit needs no reindex (per installation, edited by the 政务公开办)."""

    short = models.CharField(_("简称"), max_length=40)
    full = models.CharField(_("全称"), max_length=100)
    source = models.CharField(_("出处"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("简称对照")
        verbose_name_plural = _("简称对照")
        ordering = ["short", "full"]
        constraints = [models.UniqueConstraint(fields=["short", "full"], name="uniq_abbreviation_pair")]

    def __str__(self) -> str:
        return f"{self.short} → {self.full}"


class QueryLog(models.Model):
    """One search from the public, for the 政务公开办's statistics (personal data masked)."""

    query = models.CharField(_("检索词"), max_length=200, db_index=True)
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("检索范围")
    )
    total = models.PositiveIntegerField(_("结果数"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("检索记录")
        verbose_name_plural = _("检索记录")

    def __str__(self) -> str:
        return self.query
