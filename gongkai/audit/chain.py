"""The audit log's hash chain: append one entry at a time, verify the whole chain, anchor its head.

Each entry stores ``entry_hash = SHA-256(prev_hash + "\\n" + canonical content)``, where the
content includes its position ``seq``. Deleting, changing, inserting or moving an entry breaks
the chain at that point; rewriting everything after it is caught by the anchors, copies of the
head kept outside the database (docs/decisions/0014-tamper-evident-audit-log.md).
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.audit.models import Anchor, AuditEntry, ChainHead

GENESIS = "0" * 64
anchor_logger = logging.getLogger("gongkai.audit.anchor")


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _ip(value: str | None) -> str:
    # PostgreSQL's inet and Django's IPv6 cleaning spell one address differently: hash the address.
    if not value:
        return ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return value


def _numbers(value):
    """Every number as a float: PostgreSQL's jsonb gives 1e+16 back as 10000000000000000."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict):
        return {key: _numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers(item) for item in value]
    return value


def canonical(entry: AuditEntry) -> str:
    """The entry's content as one deterministic string (same on SQLite and PostgreSQL)."""
    content = {
        "seq": entry.seq,
        "created_at": _timestamp(entry.created_at),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "organization_id": entry.organization_id,
        "verb": entry.verb,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": _numbers(entry.changes),
        "reason": entry.reason,
        "ip_address": _ip(entry.ip_address),
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(entry)}".encode()).hexdigest()


def _lock_head() -> ChainHead:
    """Take the chain's lock row for the rest of the transaction (created on first use)."""
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        try:
            with transaction.atomic():
                ChainHead.objects.create(pk=1)
        except IntegrityError:
            pass  # another writer created it first; lock theirs
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def append(entry: AuditEntry) -> AuditEntry:
    """Give ``entry`` the next position and hash, and insert it.

    The lock row is held until the caller's transaction commits (PostgreSQL: row lock; SQLite:
    the database's write lock, taken at BEGIN IMMEDIATE), so two writers never chain off the same
    head; the unique ``seq`` turns any slip into an error instead of a fork.
    """
    with transaction.atomic():
        head = _lock_head()
        last = AuditEntry.objects.order_by("-seq").values_list("seq", "entry_hash").first()
        seq, prev = last if last else (0, GENESIS)
        entry.seq = seq + 1
        entry.prev_hash = prev
        # Stamped inside the lock, so times never run backwards along the chain.
        entry.created_at = timezone.now()
        # Normalise the JSON the way it will come back from the database before hashing it.
        entry.changes = json.loads(json.dumps(entry.changes or {}, cls=DjangoJSONEncoder))
        entry.entry_hash = entry_hash(prev, entry)
        entry.save(force_insert=True)
        head.seq, head.entry_hash = entry.seq, entry.entry_hash
        head.save(update_fields=["seq", "entry_hash"])
    return entry


# --- verification ---------------------------------------------------------------------------


@dataclass
class Problem:
    kind: str  # changed | deleted | inserted | reordered | anchor_mismatch | truncated | bad_anchor_file
    seq: int | None
    detail: str
    entry_id: int | None = None


@dataclass
class Report:
    entries: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    anchors_checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def _original_seq(entry: AuditEntry, window: int = 64) -> int | None:
    """The position the entry's content was hashed at (its own if intact), or None if it was changed."""
    if entry_hash(entry.prev_hash, entry) == entry.entry_hash:
        return entry.seq
    seq = entry.seq
    try:
        for candidate in range(max(1, seq - window), seq + window + 1):
            entry.seq = candidate
            if entry_hash(entry.prev_hash, entry) == entry.entry_hash:
                return candidate
    finally:
        entry.seq = seq
    return None


class _Row:
    """One entry's stored values, with the attribute names ``canonical`` reads."""

    def __init__(self, values: dict):
        self.__dict__.update(values)
        self.pk = self.id


