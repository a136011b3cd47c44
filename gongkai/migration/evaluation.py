"""Field accuracy of the page reader against hand-made expectations (issue 19).

A development set is a site mirror in the wget layout (``host/path``) with, beside each page,
``<page>.expected.json``: the fields a person read off the page. A field absent from the JSON is
not checked; ``null`` means the reader must find nothing. Pages of one host are read with one
profile learned from all of them, as the import does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .extraction import ExtractedDocument, extract_article, learn_profile

EXPECTATION_SUFFIX = ".expected.json"
EVIDENCE_FIELDS = ("doc_number", "issuer", "genre", "topic", "validity")
DATE_FIELDS = ("written_on", "published_on")
# related_doc_numbers: every 文号 the page cites but its own; repeals/amends: the ones it 废止s or 修订s.
LIST_FIELDS = ("related_doc_numbers", "repeals", "amends")
FIELDS = ("title", "index_number", *EVIDENCE_FIELDS, *DATE_FIELDS, "column_path", *LIST_FIELDS,
          "attachments", "body")  # fmt: skip


@dataclass
class FieldScore:
    checked: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.checked if self.checked else 1.0


@dataclass
class Evaluation:
    pages: int = 0
    scores: dict[str, FieldScore] = field(default_factory=lambda: {name: FieldScore() for name in FIELDS})
    mismatches: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "pages": self.pages,
            "fields": {
                name: {"checked": s.checked, "correct": s.correct, "accuracy": round(s.accuracy, 3)}
                for name, s in self.scores.items()
            },
            "mismatches": self.mismatches,
        }


def page_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and Path(str(p) + EXPECTATION_SUFFIX).exists())


def actual_value(doc: ExtractedDocument, name: str):
    if name in EVIDENCE_FIELDS:
        evidence = getattr(doc, name)
        return evidence.value if evidence else None
    if name in DATE_FIELDS:
        evidence = getattr(doc, name)
        return evidence.value.isoformat() if evidence else None
    if name == "attachments":
        return sorted(a.url for a in doc.attachments)
    if name in LIST_FIELDS:
        return sorted(getattr(doc, name, []))
    return getattr(doc, name)


def _body_ok(doc: ExtractedDocument, expected: dict) -> tuple[bool, list[str]]:
    missing = [s for s in expected.get("body_contains", []) if s not in doc.body_text]
    present = [s for s in expected.get("body_excludes", []) if s in doc.body_text or s in doc.body_html]
    first = expected.get("body_first_line")
    got_first = doc.body_text.split("\n", 1)[0]
    wrong_start = (
        [f"首行应为：{first}（实为：{got_first}）"] if first is not None and got_first != first else []
    )
    problems = [*(f"缺少：{s}" for s in missing), *(f"不应出现：{s}" for s in present), *wrong_start]
    return not problems, problems


def evaluate(root: Path | str) -> Evaluation:
    root = Path(root)
    result = Evaluation()
    by_host: dict[str, list[Path]] = {}
    for path in page_files(root):
        by_host.setdefault(path.relative_to(root).parts[0], []).append(path)
    for host, paths in sorted(by_host.items()):
        pages = [(f"https://{path.relative_to(root).as_posix()}", path.read_bytes()) for path in paths]
        profile = learn_profile(pages)
        for (url, html), path in zip(pages, paths, strict=True):
            expected = json.loads(Path(str(path) + EXPECTATION_SUFFIX).read_text(encoding="utf-8"))
            url = expected.get("url", url)
            doc = extract_article(html, url, profile)
            result.pages += 1
            for name in FIELDS:
                if name == "body":
                    if not {"body_contains", "body_excludes", "body_first_line"} & expected.keys():
                        continue
                    ok, detail = _body_ok(doc, expected)
                    want, got = "", detail
                elif name not in expected:
                    continue
                else:
                    want = expected[name]
                    if name == "attachments" or name in LIST_FIELDS:
                        want = sorted(want)
                    got = actual_value(doc, name)
                    ok = got == want
                score = result.scores[name]
                score.checked += 1
                score.correct += int(ok)
                if not ok:
                    result.mismatches.append({"page": f"{host}/{path.relative_to(root / host).as_posix()}",
                                              "field": name, "expected": want, "got": got})  # fmt: skip
    return result
