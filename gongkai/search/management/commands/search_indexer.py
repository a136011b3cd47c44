import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand
from django.db import connections

from gongkai.core import progress
from gongkai.search import engine
from gongkai.search.indexer import (
    FOLLOWER_BEAT,
    apply_outbox,
    catch_up_scheduled,
    follower_seconds_ago,
    forget_follower,
    note_follower_alive,
)
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
        parser.add_argument(
            "--unless-following",
            action="store_true",
            help="本节点的 --follow 进程在运行时不做任何事（后台任务“检索索引更新与定时发布”用）",
        )

    def handle(self, *args, follow, interval, status, unless_following=False, **options):
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
        if unless_following and not follow:
            seconds = follower_seconds_ago()
            if seconds is not None:
                # Two writers on one index would wait on each other's lock; the follower already
                # applies every change and the scheduled publications (ADR 0057).
                reason = (
                    f"本节点的索引进程（search-indexer --follow）正在运行（{seconds:.0f} 秒前确认），"
                    "由它更新索引，本次跳过。"
                )
                self.stdout.write(reason)
                progress.skipped(reason)
                return
        if not follow:
            catch_up_scheduled()
            self.stdout.write(f"已应用 {apply_outbox()} 条索引变更。")
            return
        waiter = _Waiter(interval)
        beaten = 0.0
        # systemd stops the service with SIGTERM: end through the ``finally`` below, not mid-air.
        previous = _on_sigterm(_stop)
        try:
            while True:
                if time.monotonic() - beaten >= FOLLOWER_BEAT:
                    note_follower_alive()
                    beaten = time.monotonic()
                catch_up_scheduled()
                if not apply_outbox():
                    waiter.wait()
        finally:
            # A follower that stops says so at once: the job takes over on its next minute.
            forget_follower()
            _on_sigterm(previous)


def _stop(signum, frame):
    raise SystemExit(0)


def _on_sigterm(handler):
    """Install ``handler`` for SIGTERM and return the one it replaces (None off the main thread,
    where signals cannot be handled: a test calling the command from a thread)."""
    if handler is None or threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, handler)
