"""Applies the outbox to this node's index, in order, idempotently.

The cursor (last applied outbox id) lives beside the index and is written only after the tantivy
commit, so a crash mid-batch loses nothing: the batch is applied again, and applying an entry
twice gives the same index (delete by key, then add the current state).

Outbox ids are handed out when a transaction inserts, not when it commits, so on PostgreSQL a
smaller id can become visible after a larger one. Ids skipped over are remembered as *gaps* and
looked for again on every run until they appear or ``GAP_TIMEOUT`` seconds pass (then they were
rolled back).
"""

from __future__ import annotations

import logging
import os
import time
from collections import defaultdict
from pathlib import Path

from django.conf import settings

from gongkai.core.pagecache import bump_generation
from gongkai.search import engine
from gongkai.search.models import OutboxEntry
from gongkai.search.registry import TYPES

logger = logging.getLogger(__name__)
GAP_TIMEOUT = 600
BATCH = 2000
COMMIT_EVERY = 50_000
REBUILD_HEAP = 512_000_000
# The follower (`search-indexer --follow`) notes that it is alive beside this node's index at most
# every FOLLOWER_BEAT seconds; a note younger than FOLLOWER_FRESH means it still follows (ADR 0057).
FOLLOWER_BEAT = 5.0
FOLLOWER_FRESH = 30.0


def follower_heartbeat() -> Path:
    """Beside the node's own index (never shared, gongkai.E048): one follower per node."""
    return Path(settings.GONGKAI_SEARCH_INDEX_DIR) / "follower.heartbeat"


def note_follower_alive() -> None:
    path = follower_heartbeat()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{os.getpid()}\n")  # the write moves the file's mtime: the beat itself


def forget_follower() -> None:
    follower_heartbeat().unlink(missing_ok=True)


def follower_seconds_ago(now: float | None = None) -> float | None:
    """Seconds since this node's follower last noted itself, or None when it is not following
    (no note, or one older than FOLLOWER_FRESH: stopped or killed)."""
    try:
        beat = follower_heartbeat().stat().st_mtime
    except OSError:
        return None
    age = (time.time() if now is None else now) - beat
    return age if age <= FOLLOWER_FRESH else None


def build_documents(type_name: str, ids: list[str]) -> list[dict]:
    """Index fields of those objects that may be found (the others are simply absent)."""
    searchable = TYPES.get(type_name)
    if searchable is None:
        logger.warning("outbox names an unregistered searchable type %r", type_name)
        return []
    documents = []
    for obj in searchable.load(sorted(ids)):
        fields = searchable.build(obj)
        if fields is not None:
            documents.append({"key": f"{type_name}:{obj.pk}", "type": type_name, **fields})
    return documents


def _write(writer, type_name: str, ids, documents: list[dict]) -> int:
    for object_id in ids:
        writer.delete_documents_by_term("key", f"{type_name}:{object_id}")
    for fields in documents:
        writer.add_document(engine.make_document(fields))
    return len(documents)


def _apply_entries(writer, entries: list[OutboxEntry]) -> int:
    by_type: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        by_type[entry.object_type].add(entry.object_id)
    return sum(_write(writer, name, ids, build_documents(name, list(ids))) for name, ids in by_type.items())


def apply_outbox(*, batch: int = BATCH, wait: bool = True) -> int:
    """Apply every outbox entry this node has not applied yet; returns how many were read.

    With ``wait=False`` it gives up at once when another process holds the writer (a rebuild,
    or a worker); that writer's owner applies the outbox when it finishes.
    """
    # A missing or damaged index is recreated empty by ``exclusive_writer`` (its cursor goes with
    # it), and the whole outbox — never pruned — is applied again from the first entry.
    total = 0
    while True:
        with engine.exclusive_writer(wait=wait) as writer:
            if writer is None:
                return total
            cursor = engine.read_cursor()
            last_id, gaps = cursor["last_id"], {int(k): v for k, v in cursor["gaps"].items()}
            entries = list(OutboxEntry.objects.filter(pk__gt=last_id).order_by("pk")[:batch])
            if gaps:
                entries += list(OutboxEntry.objects.filter(pk__in=list(gaps)))
            if not entries:
                return total
            now = time.time()
            seen = {e.pk for e in entries}
            for found in seen & set(gaps):
                gaps.pop(found)
            new_last = max([last_id, *(e.pk for e in entries if e.pk > last_id)])
            for missing in set(range(last_id + 1, new_last)) - seen:
                gaps.setdefault(missing, now)
            gaps = {k: v for k, v in gaps.items() if now - v < GAP_TIMEOUT}
            _apply_entries(writer, entries)
            writer.commit()
            engine.write_cursor({"last_id": new_last, "gaps": {str(k): v for k, v in gaps.items()}})
        # Cached result pages were computed from the index before this commit; the organs' list
        # counts come from the database and were invalidated by the change itself.
        bump_generation(organs=())
        total += len(entries)
        if len(entries) < batch:
            return total


