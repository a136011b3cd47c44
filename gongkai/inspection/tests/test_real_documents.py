"""False positives on real published documents: the shipped word list must not block them.

The real sets are 155 documents of 108 organs (tests/fixtures/search/real, sources in its
SOURCES.md) and the work plans of tests/fixtures/workplans/real. A blocking wording finding or a
name-list finding there would be a false alarm, since these were published as they are.
"""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.inspection import engine
from gongkai.inspection.rules import compile_rules
from gongkai.inspection.wordlist import read_entries

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures"


def real_texts() -> list[tuple[str, str]]:
    texts = []
    for line in (FIXTURES / "search" / "real" / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        texts.append((doc["id"], f"{doc['title']}\n{doc.get('body', '')}"))
    for path in sorted((FIXTURES / "workplans" / "real").glob("*.txt")):
        texts.append((path.name, path.read_text(encoding="utf-8")))
    return texts


def test_real_documents_raise_no_blocking_wording_or_name_list_finding():
    words = compile_rules(read_entries()[0])
    texts = real_texts()
    assert len(texts) > 150
    false_alarms = []
    hints = 0
    for name, text in texts:
        for f in engine.check_document(engine.Document(texts=[("正文", text)]), words):
            if (f.kind == engine.WORDING and f.blocking) or (
                f.kind == engine.PERSONAL_DATA and not f.at_review
            ):
                false_alarms.append((name, f.text))
            elif f.kind == engine.WORDING:
                hints += 1
    assert false_alarms == []
    # Outdated names in older documents (e.g. 卫生计生委, 环保局 in 2018) are hints, not blocks.
    assert hints > 0
