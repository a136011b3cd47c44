#!/usr/bin/env python
"""CPU milliseconds per request of each public page on a page-cache miss, in-process (ADR 0056).

    GONGKAI_VAR_DIR=<demo var dir> .venv/bin/python bench/page_cpu.py [--repeat 50] [--page record]
        [--nodes]

The pages of bench/cache_miss.py through Django's test client with the page cache off and the
fragments on (as served). Process CPU time, not wall time: on a machine shared with other work the
wall time of a request mostly measures the queue for a core, its CPU time much less so. Each page is
timed three times and the lowest is kept; its share of the bare view's time is printed beside it.
With ``--nodes`` also the template nodes that cost the most CPU per request, exclusive of their
children (what a fragment or a change of template engine could save).
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from in_process import setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", action="store_true")
    args, pages, client = setup(parser, repeat=50, keep_bare=True)
    from django.template import base

    spent: collections.Counter = collections.Counter()
    if args.nodes:
        render_annotated = base.Node.render_annotated
        children: list[float] = []

        def timed(node, context):
            started = time.process_time()
            children.append(0.0)
            try:
                return render_annotated(node, context)
            finally:
                elapsed = time.process_time() - started
                inner = children.pop()
                token = getattr(node, "token", None)
                origin = getattr(getattr(node, "origin", None), "template_name", "")
                label = f"{type(node).__name__} {origin}: {token.contents[:50] if token else ''}"
                spent[label] += elapsed - inner
                if children:
                    children[-1] += elapsed

        base.Node.render_annotated = timed

    results = {}
    for name, path in pages:
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        spent.clear()
        rounds = []
        for _ in range(3):
            started = time.process_time()
            for _ in range(args.repeat):
                client.get(path)
            rounds.append((time.process_time() - started) / args.repeat * 1000)
        results[name] = min(rounds)
        bare = results[pages[0][0]]
        share = bare / results[name] * 100
        print(f"{name:18s} {results[name]:6.2f} ms CPU/request  {share:5.1f} % of the bare view")
        if args.nodes and name != pages[0][0]:
            total = sum(spent.values()) / (3 * args.repeat) * 1000
            print(f"   templates: {total:.2f} ms/request, exclusive; the most costly nodes:")
            for node, seconds in spent.most_common(8):
                print(f"   {seconds / (3 * args.repeat) * 1000:6.3f} {node}")


if __name__ == "__main__":
    main()
