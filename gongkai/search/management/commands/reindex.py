import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from gongkai.orgs.models import Organization
from gongkai.search import indexer


class Command(BaseCommand):
    help = "从数据库重建本节点的检索索引（可断点续建）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--org", action="append", default=[], help="只重建这些机关（网址标识或名称），可重复。"
        )
        parser.add_argument("--resume", action="store_true", help="从上次中断处继续。")
        parser.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="分词并行进程数。")

    def handle(self, *args, org, resume, processes, verbosity, **options):
        org_ids = []
        for value in org:
            found = (
                Organization.objects.filter(slug=value).first()
                or Organization.objects.filter(name=value).first()
            )
            if found is None:
                raise CommandError(f"找不到机关：{value}")
            org_ids.append(found.pk)
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            if verbosity and sys.stdout.isatty():
                width = 30
                filled = int(width * done / max(total, 1))
                sys.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
                sys.stdout.flush()
            elif verbosity > 1:
                self.stdout.write(f"{done}/{total}")

        count = indexer.rebuild(
            org_ids=org_ids or None, resume=resume, progress=progress, processes=processes
        )
        if verbosity and sys.stdout.isatty():
            sys.stdout.write("\n")
        self.stdout.write(
            self.style.SUCCESS(f"已写入 {count} 条索引，用时 {time.monotonic() - started:.1f} 秒。")
        )
