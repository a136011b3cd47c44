"""Concurrent writers never fork the audit log's hash chain (ADR 0014).

Transactional tests (real threads and processes) live under tests/, which runs after the apps'
tests: their flush would otherwise empty the data that migrations seed for later tests.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction

from gongkai.audit import chain
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record_event


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain_on_postgresql():
    """Eight threads, each with its own connection, append 10 entries apiece at the same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks across threads need PostgreSQL")
    import threading

    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            for i in range(10):
                with transaction.atomic():
                    record_event(actor=None, verb="x", changes={"thread": n, "i": i})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(AuditEntry.objects.values_list("seq", flat=True)) == list(range(1, 81))
    assert chain.verify().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_processes_never_fork_the_chain_on_a_sqlite_file(tmp_path):
    """Four processes append 25 entries apiece to one WAL database file, as gunicorn workers do."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite variant; PostgreSQL has its own test")
    import os
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    record_event(actor=None, verb="x")
    target = sqlite3.connect(tmp_path / "gongkai.sqlite3")
    connection.ensure_connection()
    connection.connection.backup(target)  # the migrated schema and the first entry
    target.close()
    script = (
        "from django.db import transaction\n"
        "from gongkai.audit.services import record_event\n"
        "for i in range(25):\n"
        "    with transaction.atomic():\n"
        "        record_event(actor=None, verb='x', changes={'i': i})\n"
    )
    env = {**os.environ, "GONGKAI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    env.pop("DATABASE_URL", None)
    root = Path(__file__).resolve().parents[1]
    workers = [
        subprocess.Popen([sys.executable, "manage.py", "shell", "-c", script], cwd=root, env=env)
        for _ in range(4)
    ]
    assert [worker.wait(timeout=300) for worker in workers] == [0, 0, 0, 0]
    check = subprocess.run(
        [sys.executable, "manage.py", "audit", "verify", "--json"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    report = json.loads(check.stdout)
    assert report["problems"] == []
    assert (report["entries"], report["head_seq"]) == (101, 101)
