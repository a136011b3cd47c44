"""What the database itself does to keep the audit log append-only.

SQLite has no roles: triggers refuse UPDATE and DELETE, and the DELETE trigger asks a function
that only this application registers (so the ``sqlite3`` shell cannot delete either; only the
test runner's flush may). Anyone who can write the file can still drop the triggers — that is
what the hash chain and its anchors catch.

PostgreSQL: the application connects as a role that owns nothing and holds only INSERT/SELECT on
the log; migrations run as the owner (ADR 0014). ``grant_statements`` is what the owner grants.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db.backends.signals import connection_created
from django.dispatch import receiver

APPEND_ONLY_TABLES = ("audit_auditentry", "audit_anchor")
LOCK_TABLE = "audit_chainhead"

SQLITE_TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry
    BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END;""",
    """CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_auditentry
    WHEN NOT gongkai_audit_may_delete()
    BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END;""",
    """CREATE TRIGGER IF NOT EXISTS audit_anchor_no_update BEFORE UPDATE ON audit_anchor
    BEGIN SELECT RAISE(ABORT, '审计锚点只能追加，不能修改'); END;""",
    """CREATE TRIGGER IF NOT EXISTS audit_anchor_no_delete BEFORE DELETE ON audit_anchor
    WHEN NOT gongkai_audit_may_delete()
    BEGIN SELECT RAISE(ABORT, '审计锚点只能追加，不能删除'); END;""",
)
SQLITE_TRIGGER_NAMES = (
    "audit_entry_no_update",
    "audit_entry_no_delete",
    "audit_anchor_no_update",
    "audit_anchor_no_delete",
)

POSTGRES_TRIGGERS = """
CREATE OR REPLACE FUNCTION audit_entry_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '审计日志只能追加，不能修改或删除';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();
DROP TRIGGER IF EXISTS audit_anchor_append_only ON audit_anchor;
CREATE TRIGGER audit_anchor_append_only BEFORE UPDATE OR DELETE ON audit_anchor
    FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();
"""

_state = threading.local()


@contextmanager
def allow_sqlite_flush():
    """Only for emptying a whole test database (Django's flush deletes rows on SQLite)."""
    _state.flushing = True
    try:
        yield
    finally:
        _state.flushing = False


def _may_delete() -> int:
    return 1 if getattr(_state, "flushing", False) else 0


@receiver(connection_created)
def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("gongkai_audit_may_delete", 0, _may_delete)


def ensure_triggers(connection) -> None:
    """(Re)create the triggers; SQLite drops a table's triggers whenever a migration rebuilds it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_TRIGGERS:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute(POSTGRES_TRIGGERS)


def missing_sqlite_triggers(connection) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in SQLITE_TRIGGER_NAMES if name not in present]


def grant_statements(app_role: str) -> list[str]:
    """The owner's grants to the application's role: normal DML everywhere, append-only on the log."""
    role = _quote(app_role)
    append_only = ", ".join(APPEND_ONLY_TABLES)
    return [
        f"REVOKE CREATE ON SCHEMA public FROM PUBLIC, {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {append_only} FROM {role}",
        # The lock row is updated on every append; it is never deleted.
        f"REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON {LOCK_TABLE} FROM {role}",
    ]


def apply_grants(connection, app_role: str) -> None:
    with connection.cursor() as cursor:
        for statement in grant_statements(app_role):
            cursor.execute(statement)


def role_statements(
    *, database: str, owner: str, owner_password: str, app: str, app_password: str
) -> list[str]:
    """What a superuser runs once: the two login roles, the owner owning the database and schema."""
    return [
        _create_role(owner, owner_password),
        _create_role(app, app_password),
        # The app role must not be able to become the owner, nor inherit it.
        f"REVOKE {_quote(owner)} FROM {_quote(app)}",
        f"ALTER DATABASE {_quote(database)} OWNER TO {_quote(owner)}",
        f"REVOKE ALL ON DATABASE {_quote(database)} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {_quote(database)} TO {_quote(app)}",
        f"ALTER SCHEMA public OWNER TO {_quote(owner)}",
    ]


def _create_role(name: str, password: str) -> str:
    literal = "'" + password.replace("'", "''") + "'"
    return (
        "DO $$ BEGIN "
        f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {_literal(name)}) THEN "
        f"CREATE ROLE {_quote(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
        f"PASSWORD {literal}; "
        "END IF; END $$"
    )


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def app_role_privileges(connection) -> dict:
    """What the connected role may do to the log (PostgreSQL): all should be False but insert/select."""
    checks = {}
    with connection.cursor() as cursor:
        for privilege in ("INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE"):
            cursor.execute("SELECT has_table_privilege(current_user, 'audit_auditentry', %s)", [privilege])
            checks[privilege.lower()] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables "
            "WHERE tablename = 'audit_auditentry'"
        )
        checks["owner"] = bool(cursor.fetchone()[0])
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        checks["superuser"] = bool(cursor.fetchone()[0])
    return checks
