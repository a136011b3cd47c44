#!/usr/bin/env python
"""Which cache should the embedded default (no Redis) share between its gunicorn workers?

    GONGKAI_VAR_DIR=<demo var dir> .venv/bin/python bench/shared_cache.py [--seconds 10] [--workers 2]

For each candidate (``GONGKAI_EMBEDDED_CACHE`` = locmem, file, database, sqlite) it

1. times the cache operations one anonymous page view costs, in-process: read the generation,
   read a cached 30 KB page (hit), and one rate-limit step (``add`` + ``incr``);
2. counts how many of 8 processes × 100 rate-limit increments survive (atomic across processes?);
3. starts gunicorn with ``--workers`` sync workers on a free loopback port and runs
   ``wrk -t2 -c4 -d<seconds>s`` against the home page, a record list and a record page (page cache
   on, 60 s), printing requests/s and the wrk latency percentiles.

Output is Markdown for docs/benchmarks.md. Loopback only; every server it starts is stopped.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = ["locmem", "file", "database", "sqlite"]


def _setup(kind: str):
    os.environ["GONGKAI_EMBEDDED_CACHE"] = kind
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache

    return cache


def _increments(kind: str, n: int, queue) -> None:
    cache = _setup(kind)
    for _ in range(n):
        cache.add("bench:atomic", 0, 600)
        try:
            cache.incr("bench:atomic")
        except ValueError:
            cache.set("bench:atomic", 1, 600)
    queue.put(n)


def micro(kind: str) -> dict:
    """Run in a child process (settings are fixed at setup)."""
    cache = _setup(kind)
    cache.clear()
    page = (b"x" * 30_000, "text/html; charset=utf-8", {})
    cache.set("portal:generation", 1, None)
    cache.set("portal:page:1:bench", page, 60)
    rounds = 2000
    start = time.perf_counter()
    for _ in range(rounds):
        cache.get("portal:generation")
        cache.get("portal:page:1:bench")
    hit_us = (time.perf_counter() - start) / rounds * 1e6
    start = time.perf_counter()
    for i in range(rounds):
        key = f"bench:rl:{i % 50}"
        cache.add(key, 0, 600)
        cache.incr(key)
    limit_us = (time.perf_counter() - start) / rounds * 1e6
    # Atomicity: 8 processes × 100 increments of one counter.
    cache.delete("bench:atomic")
    context = get_context("spawn")
    queue = context.Queue()
    procs = [context.Process(target=_increments, args=(kind, 100, queue)) for _ in range(8)]
    for p in procs:
        p.start()
    for _ in procs:
        queue.get(timeout=120)
    for p in procs:
        p.join()
    counted = cache.get("bench:atomic") if kind != "locmem" else 0  # locmem: each process its own
    return {"hit_us": hit_us, "limit_us": limit_us, "counted": counted}


def _micro_entry(kind: str, queue) -> None:
    queue.put(micro(kind))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, seconds: int) -> tuple[float, str, str]:
    out = subprocess.run(
        ["wrk", "-t2", "-c4", f"-d{seconds}s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+(\S+)", out).group(1)
    p99 = re.search(r"99%\s+(\S+)", out).group(1)
    return rps, p50, p99


def serve_and_load(kind: str, workers: int, seconds: int, paths: list[str]) -> list[tuple]:
    port = free_port()
    env = {**os.environ, "GONGKAI_EMBEDDED_CACHE": kind, "GONGKAI_PORTAL_CACHE_SECONDS": "60"}
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        rows = []
        for path in paths:
            for _ in range(20):  # fill the cache in both workers
                urllib.request.urlopen(base + path, timeout=30).read()
            rows.append((path, *wrk(base + path, seconds)))
        return rows
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", choices=CANDIDATES, nargs="*")
    parser.add_argument(
        "--alternate", type=int, default=0, help="only: N rounds alternating the candidates on the list page"
    )
    args = parser.parse_args()
    if args.alternate:
        org_list = paths_in_subprocess()[1]
        for round_ in range(1, args.alternate + 1):
            for kind in args.only or ["locmem", "sqlite", "file"]:
                for path, rps, p50, p99 in serve_and_load(kind, args.workers, args.seconds, [org_list]):
                    print(f"| {round_} | {kind} | `{path}` | {rps:.0f} | {p50} | {p99} |", flush=True)
        return
    kinds = args.only or CANDIDATES
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    subprocess.run(
        [sys.executable, "manage.py", "createcachetable"],
        cwd=ROOT,
        env={**env, "GONGKAI_EMBEDDED_CACHE": "database"},
        check=True,
    )
    paths = paths_in_subprocess()

    print("| cache | page hit: 2 gets, µs | rate-limit step: add+incr, µs | 8×100 increments counted |")
    print("|---|---|---|---|")
    ctx = get_context("spawn")
    for kind in kinds:
        queue = ctx.Queue()
        child = ctx.Process(target=_micro_entry, args=(kind, queue))
        child.start()
        m = queue.get(timeout=600)
        child.join()
        counted = "per process" if kind == "locmem" else f"{m['counted']} of 800"
        print(f"| {kind} | {m['hit_us']:.0f} | {m['limit_us']:.0f} | {counted} |")
    print()
    print(f"| cache | page | req/s (wrk -t2 -c4, {args.workers} workers) | p50 | p99 |")
    print("|---|---|---|---|---|")
    for kind in kinds:
        for path, rps, p50, p99 in serve_and_load(kind, args.workers, args.seconds, paths):
            print(f"| {kind} | `{path}` | {rps:.0f} | {p50} | {p99} |")


def paths_in_subprocess() -> list[str]:
    """The pages to load, found by a child process (this one must not set Django up)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    out = subprocess.run(
        [sys.executable, "-c", "import bench.shared_cache as b; print(b.paths())"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return eval(out.stdout.strip().splitlines()[-1])  # a list literal printed by paths()


def paths() -> list[str]:
    _setup(os.environ.get("GONGKAI_EMBEDDED_CACHE", "sqlite"))
    from gongkai.disclosure.selectors import public_records
    from gongkai.orgs.models import Organization

    org = Organization.objects.governments().first()
    record = public_records(org=org).first()
    return ["/", f"/org/{org.slug}/records/", record.get_absolute_url()]


if __name__ == "__main__":
    main()
