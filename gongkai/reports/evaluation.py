"""Measuring the reader on a corpus of published reports annotated by hand: each file beside a
``.json`` sidecar (source, issuer, year, format, and ``expected`` — section 二 ``{row: {column:
value}}``, section 三 ``{short row key: [7 values or null]}``, section 四 ``[15 values or null]``).

A cell is *exact* when it was resolved to the annotated value, *ambiguous-right* when it was left to a
person with the right value among the candidates, *wrong* when it was resolved to another value
(the only outcome that must never happen), *unread* otherwise. Pure apart from reading the files.
"""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.reports import reader

SHAPES = (".html", ".htm", ".txt", ".docx", ".pdf")


def expected_cells(expected: dict, version: int) -> dict[tuple[str, str, str], object]:
    out: dict[tuple[str, str, str], object] = {}
    for row, columns in (expected.get("二") or {}).items():
        for column, value in columns.items():
            if value is not None:
                out[(reader.S2, row, column)] = value
    labels = reader.section_3_labels(version)
    for key, values in (expected.get("三") or {}).items():
        for column, value in zip(reader.tables.SECTION_3_COLUMNS, values, strict=True):
            if value is not None:
                out[(reader.S3, labels[key], column)] = value
    for (group, column), value in zip(reader.S4_COLUMNS, expected.get("四") or [], strict=False):
        if value is not None:
            out[(reader.S4, group, column)] = value
    return out


def _same(got, want) -> bool:
    want = reader._value(str(want)) if isinstance(want, str) else want
    try:
        return got is not None and float(got) == float(want)
    except (TypeError, ValueError):
        return False


def evaluate_file(path: Path) -> dict:
    meta = json.loads(path.with_suffix(".json").read_text())
    text = reader.text_of_upload(path.name, path.read_bytes())
    reading = reader.read_report(text, meta["year"])
    found = {(c.table, c.row, c.column): c for c in reading.cells}
    counts = dict.fromkeys(("cells", "exact", "ambiguous_right", "ambiguous_wrong", "wrong", "unread"), 0)
    rows: dict[tuple[str, str], bool] = {}
    wrong = []
    for key, want in expected_cells(meta["expected"], meta["format"]).items():
        counts["cells"] += 1
        cell = found.get(key)
        status = cell.status if cell else "unread"
        if status in ("read", "derived"):
            ok = _same(cell.value, want)
            counts["exact" if ok else "wrong"] += 1
            if not ok:
                wrong.append({"cell": "·".join(key), "expected": want, "got": reader._plain(cell.value)})
        elif status == "ambiguous":
            ok = False
            counts[
                "ambiguous_right" if any(_same(c, want) for c in cell.candidates) else "ambiguous_wrong"
            ] += 1
        else:
            ok = False
            counts["unread"] += 1
        rows[key[:2]] = rows.get(key[:2], True) and ok
    flagged = [c for c in reading.cells if c.status == "ambiguous"]
    return {
        "file": path.name,
        "issuer": meta.get("issuer"),
        "year": meta["year"],
        "format": meta["format"],
        "shape": meta.get("shape"),
        **counts,
        "rows": len(rows),
        "rows_exact": sum(rows.values()),
        "flagged_cells": len(flagged),
        "unreadable_rows": len(reading.problems),
        "checks": reading.checks,
        "wrong_cells": wrong,
    }


def evaluate(directory: Path) -> dict:
    files = sorted(
        p for p in Path(directory).iterdir() if p.suffix in SHAPES and p.with_suffix(".json").exists()
    )
    reports = [evaluate_file(p) for p in files]
    total = {
        k: sum(r[k] for r in reports)
        for k in (
            "cells",
            "exact",
            "ambiguous_right",
            "ambiguous_wrong",
            "wrong",
            "unread",
            "rows",
            "rows_exact",
            "flagged_cells",
            "unreadable_rows",
        )
    }
    cells = total["cells"] or 1

    def pct(n, d):
        return round(100 * n / d, 2) if d else 0.0

    for r in reports:
        r["cell_accuracy"] = pct(r["exact"], r["cells"])
    summary = {
        "reports": len(reports),
        **total,
        "cell_accuracy_pct": pct(total["exact"], cells),
        "wrong_without_flag": total["wrong"],
        "rows_exact_pct": pct(total["rows_exact"], total["rows"]),
        "reports_fully_exact_pct": pct(sum(1 for r in reports if r["exact"] == r["cells"]), len(reports)),
        "by_shape": {},
    }
    for r in reports:
        shape = "flat" if "flat" in (r["shape"] or "") else (r["shape"] or "").split(" ")[0].split(",")[0]
        bucket = summary["by_shape"].setdefault(shape, {"cells": 0, "exact": 0, "wrong": 0})
        for k in ("cells", "exact", "wrong"):
            bucket[k] += r[k]
    for bucket in summary["by_shape"].values():
        bucket["cell_accuracy_pct"] = pct(bucket["exact"], bucket["cells"])
    summary["worst"] = [
        {"file": r["file"], "cell_accuracy": r["cell_accuracy"], "cells": r["cells"]}
        for r in sorted(reports, key=lambda r: (r["cell_accuracy"], -r["cells"]))[:5]
    ]
    return {"summary": summary, "reports": reports}
