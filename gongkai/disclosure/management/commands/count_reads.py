"""`gongkai count_reads`: write the reads counted in the shared cache to 最多阅读's table (ADR 0051).

Run every minute by the job runner (job ``read-counts``); a page view never writes them itself.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from gongkai.disclosure import reads


class Command(BaseCommand):
    help = "把公开页面的阅读次数从共享缓存写入“最多阅读”的统计。"

    def handle(self, *args, **options):
        written = reads.flush_reads()
        self.stdout.write(f"已写入{written}次阅读。")
