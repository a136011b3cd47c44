"""Bounded work on untrusted files: every parse of an upload goes through here.

Two fences (ADR 0011):

1. Before any parser sees a zip package (.docx, .xlsx, .ofd), its central directory is read —
   cheap, nothing is inflated — and the package is refused if it has too many entries, would
   inflate beyond ``GONGKAI_EXTRACT_MAX_INFLATED_BYTES``, or has a large entry compressed more
   than ``GONGKAI_EXTRACT_MAX_RATIO``:1 (a zip bomb: 100 MB of XML in a 387 KB .docx).
2. The parser runs in a child process (``gongkai.textproc.sandbox``) with RLIMIT_AS and
   RLIMIT_CPU, and a wall-clock timeout; whatever goes wrong there kills the child, not the
   worker, and the caller receives an ``Outcome`` that says "unreadable" with a reason.

Callers never hold a database transaction while they wait on this (the services extract
first and store the result).
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from gongkai.textproc import sandbox

logger = logging.getLogger(__name__)

ZIP_KINDS = {"docx", "xlsx", "ofd", "zip"}
# Kinds the bounded child reads; legacy office formats and archives only reach it through the
# upload kinds that accept them (gongkai.core.uploads, ADR 0023).
READABLE = {"pdf", "docx", "xlsx", "ofd", "doc", "wps", "xls", "et", "ppt", "zip", "rar", "7z"}
STATUS_OK = "ok"
STATUS_EMPTY = "empty"
STATUS_UNREADABLE = "unreadable"
UNREADABLE_LABEL = "无法读取，请人工审核"
_ROOT = Path(__file__).resolve().parents[2]


class UnsafeFile(ValueError):
    """The file is over a limit that is checked before parsing; ``str()`` is a Chinese reason."""


@dataclass(frozen=True)
class Outcome:
    ok: bool
    value: Any = None
    reason: str = ""
    unsafe: bool = False  # refused by a limit (bomb, nesting), as opposed to merely unreadable


@dataclass(frozen=True)
class Extraction:
    text: str
    status: str  # STATUS_OK, STATUS_EMPTY or STATUS_UNREADABLE
    reason: str = ""
    active: tuple[str, ...] = ()  # a PDF's active-content features, found by the same child
    unsafe: bool = False  # an archive over a limit: the caller refuses the file


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_archive(data: bytes) -> None:
    """Refuse a zip package whose directory promises more than the limits allow (nothing inflated)."""
    max_entries = _limit("GONGKAI_EXTRACT_MAX_ENTRIES", 2000)
    max_total = _limit("GONGKAI_EXTRACT_MAX_INFLATED_BYTES", 64 * 1024 * 1024)
    max_ratio = _limit("GONGKAI_EXTRACT_MAX_RATIO", 100)
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnsafeFile("压缩包结构损坏") from exc
    if len(entries) > max_entries:
        raise UnsafeFile(f"压缩包内有{len(entries)}个文件，超过{max_entries}个的上限")
    total = sum(e.file_size for e in entries)
    if total > max_total:
        raise UnsafeFile(f"解压后约{_mb(total)}，超过{_mb(max_total)}的上限")
    for entry in entries:
        # Small parts compress well legitimately; a ratio counts only for an entry over 1 MB.
        if entry.file_size > 1024 * 1024 and entry.file_size > max_ratio * max(entry.compress_size, 1):
            ratio = entry.file_size // max(entry.compress_size, 1)
            raise UnsafeFile(f"压缩比异常（{entry.filename} 压缩了{ratio}倍，疑似“压缩炸弹”）")


def run_bounded(task: str, data: bytes) -> Outcome:
    """Run a sandbox task on ``data`` in a limited child process."""
    memory = _limit("GONGKAI_EXTRACT_MEMORY_BYTES", 768 * 1024 * 1024)
    cpu = _limit("GONGKAI_EXTRACT_CPU_SECONDS", 20)
    timeout = _limit("GONGKAI_EXTRACT_TIMEOUT_SECONDS", 30)
    max_pages = _limit("GONGKAI_EXTRACT_MAX_PAGES", 2000)
    archive_limits = {
        "max_depth": _limit("GONGKAI_EXTRACT_MAX_DEPTH", 3),
        "max_entries": _limit("GONGKAI_EXTRACT_MAX_ENTRIES", 2000),
        "max_inflated": _limit("GONGKAI_EXTRACT_MAX_INFLATED_BYTES", 64 * 1024 * 1024),
        "max_ratio": _limit("GONGKAI_EXTRACT_MAX_RATIO", 100),
        "timeout": max(timeout - 5, 1),
    }
    command = [
        sys.executable,
        "-m",
        "gongkai.textproc.sandbox",
        task,
        str(memory),
        str(cpu),
        str(max_pages),
        json.dumps(archive_limits),
    ]
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(_ROOT), "LANG": "C.UTF-8"}
    try:
        child = subprocess.run(
            command, input=data, capture_output=True, timeout=timeout, env=env, cwd=str(_ROOT), check=False
        )
    except subprocess.TimeoutExpired:
        logger.warning("sandbox task %s timed out after %ss", task, timeout)
        return Outcome(False, reason=f"读取超时（超过{timeout}秒）")
    if child.returncode == 0:
        return Outcome(True, json.loads(child.stdout))
    if child.returncode == sandbox.EXIT_UNSAFE:
        return Outcome(False, reason=json.loads(child.stdout).get("error", "超过上限"), unsafe=True)
    if child.returncode == sandbox.EXIT_TOO_LARGE:
        return Outcome(False, reason=json.loads(child.stdout).get("error", "超过上限"))
    if child.returncode == sandbox.EXIT_MEMORY or b"MemoryError" in child.stderr:
        return Outcome(False, reason=f"读取所需内存超过{_mb(memory)}的上限")
    if child.returncode in (-24, -9):  # SIGXCPU, or SIGKILL after the soft CPU limit
        return Outcome(False, reason=f"读取所需时间超过{cpu}秒的上限")
    logger.warning("sandbox task %s failed (%s): %s", task, child.returncode, child.stderr[-500:])
    try:  # a reason the child could name (an encrypted archive), else the general one
        reason = json.loads(child.stdout).get("reason") or ""
    except ValueError:
        reason = ""
    return Outcome(False, reason=reason or "文件已损坏或格式无法识别")


def run_on_file(task: str, extension: str, data: bytes) -> Outcome:
    """``run_bounded`` after the archive check for zip packages."""
    if extension in ZIP_KINDS:
        try:
            check_archive(data)
        except UnsafeFile as exc:
            return Outcome(False, reason=str(exc), unsafe=extension == "zip")
    return run_bounded(task, data)


def extract_text(extension: str, data: bytes) -> Extraction:
    """Text of an attachment, bounded; an unreadable file says why instead of raising."""
    if extension == "txt":
        text = data.decode("utf-8", errors="replace")
        return Extraction(text, STATUS_OK if text.strip() else STATUS_EMPTY)
    if extension not in READABLE:
        return Extraction("", STATUS_EMPTY)
    outcome = run_on_file(f"text:{extension}", extension, data)
    if not outcome.ok:
        return Extraction("", STATUS_UNREADABLE, outcome.reason, unsafe=outcome.unsafe)
    text = outcome.value["text"]
    active = tuple(outcome.value.get("active", ()))
    return Extraction(text, STATUS_OK if text.strip() else STATUS_EMPTY, active=active)


BATCH_BYTES = 16 * 1024 * 1024


def extract_texts(files: list[tuple[str, bytes]]) -> list[Extraction]:
    """``extract_text`` of many files with one child per batch of up to 16 MB (a site migration).

    Starting the interpreter is most of a small file's cost (docs/benchmarks.md). The same limits
    apply to the batch; a batch that exceeds them is read again one child per file, so a hostile
    file costs only itself its text.
    """
    results: list[Extraction | None] = [None] * len(files)
    pending: list[int] = []
    for index, (extension, data) in enumerate(files):
        if extension == "txt" or extension not in READABLE:
            results[index] = extract_text(extension, data)
            continue
        if extension in ZIP_KINDS:
            try:
                check_archive(data)
            except UnsafeFile as exc:
                results[index] = Extraction("", STATUS_UNREADABLE, str(exc), unsafe=extension == "zip")
                continue
        pending.append(index)
    batch: list[int] = []
    size = 0
    for index in pending:
        if batch and size + len(files[index][1]) > BATCH_BYTES:
            _run_batch(files, batch, results)
            batch, size = [], 0
        batch.append(index)
        size += len(files[index][1])
    _run_batch(files, batch, results)
    return results  # type: ignore[return-value]


def _run_batch(files, batch: list[int], results: list) -> None:
    if not batch:
        return
    header = json.dumps([[files[i][0], len(files[i][1])] for i in batch]).encode()
    outcome = run_bounded("batch_text", b"\n".join([header, b"".join(files[i][1] for i in batch)]))
    if not outcome.ok:
        for index in batch:  # over a limit as a whole: each file alone, so only the bad one fails
            results[index] = extract_text(*files[index])
        return
    for index, value in zip(batch, outcome.value["results"], strict=True):
        if "error" in value:
            unsafe = bool(value.get("unsafe"))
            results[index] = Extraction("", STATUS_UNREADABLE, value["error"], unsafe=unsafe)
        else:
            text = value["text"]
            status = STATUS_OK if text.strip() else STATUS_EMPTY
            results[index] = Extraction(text, status, active=tuple(value.get("active", ())))


def text_with_tables(extension: str, data: bytes) -> Extraction:
    """A .docx (tables as ``|`` rows) or PDF text layer, bounded; unreadable says why."""
    task = "table_text:docx" if extension == "docx" else f"text:{extension}"
    outcome = run_on_file(task, extension, data)
    if not outcome.ok:
        return Extraction("", STATUS_UNREADABLE, outcome.reason)
    text = outcome.value["text"]
    return Extraction(text, STATUS_OK if text.strip() else STATUS_EMPTY)


def docx_tables(data: bytes) -> list[list[list[str]]]:
    """The tables of a .docx (bounded); none if the file cannot be read within the limits."""
    outcome = run_on_file("docx_tables", "docx", data)
    return outcome.value["tables"] if outcome.ok else []


def xlsx_rows(data: bytes) -> Outcome:
    """Cell texts of a workbook's active sheet (bounded); ``value`` is the list of rows."""
    outcome = run_on_file("xlsx_rows", "xlsx", data)
    return Outcome(True, outcome.value["rows"]) if outcome.ok else outcome
