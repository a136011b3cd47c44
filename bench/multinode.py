#!/usr/bin/env python
"""Two nodes on loopback: how fast a change reaches the other node, and how fast an empty node catches up.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/multinode.py \
        [--records 200] [--runs 2] [--redis redis://127.0.0.1:6379/5 --sessions redis://127.0.0.1:6379/6]

Each run is ``tests/multinode/test_two_nodes.py`` (two gunicorn nodes with production settings and
their own indexers, one PostgreSQL and Redis, a shared media directory; ADR 0048) with
``GONGKAI_MULTINODE_RECORDS`` records published before the third, empty node starts. The test writes
its figures as JSON; this script prints them as a Markdown table for docs/benchmarks.md with the load
average before and after each run. Loopback only; the test stops every process it starts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS = [
    ("publish_indexed_on_b_s", "published here → applied to node B's index (cursor file) (s)"),
    ("publish_searchable_on_b_s", "published here → found by node B's search (s)"),
    ("publish_searchable_on_a_s", "… and by node A's search (s)"),
    ("withdrawal_indexed_on_a_s", "withdrawn → applied to node A's index (cursor file) (s)"),
    ("withdrawal_indexed_on_b_s", "withdrawn → applied to node B's index (cursor file) (s)"),
    ("withdrawal_gone_from_search_a_s", "withdrawn → gone from node A's search and record page (s)"),
    ("withdrawal_gone_from_search_b_s", "withdrawn → gone from node B's search and record page (s)"),
    ("withdrawal_gone_from_both_s", "withdrawn → gone from both (s)"),
    ("records_for_catch_up", "records published before node C starts"),
    ("outbox_entries", "outbox entries node C replays"),
    ("node_c_index_caught_up_s", "node C: indexer start → cursor at the newest entry (s)"),
]


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--sessions", default="redis://127.0.0.1:6379/6")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("DATABASE_URL=postgres://… is required (the nodes share one PostgreSQL)", file=sys.stderr)
        return 2
    results = []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as scratch:
            report = Path(scratch) / "figures.json"
            before = loadavg()
            env = {
                **os.environ,
                "GONGKAI_MULTINODE_RECORDS": str(args.records),
                "GONGKAI_MULTINODE_REPORT": str(report),
                "GONGKAI_MULTINODE_REDIS_URL": args.redis,
                "GONGKAI_MULTINODE_REDIS_SESSIONS_URL": args.sessions,
            }
            command = [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist"]
            command += ["tests/multinode/test_two_nodes.py"]
            command += ["--create-db"] if run == 0 else ["--reuse-db"]
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                print(done.stdout[-4000:], done.stderr[-2000:], file=sys.stderr)
                return done.returncode
            figures = json.loads(report.read_text())
            figures["load"] = f"{before} → {loadavg()}"
            results.append(figures)
    print("| | " + " | ".join(f"run {i + 1}" for i in range(len(results))) + " |")
    print("|---|" + "---|" * len(results))
    for key, label in ROWS:
        print(f"| {label} | " + " | ".join(str(r.get(key, "")) for r in results) + " |")
    rates = [
        f"{r['outbox_entries'] / r['node_c_index_caught_up_s']:.0f}"
        if r.get("node_c_index_caught_up_s")
        else ""
        for r in results
    ]
    print("| node C catch-up rate (outbox entries/s, process start included) | " + " | ".join(rates) + " |")
    print("| load average (1, 5, 15 min) before → after | " + " | ".join(r["load"] for r in results) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