class _Walk:
    """State of one pass over the entries in ``seq`` order."""

    def __init__(self, report: Report):
        self.report = report
        self.expected_seq, self.expected_prev = 1, GENESIS
        self.shift = 0  # entries inserted (+) or deleted and renumbered (-) so far
        self.moved: set[int] = set()
        self.last_id = 0
        self.seen: set[tuple[str, int | None]] = set()

    def problem(self, kind: str, seq: int | None, detail: str, entry_id: int | None = None) -> None:
        if (kind, seq) not in self.seen:
            self.seen.add((kind, seq))
            self.report.problems.append(Problem(kind, seq, detail, entry_id))

    def step(self, entry: AuditEntry) -> None:
        original = _original_seq(entry)
        if entry.prev_hash != self.expected_prev:
            self.link_break(entry, original)
        if original is None:
            self.problem("changed", entry.seq, f"第 {entry.seq} 条内容与其哈希不符（被修改）", entry.id)
        elif original != entry.seq and entry.seq - original != self.shift:
            self.moved.add(entry.seq)
            self.problem("reordered", entry.seq, f"原第 {original} 条被移到第 {entry.seq} 条", entry.id)
        if entry.id < self.last_id:
            # Ids come from a sequence drawn inside the chain lock, so they rise with seq.
            self.problem(
                "reordered", entry.seq, f"第 {entry.seq} 条的记录编号早于前一条（顺序被改动）", entry.id
            )
        self.last_id = max(self.last_id, entry.id)
        self.expected_seq, self.expected_prev = entry.seq + 1, entry.entry_hash

    def link_break(self, entry: AuditEntry, original: int | None) -> None:
        seq = entry.seq
        if seq > self.expected_seq:
            missing = (
                f"{self.expected_seq}" if seq == self.expected_seq + 1 else f"{self.expected_seq}–{seq - 1}"
            )
            self.problem("deleted", self.expected_seq, f"第 {missing} 条缺失（已被删除）", entry.id)
            return
        linked = AuditEntry.objects.filter(entry_hash=entry.prev_hash).exclude(pk=entry.pk).first()
        if linked is None:
            if original is not None and original > seq:
                # The entries before it were deleted and the rest renumbered to hide the gap.
                self.shift = seq - original
                self.problem(
                    "deleted", seq, f"第 {seq} 条之前有 {original - seq} 条被删除后重新编号", entry.id
                )
            else:
                self.problem(
                    "changed", seq - 1, f"第 {seq - 1} 条被改写或替换（第 {seq} 条不再与之相连）", entry.id
                )
        elif linked.seq in self.moved:
            pass  # it follows an entry already reported as moved
        elif linked.seq >= seq or (seq - 1) in self.moved:
            self.moved.add(seq)
            self.problem(
                "reordered", seq, f"第 {seq} 条原本接在第 {linked.seq} 条之后（顺序被改动）", entry.id
            )
        else:
            first, last = linked.seq + 1, seq - 1
            where = f"{first}" if first == last else f"{first}–{last}"
            self.shift += last - first + 1
            self.problem(
                "inserted", first, f"第 {where} 条是插入的（第 {seq} 条原本接在第 {linked.seq} 条之后）"
            )


def read_anchor_file(path: Path) -> tuple[list[dict], list[Problem]]:
    anchors, problems = [], []
    if not path.exists():
        return anchors, problems
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            anchors.append(
                {"seq": int(data["seq"]), "entry_hash": str(data["entry_hash"]), "source": path.name}
            )
        except (ValueError, KeyError, TypeError):
            problems.append(Problem("bad_anchor_file", None, f"锚点文件第 {number} 行无法读取"))
    return anchors, problems


def verify(*, anchor_file: Path | None = None) -> Report:
    """Walk the whole chain in order and check every link, then every anchor against it."""
    report = Report()
    walk = _Walk(report)
    columns = [f.attname for f in AuditEntry._meta.concrete_fields]
    # Plain rows, not model instances: a third of the time per entry on a large log.
    for values in AuditEntry.objects.order_by("seq").values_list(*columns).iterator(chunk_size=5000):
        report.entries += 1
        walk.step(_Row(dict(zip(columns, values, strict=True))))
    report.head_seq, report.head_hash = walk.expected_seq - 1, walk.expected_prev

    anchors = [{"seq": a.seq, "entry_hash": a.entry_hash, "source": "database"} for a in Anchor.objects.all()]
    path = anchor_file if anchor_file is not None else anchor_path()
    file_anchors, file_problems = read_anchor_file(path)
    anchors += file_anchors
    report.problems += file_problems
    hashes = dict(
        AuditEntry.objects.filter(seq__in={a["seq"] for a in anchors}).values_list("seq", "entry_hash")
    )
    for anchor in anchors:
        report.anchors_checked += 1
        seq = anchor["seq"]
        if seq == 0:
            continue
        if seq > report.head_seq:
            report.problems.append(
                Problem(
                    "truncated",
                    seq,
                    f"锚点（{anchor['source']}）记录到第 {seq} 条，"
                    f"日志只到第 {report.head_seq} 条（末尾被截断）",
                )
            )
        elif hashes.get(seq) != anchor["entry_hash"]:
            report.problems.append(
                Problem(
                    "anchor_mismatch",
                    seq,
                    f"第 {seq} 条的哈希与锚点（{anchor['source']}）不符（此前的日志被改写）",
                )
            )
    return report


# --- anchors --------------------------------------------------------------------------------


def anchor_path() -> Path:
    return Path(settings.GONGKAI_AUDIT_ANCHOR_FILE)


def anchor(*, store: bool = True) -> dict:
    """Write the chain's head to the operators' log and the append-only anchor file (and the database)."""
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "entry_hash").first()
    seq, head_hash = last if last else (0, GENESIS)
    data = {"at": _timestamp(timezone.now()), "seq": seq, "entry_hash": head_hash}
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: every write lands at the end even with two writers; operators may also `chattr +a`.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(data, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    anchor_logger.info("审计日志锚点 seq=%s sha256=%s", seq, head_hash)
    if store:
        Anchor.objects.create(seq=seq, entry_hash=head_hash)
    return data
