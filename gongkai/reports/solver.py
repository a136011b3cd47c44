"""Splitting digits that a copied page ran together (``行政规范性文件1245310``) back into cells,
using only the format's own arithmetic (regulations.md §2.4–2.5, the header note of table 三:
"第一项加第二项之和，等于第三项加第四项之和"):

- each row of table 三: 总计 = 自然人 + the five 法人或其他组织 columns;
- each column: （七）总计 = the sum of the outcome rows, and 一 + 二 = 三（七） + 四;
- table 四: each group's 总计 = its four results;
- further evidence when present: last year's 结转下年度 = this year's 上年结转, and the
  narrative's own 全年共收到申请××件 = 一's 总计.

A hand-written search: the splits are enumerated (a number never has a leading zero), filtered by
the row's own total, then combined across rows against the column sums. The caller takes a split
only when exactly one survives; otherwise the candidates go to a person. Pure functions.
"""

from __future__ import annotations

from itertools import product
from math import prod

MAX_DIGITS = 7  # no cell of a real report reaches ten million
MAX_JOINT = 200_000  # combinations tried across rows before leaving the rows to a person


def _parts(run: str, count: int):
    """Every way to cut ``run`` into ``count`` numbers without leading zeros."""
    if count == 1:
        if len(run) <= MAX_DIGITS and (run == "0" or not run.startswith("0")):
            yield (int(run),)
        return
    heads = [1] if run.startswith("0") else range(1, min(MAX_DIGITS, len(run) - count + 1) + 1)
    for size in heads:
        if len(run) - size < count - 1:
            break
        head = int(run[:size])
        for rest in _parts(run[size:], count - 1):
            yield (head, *rest)


def splits(run: str, count: int) -> list[tuple[int, ...]]:
    """All splits of a digit run into ``count`` cells (no arithmetic known for the row)."""
    return list(_parts(run, count))


def _totalled(run: str, groups: list[int]):
    """Splits in which each group's last cell is the sum of the group's other cells."""
    if not groups:
        if not run:
            yield ()
        return
    size = groups[0]
    # the group's parts, then its total printed right after them
    for cut in range(size - 1, len(run)):
        head = run[:cut]
        for parts in _parts(head, size - 1) if head else ():
            total = str(sum(parts))
            if run.startswith(total, cut):
                for rest in _totalled(run[cut + len(total) :], groups[1:]):
                    yield (*parts, sum(parts), *rest)


def placements(values: list, count: int) -> list[tuple]:
    """The numbers of a row whose blank cells vanished (a PDF text layer, a copy that dropped empty
    cells), put back into ``count`` cells in their order, the others blank (0)."""
    from itertools import combinations

    out = []
    for slots in combinations(range(count), len(values)):
        row = [0] * count
        for slot, value in zip(slots, values, strict=True):
            row[slot] = value
        out.append(tuple(row))
    return out


def totalled(rows: list[tuple], groups: list[int]) -> list[tuple]:
    """Only the rows in which each group's last cell is the sum of its other cells."""
    out = []
    for row in rows:
        at, ok = 0, True
        for size in groups:
            group = row[at : at + size]
            ok = ok and sum(group[:-1]) == group[-1]
            at += size
        if ok:
            out.append(row)
    return out


def row_splits(run: str, columns: int = 7) -> list[tuple[int, ...]]:
    """A row of table 三: the last cell (总计) is the sum of the others."""
    return sorted(set(_totalled(run, [columns])))


def solve_section_4(run: str | None = None, gaps: list | None = None) -> list[tuple[int, ...]]:
    """Table 四's 15 cells: three groups of four results and their 总计."""
    out = set(_totalled(run, [5, 5, 5])) if run is not None else set()
    if gaps:
        out |= set(totalled(placements(gaps, 15), [5, 5, 5]))
    return sorted(out)


def solve_section_3(
    keys: list[str],
    fixed: dict[str, list],
    runs: dict[str, str],
    *,
    gaps: dict[str, list] | None = None,
    carried_in: tuple | None = None,
    new_total: int | None = None,
) -> dict[str, list[tuple[int, ...]]]:
    """The candidates left for each run-together row of table 三 after every constraint.

    ``fixed`` rows were read cell by cell (``None`` for a cell not read); ``runs`` are the digit
    runs. A row with no candidate left returns an empty list (unreadable: reported, never guessed).
    """
    options = {key: row_splits(run) for key, run in runs.items()}
    for key, values in (gaps or {}).items():
        found = set(options.get(key, [])) | set(totalled(placements(values, 7), [7]))
        options[key] = sorted(found)
    # Evidence outside the table narrows a row only when something is left.
    if carried_in is not None and len(options.get("二", [])) > 1:
        kept = [o for o in options["二"] if o == carried_in]
        options["二"] = kept or options["二"]
    if new_total is not None and len(options.get("一", [])) > 1:
        kept = [o for o in options["一"] if o[6] == new_total]
        options["一"] = kept or options["一"]

    open_rows = [k for k in keys if len(options.get(k, [])) > 1]
    if not open_rows or prod(len(options[k]) for k in open_rows) > MAX_JOINT:
        return options
    outcome = [k for k in keys if k.startswith("（") and k != "（七）"]
    present = set(fixed) | {k for k, v in options.items() if v}
    column_rule = all(k in present for k in [*outcome, "（七）"])
    balance_rule = all(k in present for k in ("一", "二", "（七）", "四"))
    if not (column_rule or balance_rule):
        return options

    def row(assignment: dict, key: str):
        if key in assignment:
            return assignment[key]
        if key in fixed:
            return fixed[key]
        return options[key][0]

    survivors = []
    for choice in product(*(options[k] for k in open_rows)):
        assignment = dict(zip(open_rows, choice, strict=True))
        ok = True
        for column in range(7):
            if column_rule:
                parts = [row(assignment, k)[column] for k in outcome]
                total = row(assignment, "（七）")[column]
                if None not in parts and total is not None and sum(parts) != total:
                    ok = False
                    break
            if balance_rule:
                a, b, c, d = (row(assignment, k)[column] for k in ("一", "二", "（七）", "四"))
                if None not in (a, b, c, d) and a + b != c + d:
                    ok = False
                    break
        if ok:
            survivors.append(assignment)
    if not survivors:  # the published table breaks its own sums: leave each row to a person
        return options
    for key in open_rows:
        options[key] = sorted({s[key] for s in survivors})
    return options
