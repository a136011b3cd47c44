"""The job runner: one loop per node, each scheduled slot run once across all nodes (ADR 0044).

The registry (the code's job list) is synced into the table when a runner starts and again only
when that list changes (``sync_if_changed``: a fingerprint compared in memory, no query), not on
every tick. ``tick(node)`` is one pass: mark runs of dead nodes interrupted (and due again),
claim each due job with one conditional UPDATE — whoever's UPDATE changes the row owns the slot,
on SQLite and PostgreSQL alike — and run it in this process through its management command,
storing the outcome. ``work(node)`` repeats ticks until told to stop. Nothing is kept in memory
between ticks: a node that restarts reads everything from the database.
"""

from __future__ import annotations

import io
import logging
import os
import socket
import threading
import time
from datetime import datetime, timedelta

from django.core.management import call_command
from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone

from gongkai.core import progress
from gongkai.jobs import registry, schedules
from gongkai.jobs.models import Job, JobRun, RunStatus, Trigger

log = logging.getLogger(__name__)
OUTPUT_LIMIT = 20_000  # characters of a run's output kept (its end, where the outcome is)
HEARTBEAT_SECONDS = 5.0


def node_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# The fingerprint of the job list this process last synced (see ``sync_if_changed``).
_synced = {"fingerprint": ""}


def sync_registry(now: datetime | None = None) -> None:
    """Create the jobs the code knows; keep the operator's schedule and switch on existing ones."""
    now = now or timezone.now()
    _synced["fingerprint"] = registry.fingerprint()
    for spec in registry.JOBS:
        job, created = Job.objects.get_or_create(
            name=spec.name,
            defaults={
                "title": spec.title,
                "description": spec.description,
                "command": spec.command,
                "arguments": spec.arguments,
                "ok_exit_codes": spec.ok_exit_codes,
                "schedule": spec.schedule,
                "timeout_seconds": spec.timeout_seconds,
                "next_run_at": schedules.next_after(spec.schedule, now),
            },
        )
        if not created and (job.command, job.arguments, job.title) != (
            spec.command,
            spec.arguments,
            spec.title,
        ):
            Job.objects.filter(pk=job.pk).update(
                title=spec.title,
                description=spec.description,
                command=spec.command,
                arguments=spec.arguments,
                ok_exit_codes=spec.ok_exit_codes,
            )


def sync_if_changed(now: datetime | None = None) -> bool:
    """Sync only when the code's job list differs from the one this process synced last (at start:
    always). True when it synced."""
    if _synced["fingerprint"] == registry.fingerprint():
        return False
    sync_registry(now)
    return True


def in_step(jobs) -> bool:
    """Whether ``jobs`` (rows already read) are the code's job list as synced: the same names, and
    each with the command, arguments and title ``sync_registry`` would write."""
    stored = {job.name: (job.command, job.arguments, job.title) for job in jobs}
    return stored.keys() >= registry.BY_NAME.keys() and all(
        stored[spec.name] == (spec.command, spec.arguments, spec.title) for spec in registry.JOBS
    )


def recover_interrupted(now: datetime) -> int:
    """Runs whose node stopped (its lease ran out without an end): interrupted, and run again now."""
    count = 0
    for job in Job.objects.filter(lease_until__lt=now).exclude(lease_owner=""):
        stale = JobRun.objects.filter(job=job, status=RunStatus.RUNNING, node=job.lease_owner)
        for run in stale:
            run.status = RunStatus.INTERRUPTED
            run.finished_at = now
            run.output = (
                run.output + f"\n节点 {run.node} 在租约到期前没有结束本次运行，已标记为中断并重新排期。"
            ).strip()
            run.save(update_fields=["status", "finished_at", "output"])
            count += 1
        # Free the lease and make the job due at once: what was interrupted is not lost.
        Job.objects.filter(pk=job.pk, lease_until__lt=now).update(
            lease_owner="", lease_until=None, next_run_at=now
        )
    return count


