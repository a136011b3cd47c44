#!/usr/bin/env python
"""Where a cache miss of each public page spends its time: queries and a pyinstrument profile.

    GONGKAI_VAR_DIR=<demo var dir> .venv/bin/python bench/profile_pages.py [--repeat 20] [--page home]
        [--profile]

In-process (Django's test client, page cache off, the pages of bench/cache_miss.py): prints per page
the mean milliseconds per request, the number of SQL queries and the most repeated query shapes;
with ``--profile`` also pyinstrument's call tree of ``--repeat`` requests.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from in_process import setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", action="store_true")
    args, pages, client = setup(parser, repeat=20, keep_bare=False)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, path in pages:
        assert client.get(path).status_code == 200, path
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        count = len(queries)  # before the next request resets Django's query log
        shapes = collections.Counter(re.sub(r"\b\d+\b|'[^']*'", "?", q["sql"])[:160] for q in queries)
        started = time.perf_counter()
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
        for _ in range(args.repeat):
            client.get(path)
        elapsed = (time.perf_counter() - started) / args.repeat * 1000
        print(f"== {name} {path}: {elapsed:.1f} ms/request, {count} queries")
        for shape, count in shapes.most_common(4):
            if count > 1:
                print(f"   {count}× {shape}")
        if args.profile:
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
