"""Scoring the parser against hand-annotated notices (`gongkai workplan evaluate DIR`): pure, no ORM.

A corpus directory holds ``<name>.txt`` (the notice, raw as found) and ``<name>.json`` (its hand
annotation: ``complete``, ``task_count`` and, for every task, ``path``, ``lead_units``,
``responsible_units``, ``deadline_text`` and ``partial`` for a last task cut off).

- Task count exact: the share of *complete* notices whose parse has exactly the annotated number
  of tasks (a notice cut off mid-text cannot be counted exactly; the share over all notices, where
  the visible tasks are the annotation, is reported beside it).
- Units: precision, recall and F1 over pairs (path, unit, role), role ``lead`` or ``responsible``.
  Units are compared after folding half-width brackets to full width and dropping spaces. A unit
  the parser reads on a task the annotation marks ``partial`` is not counted as wrong (the cut may
  leave any fragment), but an annotated unit it misses there still counts as missed.
- Deadline text: the share of annotated, non-partial tasks whose parsed task (same path) has the
  annotated deadline text exactly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.workplans.parsing import ParsedPlan, parse_with_tables

BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "〔", "]": "〕", "［": "〔", "］": "〕"})


def _unit(name: str) -> str:
    return "".join(name.split()).translate(BRACKETS)


def _path(path: str) -> str:
    return "".join(path.split()).translate(BRACKETS)


def _pairs(tasks, skip_paths=frozenset()) -> set[tuple[str, str, str]]:
    pairs = set()
    for task in tasks:
        path = _path(task["path"])
        if path in skip_paths:
            continue
        pairs |= {(path, _unit(u), "lead") for u in task["lead_units"]}
        pairs |= {(path, _unit(u), "responsible") for u in task["responsible_units"]}
    return pairs


@dataclass
class DocumentScore:
    name: str
    complete: bool
    expected_tasks: int
    found_tasks: int
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    deadlines_right: int = 0
    deadlines_total: int = 0
    missing_paths: list[str] = field(default_factory=list)
    extra_paths: list[str] = field(default_factory=list)

    @property
    def count_exact(self) -> bool:
        return self.expected_tasks == self.found_tasks

    @property
    def unit_f1(self) -> float:
        return _f1(self.true_positive, self.false_positive, self.false_negative)

    @property
    def badness(self) -> float:
        """How far off the parse is: task-count error first, then units and deadlines."""
        deadline_misses = self.deadlines_total - self.deadlines_right
        return (
            abs(self.expected_tasks - self.found_tasks)
            + self.false_positive
            + self.false_negative
            + deadline_misses
        )


def _f1(tp: int, fp: int, fn: int) -> float:
    if tp == fp == fn == 0:
        return 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def plan_tasks(plan: ParsedPlan) -> list[dict]:
    return [
        {
            "path": t.path,
            "lead_units": t.lead_units,
            "responsible_units": t.responsible_units,
            "deadline_text": t.deadline_text,
        }
        for t in plan.tasks
    ]


def score_document(name: str, annotation: dict, found: list[dict]) -> DocumentScore:
    expected = annotation["tasks"]
    partial = {_path(t["path"]) for t in expected if t.get("partial")}
    score = DocumentScore(
        name=name,
        complete=bool(annotation.get("complete")),
        expected_tasks=annotation.get("task_count", len(expected)),
        found_tasks=len(found),
    )
    gold = _pairs(expected)
    predicted = _pairs(found)
    score.true_positive = len(gold & predicted)
    score.false_negative = len(gold - predicted)
    score.false_positive = len({p for p in predicted - gold if p[0] not in partial})
    by_path = {_path(t["path"]): t for t in found}
    for task in expected:
        path = _path(task["path"])
        if path not in by_path:
            score.missing_paths.append(task["path"])
        if task.get("partial"):
            continue
        score.deadlines_total += 1
        parsed = by_path.get(path)
        if parsed is not None and parsed["deadline_text"] == task["deadline_text"]:
            score.deadlines_right += 1
    expected_paths = {_path(t["path"]) for t in expected}
    score.extra_paths = [t["path"] for t in found if _path(t["path"]) not in expected_paths]
    return score


def evaluate_directory(directory: Path, worst: int = 5) -> dict:
    scores = []
    for annotation_path in sorted(directory.glob("*.json")):
        text_path = annotation_path.with_suffix(".txt")
        if not text_path.exists():
            continue
        annotation = json.loads(annotation_path.read_text(encoding="utf-8"))
        plan = parse_with_tables(text_path.read_text(encoding="utf-8"))
        scores.append(score_document(annotation_path.stem, annotation, plan_tasks(plan)))
    complete = [s for s in scores if s.complete]
    tp = sum(s.true_positive for s in scores)
    fp = sum(s.false_positive for s in scores)
    fn = sum(s.false_negative for s in scores)
    deadlines_total = sum(s.deadlines_total for s in scores)
    ranked = sorted(scores, key=lambda s: s.badness, reverse=True)
    return {
        "documents": len(scores),
        "complete_documents": len(complete),
        "task_count_exact_complete": _share(sum(s.count_exact for s in complete), len(complete)),
        "task_count_exact_all": _share(sum(s.count_exact for s in scores), len(scores)),
        "tasks_expected": sum(s.expected_tasks for s in scores),
        "tasks_found": sum(s.found_tasks for s in scores),
        "units": {
            "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
            "f1": round(_f1(tp, fp, fn), 4),
            "true_positive": tp,
            "false_positive": fp,
            "false_negative": fn,
        },
        "deadline_text_accuracy": _share(sum(s.deadlines_right for s in scores), deadlines_total),
        "deadlines_scored": deadlines_total,
        "worst_documents": [
            {
                "name": s.name,
                "expected_tasks": s.expected_tasks,
                "found_tasks": s.found_tasks,
                "unit_f1": round(s.unit_f1, 4),
                "deadlines": f"{s.deadlines_right}/{s.deadlines_total}",
                "missing_paths": s.missing_paths[:10],
                "extra_paths": s.extra_paths[:10],
            }
            for s in ranked[:worst]
            if s.badness
        ],
    }


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 2) if whole else 100.0
