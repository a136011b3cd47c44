#!/usr/bin/env python
"""Cost of serving a public page in 繁體 (ADR 0034): OpenCC s2t over the page's readable text, and a
hit in the conversion cache, in-process, one core.

    .venv/bin/python bench/traditional.py [--rows 20] [--rounds 50]

The page is a 法定主动公开内容 list shaped like the portal's (header, filters, a table of ``--rows``
records, footer); prints a Markdown row for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.cache import cache  # noqa: E402

from gongkai.core import preferences  # noqa: E402

TITLES = [
    "关于印发《昌吉市2026年政务公开工作要点》的通知",
    "昌吉市2026年部门预算公开说明",
    "关于进一步做好政府信息依申请公开工作的实施意见",
    "昌吉市人民政府关于调整城乡居民最低生活保障标准的通知",
]


def page(rows: int) -> bytes:
    head = (
        '<!DOCTYPE html><html lang="zh-Hans"><head>'
        "<title>法定主动公开内容 - 昌吉市人民政府政府信息公开</title>"
        '</head><body><header><a href="/">政务公开平台</a><form role="search" aria-label="全站检索">'
        '<input type="search" name="q" placeholder="检索政府信息"><button>检索</button></form></header>'
        "<main><h1>法定主动公开内容</h1><table><thead><tr><th>索引号</th><th>信息名称</th><th>文号</th>"
        "<th>发布日期</th></tr></thead><tbody>"
    )
    body = "".join(
        f'<tr><td>11652301MB0000001X/2026-{i:05d}</td><td><a href="/org/changji/records/{i}/">'
        f"{TITLES[i % len(TITLES)]}</a></td><td>昌市政发〔2026〕{i}号</td>"
        f"<td>2026-03-{i % 28 + 1:02d}</td></tr>"
        for i in range(rows)
    )
    tail = "</tbody></table></main><footer>依据《中华人民共和国政府信息公开条例》建设</footer></body></html>"
    return (head + body + tail).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    content = page(args.rows)
    preferences.to_traditional_html("预热")  # loads OpenCC's dictionaries once, as the first request does
    start = time.perf_counter()
    for _ in range(args.rounds):
        preferences.to_traditional_html(content.decode())
    convert_ms = (time.perf_counter() - start) / args.rounds * 1000
    cache.clear()
    preferences.converted_page(content)
    start = time.perf_counter()
    for _ in range(args.rounds):
        preferences.converted_page(content)
    hit_ms = (time.perf_counter() - start) / args.rounds * 1000
    print("| page | bytes | s2t conversion (ms) | conversion cache hit (ms) |")
    print("|---|---|---|---|")
    print(f"| records list, {args.rows} rows | {len(content):,} | {convert_ms:.2f} | {hit_ms:.3f} |")


if __name__ == "__main__":
    main()
