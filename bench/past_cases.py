#!/usr/bin/env python
"""Recording past 依申请公开 cases in one batch (issue 11, the demo's volume): cases per second of
``info_requests.history.record_past_cases`` and the cost of computing the report's table 三 over
them. Runs in a throw-away test database (PostgreSQL when DATABASE_URL points at it).

DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_past_cases .venv/bin/python bench/past_cases.py
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from gongkai.accounts.models import Role
        from gongkai.accounts.tests.factories import make_staff
        from gongkai.demo.reports import past_cases
        from gongkai.info_requests.history import record_past_cases
        from gongkai.orgs.tests.factories import OrganizationFactory
        from gongkai.reports.selectors import compute

        rng = random.Random(2026)
        governments = [OrganizationFactory(slug=f"bench-{i}", name=f"演示{i}县人民政府") for i in range(5)]
        total, elapsed = 0, 0.0
        for i, org in enumerate(governments):
            head = make_staff(org, Role.HEAD, username=f"bench_head_{i}")
            cases = past_cases(rng, [2024, 2025])
            started = time.perf_counter()
            total += record_past_cases(org=org, actor=head, cases=cases)
            elapsed += time.perf_counter() - started
        started = time.perf_counter()
        for org in governments:
            compute(org, 2025)
        report = time.perf_counter() - started
        print(f"| backend | {connection.vendor} |")
        print(f"| past cases recorded | {total} in {elapsed:.2f} s ({total / elapsed:.0f} per second) |")
        print(f"| compute(org, 2025) over them, 5 governments | {report:.2f} s |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
