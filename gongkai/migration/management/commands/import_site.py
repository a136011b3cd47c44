"""gongkai import-site SOURCE --org <organ> [--dry-run] [--resume] [--undo BATCH] (issue 19, ADR 0022).

SOURCE: a wget/HTTrack mirror folder, a WARC file, or a vendor export (.csv/.xlsx, files beside it).

    gongkai import-site /data/mirror --org xx-county --dry-run     report + review queue, nothing published
    gongkai import-site /data/mirror --org xx-county               dry run then import (suggested mapping)
    gongkai import-site /data/mirror --org xx-county --run 12      import batch 12 as reviewed
    gongkai import-site /data/mirror --org xx-county --resume      continue the batch a crash interrupted
    gongkai import-site - --org xx-county --undo 12                remove batch 12 entirely
    gongkai import-site /data/mirror --org xx-county --user wang   the same, run as (and audited as) wang
"""

from __future__ import annotations

import json
import sys
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.catalog.models import Column
from gongkai.migration import services
from gongkai.migration.models import BatchStatus, ColumnMapping
from gongkai.orgs.models import Organization


class Progress:
    """One line on stderr, rewritten: done/total, percentage, documents per second."""

    def __init__(self, label: str, stream):
        self.label, self.stream, self.start, self.last = label, stream, time.monotonic(), 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.5 and done < total:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-6)
        share = done * 100 // max(total, 1)
        self.stream.write(f"\r{self.label} {done}/{total} ({share}%) {rate:.1f} 篇/秒")
        self.stream.flush()
        if done >= total:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "把原政务公开网站（镜像、WARC 或厂商导出）迁入本平台：试运行报告、导入、续导、撤销。"

    def add_arguments(self, parser):
        parser.add_argument("source", help="镜像目录、.warc(.gz) 文件或 .csv/.xlsx 导出表；撤销时可写 -")
        parser.add_argument("--org", required=True, help="机关的网址标识（slug）或全称")
        parser.add_argument("--dry-run", action="store_true", help="只试运行：写报告和待核队列，不发布")
        parser.add_argument("--resume", action="store_true", help="续导本机关被中断的批次")
        parser.add_argument("--run", type=int, metavar="BATCH", help="导入已试运行并核对过映射的批次")
        parser.add_argument("--undo", type=int, metavar="BATCH", help="撤销整个批次")
        parser.add_argument(
            "--map", action="append", default=[], metavar="原栏目=栏目标识", help="栏目映射（可重复）"
        )
        parser.add_argument("--fallback-column", metavar="栏目标识", help="未映射的原栏目一律导入此栏目")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出报告")
        parser.add_argument(
            "--user",
            metavar="用户名",
            help="以该账号（本机关的政务公开办管理员）的名义运行，审计日志记其姓名；不写则记为系统",
        )

    def handle(self, *args, **options):
        org = (
            Organization.objects.filter(slug=options["org"]).first()
            or Organization.objects.filter(name=options["org"]).first()
        )
        if org is None:
            raise CommandError(f"找不到机关：{options['org']}")
        actor = self._actor(options["user"])
        try:
            if options["undo"]:
                batch = self._batch(org, options["undo"])
                services.undo_batch(batch=batch, actor=actor)
                self.stdout.write(f"批次 #{batch.pk} 已撤销。")
                return
            if options["resume"]:
                batch = (
                    services.batches_for(org)
                    .filter(status__in=[BatchStatus.RUNNING, BatchStatus.INTERRUPTED])
                    .order_by("-pk")
                    .first()
                )
                if batch is None:
                    raise CommandError("本机关没有需要续导的批次。")
                return self._run(batch, actor, options)
            if options["run"]:
                batch = self._batch(org, options["run"])
                self._apply_mapping(batch, actor, options)
                return self._run(batch, actor, options)
            batch = services.plan_batch(
                source_path=options["source"],
                org=org,
                actor=actor,
                progress=Progress("读取页面", sys.stderr),
            )
            if not options["dry_run"] and not options["fallback_column"]:
                # Imported without a review: nothing is left behind; the catch-all is named in the
                # report and each such column can be moved later (the strict path is --dry-run, review,
                # --run).
                other = Column.objects.for_org(org).filter(category_code="art20-15").first()
                options["fallback_column"] = other.slug if other else None
            self._apply_mapping(batch, actor, options)
            self._report(batch, options)
            if options["dry_run"]:
                self.stdout.write(f"试运行完成：批次 #{batch.pk}。核对后用 --run {batch.pk} 导入。")
                return
            self._run(batch, actor, options)
        except (ValidationError, PermissionDenied, ValueError) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("；".join(messages)) from exc

    def _actor(self, username):
        """Who runs the batch: a named account is checked like in the workbench (its role in the
        organ) and named in the audit log; without one, the console's operator (系统)."""
        if not username:
            return services.CONSOLE
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"找不到账号：{username}")
        return user

    def _batch(self, org, pk):
        batch = services.batches_for(org).filter(pk=pk).first()
        if batch is None:  # another organ's batch answers like a missing one
            raise CommandError(f"本机关没有批次 #{pk}。")
        return batch

    def _apply_mapping(self, batch, actor, options):
        org = batch.organization
        for pair in options["map"]:
            source_column, _, slug = pair.partition("=")
            column = Column.objects.for_org(org).filter(slug=slug.strip()).first()
            if column is None:
                raise CommandError(f"本机关没有栏目“{slug}”。")
            if not ColumnMapping.objects.filter(batch=batch, source_column=source_column.strip()).exists():
                raise CommandError(f"来源中没有栏目“{source_column}”。")
            services.set_column_mapping(
                batch=batch, actor=actor, source_column=source_column.strip(), column=column
            )
        if options["fallback_column"]:
            column = Column.objects.for_org(org).filter(slug=options["fallback_column"]).first()
            if column is None:
                raise CommandError(f"本机关没有栏目“{options['fallback_column']}”。")
            for mapping in batch.column_mappings.filter(column__isnull=True):
                services.set_column_mapping(
                    batch=batch, actor=actor, source_column=mapping.source_column, column=column
                )
                ColumnMapping.objects.filter(pk=mapping.pk).update(reason="兜底栏目（命令行指定）")

    def _run(self, batch, actor, options):
        batch = services.run_batch(
            batch=batch,
            actor=actor,
            source_path=None if options["source"] == "-" else options["source"],
            progress=Progress("导入", sys.stderr),
        )
        result = batch.report.get("result", {})
        if options["json"]:
            self.stdout.write(json.dumps({"batch": batch.pk, "result": result}, ensure_ascii=False))
        else:
            self.stdout.write(
                f"批次 #{batch.pk} 导入完成：" + "，".join(f"{k} {v}" for k, v in result.items())
            )
            links = batch.report.get("relations") or {}
            if links.get("applied") or links.get("pending_count"):
                self.stdout.write(
                    f"按文号废止/修订：已生效 {links['applied']}，"
                    f"待后续批次 {links['pending_count']}（目标文件尚未导入）"
                )

    def _report(self, batch, options):
        report = batch.report
        if options["json"]:
            self.stdout.write(json.dumps({"batch": batch.pk, **report}, ensure_ascii=False, indent=1))
            return
        w = self.stdout.write
        r = report
        w(f"批次 #{batch.pk}：页面 {r['pages']}，文章 {r['articles']}，列表页 {r['list_pages']}，")
        w(f"附件文件 {r['attachment_files']}（被链接 {r['attachments_linked']}）")
        w(f"无法读取 {r['unreadable_count']}，重复 {r['duplicate_count']}，待核 {r['review_count']}")
        w("按原栏目：")
        for mapping in batch.column_mappings.select_related("column"):
            target = f"{mapping.column.name}（{mapping.reason}）" if mapping.column else "（未映射，不导入）"
            w(f"  {mapping.source_column}：{mapping.count} → {target}")
        w("按发布机构：")
        for name, count in report["organs"].items():
            w(f"  {name}：{count}")
        if report["low_confidence"]:
            w("低置信度字段：" + "，".join(f"{k} {v}" for k, v in report["low_confidence"].items()))
        for row in report["unreadable"][:20]:
            w(f"  无法读取 {row['url']}：{row['reason']}")
