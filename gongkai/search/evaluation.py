"""Relevance measured on a labelled set: documents, queries written the way residents search,
and the documents a person judged right for each.

The set is two files side by side: ``documents.jsonl`` (one document a line: ``id``, ``title``,
``doc_number``, ``organ``, ``published_on`` / ``written_on`` (YYYY-MM-DD), ``body``, ``source``)
and ``queries.jsonl`` (``q``, ``type``, ``relevant``: the ids judged right, best first). The
documents are indexed into a scratch index through the same field builder the site uses
(``fields.text_fields``), and every query goes through ``query.search`` as the public page does.

Reported per query type and overall: success@1 (``top1``), success@5 (``top5``), success@10,
MRR@10 (``mrr``: 1/rank of the first relevant document within the first ten, else 0), nDCG@10
(binary gains) and the zero-result rate (queries that returned nothing at all).
"""

from __future__ import annotations

import gzip
import json
import math
import statistics
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.test import override_settings

from gongkai.search import engine
from gongkai.search.fields import text_fields
from gongkai.search.query import SearchRequest, search

K = 10


@dataclass
class QueryResult:
    q: str
    type: str
    relevant: list[str]
    ranked: list[str]
    total: int = 0
    ms: float = 0.0

    @property
    def rank(self) -> int | None:
        """Rank of the first relevant document (1-based), None when none of the first 10."""
        return next((i + 1 for i, key in enumerate(self.ranked[:K]) if key in self.relevant), None)

    @property
    def ndcg(self) -> float:
        gains = sum(1 / math.log2(i + 2) for i, key in enumerate(self.ranked[:K]) if key in self.relevant)
        ideal = sum(1 / math.log2(i + 2) for i in range(min(len(self.relevant), K)))
        return gains / ideal if ideal else 0.0


@dataclass
class Report:
    documents: int
    results: list[QueryResult] = field(default_factory=list)

    @staticmethod
    def _scores(results: list[QueryResult]) -> dict:
        n = len(results) or 1
        return {
            "queries": len(results),
            "top1": round(sum(r.rank == 1 for r in results) / n, 4),
            "top5": round(sum(r.rank is not None and r.rank <= 5 for r in results) / n, 4),
            "success@10": round(sum(r.rank is not None for r in results) / n, 4),
            "mrr": round(sum(1 / r.rank for r in results if r.rank) / n, 4),
            "ndcg@10": round(sum(r.ndcg for r in results) / n, 4),
            "zero_results": round(sum(r.total == 0 for r in results) / n, 4),
        }

    def as_dict(self) -> dict:
        by_type: dict[str, list[QueryResult]] = defaultdict(list)
        for result in self.results:
            by_type[result.type].append(result)
        misses = [r for r in self.results if r.rank != 1]
        times = sorted(r.ms for r in self.results) or [0.0]
        return {
            "documents": self.documents,
            "all": self._scores(self.results),
            # Wall time of search() per query on this small index: a sanity check, not the speed
            # figure (that is bench/search.py at a million records).
            "ms": {
                "p50": round(statistics.median(times), 1),
                "p95": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
            },
            "by_type": {name: self._scores(rs) for name, rs in sorted(by_type.items())},
            "misses": [
                {
                    "q": r.q,
                    "type": r.type,
                    "rank": r.rank,
                    "expected": r.relevant[0],
                    "first": r.ranked[:1],
                    "total": r.total,
                }
                for r in misses
            ],
        }


def load(path: Path, *, shards: bool = True) -> tuple[list[dict], list[dict]]:
    """The documents and queries of a set (``path`` is queries.jsonl or the folder holding it).

    The documents are ``documents.jsonl`` and, unless ``shards`` is false, every
    ``documents_*.jsonl.gz`` beside it (imported shards, kept compressed)."""
    folder = path if path.is_dir() else path.parent
    queries_file = path if path.is_file() else folder / "queries.jsonl"
    return documents_of(folder, shards=shards), _lines(queries_file)


def documents_of(folder: Path, *, shards: bool = True) -> list[dict]:
    documents = _lines(folder / "documents.jsonl")
    if shards:
        for shard in sorted(folder.glob("documents_*.jsonl.gz")):
            documents += _lines(shard)
    return documents


def _lines(path: Path) -> list[dict]:
    text = (
        gzip.decompress(path.read_bytes()).decode("utf-8")
        if path.suffix == ".gz"
        else path.read_text("utf-8")
    )
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _day(value: str) -> date | None:
    """YYYY-MM-DD, or only YYYY-MM / YYYY where the source gives no more (read as its first day)."""
    value = (value or "").strip()
    for length, suffix in ((10, ""), (7, "-01"), (4, "-01-01")):
        if len(value) >= length:
            try:
                return date.fromisoformat(value[:length] + suffix)
            except ValueError:
                continue
    return None


def index_documents(documents: list[dict]) -> None:
    organs: dict[str, int] = {}
    with engine.exclusive_writer() as writer:
        writer.delete_all_documents()
        for doc in documents:
            day = _day(doc.get("published_on", "")) or _day(doc.get("written_on", "")) or date(2000, 1, 1)
            org = organs.setdefault(doc.get("organ", ""), len(organs) + 1)
            fields = {
                **text_fields(
                    title=doc["title"],
                    doc_number=doc.get("doc_number", ""),
                    index_number=doc.get("index_number", ""),
                    body=doc.get("body", ""),
                ),
                "key": doc["id"],
                "type": "evaluation",
                "org": org,
                "orgs": [str(org)],
                "validity": "none",
                "year": day.year,
                "published": (day - date(1970, 1, 1)).days * 86400,
                "boost": 0.0,
                "title_display": doc["title"],
                "url": doc.get("source", ""),
                "organ": doc.get("organ", ""),
                "date": day.isoformat(),
                "doc_number_display": doc.get("doc_number", ""),
            }
            writer.add_document(engine.make_document(fields))
        writer.commit()


def evaluate(path: Path, *, shards: bool = True) -> Report:
    """Index the set's documents into a scratch index and rank every query."""
    folder = path if path.is_dir() else path.parent
    name = path.name if path.is_file() else "queries.jsonl"
    return evaluate_files(folder, [name], shards=shards)[name]


def evaluate_files(folder: Path, names: list[str], *, shards: bool = True) -> dict[str, Report]:
    """Index the set's documents once and rank the queries of each file in ``names``."""
    documents = documents_of(folder, shards=shards)
    reports: dict[str, Report] = {}
    with tempfile.TemporaryDirectory() as scratch, override_settings(GONGKAI_SEARCH_INDEX_DIR=scratch):
        engine.forget_indexes()
        try:
            index_documents(documents)
            for name in names:
                report = reports[name] = Report(documents=len(documents))
                for query in _lines(folder / name):
                    started = time.perf_counter()
                    response = search(SearchRequest(q=query["q"], page_size=K))
                    elapsed = (time.perf_counter() - started) * 1000
                    report.results.append(
                        QueryResult(
                            q=query["q"],
                            type=query.get("type", "other"),
                            relevant=list(query["relevant"]),
                            ranked=[hit.key for hit in response.hits],
                            total=response.total,
                            ms=elapsed,
                        )
                    )
        finally:
            engine.forget_indexes()
    return reports
