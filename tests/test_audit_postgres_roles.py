"""On PostgreSQL the application's role cannot rewrite the log by any route (issue 17, finding 4).

Each test creates a throw-away login role, grants it what `gongkai migrate` grants the
application role, connects as it (trust authentication on the test server) and tries every
route the security probe used. Run with DATABASE_URL=postgres://…
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from gongkai.audit import chain, protection
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record_event

pytestmark = [
    pytest.mark.postgres_only,
    # Decided before any database is set up: a transactional test flushes even when it skips.
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="roles and privileges need PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def app_role():
    if connection.vendor != "postgresql":
        pytest.skip("roles and privileges need PostgreSQL (run with DATABASE_URL=postgres://…)")
    name = f"gk_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}" LOGIN')
    protection.apply_grants(connection, name)
    yield name
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{name}"')
        cursor.execute(f'DROP ROLE "{name}"')


def connect_as(role: str) -> psycopg.Connection:
    config = connection.settings_dict
    return psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        dbname=config["NAME"],
        user=role,
        autocommit=True,
    )


@contextmanager
def django_as(role: str):
    """The application itself, connected as ``role``."""
    saved = connection.settings_dict["USER"], connection.settings_dict["PASSWORD"]
    connection.close()
    connection.settings_dict["USER"], connection.settings_dict["PASSWORD"] = role, ""
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["USER"], connection.settings_dict["PASSWORD"] = saved


ATTACKS = [
    "TRUNCATE audit_auditentry",
    "TRUNCATE audit_auditentry CASCADE",
    "DELETE FROM audit_auditentry",
    "UPDATE audit_auditentry SET reason = 'x'",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_entry_append_only ON audit_auditentry",
    "SET session_replication_role = replica",
    "DROP TABLE audit_auditentry",
    "ALTER TABLE audit_auditentry RENAME TO audit_old",
    "DELETE FROM audit_anchor",
    "UPDATE audit_anchor SET seq = 0",
    "DELETE FROM audit_chainhead",
    "CREATE TABLE public.audit_shadow (id int)",
]


@pytest.mark.parametrize("statement", ATTACKS)
def test_the_application_role_cannot_rewrite_the_log(app_role, statement):
    record_event(actor=None, verb="login_failed", changes={"username": "zhang"})
    with connect_as(app_role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)
    assert AuditEntry.objects.count() == 1
    assert chain.verify().ok


def test_the_application_works_as_that_role(app_role):
    """Appending to the chain, verifying it and ordinary writes elsewhere need no more than the grants."""
    from gongkai.orgs.tests.factories import OrganizationFactory

    record_event(actor=None, verb="x")
    with django_as(app_role):
        org = OrganizationFactory()
        org.name = "改名"
        org.save()
        entry = record_event(actor=None, verb="column_created", obj=org)
        assert entry.seq == 2
        report = chain.verify()
        assert report.ok
        rights = protection.app_role_privileges(connection)
        assert rights == {
            "insert": True,
            "select": True,
            "update": False,
            "delete": False,
            "truncate": False,
            "owner": False,
            "superuser": False,
        }


def test_verify_finds_what_the_owner_did(capsys):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL")
    for n in range(4):
        record_event(actor=None, verb="login_failed", changes={"n": n})
    with connection.cursor() as cursor:
        # The owner (here the superuser) can switch the triggers off for its session.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = 2")
        cursor.execute("UPDATE audit_auditentry SET reason = 'x' WHERE seq = 4")
        cursor.execute("SET session_replication_role = origin")
    with pytest.raises(SystemExit):
        call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "[deleted] 第 2 条缺失" in out
    assert "[changed] 第 4 条" in out
    assert "超级用户或表属主" in out  # and it says the app should not connect as the owner


def test_migrate_runs_as_the_owner_and_grants_the_application_role(app_role, settings):
    s = connection.settings_dict
    settings.GONGKAI_MIGRATE_DATABASE_URL = (
        f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/x"
    )
    with connection.cursor() as cursor:
        cursor.execute(f'REVOKE INSERT ON orgs_organization FROM "{app_role}"')
    with django_as(app_role):
        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT has_table_privilege(current_user, 'orgs_organization', 'INSERT')")
            assert cursor.fetchone()[0] is True
            cursor.execute("SELECT has_table_privilege(current_user, 'audit_auditentry', 'DELETE')")
            assert cursor.fetchone()[0] is False


def test_setup_roles_prints_the_two_roles():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL")
    from io import StringIO

    out = StringIO()
    call_command("audit", "setup-roles", "--print", "--owner", "gk_owner", "--app", "gk_app", stdout=out)
    sql = out.getvalue()
    assert 'CREATE ROLE "gk_owner" LOGIN NOSUPERUSER' in sql
    assert 'ALTER SCHEMA public OWNER TO "gk_owner"' in sql