def wake_indexer() -> None:
    """After a commit: apply at once on the embedded setup; a worker per node does it otherwise."""
    if settings.GONGKAI_SEARCH_INDEXER != "inline":
        return
    try:
        apply_outbox(wait=False)
    except Exception:  # the change itself is committed; the next run (or reindex) catches up
        logger.exception("search indexer failed; the outbox keeps the changes for the next run")


def _checkpoint_path():
    return engine.index_dir() / "rebuild.json"


def _built_chunks(type_name: str, chunks: list[list[str]], processes: int):
    """(chunk, documents) in order; segmentation, the costly part, runs in ``processes`` workers."""
    if processes <= 1 or len(chunks) < 2:
        for chunk in chunks:
            yield chunk, build_documents(type_name, chunk)
        return
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each forked worker opens its own database connection
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        jobs = [(type_name, chunk) for chunk in chunks]
        for chunk, documents in zip(chunks, pool.imap(_build_job, jobs, chunksize=1), strict=True):
            yield chunk, documents


def _build_job(job: tuple[str, list[str]]) -> list[dict]:
    return build_documents(*job)


def rebuild(
    *, org_ids: list[int] | None = None, resume: bool = False, progress=None, processes: int = 1
) -> int:
    """Re-create the index from the database (``gongkai reindex``); returns documents written.

    A full rebuild empties the index first; it records a checkpoint after every committed chunk,
    so ``resume=True`` continues an interrupted rebuild where it stopped. With ``org_ids`` only
    those organs' objects are rewritten (deleted first, then added back if still public).
    """
    import json

    count = 0
    start_id = OutboxEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if engine.index_state() != "ok":
        # Whatever is on disk cannot be trusted: a partial or resumed rebuild becomes a full one.
        org_ids, resume = None, False
    checkpoint = {}
    if resume:
        try:
            checkpoint = json.loads(_checkpoint_path().read_text())
        except (OSError, ValueError):
            checkpoint = {}
    from_empty = not checkpoint and not org_ids
    # A full rebuild starts from an empty directory, whatever state it was in (ADR 0011).
    with engine.exclusive_writer(heap_size=REBUILD_HEAP, threads=2, fresh=from_empty) as writer:
        if from_empty:
            writer.delete_all_documents()
        for org_id in org_ids or []:
            writer.delete_documents_by_term("org", org_id)
        for name, searchable in TYPES.items():
            queryset = searchable.all_public().filter(pk__gt=checkpoint.get(name, 0))
            if org_ids:
                queryset = queryset.filter(organization_id__in=org_ids)
            ids = [str(i) for i in queryset.order_by("pk").values_list("pk", flat=True)]
            chunks = [ids[offset : offset + BATCH] for offset in range(0, len(ids), BATCH)]
            done = pending = 0
            for chunk, documents in _built_chunks(name, chunks, processes):
                # From an empty index there is nothing to delete before adding.
                count += _write(writer, name, [] if from_empty else chunk, documents)
                done += len(chunk)
                pending += len(chunk)
                if pending >= COMMIT_EVERY or done == len(ids):
                    writer.commit()
                    checkpoint[name] = int(chunk[-1])
                    engine.write_json(_checkpoint_path(), checkpoint)
                    pending = 0
                if progress:
                    progress(done, len(ids))
        writer.commit()
        _checkpoint_path().unlink(missing_ok=True)
        cursor = engine.read_cursor()
        if not org_ids and cursor["last_id"] < start_id:
            # Entries up to start_id are reflected in what the rebuild read; later ones still apply.
            engine.write_cursor({"last_id": start_id, "gaps": cursor["gaps"]})
    apply_outbox()  # whatever was published while the rebuild held the writer
    return count


DUE_CHECK_KEY = "search:due-checked-at"
DUE_CHECK_EVERY = 30


def catch_up_scheduled() -> int:
    """Queue objects whose scheduled publication time has passed since the last check.

    Nothing is written when such a time comes, so no outbox row exists for it; this runs at most
    every ``DUE_CHECK_EVERY`` seconds (from the search page, and from the worker loop).
    """
    from datetime import timedelta

    from django.core.cache import cache
    from django.utils import timezone

    from gongkai.search.registry import enqueue

    if not cache.add(DUE_CHECK_KEY + ":lock", 1, DUE_CHECK_EVERY):
        return 0
    now = timezone.now()
    since = cache.get(DUE_CHECK_KEY) or now - timedelta(days=7)
    queued = 0
    for name, searchable in TYPES.items():
        if searchable.became_public is not None:
            ids = list(searchable.became_public(since, now))
            enqueue(name, ids)
            queued += len(ids)
    cache.set(DUE_CHECK_KEY, now, None)
    return queued
