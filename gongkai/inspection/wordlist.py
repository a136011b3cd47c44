"""The shipped word list (``data/wordlist.tsv``, sources in ``data/SOURCES.md``) and its loading.

Loading is idempotent: each shipped entry has a ``builtin_key`` (a hash of its category and
pattern), so reloading updates the reason, suggestion and source and never duplicates; entries
the 政务公开办 switched off stay off, and their own entries are never touched.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from gongkai.inspection.rules import validate_pattern

DATA = Path(__file__).resolve().parent / "data" / "wordlist.tsv"
MATCH = {"L": "literal", "R": "regex"}
CATEGORY_REASON = {
    "state_name": "国家机构名称或重要表述写错",
    "leader_title": "职务或排序错误",
    "outdated": "机构或提法已调整",
    "political": "不规范的政治性表述",
    "typo": "常见错别字",
}


@dataclass(frozen=True)
class Entry:
    key: str
    category: str
    match: str
    pattern: str
    suggestion: str
    blocking: bool
    source: str
    reason: str


def read_entries(path: Path = DATA) -> tuple[list[Entry], list[str]]:
    """The file's entries and, for each malformed line, a message naming its line number."""
    entries: list[Entry] = []
    errors: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 6 or cells[1] not in MATCH or cells[0] not in CATEGORY_REASON:
            errors.append(f"第{number}行格式不正确（应为：类别、L/R、错误写法、建议、1/0、依据、说明）")
            continue
        category, match, pattern, suggestion, blocking, source = cells[:6]
        reason = cells[6] if len(cells) > 6 and cells[6] else CATEGORY_REASON[category]
        message = validate_pattern(MATCH[match], pattern, suggestion)
        if message:
            errors.append(f"第{number}行：{message}")
            continue
        key = "b-" + hashlib.sha1(f"{category}|{pattern}".encode()).hexdigest()[:20]
        entries.append(
            Entry(key, category, MATCH[match], pattern, suggestion, blocking == "1", source, reason)
        )
    return entries, errors


def load_builtin(model, path: Path = DATA) -> tuple[int, int, list[str]]:
    """Create or update the shipped entries in ``model`` (a real or a migration's historical model)."""
    entries, errors = read_entries(path)
    created = updated = 0
    existing = {r.builtin_key: r for r in model.objects.exclude(builtin_key="")}
    for entry in entries:
        values = {
            "category": entry.category,
            "match": entry.match,
            "pattern": entry.pattern,
            "suggestion": entry.suggestion,
            "blocking": entry.blocking,
            "source": entry.source,
            "reason": entry.reason,
        }
        row = existing.get(entry.key)
        if row is None:
            model.objects.create(builtin_key=entry.key, **values)
            created += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save()
            updated += 1
    return created, updated, errors
