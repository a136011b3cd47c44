#!/usr/bin/env python
"""Public pages on a cache miss, side by side with a bare Django view, in one wrk run (issue 20).

    GONGKAI_VAR_DIR=<demo var dir> .venv/bin/python bench/cache_miss.py [--seconds 10] [--rounds 2]

Serves the installation with gunicorn (2 sync workers, bench/portal.py's helpers) under
``config.settings.bench`` — the production URLs plus ``/bench/bare``, a view that returns
``HttpResponse("ok")`` through the same middleware — with the anonymous page cache OFF
(``GONGKAI_PORTAL_CACHE_SECONDS=0``), so every request renders. Each page is measured with
``wrk -t2 -c4 -d<seconds>s`` (a Lua ``done`` hook reports p50/p95), each right after a run of the
bare view, and its share is taken against that neighbour (the load of a shared machine drifts); the
round with the median share is reported. Prints a Markdown table for
docs/benchmarks.md with the 1-minute load average read after each measurement.

Without ``wrk`` (``apt-get install wrk``; scripts/install-system-deps.sh installs it) it falls back to
a Python client with 4 threads and says so in the table: that client uses a core of its own, so its
figures are lower and only comparable with each other.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from portal import fetch, pages, percentile, start_gunicorn, wait_until_up

BIND = "127.0.0.1:8767"
BASE = f"http://{BIND}"
CONNECTIONS = 4
# Printed by wrk at the end of a run: requests, microseconds, p50/p95/p99 µs, non-2xx/3xx responses.
DONE_HOOK = """
done = function(summary, latency, requests)
  io.write(string.format("GONGKAI %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def targets() -> list[tuple[str, str]]:
    """The bare view, then bench/portal.py's public pages (one list for both benches)."""
    return [("bare Django view", "/bench/bare"), *pages("config.settings.bench")]


def run_wrk(url: str, seconds: int, hook: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", hook, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"GONGKAI (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    if not match:
        sys.exit(f"wrk printed no summary for {url}:\n{out}")
    requests, duration, p50, p95, p99, errors = (int(g) for g in match.groups())
    return {
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": errors,
    }


def run_python(url: str, seconds: int) -> dict:
    timings: list[float] = []
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()

    def client(_):
        while time.perf_counter() < deadline:
            timings.append(fetch(url))

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        list(pool.map(client, range(CONNECTIONS)))
    elapsed = time.perf_counter() - started
    return {
        "rps": len(timings) / elapsed,
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "p99": percentile(timings, 0.99),
        "errors": 0,  # fetch() raises on anything but 200
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page and round")
    parser.add_argument("--rounds", type=int, default=2, help="rounds; the median round is reported")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    pages = targets()
    have_wrk = shutil.which("wrk") is not None
    hook = Path(tempfile.mkstemp(suffix=".lua")[1])
    hook.write_text(DONE_HOOK)
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.bench", "GONGKAI_PORTAL_CACHE_SECONDS": "0"}
    server = start_gunicorn(args.workers, env, bind=BIND)
    results: dict[str, list[dict]] = {name: [] for name, _ in pages}
    try:
        wait_until_up(BASE + "/bench/bare")
        for _name, path in pages:  # each page once through both workers before anything is timed
            for _ in range(2 * args.workers):
                fetch(BASE + path)
        # The bare view is measured right before each page: the machine's load drifts (other work
        # shares the cores), and each page's share is taken against its own neighbour.
        for _round in range(args.rounds):
            for name, path in pages[1:]:
                for label, url in ((pages[0][0], BASE + pages[0][1]), (name, BASE + path)):
                    row = run_wrk(url, args.seconds, str(hook)) if have_wrk else run_python(url, args.seconds)
                    row["load"] = os.getloadavg()[0]
                    results[label].append(row)
                    print(f"  {label}: {row['rps']:.0f} req/s, load {row['load']:.2f}", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=10)
        hook.unlink()

    bare = results[pages[0][0]]  # one bare run before each page run, in the same order
    client = f"wrk -t2 -c{CONNECTIONS} -d{args.seconds}s"
    if not have_wrk:
        client = "Python client, 4 threads (wrk missing)"
    print(
        f"{client}, gunicorn {args.workers} sync workers, page cache off,"
        f" each page after a bare run, the median of {args.rounds} rounds"
    )
    print()
    print("| page | path | req/s | % of bare | p50 ms | p95 ms | errors | load avg (1 min) |")
    print("|---|---|---|---|---|---|---|---|")
    for index, (name, path) in enumerate(pages):
        rows = results[name]
        if index == 0:  # the bare view's median run
            shares = [row["rps"] / 1e9 for row in rows]
        else:
            neighbours = bare[index - 1 :: len(pages) - 1]
            shares = [row["rps"] / b["rps"] for row, b in zip(rows, neighbours, strict=True)]
        middle = sorted(range(len(rows)), key=lambda i: shares[i])[len(rows) // 2]
        row = rows[middle]
        print(
            f"| {name} | `{path}` | {row['rps']:.0f} | {shares[middle] if index else 1:.0%} | "
            f"{row['p50']:.1f} | "
            f"{row['p95']:.1f} | {sum(r['errors'] for r in rows)} | {row['load']:.2f} |"
        )


if __name__ == "__main__":
    main()
