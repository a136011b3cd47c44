"""Speed of the 工作要点 parser: each seed notice repeated to 30,000 characters, with its line
breaks and on one line, parse_with_tables; median and worst CPU and wall time of N runs.
``--real`` adds the complete notices of the real corpus (tests/fixtures/workplans/real, the long
State Council 意见 among them), repeated to 30,000 characters the same way.

    .venv/bin/python bench/workplan_parse.py [--runs 15] [--real]
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

from gongkai.workplans.parsing import parse_with_tables

SEEDS = Path(__file__).resolve().parents[1] / "gongkai" / "demo" / "data" / "seeds"
REAL = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "workplans" / "real"


def complete_real_notices() -> list[Path]:
    return [
        p.with_suffix(".txt")
        for p in sorted(REAL.glob("*.json"))
        if json.loads(p.read_text(encoding="utf-8")).get("complete")
        and len(p.with_suffix(".txt").read_text(encoding="utf-8")) > 2000
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--real", action="store_true")
    args = parser.parse_args()
    runs = args.runs
    print("notice | layout | tasks | CPU ms p50 / max | wall ms p50 / max")
    paths = sorted(SEEDS.glob("*.txt")) + (complete_real_notices() if args.real else [])
    for path in paths:
        seed = path.read_text(encoding="utf-8")
        for layout, text in (("lines", seed), ("one line", seed.replace("\n", ""))):
            text = (text * (30000 // len(text) + 1))[:30000]
            cpu, wall = [], []
            for _ in range(runs):
                c0, w0 = time.process_time(), time.perf_counter()
                plan = parse_with_tables(text)
                cpu.append((time.process_time() - c0) * 1000)
                wall.append((time.perf_counter() - w0) * 1000)
            cpu_ms = f"{statistics.median(cpu):.0f} / {max(cpu):.0f}"
            wall_ms = f"{statistics.median(wall):.0f} / {max(wall):.0f}"
            name = path.name[:3] if path.parent == SEEDS else path.stem[:24]
            print(f"{name} | {layout} | {len(plan.tasks)} | {cpu_ms} | {wall_ms}")


if __name__ == "__main__":
    main()
