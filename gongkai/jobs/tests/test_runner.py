"""The job runner: schedules, one run per slot across nodes, failures kept, restarts lose nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from gongkai.core import progress
from gongkai.jobs import registry, runner, schedules
from gongkai.jobs.models import Job, JobRun, RunStatus, Trigger

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=SHANGHAI)


def only(name: str, schedule: str, now: datetime, **fields) -> Job:
    """The registry synced at ``now``, every job switched off but ``name``."""
    runner.sync_registry(now)
    Job.objects.exclude(name=name).update(enabled=False, next_run_at=None)
    Job.objects.filter(name=name).update(
        schedule=schedule, next_run_at=schedules.next_after(schedule, now), **fields
    )
    return Job.objects.get(name=name)


def test_schedules_are_cron_in_beijing_time_and_bad_ones_are_refused():
    moment = at(2, 1, 30)
    assert schedules.next_after("0 2 * * *", moment) == at(2, 2)
    assert schedules.next_after("0 2 * * *", at(2, 2)) == at(3, 2)  # strictly after
    assert schedules.next_after("", moment) is None  # by hand only
    assert schedules.describe("0 2 * * *") == "每天2:00"
    assert schedules.describe("*/5 * * * *") == "每5分钟"
    assert schedules.describe("30 8 * * 1") == "每周一8:30"
    with pytest.raises(schedules.ScheduleError, match="cron"):
        schedules.validate("every night")


def test_the_registry_is_synced_and_keeps_the_operators_schedule():
    runner.sync_registry(at(2, 1))
    assert set(Job.objects.values_list("name", flat=True)) == set(registry.BY_NAME)
    Job.objects.filter(name="backup").update(schedule="15 4 * * *", enabled=False)
    runner.sync_registry(at(2, 1))
    backup = Job.objects.get(name="backup")
    assert (backup.schedule, backup.enabled, backup.command) == ("15 4 * * *", False, "backup")


def test_a_due_job_runs_once_and_is_scheduled_for_its_next_slot():
    only("workplan-reminders", "30 8 * * *", at(2, 8))
    assert runner.tick("node-a", now=at(2, 8, 29)) == []  # not yet due
    runs = runner.tick("node-a", now=at(2, 8, 31))
    assert [(r.job.name, r.status, r.trigger, r.node) for r in runs] == [
        ("workplan-reminders", RunStatus.SUCCEEDED, Trigger.SCHEDULE, "node-a")
    ]
    assert runs[0].seconds is not None
    assert runs[0].exit_code == 0
    job = Job.objects.get(name="workplan-reminders")
    assert job.next_run_at == at(3, 8, 30)
    assert (job.lease_owner, job.lease_until) == ("", None)
    assert runner.tick("node-b", now=at(2, 8, 32)) == []  # the slot is spent, on every node


def test_two_nodes_claim_one_slot_only_one_wins():
    job = only("request-digest", "0 8 * * *", at(2, 7))
    moment = at(2, 8, 1)
    assert runner.claim(job, "node-a", moment) is True
    assert runner.claim(job, "node-b", moment) is False
    assert Job.objects.get(pk=job.pk).lease_owner == "node-a"


def test_a_failing_job_is_stored_as_failed_with_its_output_and_the_runner_goes_on(monkeypatch):
    only("backup", "0 3 * * *", at(2, 2))

    def broken(*args, stdout, **kwargs):
        stdout.write("开始备份……")
        raise OSError("磁盘已满")

    monkeypatch.setattr(runner, "call_command", broken)
    runs = runner.tick("node-a", now=at(2, 3, 1))
    assert runs[0].status == RunStatus.FAILED
    assert "开始备份" in runs[0].output
    assert "OSError: 磁盘已满" in runs[0].output
    job = Job.objects.get(name="backup")
    assert job.next_run_at == at(3, 3)
    assert job.lease_owner == ""


def test_an_exit_code_the_job_declares_normal_is_not_a_failure(monkeypatch):
    """`gongkai inspect` exits 1 when it finds a 单项否决 item: a finding, not a failed job."""
    job = only("self-inspection", "0 2 * * *", at(2, 1))
    assert Job.objects.get(pk=job.pk).ok_exit_codes == [0, 1]
    monkeypatch.setattr(runner, "call_command", lambda *a, **k: (_ for _ in ()).throw(SystemExit(1)))
    run = runner.tick("node-a", now=at(2, 2, 1))[0]
    assert (run.status, run.exit_code) == (RunStatus.SUCCEEDED, 1)
    monkeypatch.setattr(runner, "call_command", lambda *a, **k: (_ for _ in ()).throw(SystemExit(2)))
    runner.run_now(job, now=at(2, 2, 5))
    run = runner.tick("node-a", now=at(2, 2, 5))[0]
    assert (run.status, run.exit_code, run.trigger) == (RunStatus.FAILED, 2, Trigger.MANUAL)


def test_a_node_that_stops_mid_run_is_recovered_and_the_job_runs_again():
    """A restart loses nothing: the dead node's run is marked interrupted and the job is due again."""
    job = only("workplan-reminders", "30 8 * * *", at(2, 8))
    moment = at(2, 8, 31)
    assert runner.claim(job, "node-dead", moment)
    JobRun.objects.create(job=job, node="node-dead", started_at=moment)  # ... and the node died here
    assert runner.tick("node-b", now=moment + timedelta(minutes=5)) == []  # its lease still holds
    later = moment + timedelta(seconds=job.timeout_seconds + 60)
    runs = runner.tick("node-b", now=later)
    assert [(r.node, r.trigger, r.status) for r in runs] == [("node-b", Trigger.RETRY, RunStatus.SUCCEEDED)]
    dead = JobRun.objects.get(node="node-dead")
    assert dead.status == RunStatus.INTERRUPTED
    assert "中断" in dead.output
    assert Job.objects.get(pk=job.pk).next_run_at == at(3, 8, 30)


