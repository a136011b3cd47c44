"""Scores per unit from the ledger (pure): each indicator's weight times the unit's rate, plus
the 政务公开办's adjustments. A unit is scored on the tasks it leads or is responsible for."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class TaskFact:
    units: tuple[str, ...]
    deadline: date | None
    completed_on: date | None


@dataclass(frozen=True)
class Score:
    unit: str
    tasks: int
    done: int
    on_time: int
    score: Decimal
    adjustments: Decimal


def scores(
    tasks: list[TaskFact],
    indicators: list[tuple[str, Decimal]],
    adjustments: dict[str, Decimal] | None = None,
    *,
    today: date,
) -> list[Score]:
    """Ranked, best first. ``indicators`` are (kind, weight): completion or timeliness."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for task in tasks:
        for unit in set(task.units):
            row = counts[unit]
            row[0] += 1
            if task.completed_on and task.completed_on <= today:
                row[1] += 1
                if task.deadline is None or task.completed_on <= task.deadline:
                    row[2] += 1
    adjustments = adjustments or {}
    result = []
    for unit, (total, done, on_time) in counts.items():
        rates = {"completion": Decimal(done) / total, "timeliness": Decimal(on_time) / total}
        base = sum((Decimal(weight) * rates[kind] for kind, weight in indicators), Decimal(0))
        extra = adjustments.get(unit, Decimal(0))
        value = (base + extra).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        result.append(Score(unit, total, done, on_time, value, extra))
    return sorted(result, key=lambda s: (-s.score, s.unit))
