"""What several nodes coordinate through PostgreSQL alone (ADR 0044, ADR 0048).

- A scheduled slot is claimed by exactly one of many runners racing for it at the same moment, each
  on its own connection (the conditional UPDATE of ``jobs.runner.claim``), slot after slot.
- An outbox row wakes every listening indexer when its transaction commits, and never for a rollback
  (``search.registry.notify_indexers``).
"""

from __future__ import annotations

import threading
from datetime import timedelta

import psycopg
import pytest
from django.db import connection, transaction
from django.utils import timezone

from gongkai.jobs import runner
from gongkai.jobs.models import Job
from gongkai.search.registry import OUTBOX_CHANNEL, enqueue

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
RUNNERS = 6
SLOTS = 10


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("nodes coordinate through one PostgreSQL; this run is SQLite-only (set DATABASE_URL)")


def test_each_slot_is_claimed_by_exactly_one_of_many_racing_nodes():
    runner.sync_registry()
    job = Job.objects.get(name="request-digest")
    winners: list[list[str]] = []
    errors: list[BaseException] = []
    for slot in range(SLOTS):
        moment = timezone.now() + timedelta(days=slot + 1)
        due = moment - timedelta(minutes=1)
        Job.objects.filter(pk=job.pk).update(next_run_at=due, lease_owner="", lease_until=None)
        barrier = threading.Barrier(RUNNERS)
        won: list[str] = []

        def race(node: str, moment=moment, barrier=barrier, won=won) -> None:
            try:
                fresh = Job.objects.get(pk=job.pk)
                barrier.wait(timeout=30)
                if runner.claim(fresh, node, moment):
                    won.append(node)
            except BaseException as exc:
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=race, args=(f"node-{i}",)) for i in range(RUNNERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        winners.append(won)
    assert errors == []
    assert [len(won) for won in winners] == [1] * SLOTS
    # The slot moved on: nobody can claim it again at the same moment.
    assert runner.claim(Job.objects.get(pk=job.pk), "late-node", moment) is False


def _listener():
    params = {k: v for k, v in connection.get_connection_params().items() if k != "cursor_factory"}
    params.pop("prepare_threshold", None)
    listener = psycopg.connect(**params, autocommit=True)
    listener.execute(f"LISTEN {OUTBOX_CHANNEL}")
    return listener


def _received(listener, timeout: float) -> int:
    return sum(1 for _ in listener.notifies(timeout=timeout, stop_after=1))


class RolledBack(Exception):
    pass


def enqueue_then_roll_back():
    with transaction.atomic():
        enqueue("record", ["4"])
        raise RolledBack


def test_an_outbox_row_wakes_the_indexers_at_commit_and_never_for_a_rollback():
    listener = _listener()
    try:
        with transaction.atomic():
            enqueue("record", ["1", "2"])
            enqueue("record", ["3"])
            assert _received(listener, 0.3) == 0, "delivered before the commit"
        assert _received(listener, 5) == 1  # folded into one notification
        assert _received(listener, 0.3) == 0

        with pytest.raises(RolledBack):
            enqueue_then_roll_back()
        assert _received(listener, 0.5) == 0
    finally:
        listener.close()
