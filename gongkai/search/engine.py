"""The tantivy index replica of this node: schema, opening, writing under a lock, reading.

Text fields hold pre-segmented tokens (``analysis.index_text``) read by a whitespace tokenizer
with lower-casing, so the index never segments Chinese itself and every backend sees the same
tokens.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import tantivy
from django.conf import settings

from gongkai.search.analysis import organ_text

TOKENIZER = "ws"
TEXT_FIELDS = ("title", "doc_number", "all", "attachments", "pinyin")
# A query word must occur in one of these (BM25, weighted): ``all`` is 信息名称 + 文号 + 正文 in one
# field, so a word costs one posting list rather than three; attachments weigh less.
MATCH_FIELDS = {"all": 1.0, "attachments": 0.4}
# …and scores extra where it occurs in these (信息名称 and 文号 above body above attachments).
# Optional clauses only score documents the required ones found, so they add little time.
BONUS_FIELDS = {"title": 2.0, "doc_number": 2.0}
# 4: the organ's name (and bare place names) in ``all`` and ``title`` (issue 18).
# 5: 公租房, 保障房, 保障性住房 kept whole by the segmenter (documents are cut differently).
# 6: Uyghur versions of records (ADR 0040): Arabic-script words whole, title_ug_display/excerpt_ug stored.
SCHEMA_VERSION = 6


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("type", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("org", stored=True, indexed=True, fast=True)
    builder.add_text_field("orgs", tokenizer_name="raw", index_option="basic")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option="freq")
    builder.add_text_field("exact", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("category", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("validity", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("genre", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("published", indexed=True, fast=True)
    builder.add_float_field("boost", fast=True)
    # Stored only: what a result shows without touching the database.
    for name in (
        "title_display",
        "url",
        "organ",
        "date",
        "doc_number_display",
        "excerpt",
        "validity_label",
        "title_ug_display",
        "excerpt_ug",
    ):
        builder.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


SCHEMA = build_schema()
_indexes: dict[str, tantivy.Index] = {}
_open_lock = threading.Lock()
logger = logging.getLogger(__name__)
LOCK_NAME = "writer.lock"


class IndexUnavailable(Exception):
    """This node's index is missing or damaged: searches answer 检索暂不可用 until it is rebuilt."""


def index_dir() -> Path:
    return Path(settings.GONGKAI_SEARCH_INDEX_DIR) / f"v{SCHEMA_VERSION}"


def index_state() -> str:
    """ "ok", "missing" (no directory, or no meta.json in it) or "corrupt" (meta.json unreadable)."""
    meta = index_dir() / "meta.json"
    try:
        json.loads(meta.read_text())
    except FileNotFoundError:
        return "missing"
    except (OSError, ValueError):
        return "corrupt"
    return "ok"


def _wipe_and_create(path: Path) -> None:
    """Empty the directory (all but the lock file the caller holds) and create an empty index."""
    logger.warning("search index at %s is being recreated (was: %s)", path, index_state())
    for child in path.iterdir():
        if child.name == LOCK_NAME:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
    with _open_lock:
        _indexes.pop(str(path), None)
        _indexes[str(path)] = _register(tantivy.Index(SCHEMA, path=str(path), reuse=False))


def _register(index: tantivy.Index) -> tantivy.Index:
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).filter(tantivy.Filter.lowercase()).build()
    )
    index.register_tokenizer(TOKENIZER, analyzer)
    return index


def get_index(*, create: bool = False) -> tantivy.Index:
    """This process's handle on the node's index.

    Readers (``create=False``) never create or repair: a missing or corrupt index raises
    IndexUnavailable. Writers create it where nothing is there yet; repairing a damaged one
    is ``exclusive_writer``'s job (under the lock).
    """
    path = index_dir()
    key = str(path)
    state = index_state()
    with _open_lock:
        if state != "ok":
            _indexes.pop(key, None)
            if not (create and state == "missing"):
                raise IndexUnavailable(state)
        if key not in _indexes:
            path.mkdir(parents=True, exist_ok=True)
            try:
                _indexes[key] = _register(tantivy.Index(SCHEMA, path=key, reuse=True))
            except ValueError as exc:  # tantivy could not open what is there
                raise IndexUnavailable("corrupt") from exc
        return _indexes[key]


def forget_indexes() -> None:
    """Drop cached handles (tests, and after a rebuild swaps the directory)."""
    with _open_lock:
        _indexes.clear()


def searcher() -> tantivy.Searcher:
    index = get_index()
    try:
        index.reload()  # pick up what another process's writer committed
        return index.searcher()
    except ValueError as exc:  # segment files removed or damaged under us
        forget_indexes()
        raise IndexUnavailable("corrupt") from exc


@contextmanager
def exclusive_writer(
    *, heap_size: int = 64_000_000, threads: int = 1, wait: bool = True, fresh: bool = False
):
    """One writer per index on this node: an OS file lock queues the other processes.

    With ``wait=False`` yields None at once if another process is writing. With ``fresh=True``
    (a full rebuild) the directory is emptied and a new index created first, whatever was there;
    a damaged index is recreated the same way (its content comes back from a rebuild).
    """
    path = index_dir()
    path.mkdir(parents=True, exist_ok=True)
    with open(path / LOCK_NAME, "w") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield None
            return
        try:
            try:
                index = None if fresh else get_index(create=True)
            except IndexUnavailable:
                index = None
            if index is None:
                _wipe_and_create(path)
                index = get_index()
            writer = index.writer(heap_size, threads)
            try:
                yield writer
            except BaseException:
                writer.rollback()
                raise
            finally:
                # Consumes the writer: finishes merges and releases tantivy's own directory lock
                # now rather than whenever the garbage collector gets to it.
                writer.wait_merging_threads()
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def read_cursor() -> dict:
    path = index_dir() / "cursor.json"
    try:
        cursor = json.loads(path.read_text())
        return {"last_id": int(cursor["last_id"]), "gaps": dict(cursor.get("gaps") or {})}
    except (OSError, ValueError, KeyError, TypeError):  # missing or damaged: start from the beginning
        return {"last_id": 0, "gaps": {}}


def write_json(path: Path, data: dict) -> None:
    """Atomically replace a small state file beside the index."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, path)


def write_cursor(cursor: dict) -> None:
    """The cursor is written only after the tantivy commit it describes."""
    write_json(index_dir() / "cursor.json", cursor)


def make_document(fields: dict) -> tantivy.Document:
    """A tantivy document from a registered type's fields (``body`` goes into ``all``, and so does
    the issuing organ's name: 金湖县政府办 低保 finds the 金湖县人民政府办公室's notice whose text
    says only 我县)."""
    document = tantivy.Document()
    fields = dict(fields)
    body = fields.pop("body", "")
    organ = organ_text(fields.get("organ") or "")
    fields["all"] = " ".join(v for v in (fields.get("title"), fields.get("doc_number"), organ, body) if v)
    for name, value in fields.items():
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            if name in ("org", "year", "published"):
                document.add_integer(name, int(item))
            elif name == "boost":
                document.add_float(name, float(item))
            else:
                document.add_text(name, str(item))
    return document
