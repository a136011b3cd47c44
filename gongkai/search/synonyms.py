"""简称 ↔ 全称 at query time, in both directions, so an edit needs no reindex.

The table joins the editable ``Abbreviation`` rows (公租房 ↔ 公共租赁住房, 发改委 ↔ 发展和改革委员会)
with the short names generated from the installation's own organ tree (区发改委, 县政府办,
昌吉市监局). A query is searched as typed and as its variants — short forms written out, full
forms shortened — and a document matching any of them is a match.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.cache import cache

from gongkai.search.analysis import normalize, tokens_for_index

# The table lives in each process; the shared cache holds only its version, so an edit made in
# one worker reaches every worker at its next search without unpickling the table per query.
VERSION_KEY = "search:synonyms:version"
REFRESH_SECONDS = 300
MAX_VARIANTS = 4


@dataclass
class SynonymTable:
    expand: dict[str, list[str]] = field(default_factory=dict)  # 简称 → 全称 (normalised)
    contract: dict[str, list[str]] = field(default_factory=dict)  # 全称 → 简称 (normalised)

    @classmethod
    def from_pairs(cls, pairs) -> SynonymTable:
        table = cls()
        for short, full in pairs:
            short, full = normalize(short).strip(), normalize(full).strip()
            # A short form that is a word of its full form (解读 of 政策解读) adds nothing either
            # way; one that is only a substring of it (政府办 in 人民政府办公室) does.
            if not short or not full or short == full or short in _words_of(full):
                continue
            table.expand.setdefault(short, [])
            if full not in table.expand[short]:
                table.expand[short].append(full)
            table.contract.setdefault(full, [])
            if short not in table.contract[full]:
                table.contract[full].append(short)
        return table

    def variants(self, text: str) -> list[str]:
        """Other ways of writing ``text``: its short forms written out (one variant per meaning
        of an ambiguous short form), and its full forms shortened."""
        text = normalize(text)
        out: list[str] = []
        expanded = _replace_each(text, self.expand)
        out += expanded
        contracted = _replace_each(text, self.contract)
        out += contracted
        # One form changed at a time as well: 新乡市政府办 政务公开 matches its document as
        # 新乡市人民政府办公室 政务公开, while changing both (… 政府信息公开) does not.
        out += _replace_one_at_a_time(text, self.expand)
        return [v for v in dict.fromkeys(out) if v != text][:MAX_VARIANTS]


def _replace_one_at_a_time(text: str, mapping: dict[str, list[str]]) -> list[str]:
    """``text`` with one key replaced by its first value, for each key found (when more than one
    is: with one key, that is the full replacement already)."""
    found = sorted(
        (key for key in mapping if key in text), key=lambda key: (len(key), text.find(key)), reverse=True
    )
    if len(found) < 2:
        return []
    return [text.replace(key, mapping[key][0], 1) for key in found]


@lru_cache(maxsize=4096)
def _words_of(text: str) -> frozenset[str]:
    return frozenset(tokens_for_index(text))


def _replace_each(text: str, mapping: dict[str, list[str]]) -> list[str]:
    """Replace every key found in ``text`` (longest first, non-overlapping) by its first value;
    an ambiguous key found first gives one variant per value."""
    found = [key for key in mapping if key in text]
    if not found:
        return []
    # Longest first; of two overlapping keys of one length the later one wins, because a Chinese
    # name's head is at its end: 新乡市政府办 is 新乡市 + 政府办 (→ 人民政府办公室), not 市政府 + 办.
    found.sort(key=lambda key: (len(key), text.find(key)), reverse=True)
    results = [text]
    taken: list[tuple[int, int]] = []
    for key in found:
        start = text.find(key)
        if any(start < end and start + len(key) > begin for begin, end in taken):
            continue
        taken.append((start, start + len(key)))
        values = mapping[key]
        if len(results) == 1 and len(values) > 1:
            results = [r.replace(key, v) for r in results for v in values[:MAX_VARIANTS]]
        else:
            results = [r.replace(key, values[0]) for r in results]
    return results


_local: dict = {"version": None, "built_at": 0.0, "table": None}


def table() -> SynonymTable:
    """This installation's table (rebuilt when an edit changes the version, or every 5 minutes
    for organ-tree changes)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    now = time.monotonic()
    if _local["table"] is None or _local["version"] != version or now - _local["built_at"] > REFRESH_SECONDS:
        _local.update(table=build(), version=version, built_at=now)
    return _local["table"]


def build() -> SynonymTable:
    from gongkai.orgs.selectors import organ_short_forms
    from gongkai.search.models import Abbreviation

    pairs = list(Abbreviation.objects.filter(is_active=True).values_list("short", "full"))
    core_shorts: dict[str, list[str]] = {}
    for short, full in pairs:
        core_shorts.setdefault(full, []).append(short)
    return SynonymTable.from_pairs([*pairs, *organ_short_forms(core_shorts)])


def forget() -> None:
    """The table changed: every process rebuilds it at its next search."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
