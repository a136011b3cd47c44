#!/usr/bin/env python
"""Rendering one reply letter: GB/T 9704 .docx and PDF (FandolFang body), mean of N after a warm-up.

.venv/bin/python bench/letters.py --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import django

    django.setup()
    from gongkai.core.gongwen import Gongwen, render_docx, render_pdf

    letter = Gongwen(
        title="甲市发展和改革委员会\n政府信息公开申请答复书",
        number="甲发改公开答〔2026〕3号",
        addressee="张三：",
        paragraphs=[
            "本机关于2026年3月2日收到您提出的政府信息公开申请，申请获取“2025年度重点项目投资计划”。",
            "经审查，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，决定予以公开，"
            "现将该政府信息提供给您。",
            "如对本答复不服，可以自收到本答复之日起六十日内向甲市人民政府申请行政复议，"
            "或者在六个月内向有管辖权的人民法院提起行政诉讼。",
            "特此告知。",
        ],
        signature="甲市发展和改革委员会",
        dated=date(2026, 3, 20),
        note="（联系人：李四，电话：0994-1234567）",
    )
    for name, render in (("render_pdf", render_pdf), ("render_docx", render_docx)):
        render(letter)  # warm-up: fonts, templates
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            render(letter)
            times.append(time.perf_counter() - started)
        print(f"| gongwen.{name} | {statistics.mean(times):.2f} s (min {min(times):.2f}) |")


if __name__ == "__main__":
    main()
