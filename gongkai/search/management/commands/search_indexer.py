import time

from django.core.management.base import BaseCommand

from gongkai.search.indexer import apply_outbox, catch_up_scheduled


class Command(BaseCommand):
    help = "把索引队列应用到本节点的检索索引；--follow 时持续运行（每个应用节点一个）。"

    def add_arguments(self, parser):
        parser.add_argument("--follow", action="store_true")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, follow, interval, **options):
        while True:
            catch_up_scheduled()
            applied = apply_outbox()
            if not follow:
                self.stdout.write(f"已应用 {applied} 条索引变更。")
                return
            if not applied:
                time.sleep(interval)
