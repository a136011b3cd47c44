"""The hash chain: each way of rewriting the log is found and named (issue 17, finding 4)."""

from __future__ import annotations

import itertools
import json
from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from gongkai.audit import chain, protection
from gongkai.audit.chain import GENESIS, entry_hash
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record_event

pytestmark = pytest.mark.django_db


def five_entries() -> list[AuditEntry]:
    return [
        record_event(
            actor=None, verb="login_failed", changes={"username": f"user{n}", "n": n}, ip_address="10.0.0.1"
        )
        for n in range(1, 6)
    ]


@contextmanager
def as_owner_without_triggers():
    """What someone holding the database file (SQLite) or the owner role (PostgreSQL) can do."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in protection.SQLITE_TRIGGER_NAMES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            cursor.execute("SET session_replication_role = replica")
        yield cursor
        if connection.vendor == "sqlite":
            protection.ensure_triggers(connection)
        else:
            cursor.execute("SET session_replication_role = origin")


def kinds(report) -> set[tuple[str, int | None]]:
    return {(p.kind, p.seq) for p in report.problems}


def test_entries_form_a_chain_that_verifies():
    entries = five_entries()
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.entry_hash
    stored = AuditEntry.objects.get(seq=3)
    # The hash is recomputed from what the database gives back, not from the Python object.
    assert entry_hash(stored.prev_hash, stored) == stored.entry_hash
    report = chain.verify()
    assert report.ok, report.problems
    assert (report.entries, report.head_seq, report.head_hash) == (5, 5, entries[-1].entry_hash)


def test_dates_and_ipv6_hash_the_same_after_the_round_trip():
    from datetime import date

    record_event(
        actor=None,
        verb="x",
        changes={"d": date(2024, 2, 29), "f": 0.1, "big": 1e16, "n": [1, 2.5, None, True], "名": "张三"},
        ip_address="2001:DB8::1",
    )
    AuditEntry.objects.create(verb="y", changes={"on": date(2024, 3, 1)})
    assert chain.verify().ok


def test_queryset_delete_update_and_bulk_create_are_refused():
    five_entries()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(seq=1).update(reason="篡改")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.bulk_create([AuditEntry(verb="x")])
    assert AuditEntry.objects.count() == 5


def test_a_plain_save_still_joins_the_chain():
    five_entries()
    entry = AuditEntry(verb="x", actor_name="系统")
    entry.save()
    assert entry.seq == 6
    assert chain.verify().ok


def test_the_database_refuses_a_raw_delete_on_every_database():
    entry = record_event(actor=None, verb="login_failed")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_deleted_entry_is_named():
    five_entries()
    with as_owner_without_triggers() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = 3")
    report = chain.verify()
    assert kinds(report) == {("deleted", 3)}


def test_a_changed_entry_is_named():
    five_entries()
    with as_owner_without_triggers() as cursor:
        cursor.execute("UPDATE audit_auditentry SET reason = %s WHERE seq = 3", ["改过"])
    assert kinds(chain.verify()) == {("changed", 3)}


def test_a_changed_entry_with_its_hash_recomputed_is_named():
    five_entries()
    forged = AuditEntry.objects.get(seq=3)
    forged.actor_name = "别人"
    with as_owner_without_triggers() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET actor_name = %s, entry_hash = %s WHERE seq = 3",
            ["别人", entry_hash(forged.prev_hash, forged)],
        )
    assert kinds(chain.verify()) == {("changed", 3)}


def test_an_inserted_entry_is_named():
    five_entries()
    second = AuditEntry.objects.get(seq=2)
    with as_owner_without_triggers() as cursor:
        # Make room after the second entry, then forge a well-formed entry chained to it.
        for seq in (5, 4, 3):
            cursor.execute("UPDATE audit_auditentry SET seq = %s WHERE seq = %s", [seq + 1, seq])
        forged = AuditEntry(
            seq=3,
            prev_hash=second.entry_hash,
            verb="record_published",
            actor_name="伪造",
            created_at=second.created_at,
        )
        forged.entry_hash = entry_hash(second.entry_hash, forged)
        cursor.execute(
            "INSERT INTO audit_auditentry (seq, prev_hash, entry_hash, verb, actor_name, created_at, "
            "object_type, object_id, object_repr, changes, reason) "
            "VALUES (%s, %s, %s, %s, %s, %s, '', '', '', %s, '')",
            [3, forged.prev_hash, forged.entry_hash, forged.verb, forged.actor_name, forged.created_at, "{}"],
        )
    assert ("inserted", 3) in kinds(chain.verify())
    assert {kind for kind, _ in kinds(chain.verify())} == {"inserted", "reordered"}  # ids betray the move too


def test_reordered_entries_are_named():
    five_entries()
    with as_owner_without_triggers() as cursor:
        cursor.execute("UPDATE audit_auditentry SET seq = 100 WHERE seq = 2")
        cursor.execute("UPDATE audit_auditentry SET seq = 2 WHERE seq = 3")
        cursor.execute("UPDATE audit_auditentry SET seq = 3 WHERE seq = 100")
    report = chain.verify()
    assert kinds(report) == {("reordered", 2), ("reordered", 3)}


def test_a_truncated_tail_is_found_by_the_anchor(settings, tmp_path):
    settings.GONGKAI_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.log")
    five_entries()
    chain.anchor(store=False)
    with as_owner_without_triggers() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq >= 4")
    # The remaining chain is intact; only the anchor outside the database knows it was longer.
    assert kinds(chain.verify()) == {("truncated", 5)}


def test_a_rewritten_history_is_found_by_the_stored_anchor(settings, tmp_path):
    settings.GONGKAI_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.log")
    five_entries()
    chain.anchor()
    # Rewrite the whole chain consistently, as an owner who knows the algorithm could.
    with as_owner_without_triggers() as cursor:
        prev = GENESIS
        for entry in AuditEntry.objects.order_by("seq"):
            entry.reason = "改写"
            entry.prev_hash = prev
            entry.entry_hash = prev = entry_hash(prev, entry)
            cursor.execute(
                "UPDATE audit_auditentry SET reason = %s, prev_hash = %s, entry_hash = %s WHERE id = %s",
                [entry.reason, entry.prev_hash, entry.entry_hash, entry.id],
            )
    report = chain.verify()
    assert {p.kind for p in report.problems} == {"anchor_mismatch"}
    assert {p.seq for p in report.problems} == {5}
    assert report.anchors_checked == 2  # the database's copy and the file's


def test_anchor_appends_to_the_file_and_the_operators_log(settings, tmp_path, caplog):
    settings.GONGKAI_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.log")
    entries = five_entries()
    with caplog.at_level("INFO", logger="gongkai.audit.anchor"):
        call_command("audit", "anchor")
        record_event(actor=None, verb="x")
        call_command("audit", "anchor", "--no-store")
    lines = [json.loads(line) for line in (tmp_path / "anchors.log").read_text().splitlines()]
    assert (lines[0]["seq"], lines[0]["entry_hash"]) == (5, entries[-1].entry_hash)
    assert [a["seq"] for a in lines] == [5, 6]
    assert entries[-1].entry_hash in caplog.text


def test_verify_command_reports_json_and_fails_on_tampering(capsys):
    five_entries()
    call_command("audit", "verify", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["ok"]
    assert (data["entries"], data["head_seq"]) == (5, 5)
    with as_owner_without_triggers() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = 2")
    with pytest.raises(SystemExit) as exit_:
        call_command("audit", "verify", "--json")
    assert exit_.value.code == 1
    data = json.loads(capsys.readouterr().out)
    assert [(p["kind"], p["seq"]) for p in data["problems"]] == [("deleted", 2)]


def test_verify_notes_missing_sqlite_triggers(capsys):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite triggers")
    record_event(actor=None, verb="x")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER audit_entry_no_delete")
    try:
        call_command("audit", "verify")
        assert "audit_entry_no_delete" in capsys.readouterr().out
    finally:
        protection.ensure_triggers(connection)


def test_the_sqlite_delete_trigger_fails_closed_without_the_application():
    """The sqlite3 shell has no gongkai_audit_may_delete(): the trigger errors, the row stays."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite triggers")
    import sqlite3

    raw = sqlite3.connect(":memory:")
    raw.execute("CREATE TABLE audit_auditentry (id INTEGER PRIMARY KEY, reason TEXT)")
    raw.execute("CREATE TABLE audit_anchor (id INTEGER PRIMARY KEY)")
    for statement in protection.SQLITE_TRIGGERS:
        raw.execute(statement)
    raw.execute("INSERT INTO audit_auditentry (reason) VALUES ('x')")
    with pytest.raises(sqlite3.OperationalError):
        raw.execute("DELETE FROM audit_auditentry")
    assert raw.execute("SELECT count(*) FROM audit_auditentry").fetchone() == (1,)


def test_gongkai_audit_verify_through_the_console_command(monkeypatch, capsys):
    from gongkai import cli

    five_entries()
    monkeypatch.setattr("sys.argv", ["gongkai", "audit", "verify", "--json"])
    cli.main()
    assert json.loads(capsys.readouterr().out)["entries"] == 5
