"""The setup bench/page_cpu.py and bench/profile_pages.py share: their arguments, the page cache
off, bench/cache_miss.py's pages (the bare view first) and one test client."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cache_miss import targets


def setup(parser: argparse.ArgumentParser, *, repeat: int, keep_bare: bool):
    """Parse ``parser`` with ``--repeat`` and ``--page`` added, turn the page cache off (every
    request a miss) and return ``(args, pages, client)``: the pages asked for with ``--page`` (all
    without it) and, with ``keep_bare``, the bare view first whatever was asked, for the share."""
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--page", action="append", help="only these pages (names of bench/cache_miss.py)")
    args = parser.parse_args()
    os.environ["GONGKAI_PORTAL_CACHE_SECONDS"] = "0"
    pages = targets()  # sets Django up
    from django.test import Client

    bare = pages[0][0]
    chosen = [
        (name, path)
        for name, path in pages
        if not args.page or name in args.page or (keep_bare and name == bare)
    ]
    return args, chosen, Client()
