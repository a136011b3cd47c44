"""`gongkai jobs [list|tick|work|run NAME]`: the job runner (ADR 0044).

`work` is what `make run` starts beside the web server and what each production node runs (systemd):
every scheduled slot runs once across the nodes. `tick` runs what is due now and returns (for cron,
if an operator prefers it). `run NAME` runs one job here at once, whatever its schedule.
"""

from __future__ import annotations

import json
import os
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.jobs import runner, schedules
from gongkai.jobs.models import Job, Trigger


class Command(BaseCommand):
    help = (
        "后台任务：list 列出任务；tick 运行到期任务一次；work 持续运行（每个节点一个）；"
        "run NAME 立即运行一个任务。"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "tick", "work", "run"])
        parser.add_argument("name", nargs="?")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--max-sleep", type=float, default=30.0)
        parser.add_argument(
            "--exit-with-parent", action="store_true", help="父进程退出时随之退出（make run 使用）"
        )

    def handle(self, *args, action, name=None, json=False, max_sleep=30.0, exit_with_parent=False, **options):
        runner.sync_registry()
        if action == "list":
            return self._list(as_json=json)
        if action == "tick":
            runs = runner.tick()
            for run in runs:
                self.stdout.write(f"{run.job.title}：{run.get_status_display()}（{run.seconds:.1f} 秒）")
            return
        if action == "run":
            job = Job.objects.filter(name=name or "").first()
            if job is None:
                raise CommandError(
                    f"没有名为“{name}”的任务。可用：{'、'.join(Job.objects.values_list('name', flat=True))}"
                )
            node = runner.node_name()
            now = timezone.now()
            runner.run_now(job, now=now)
            if not runner.claim(Job.objects.get(pk=job.pk), node, now):
                raise CommandError(f"任务“{job.title}”正在其他节点运行（{job.lease_owner}），请稍后再试。")
            run = runner.execute(job, node, trigger=Trigger.MANUAL)
            self.stdout.write(run.output)
            self.stdout.write(f"{job.title}：{run.get_status_display()}（{run.seconds:.1f} 秒）")
            if run.status != "succeeded":
                raise SystemExit(1)
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        parent = os.getppid() if exit_with_parent else None
        self.stdout.write(f"后台任务运行中（节点 {runner.node_name()}）。")
        runner.work(stop=stop, max_sleep=max_sleep, parent_pid=parent)

    def _list(self, *, as_json: bool) -> None:
        rows = []
        for job in Job.objects.all():
            last = job.runs.first()
            rows.append(
                {
                    "name": job.name,
                    "title": job.title,
                    "schedule": job.schedule,
                    "schedule_text": schedules.describe(job.schedule),
                    "enabled": job.enabled,
                    "next_run_at": job.next_run_at.isoformat() if job.next_run_at else None,
                    "last_status": last.status if last else None,
                    "last_started_at": last.started_at.isoformat() if last else None,
                    "last_seconds": last.seconds if last else None,
                }
            )
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            state = "" if row["enabled"] else "（已停用）"
            upcoming, last = row["next_run_at"] or "—", row["last_status"] or "—"
            self.stdout.write(
                f"{row['name']:<20} {row['schedule_text']:<10} 下次 {upcoming}  最近 {last}{state}"
            )
