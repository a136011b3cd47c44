import logging
import time

from django.core.management.base import BaseCommand
from django.db import connections

from gongkai.search import engine
from gongkai.search.indexer import apply_outbox, catch_up_scheduled
from gongkai.search.models import OutboxEntry
from gongkai.search.registry import OUTBOX_CHANNEL

logger = logging.getLogger(__name__)


class _Waiter:
    """Sleeps until the next poll, or until PostgreSQL says an outbox row was committed (LISTEN).

    The listening connection is this loop's own (Django's may be closed between queries), in
    autocommit, straight to the primary. Where LISTEN is impossible (SQLite, a pooler in transaction
    mode) it just sleeps ``interval``.
    """

    def __init__(self, interval: float):
        self.interval = interval
        self.listener = None
        connection = connections["default"]
        if connection.vendor != "postgresql":
            return
        try:
            import psycopg

            params = connection.get_connection_params()
            params = {k: v for k, v in params.items() if k not in {"cursor_factory", "prepare_threshold"}}
            self.listener = psycopg.connect(**params, autocommit=True)
            self.listener.execute(f"LISTEN {OUTBOX_CHANNEL}")
        except Exception:
            logger.exception("LISTEN %s failed; polling every %s s", OUTBOX_CHANNEL, interval)
            self.listener = None

    def wait(self) -> None:
        if self.listener is None:
            time.sleep(self.interval)
            return
        try:
            for _ in self.listener.notifies(timeout=self.interval, stop_after=1):
                pass
        except Exception:
            logger.exception("the LISTEN connection failed; polling every %s s", self.interval)
            self.listener = None


class Command(BaseCommand):
    help = (
        "把索引队列应用到本节点的检索索引；--follow 时持续运行（每个应用节点一个，"
        "PostgreSQL 上提交即唤醒）；--status 显示本节点的进度。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--follow", action="store_true")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--status", action="store_true", help="本节点索引已应用到的队列位置与落后条数")

    def handle(self, *args, follow, interval, status, **options):
        if status:
            cursor = engine.read_cursor()
            newest = OutboxEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            self.stdout.write(
                f"索引目录 {engine.index_dir()}：状态 {engine.index_state()}，"
                f"已应用到第 {cursor['last_id']} 条，"
                f"队列最新第 {newest} 条，落后 {max(newest - cursor['last_id'], 0)} 条，"
                f"待查缺口 {len(cursor['gaps'])} 个。"
            )
            return
        waiter = _Waiter(interval) if follow else None
        while True:
            catch_up_scheduled()
            applied = apply_outbox()
            if not follow:
                self.stdout.write(f"已应用 {applied} 条索引变更。")
                return
            if not applied:
                waiter.wait()
