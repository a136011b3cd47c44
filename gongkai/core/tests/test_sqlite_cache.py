"""The embedded default's shared cache: Django's cache API, and atomicity across real processes."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from gongkai.core.sqlite_cache import SQLiteCache


@pytest.fixture
def cache(tmp_path):
    return SQLiteCache(str(tmp_path / "cache.sqlite3"), {"OPTIONS": {"MAX_ENTRIES": 50, "CULL_FREQUENCY": 2}})


def test_get_set_delete_and_values_of_any_type(cache):
    assert cache.get("missing", "default") == "default"
    cache.set("page", (b"<html>", "text/html", {"X-Result-Total": "3"}), 60)
    assert cache.get("page") == (b"<html>", "text/html", {"X-Result-Total": "3"})
    cache.set("n", 5)
    cache.set("flag", True)
    assert cache.get("n") == 5
    assert cache.get("flag") is True
    assert cache.delete("page")
    assert cache.get("page") is None
    assert cache.has_key("n")
    assert not cache.has_key("page")


def test_entries_expire(cache):
    cache.set("short", "x", 1)
    cache.set("forever", "y", None)
    time.sleep(1.1)
    assert cache.get("short") is None
    assert cache.get("forever") == "y"
    assert cache.add("short", "again", 10), "an expired entry can be added anew"


def test_add_only_when_absent_and_incr_only_when_present(cache):
    assert cache.add("counter", 0, 60)
    assert not cache.add("counter", 7, 60)
    assert cache.incr("counter") == 1
    assert cache.incr("counter", 5) == 6
    with pytest.raises(ValueError, match="not found"):
        cache.incr("absent")


def test_versions_keep_keys_apart(cache):
    cache.set("k", "v1", version=1)
    cache.set("k", "v2", version=2)
    assert cache.get("k", version=1) == "v1"
    assert cache.get("k", version=2) == "v2"


def test_culling_keeps_the_cache_bounded_and_keeps_entries_without_expiry(cache, monkeypatch):
    monkeypatch.setattr("gongkai.core.sqlite_cache.CULL_EVERY", 10)
    cache.set("generation", 1, None)
    for i in range(200):
        cache.set(f"page{i}", "x" * 100, 60)
    (count,) = cache._conn().execute("SELECT count(*) FROM cache").fetchone()
    assert count <= 60
    assert cache.get("generation") == 1


def _hammer(path: str, n: int, queue) -> None:
    worker_cache = SQLiteCache(path, {})
    accepted = 0
    for _ in range(n):
        worker_cache.add("bucket", 0, 600)
        if worker_cache.incr("bucket") <= 25:
            accepted += 1
    queue.put(accepted)


def test_increments_are_atomic_across_processes(tmp_path):
    """Four processes count 4 × 200 attempts: none lost, and a limit of 25 lets exactly 25 through."""
    path = str(tmp_path / "shared.sqlite3")
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_hammer, args=(path, 200, queue)) for _ in range(4)]
    for worker in workers:
        worker.start()
    accepted = sum(queue.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert SQLiteCache(path, {}).get("bucket") == 800
    assert accepted == 25


def test_a_set_in_one_process_is_seen_by_the_next_get_in_another(tmp_path):
    path = str(tmp_path / "shared.sqlite3")
    reader = SQLiteCache(path, {})
    reader.set("generation", 1, None)
    context = multiprocessing.get_context("spawn")
    writer = context.Process(target=_bump, args=(path,))
    writer.start()
    writer.join(timeout=60)
    assert reader.get("generation") == 2


def _bump(path: str) -> None:
    SQLiteCache(path, {}).incr("generation")
