"""A Django cache shared by every worker process of one machine, in a SQLite file of its own.

The embedded default (no Redis) used to keep the page cache and the rate-limit counters in each
gunicorn worker's memory: a withdrawal reached one worker and limits were per worker. This backend
keeps them in ``var/cache.sqlite3`` (WAL mode), which all workers open, so

- an invalidation (``incr`` of the page-cache generation) is seen by the next request of every
  worker, and
- ``add``/``incr`` are single atomic SQL statements, so rate-limit counters hold across processes.

It is a separate file from the application database: cache writes never wait for, or hold, the
application's write lock. Measured against FileBasedCache and DatabaseCache in docs/benchmarks.md
("Embedded cache shared by the workers"); the choice is docs/decisions/0012-embedded-shared-cache.md.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import threading
import time
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS cache ("
    " key TEXT PRIMARY KEY, value BLOB NOT NULL, expires REAL"
    ") WITHOUT ROWID"
)
# Rows are culled when a set() lands on a multiple of this (cheap: expired rows go by index scan).
CULL_EVERY = 500


class SQLiteCache(BaseCache):
    """``LOCATION`` is the file path. Integers are stored as SQL integers so that ``incr`` is one
    ``UPDATE … RETURNING`` statement; everything else is pickled."""

    def __init__(self, location: str, params: dict):
        super().__init__(params)
        self.path = Path(location)
        self._local = threading.local()
        self._sets = 0

    # -- connection -----------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        # One connection per thread and per process: gunicorn forks workers after the settings are
        # imported, and an SQLite connection must never cross a fork.
        conn = getattr(self._local, "conn", None)
        if conn is not None and self._local.pid == os.getpid():
            return conn
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute(SCHEMA)
        self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    @staticmethod
    def _dump(value) -> object:
        if type(value) is int:
            return value
        return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def _load(raw):
        return raw if isinstance(raw, int) else pickle.loads(raw)

    def _expiry(self, timeout) -> float | None:
        return self.get_backend_timeout(timeout)

    # -- the cache API --------------------------------------------------------------------------

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = (
            self._conn()
            .execute(
                "SELECT value FROM cache WHERE key = ? AND (expires IS NULL OR expires > ?)",
                (key, time.time()),
            )
            .fetchone()
        )
        return default if row is None else self._load(row[0])

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._conn().execute(
            "INSERT OR REPLACE INTO cache (key, value, expires) VALUES (?, ?, ?)",
            (key, self._dump(value), self._expiry(timeout)),
        )
        self._maybe_cull()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Store only if absent (or expired); True if stored. One statement, so atomic."""
        key = self.make_and_validate_key(key, version=version)
        cursor = self._conn().execute(
            "INSERT INTO cache (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            "WHERE cache.expires IS NOT NULL AND cache.expires <= ?",
            (key, self._dump(value), self._expiry(timeout), time.time()),
        )
        return cursor.rowcount > 0

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = (
            self._conn()
            .execute(
                "UPDATE cache SET value = value + ? WHERE key = ? AND typeof(value) = 'integer' "
                "AND (expires IS NULL OR expires > ?) RETURNING value",
                (delta, key, time.time()),
            )
            .fetchone()
        )
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return row[0]

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        cursor = self._conn().execute(
            "UPDATE cache SET expires = ? WHERE key = ? AND (expires IS NULL OR expires > ?)",
            (self._expiry(timeout), key, time.time()),
        )
        return cursor.rowcount > 0

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._conn().execute("DELETE FROM cache WHERE key = ?", (key,)).rowcount > 0

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = (
            self._conn()
            .execute(
                "SELECT 1 FROM cache WHERE key = ? AND (expires IS NULL OR expires > ?)", (key, time.time())
            )
            .fetchone()
        )
        return row is not None

    def clear(self):
        self._conn().execute("DELETE FROM cache")

    def close(self, **kwargs):
        # Connections live as long as their thread: reopening per request would cost more than
        # the queries (Django calls close() after every request).
        pass

    # -- housekeeping ---------------------------------------------------------------------------

    def _maybe_cull(self) -> None:
        self._sets += 1
        if self._sets % CULL_EVERY:
            return
        conn = self._conn()
        conn.execute("DELETE FROM cache WHERE expires IS NOT NULL AND expires <= ?", (time.time(),))
        (count,) = conn.execute("SELECT count(*) FROM cache").fetchone()
        if count > self._max_entries:
            # Drop the entries closest to expiry (pages before counters, which are short-lived
            # anyway); entries without expiry (the page generation) are kept.
            conn.execute(
                "DELETE FROM cache WHERE key IN (SELECT key FROM cache WHERE expires IS NOT NULL "
                "ORDER BY expires LIMIT ?)",
                (max(1, count // self._cull_frequency),),
            )
