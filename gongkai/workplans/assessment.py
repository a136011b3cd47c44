"""Scores per unit from the ledger (pure): each indicator's weight times the unit's rate, plus
the 政务公开办's adjustments. A unit is scored on the tasks it leads or is responsible for.

Organs are ranked, not strings: a printed name matched to an organ is scored as that organ, and an
unmatched name printed with or without its place prefix (市市场监督管理局 / 市场监督管理局) is one
unit. Collective phrases (各县(市、区)人民政府, 区直各有关单位, 各乡镇, 市直各部门) denote many organs
and are listed apart, never ranked as a unit.
"""

from __future__ import annotations

import re
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


# 各… / …各部门 / …直各有关单位 / 有关部门: phrases that name a set of organs, not one.
COLLECTIVE = re.compile(
    r"^(?:各|全(?:省|市|县|区|州))"
    r"|[省市县区州旗乡镇]直各|(?:政府|党委|机关)各"
    r"|各(?:有关|相关|级|直属)?(?:部门|单位|科室|处室|乡镇|街道|镇|县|区|市|地|机构)"
    r"|^(?:有关|相关|其他)(?:部门|单位)$|(?:成员单位|有关单位|相关单位|有关部门|相关部门)$"
    # A level word alone, from a list under one 各 (各乡镇、街道): every such government, no one organ.
    r"|^(?:乡镇|街道|镇街|街镇|镇|乡|社区|村)$"
)
PLACE_PREFIX = "省市县区州旗"


def is_collective(name: str) -> bool:
    return bool(COLLECTIVE.search(name))


@dataclass(frozen=True)
class CollectiveScope:
    """What a collective phrase denotes in the issuer's tree: the governments below it (of the
    ``levels`` named, any when empty), its own departments, or both; ``sections`` (各科室, 各处室)
    are an organ's internal sections, which the tree does not hold. ``definite`` phrases name every
    such organ (各部门, 市直各单位); the others (有关部门, 相关单位) only those concerned, so the
    official picks them."""

    kind: str  # "governments" | "departments" | "all" | "sections"
    levels: tuple[str, ...] = ()
    definite: bool = True


SECTION_WORDS = re.compile(r"(?:科室|处室|股室|各科|各处|各股|所属事业单位)")
DEPARTMENT_WORDS = re.compile(
    r"[省市县区州旗]直|(?:政府|机关)各|各(?:有关|相关|直属)?(?:部门|单位|委办局|委|办|局|机构|成员单位)"
    r"|(?:有关|相关|其他|成员)(?:部门|单位)"
)
TOWNSHIP_WORDS = re.compile(r"各(?:乡|镇|街道|街|乡镇|镇街)|乡镇|街道|[（(](?:乡|镇|街道)")
COUNTY_WORDS = re.compile(r"各(?:县|区|市|旗)|县区|县市区|[（(](?:市|区|县)[、，,]")
INDEFINITE = re.compile(r"有关|相关|其他|等")


def collective_scope(name: str) -> CollectiveScope | None:
    """The scope of a collective phrase (各乡镇人民政府、各部门, 各县区政府, 市直各单位), or None
    when the name denotes one organ."""
    if not is_collective(name):
        return None
    definite = not INDEFINITE.search(name)
    if SECTION_WORDS.search(name):
        return CollectiveScope("sections", (), definite)
    named = (("county", COUNTY_WORDS), ("township", TOWNSHIP_WORDS))
    levels = tuple(level for level, words in named if words.search(name))
    departments = bool(DEPARTMENT_WORDS.search(name))
    if re.search(r"各地|全(?:省|市|县|区)", name) or (levels and departments):
        return CollectiveScope("all", levels, definite and not re.search(r"全(?:省|市|县|区)", name))
    if levels:
        return CollectiveScope("governments", levels, definite)
    return CollectiveScope("departments", (), definite)


def unit_keys(units: list[tuple[str, str | None]]) -> dict[str, str]:
    """Each printed name's ranking key: its organ's name when matched; otherwise the name, with a
    place-prefixed variant (市市场监督管理局) folded into the bare one (市场监督管理局) or into the
    organ a variant of it was matched to. ``units`` are (printed name, matched organ name or None)."""
    matched = {name: organ for name, organ in units if organ}
    printed = {name for name, _ in units}
    keys: dict[str, str] = {}
    for name, organ in units:
        if organ:
            keys[name] = organ
            continue
        variants = [name[1:]] if name[:1] in PLACE_PREFIX else []
        variants += [p + name for p in PLACE_PREFIX]
        organ_of_variant = next((matched[v] for v in variants if v in matched), None)
        if organ_of_variant:
            keys[name] = organ_of_variant
        elif name[:1] in PLACE_PREFIX and name[1:] in printed and not is_collective(name):
            keys[name] = name[1:]
        else:
            keys[name] = name
    # 县发改委 → 发改委 → the organ 发改委's variant was matched to.
    return {name: keys.get(key, key) for name, key in keys.items()}


def split_collective(ranked: list[Score]) -> tuple[list[Score], list[Score]]:
    """(organs ranked, collective phrases listed apart)."""
    return [s for s in ranked if not is_collective(s.unit)], [s for s in ranked if is_collective(s.unit)]
