"""Demo annual reports: each government's 2025 report and roll-up published, with statistics,
and half of the departments' reports published (the 政务公开办 sees who is late)."""

from __future__ import annotations

import random
from decimal import Decimal

from gongkai.accounts.models import Role
from gongkai.reports import services
from gongkai.reports.models import YearStatistics

YEAR = 2025


def seed_reports(organs, *, seed: int = 2026, log=print) -> int:
    rng = random.Random(seed)
    published = 0
    for index, organ in enumerate(organs):
        org, head = organ.org, organ.staff.get(Role.HEAD)
        if head is None or (not org.is_government and index % 2):
            continue
        YearStatistics.objects.create(
            organization=org,
            year=YEAR,
            licensing=rng.randint(20, 900),
            penalties=rng.randint(0, 120),
            coercion=rng.randint(0, 15),
            fees_wan=Decimal(rng.randint(0, 50000)) / 100,
        )
        scopes = [False, True] if org.is_government else [False]
        for rollup in scopes:
            report = services.prepare(org=org, actor=head, year=YEAR, rollup=rollup)
            report = services.lock(report=report, actor=head)
            reason = "演示数据：统计口径已核实。" if report.data["checks"] else ""
            services.publish(report=report, actor=head, override_reason=reason)
            published += 1
    log(f"年度报告 {published} 份")
    return published
