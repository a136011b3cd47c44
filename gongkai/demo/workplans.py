"""Demo ledgers: the five seed notices imported as their governments' 工作台账, read from the raw
files exactly as the parser meets them, with progress in several states."""

from __future__ import annotations

import random
from pathlib import Path

from gongkai.accounts.models import Role
from gongkai.demo import data
from gongkai.disclosure.models import Record
from gongkai.workplans import services
from gongkai.workplans.parsing import parse


def seed_workplans(by_slug: dict, seeds_dir: Path | None, *, seed: int = 2026, log=print) -> int:
    if seeds_dir is None or not seeds_dir.is_dir():
        return 0
    rng = random.Random(seed)
    imported = 0
    for notice in data.SEED_NOTICES:
        files = sorted(seeds_dir.glob(f"{notice.prefix}_*.txt"))
        organ = by_slug.get(notice.government)
        if not files or organ is None:
            continue
        text = files[0].read_text(encoding="utf-8", errors="replace")
        admin = organ.staff[Role.COMPETENT_ADMIN]
        plan = services.import_plan(org=organ.org, actor=admin, parsed=parse(text), source_text=text)
        imported += 1
        # Progress: units that matched an organ report on some of their tasks.
        for task in plan.tasks.prefetch_related("units"):
            unit = next((u for u in task.units.all() if u.organization_id), None)
            if unit is None or rng.random() < 0.35:
                continue
            reporter = _reporter(by_slug, unit.organization)
            if reporter is None:
                continue
            evidence = list(Record.objects.for_org(unit.organization).published()[:1])
            report = services.report_progress(
                task=task,
                actor=reporter,
                organization=unit.organization,
                text="已按要求在政府信息公开平台公开相关信息，详见佐证材料。",
                claims_done=rng.random() < 0.6,
                evidence=evidence,
            )
            outcome = rng.random()
            if outcome < 0.5:
                services.review_report(report=report, actor=admin, accept=True)
            elif outcome < 0.65:
                services.review_report(
                    report=report, actor=admin, accept=False, comment="佐证材料不足，请补充公开链接。"
                )
    log(f"工作要点台账 {imported} 本")
    return imported


def _reporter(by_slug: dict, organization):
    organ = by_slug.get(organization.slug)
    return organ.staff.get(Role.EDITOR) if organ else None
