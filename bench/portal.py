#!/usr/bin/env python
"""Latency and throughput of the public pages, served by gunicorn as in production.

    .venv/bin/python bench/portal.py [--requests 300] [--concurrency 4] [--workers 2] [--no-cache]

Uses the database configured for the installation (``make demo`` first for the demo data). Starts
gunicorn on 127.0.0.1:8765, warms up, then fetches each page ``--requests`` times from
``--concurrency`` threads and prints p50/p95/p99 and requests per second per page as a Markdown
table for docs/benchmarks.md. Traffic goes to loopback only and stops by itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
BASE = "http://127.0.0.1:8765"


def pages(settings_module: str = "config.settings.local") -> list[tuple[str, str]]:
    """(name, path) of the public pages measured, from the installation's own data: the one list
    bench/portal.py and bench/cache_miss.py both read."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()
    from gongkai.disclosure.selectors import public_records
    from gongkai.orgs.models import Organization
    from gongkai.reports.models import AnnualReport, ReportStatus

    org = Organization.objects.governments().first()
    if org is None:
        sys.exit("no organs: run `make demo` first")
    record = public_records(org=org).order_by("-published_at").first()
    report = (
        AnnualReport.objects.filter(organization=org, status=ReportStatus.PUBLISHED, rollup=False)
        .order_by("-year")
        .first()
    )
    if record is None or report is None:
        sys.exit(f"{org.slug} has no public record or published annual report: run `make demo` first")
    return [
        ("home", "/"),
        ("platform", f"/org/{org.slug}/"),
        ("guide", f"/org/{org.slug}/guide/"),
        ("records list", f"/org/{org.slug}/records/"),
        ("records list, filtered", f"/org/{org.slug}/records/?column=regulations&validity=valid"),
        ("record", record.get_absolute_url()),
        ("search page", "/search/?q=" + quote("政务公开")),
        ("feed", f"/org/{org.slug}/feed.atom"),
        ("API list", f"/api/v1/records?organ={org.slug}"),
        ("apply form", f"/org/{org.slug}/apply/"),
        ("annual report", f"/org/{org.slug}/annual-reports/{report.year}/"),
    ]


def fetch(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        assert response.status == 200, url
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def start_gunicorn(workers: int, env: dict[str, str], bind: str = "127.0.0.1:8765") -> subprocess.Popen:
    """gunicorn with ``workers`` sync workers, as `make run` serves the installation."""
    return subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "-b",
            bind,
            "-w",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )


def wait_until_up(url: str) -> None:
    for _ in range(100):
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server did not answer {url}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-cache", action="store_true", help="measure rendering: portal page cache off")
    args = parser.parse_args()
    targets = pages()
    server = start_gunicorn(args.workers, {"GONGKAI_PORTAL_CACHE_SECONDS": "0"} if args.no_cache else {})
    try:
        wait_until_up(BASE + "/")
        print(f"| page | p50 ms | p95 ms | p99 ms | req/s ({args.concurrency} clients) |")
        print("|---|---|---|---|---|")
        for name, path in targets:
            for _ in range(10):
                fetch(BASE + path)
            start = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                timings = list(pool.map(fetch, [BASE + path] * args.requests))
            elapsed = time.perf_counter() - start
            print(
                f"| {name} `{path}` | {statistics.median(timings):.1f} | {percentile(timings, 0.95):.1f} | "
                f"{percentile(timings, 0.99):.1f} | {args.requests / elapsed:.0f} |"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
