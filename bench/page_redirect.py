#!/usr/bin/env python
"""The public records list's ``?page=N`` redirect at an organ's full size (ADR 0047, 0057).

    .venv/bin/python bench/page_redirect.py [--var-dir /tmp/gongkai-bench-workbench] [--database-url …]

On bench/workbench.py's generated organ (100,000 records, about 82 % published; generated if
missing), times one ``keyset.cursor_before_page`` read for pages from the first to past the last:
reading at the offset from the newest against reading from the nearer end with the list's total,
and checks both give the same cursor. Median of five, wall ms, printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workbench


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--var-dir", default="/tmp/gongkai-bench-workbench")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    workbench.configure(args)
    workbench.generate(args)
    from gongkai.core import keyset
    from gongkai.disclosure import selectors
    from gongkai.orgs.models import Organization

    org = Organization.objects.get(slug=workbench.ORG_SLUG)
    listed = selectors.filtered_public_records(org=org, filters=selectors.RecordFilters())
    total = listed.order_by().count()
    pages = -(-total // 20)
    print(f"| page (of {pages:,}; {total:,} records) | offset from the newest ms | nearer end ms |")
    print("|---|---|---|")
    for number in (2, pages // 4, pages // 2, 3 * pages // 4, pages - 1, pages, pages + 1):
        found, timings = {}, {}
        for label, extra in (("newest", {}), ("nearer", {"total": total})):
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                found[label] = keyset.cursor_before_page(listed, number, size=20, **extra)
                runs.append((time.perf_counter() - start) * 1000)
            timings[label] = statistics.median(runs)
        assert found["newest"] == found["nearer"], number
        print(f"| {number:,} | {timings['newest']:.1f} | {timings['nearer']:.1f} |")
    load = os.getloadavg()
    print(f"\nload average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