def claim(job: Job, node: str, now: datetime) -> bool:
    """Take the due slot of ``job`` for ``node``: True for exactly one node per slot."""
    following = schedules.next_after(job.schedule, now) if job.enabled else None
    taken = (
        Job.objects.filter(pk=job.pk, next_run_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(
            lease_owner=node,
            lease_until=now + timedelta(seconds=job.timeout_seconds),
            next_run_at=following,
            manual_requested=False,
        )
    )
    return taken == 1


def due_jobs(now: datetime):
    return (
        Job.objects.filter(next_run_at__lte=now)
        .filter(Q(enabled=True) | Q(manual_requested=True))
        .order_by("next_run_at", "name")
    )


def run_now(job: Job, *, now: datetime | None = None) -> None:
    """Ask for a run as soon as a runner is free (the workbench's 「立即运行」)."""
    Job.objects.filter(pk=job.pk).update(next_run_at=now or timezone.now(), manual_requested=True)


class _Heartbeat:
    """Keeps the lease alive and stores progress while a job runs (at most every few seconds)."""

    def __init__(self, run: JobRun, job: Job):
        self.run, self.job = run, job
        self.last = 0.0

    def beat(self, done: int = 0, total: int = 0, note: str = "") -> None:
        clock = time.monotonic()
        if clock - self.last < HEARTBEAT_SECONDS:
            return
        self.last = clock
        now = timezone.now()
        JobRun.objects.filter(pk=self.run.pk).update(
            heartbeat_at=now, progress_done=done, progress_total=total, progress_note=note[:200]
        )
        Job.objects.filter(pk=self.job.pk, lease_owner=self.run.node).update(
            lease_until=now + timedelta(seconds=self.job.timeout_seconds)
        )


def execute(job: Job, node: str, *, trigger: str = Trigger.SCHEDULE, now: datetime | None = None) -> JobRun:
    """Run a claimed job here and store what happened; never raises for the job's own failure."""
    run = JobRun.objects.create(job=job, node=node, trigger=trigger, started_at=now or timezone.now())
    out = io.StringIO()
    heartbeat = _Heartbeat(run, job)
    code = 0
    skips: list[str] = []
    try:
        with progress.listening(heartbeat.beat, on_skip=skips.append):
            call_command(job.command, *job.arguments, stdout=out, stderr=out)
    except SystemExit as stop:  # commands that report their verdict by exit code
        code = stop.code if isinstance(stop.code, int) else 1
    except Exception as error:  # the job failed; the runner goes on
        log.exception("job %s failed", job.name)
        out.write(f"\n{type(error).__name__}: {error}")
        code = 1
    ok = code in (job.ok_exit_codes or [0])
    text = out.getvalue()
    if ok and skips:
        # The command found nothing to do on this node (e.g. its own indexer follows): a skip is
        # not a success that did work, nor a failure; the reason is kept with the run.
        run.status = RunStatus.SKIPPED
        if not all(reason in text for reason in skips):
            text = "\n".join([text.rstrip(), *skips]).strip()
    else:
        run.status = RunStatus.SUCCEEDED if ok else RunStatus.FAILED
    run.output = text[-OUTPUT_LIMIT:]
    run.exit_code = code
    run.finished_at = timezone.now()
    run.save(update_fields=["output", "exit_code", "status", "finished_at"])
    Job.objects.filter(pk=job.pk, lease_owner=node).update(lease_owner="", lease_until=None)
    return run


def tick(node: str | None = None, *, now: datetime | None = None) -> list[JobRun]:
    """One pass: every due job this node manages to claim is run here, oldest slot first."""
    node = node or node_name()
    now = now or timezone.now()
    sync_if_changed(now)
    recover_interrupted(now)
    runs = []
    for job in list(due_jobs(now)):
        last = (
            JobRun.objects.filter(job=job)
            .order_by("-started_at", "-pk")
            .values_list("status", flat=True)
            .first()
        )
        if claim(job, node, now):
            if job.manual_requested:
                trigger = Trigger.MANUAL
            elif last == RunStatus.INTERRUPTED:
                trigger = Trigger.RETRY
            else:
                trigger = Trigger.SCHEDULE
            runs.append(execute(job, node, trigger=trigger))
    return runs


def seconds_until_due(now: datetime, cap: float) -> float:
    upcoming = (
        Job.objects.filter(next_run_at__isnull=False)
        .order_by("next_run_at")
        .values_list("next_run_at", flat=True)
        .first()
    )
    if upcoming is None:
        return cap
    return max(0.5, min(cap, (upcoming - now).total_seconds()))


def work(
    node: str | None = None,
    *,
    stop: threading.Event | None = None,
    max_sleep: float = 30.0,
    parent_pid: int | None = None,
) -> None:
    """Run ticks until ``stop`` is set (or the parent process is gone, for ``make run``)."""
    node = node or node_name()
    stop = stop or threading.Event()
    sync_registry()  # once at start; afterwards only when the job list changes
    while not stop.is_set():
        if parent_pid is not None and os.getppid() != parent_pid:
            return
        close_old_connections()
        try:
            tick(node)
        except Exception:  # a database hiccup must not end the loop
            log.exception("job runner tick failed")
        close_old_connections()
        pause = seconds_until_due(timezone.now(), max_sleep)
        if parent_pid is None:
            stop.wait(pause)
            continue
        # Beside `make run`: look for the parent every second, so Ctrl-C ends both at once.
        deadline = time.monotonic() + pause
        while not stop.is_set() and time.monotonic() < deadline and os.getppid() == parent_pid:
            stop.wait(min(1.0, max(0.0, deadline - time.monotonic())))
