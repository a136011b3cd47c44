#!/usr/bin/env python
"""Query timings of two checkouts against one index, alternated in the same run (ADR 0049).

    GONGKAI_VAR_DIR=/tmp/bench-search-100k .venv/bin/python bench/search.py --n 100000
    GONGKAI_VAR_DIR=/tmp/bench-search-100k .venv/bin/python bench/search_ab.py \\
        --before /path/to/a/checkout/of/main --after . --rounds 5 --repeat 2

The first command builds the records and the index (and measures once); this one runs only
``measure_queries`` of ``bench/search.py`` — through ``search()`` and straight against tantivy —
once per checkout, alternately (before, after, before, after …), each in its own process with that
checkout's code, so that a change of the query path is compared with the machine in the same state.
The index format must be the same in both checkouts (the SCHEMA_VERSION of ``engine``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

CHILD = """
import os, sys
root = sys.argv[1]
sys.path[:0] = [root, os.path.join(root, "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
import django
django.setup()
import search as bench
print("\\n".join(bench.measure_queries(int(sys.argv[2]))))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="checkout whose query path is the baseline")
    parser.add_argument("--after", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    for turn in range(args.repeat):
        for label, root in (("before", args.before), ("after", args.after)):
            print(f"## {label} ({Path(root).resolve()}), turn {turn + 1}", flush=True)
            result = subprocess.run(
                [sys.executable, "-c", CHILD, str(Path(root).resolve()), str(args.rounds)],
                env=os.environ.copy(),
                capture_output=True,
                text=True,
                check=False,
            )
            print(result.stdout.strip() or result.stderr.strip()[-2000:], flush=True)
        load = os.getloadavg()
        print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)


if __name__ == "__main__":
    main()
