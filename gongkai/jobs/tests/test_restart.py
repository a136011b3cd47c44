"""The job runner as `make run` starts it: a real process, killed and started again.

Its schedule and history are in the database, so a slot that passed while no runner was up runs
as soon as one starts again, and an operator's change made before the restart is kept.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gongkai.jobs import schedules

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="runs the processes on their own SQLite file; once is enough"
)


def manage(*args, env, **kwargs):
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, **kwargs)


def wait_for(db: Path, sql: str, params=(), timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(db, timeout=5) as conn:
                row = conn.execute(sql, params).fetchone()
            if row and row[0]:
                return row
        except sqlite3.OperationalError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for: {sql}")


def stamp(moment: datetime) -> str:
    """As Django's SQLite backend stores an aware datetime: naive UTC, microseconds only when set."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def test_a_killed_runner_started_again_runs_what_fell_due_and_keeps_the_schedule(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "GONGKAI_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",
    }
    db = tmp_path / "gongkai.sqlite3"
    assert manage("migrate", "--noinput", "-v0", env=env).wait(timeout=600) == 0
    first = manage("jobs", "work", "--max-sleep", "1", env=env, stdout=subprocess.DEVNULL)
    try:
        wait_for(db, "SELECT count(*) FROM jobs_job WHERE name = 'backup'")
        with sqlite3.connect(db) as conn:  # the operator moves the reminders to 05:45 and stops the backup
            conn.execute("UPDATE jobs_job SET schedule = '45 5 * * *' WHERE name = 'workplan-reminders'")
            conn.execute("UPDATE jobs_job SET enabled = 0, next_run_at = NULL WHERE name = 'backup'")
            conn.execute("UPDATE jobs_job SET enabled = 0, next_run_at = NULL WHERE name = 'search-catch-up'")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    # While no runner is up, the reminders' slot passes.
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE jobs_job SET next_run_at = ? WHERE name = 'workplan-reminders'",
            (stamp(datetime.now(UTC) - timedelta(minutes=3)),),
        )
    second = manage("jobs", "work", "--max-sleep", "1", env=env, stdout=subprocess.DEVNULL)
    try:
        status, trigger = wait_for(
            db,
            "SELECT r.status, r.trigger FROM jobs_jobrun r JOIN jobs_job j ON j.id = r.job_id "
            "WHERE j.name = 'workplan-reminders' AND r.status != 'running'",
        )
        assert (status, trigger) == ("succeeded", "schedule")
        with sqlite3.connect(db) as conn:
            schedule, upcoming = conn.execute(
                "SELECT schedule, next_run_at FROM jobs_job WHERE name = 'workplan-reminders'"
            ).fetchone()
            backup = conn.execute(
                "SELECT enabled, next_run_at FROM jobs_job WHERE name = 'backup'"
            ).fetchone()
            backups = conn.execute(
                "SELECT count(*) FROM jobs_jobrun r JOIN jobs_job j ON j.id = r.job_id "
                "WHERE j.name = 'backup'"
            ).fetchone()[0]
        assert schedule == "45 5 * * *"  # kept across the restart
        assert upcoming == stamp(schedules.next_after("45 5 * * *", datetime.now(UTC)))  # its next 05:45
        assert tuple(backup) == (0, None)
        assert backups == 0
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=60) == 0  # a clean stop on SIGTERM (systemd)
