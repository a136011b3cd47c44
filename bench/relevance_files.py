"""Relevance of every judged query file of the real set, on one index (issue 18).

    GONGKAI_VAR_DIR=/tmp/<name>/var .venv/bin/python manage.py migrate -v0
    GONGKAI_VAR_DIR=/tmp/<name>/var .venv/bin/python bench/relevance_files.py [--json OUT] [--misses FILE]

Indexes the 1,259 documents once (``evaluate_files``) and prints, for each query file and each query
type in it, top1 / MRR@10 / success@10 and the share with no result: the table of docs/benchmarks.md.
``--misses FILE`` prints that file's queries whose first hit is not judged relevant (for a blind file:
only after its first figures are recorded).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from gongkai.search.evaluation import evaluate_files  # noqa: E402

REAL = ROOT / "tests" / "fixtures" / "search" / "real"
FILES = [
    "queries_blind_h18e.jsonl",
    "queries_blind_h18c.jsonl",
    "queries_question_blind_h18d.jsonl",
    "queries_citizen_blind.jsonl",
    "queries_citizen_holdout.jsonl",
    "queries_citizen.jsonl",
    "queries_lawrefbook_holdout.jsonl",
    "queries_lawrefbook.jsonl",
    "queries_holdout.jsonl",
    "queries.jsonl",
]


def figures(results) -> dict:
    n = len(results)
    if not n:
        return {}
    return {
        "n": n,
        "top1": round(sum(1 for r in results if r.rank == 1) / n, 3),
        "mrr": round(sum(1 / r.rank for r in results if r.rank and r.rank <= 10) / n, 3),
        "success@10": round(sum(1 for r in results if r.rank and r.rank <= 10) / n, 3),
        "zero": round(sum(1 for r in results if r.total == 0) / n, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", default="")
    parser.add_argument("--misses", action="append", default=[])
    args = parser.parse_args()
    reports = evaluate_files(REAL, FILES)
    table: dict[str, dict] = {}
    for name, report in reports.items():
        table[name] = {"all": figures(report.results)}
        for kind in sorted({r.type for r in report.results}):
            table[name][kind] = figures([r for r in report.results if r.type == kind])
        for kind, row in table[name].items():
            print(f"{name:34} {kind:18} " + " ".join(f"{k}={v}" for k, v in row.items()))
    for name in args.misses:
        for r in reports[name].results:
            if r.rank != 1:
                print(f"MISS {name} [{r.type}] {r.q} rank={r.rank} top={r.ranked[:3]} want={r.relevant[:3]}")
    if args.json:
        ranks = {name: {r.q: r.rank for r in report.results} for name, report in reports.items()}
        out = json.dumps({"figures": table, "ranks": ranks}, ensure_ascii=False)
        Path(args.json).write_text(out, "utf-8")


if __name__ == "__main__":
    main()
