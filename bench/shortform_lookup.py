#!/usr/bin/env python
"""What reading a short form out of the titles costs (ADR 0049), on an index built by bench/search.py.

    GONGKAI_VAR_DIR=/tmp/bench-search-100k .venv/bin/python bench/shortform_lookup.py 控烟 预公 营环

For each word: whether it is a candidate, the phrases found, the first (uncached) look-up and a
second (cached) one, in ms.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def main() -> None:
    import django

    django.setup()
    from gongkai.search import engine, shortforms

    searcher = engine.searcher()
    print(f"index: {searcher.num_docs:,} documents; load average {os.getloadavg()[0]:.2f}")
    for word in sys.argv[1:] or ["控烟", "业委会", "失业险", "预公", "营环", "政公"]:
        shortforms.forget()
        started = time.perf_counter()
        found = shortforms.expansions(word, searcher)
        first = time.perf_counter()
        shortforms.expansions(word, searcher)
        again = time.perf_counter()
        candidate = shortforms.is_candidate(word, searcher)
        print(
            f"{word}: candidate {candidate}, {list(found)}, "
            f"first {1000 * (first - started):.1f} ms, cached {1000 * (again - first):.3f} ms"
        )


if __name__ == "__main__":
    main()