def test_progress_of_a_long_job_is_stored_while_it_runs(monkeypatch):
    job = only("self-inspection", "0 2 * * *", at(2, 1))
    seen = []

    def long_job(*args, **kwargs):
        for done in range(3):
            progress.report(done, 3, f"机关{done}")
            run = JobRun.objects.get(job=job, status=RunStatus.RUNNING)
            seen.append((run.progress_done, run.progress_total, run.progress_note))

    monkeypatch.setattr(runner, "HEARTBEAT_SECONDS", 0.0)
    monkeypatch.setattr(runner, "call_command", long_job)
    runner.tick("node-a", now=at(2, 2, 1))
    assert seen == [(0, 3, "机关0"), (1, 3, "机关1"), (2, 3, "机关2")]
    progress.report(1, 2)  # nobody listening: nothing happens


def test_a_disabled_job_does_not_run_on_schedule_but_runs_when_asked():
    job = only("workplan-reminders", "30 8 * * *", at(2, 8), enabled=False)
    assert runner.tick("node-a", now=at(2, 9)) == []
    runner.run_now(job, now=at(2, 9))
    runs = runner.tick("node-a", now=at(2, 9))
    assert [(r.trigger, r.status) for r in runs] == [(Trigger.MANUAL, RunStatus.SUCCEEDED)]
    assert Job.objects.get(pk=job.pk).next_run_at is None  # still off


def test_the_command_lists_and_runs_a_job(capsys):
    call_command("jobs", "list", "--json")
    assert '"name": "self-inspection"' in capsys.readouterr().out
    call_command("jobs", "run", "workplan-reminders")
    assert "工作要点台账提醒：成功" in capsys.readouterr().out
    assert JobRun.objects.get().trigger == Trigger.MANUAL


def test_the_registry_is_synced_at_start_and_when_the_job_list_changes_not_on_every_tick(monkeypatch):
    calls = []
    real_sync = runner.sync_registry
    monkeypatch.setattr(runner, "sync_registry", lambda now=None: calls.append(now) or real_sync(now))
    only("workplan-reminders", "30 8 * * *", at(2, 8))  # the runner's start
    calls.clear()
    for minute in (1, 2, 3):
        runner.tick("node-a", now=at(2, 9, minute))
    assert calls == []  # ticks read the schedule only
    extra = registry.JobSpec("nightly-extra", "新增任务", "request_digest", "0 1 * * *")
    monkeypatch.setattr(registry, "JOBS", (*registry.JOBS, extra))
    runner.tick("node-a", now=at(2, 9, 4))
    assert len(calls) == 1  # the code's job list changed: synced once
    assert Job.objects.filter(name="nightly-extra", command="request_digest").exists()
    runner.tick("node-a", now=at(2, 9, 5))
    assert len(calls) == 1


def test_the_worker_syncs_once_when_it_starts(monkeypatch):
    calls = []
    monkeypatch.setattr(runner, "sync_registry", lambda now=None: calls.append(now))
    monkeypatch.setattr(runner, "tick", lambda node=None, now=None: [])
    stop = runner.threading.Event()
    monkeypatch.setattr(runner, "seconds_until_due", lambda now, cap: stop.set() or 0.0)
    runner.work("node-a", stop=stop)
    assert len(calls) == 1
