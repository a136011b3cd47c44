"""The tantivy index replica of this node: schema, opening, writing under a lock, reading.

Text fields hold pre-segmented tokens (``analysis.index_text``) read by a whitespace tokenizer
with lower-casing, so the index never segments Chinese itself and every backend sees the same
tokens.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import tantivy
from django.conf import settings

TOKENIZER = "ws"
TEXT_FIELDS = ("title", "doc_number", "all", "attachments", "pinyin")
# A query word must occur in one of these (BM25, weighted): ``all`` is 信息名称 + 文号 + 正文 in one
# field, so a word costs one posting list rather than three; attachments weigh less.
MATCH_FIELDS = {"all": 1.0, "attachments": 0.4}
# …and scores extra where it occurs in these (信息名称 and 文号 above body above attachments).
# Optional clauses only score documents the required ones found, so they add little time.
BONUS_FIELDS = {"title": 2.0, "doc_number": 2.0}
SCHEMA_VERSION = 3


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
    for name in ("title_display", "url", "organ", "date", "doc_number_display", "excerpt", "validity_label"):
        builder.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


SCHEMA = build_schema()
_indexes: dict[str, tantivy.Index] = {}
_open_lock = threading.Lock()


def index_dir() -> Path:
    return Path(settings.GONGKAI_SEARCH_INDEX_DIR) / f"v{SCHEMA_VERSION}"


def _register(index: tantivy.Index) -> tantivy.Index:
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).filter(tantivy.Filter.lowercase()).build()
    )
    index.register_tokenizer(TOKENIZER, analyzer)
    return index


def get_index() -> tantivy.Index:
    """This process's handle on the node's index (created on first use)."""
    path = index_dir()
    key = str(path)
    with _open_lock:
        if key not in _indexes:
            path.mkdir(parents=True, exist_ok=True)
            _indexes[key] = _register(tantivy.Index(SCHEMA, path=key, reuse=True))
        return _indexes[key]


def forget_indexes() -> None:
    """Drop cached handles (tests, and after a rebuild swaps the directory)."""
    with _open_lock:
        _indexes.clear()


def searcher() -> tantivy.Searcher:
    index = get_index()
    index.reload()  # pick up what another process's writer committed
    return index.searcher()


@contextmanager
def exclusive_writer(*, heap_size: int = 64_000_000, threads: int = 1, wait: bool = True):
    """One writer per index on this node: an OS file lock queues the other processes.

    With ``wait=False`` yields None at once if another process is writing.
    """
    path = index_dir()
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "writer.lock", "w") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield None
            return
        try:
            writer = get_index().writer(heap_size, threads)
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
    if not path.exists():
        return {"last_id": 0, "gaps": {}}
    return json.loads(path.read_text())


def write_json(path: Path, data: dict) -> None:
    """Atomically replace a small state file beside the index."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, path)


def write_cursor(cursor: dict) -> None:
    """The cursor is written only after the tantivy commit it describes."""
    write_json(index_dir() / "cursor.json", cursor)


def make_document(fields: dict) -> tantivy.Document:
    """A tantivy document from a registered type's fields (``body`` goes into ``all``)."""
    document = tantivy.Document()
    fields = dict(fields)
    body = fields.pop("body", "")
    fields["all"] = " ".join(v for v in (fields.get("title"), fields.get("doc_number"), body) if v)
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
