"""The search-catch-up job on a node whose own indexer follows the outbox: skipped, with the reason
kept in the run (ADR 0057); on a node without one (or with one that stopped) it does the work."""

from __future__ import annotations

import os
import time
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from gongkai.jobs import runner, schedules
from gongkai.jobs.models import Job, RunStatus
from gongkai.search import engine, indexer
from gongkai.search.management.commands import search_indexer

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _catch_up_due() -> None:
    runner.sync_registry(NOW)
    Job.objects.exclude(name="search-catch-up").update(enabled=False, next_run_at=None)
    Job.objects.filter(name="search-catch-up").update(next_run_at=schedules.next_after("* * * * *", NOW))


def _run():
    (run,) = runner.tick("node-a", now=NOW.replace(minute=2))
    return run


def _published(two_orgs) -> None:
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="防汛抗旱应急预案"))


def test_the_job_is_skipped_with_its_reason_while_the_nodes_indexer_follows(two_orgs, search_index):
    _published(two_orgs)
    _catch_up_due()
    indexer.note_follower_alive()
    run = _run()
    assert run.status == RunStatus.SKIPPED
    assert run.get_status_display() == "跳过"
    assert "search-indexer --follow" in run.output
    assert "本次跳过" in run.output
    # Nothing was applied by the job: the outbox is the follower's.
    assert engine.read_cursor()["last_id"] == 0


def test_the_job_does_the_work_without_a_follower(two_orgs, search_index):
    _published(two_orgs)
    _catch_up_due()
    run = _run()
    assert run.status == RunStatus.SUCCEEDED
    assert "已应用" in run.output
    assert engine.read_cursor()["last_id"] > 0


def test_a_follower_that_stopped_beating_no_longer_holds_the_job_back(two_orgs, search_index):
    _published(two_orgs)
    _catch_up_due()
    indexer.note_follower_alive()
    stale = time.time() - indexer.FOLLOWER_FRESH - 5  # killed without its goodbye
    os.utime(indexer.follower_heartbeat(), (stale, stale))
    assert indexer.follower_seconds_ago() is None
    assert _run().status == RunStatus.SUCCEEDED
    assert engine.read_cursor()["last_id"] > 0


def test_the_follower_beats_while_it_runs_and_says_goodbye_when_it_stops(two_orgs, search_index, monkeypatch):
    _published(two_orgs)
    seen = []

    def wait(self):
        # One pass of the loop is done: the outbox was applied and the heartbeat is fresh.
        seen.append((indexer.follower_seconds_ago(), engine.read_cursor()["last_id"]))
        raise KeyboardInterrupt

    monkeypatch.setattr(search_indexer._Waiter, "wait", wait)
    with pytest.raises(KeyboardInterrupt):
        call_command("search_indexer", "--follow", stdout=StringIO())
    ((age, applied),) = seen
    assert age is not None
    assert age < indexer.FOLLOWER_BEAT
    assert applied > 0
    assert not indexer.follower_heartbeat().exists()


def test_the_command_by_hand_still_applies_whatever_the_follower(two_orgs, search_index):
    _published(two_orgs)
    indexer.note_follower_alive()
    out = StringIO()
    call_command("search_indexer", stdout=out)  # without --unless-following: an operator's choice
    assert "已应用" in out.getvalue()
    assert engine.read_cursor()["last_id"] > 0


def test_a_follower_stopped_by_sigterm_says_goodbye_too(two_orgs, search_index, monkeypatch):
    import signal

    def wait(self):
        assert indexer.follower_seconds_ago() is not None
        os.kill(os.getpid(), signal.SIGTERM)  # as systemd stops the service

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(search_indexer._Waiter, "wait", wait)
    with pytest.raises(SystemExit):
        call_command("search_indexer", "--follow", stdout=StringIO())
    assert not indexer.follower_heartbeat().exists()
    assert signal.getsignal(signal.SIGTERM) == before
