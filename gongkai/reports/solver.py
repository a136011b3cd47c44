"""Splitting digits that a copied page ran together (``行政规范性文件1245310``) back into cells,
using only the format's own arithmetic (regulations.md §2.4–2.5, the header note of table 三:
"第一项加第二项之和，等于第三项加第四项之和"):

- each row of table 三: 总计 = 自然人 + the five 法人或其他组织 columns;
- each column: （七）总计 = the sum of the outcome rows, and 一 + 二 = 三（七） + 四;
- table 四: each group's 总计 = its four results;
- further evidence when present: last year's 结转下年度 = this year's 上年结转, and the
  narrative's own 全年共收到申请××件 = 一's 总计.

A hand-written search: the splits are enumerated (a number never has a leading zero), filtered by
the row's own total, then combined across rows by a depth-first search that drops a partial
choice as soon as some column can no longer balance (a bounded number of steps; beyond it nothing
is derived). The caller takes a split
only when exactly one survives; otherwise the candidates go to a person. Pure functions.
"""

from __future__ import annotations

MAX_DIGITS = 7  # no cell of a real report reaches ten million


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


def fewer(run: str, count: int) -> list[tuple[int, ...]]:
    """A run read as fewer numbers than ``count`` cells (the blank ones left empty), put back in
    order; no arithmetic known for the row (section 二)."""
    out = set()
    for k in range(1, count):
        for parts in _parts(run, k):
            out |= set(placements(list(parts), count))
    return sorted(out)


def segmented(segments: list[str], count: int, signed: int | None, at: int = 0) -> list[tuple[int, ...]]:
    """Runs that only a sign cut apart (``25`` ``-10``, ``2`` ``+2114``: 本年增/减 printed with its
    sign): each segment is one or more whole cells, and a signed segment begins at column
    ``signed`` (the only column that carries a sign; None: no column does)."""
    if not segments:
        return [()] if count == 0 else []
    head, rest = segments[0], segments[1:]
    if head[0] in "-－—+＋" and at != signed:
        return []
    sign = -1 if head[0] in "-－—" else 1
    digits = head.lstrip("-－—+＋")
    out = []
    for k in range(1, count - len(rest) + 1):
        for parts in _parts(digits, k):
            first = (sign * parts[0], *parts[1:])
            out += [(*first, *tail) for tail in segmented(rest, count - k, signed, at + k)]
    return sorted(set(out))


def dropped_blanks(run: str, columns: int = 7) -> list[tuple[int, ...]]:
    """A row of table 三 copied from a page whose blank cells were empty, not 0: the digits are
    fewer numbers than cells. Each split into k < ``columns`` numbers whose last is the sum of the
    others, put back into the six applicant columns in their order (the 总计 is last and, unless
    the whole row is blank, never empty)."""
    from itertools import combinations

    out = set()
    for k in range(1, columns):
        for parts in _parts(run, k):
            if sum(parts[:-1]) != parts[-1]:
                continue
            for slots in combinations(range(columns - 1), k - 1):
                row = [0] * columns
                for slot, value in zip(slots, parts[:-1], strict=True):
                    row[slot] = value
                row[-1] = parts[-1]
                out.add(tuple(row))
    return sorted(out)


def blank_total(values: list, count: int = 7) -> list[tuple[int, ...]]:
    """A row published with its 总计 cell left empty (some pages fill only the applicant columns of
    the outcome rows): its numbers in order in the six applicant columns, 总计 0 as published.
    Used only when no placement with a 总计 fits; the check then reports the row's inconsistency."""
    return [(*row, 0) for row in placements(list(values), count - 1)]


MAX_NODES = 200_000  # steps of the joint search before leaving the rows to a person


def _joint(keys, fixed, options, column_rule, balance_rule, outcome, without_total=frozenset()):
    """Every assignment of one candidate per open row that satisfies the column rules, found by a
    depth-first search that prunes a column as soon as its sum can no longer balance. Returns the
    surviving candidates per open row, or None when the search ran out of steps (nothing proven)."""
    open_rows = sorted((k for k in keys if len(options.get(k, [])) > 1), key=lambda k: len(options[k]))
    known = {}
    for k in keys:
        if k in fixed:
            known[k] = fixed[k]
        elif len(options.get(k, [])) == 1:
            known[k] = options[k][0]
    # Each rule as (row, sign) terms per column that must sum to 0.
    rules = []
    if column_rule:
        rules.append([(k, 1) for k in outcome] + [("（七）", -1)])
    if balance_rule:
        rules.append([("一", 1), ("二", 1), ("（七）", -1), ("四", -1)])
    # A rule holds only where all its cells are known: a None cell switches it off for that column.
    active = []
    for terms in rules:
        for column in range(7):
            if column == 6 and any(k in without_total for k, _s in terms):
                continue  # the published 总计 column does not add up: reported by the checks
            cells = [known[k][column] if k in known else None for k, _s in terms if k not in open_rows]
            if None in cells:
                continue
            base = sum(s * known[k][column] for k, s in terms if k not in open_rows)
            free = [(k, s) for k, s in terms if k in open_rows]
            active.append((column, base, free))
    if not active:
        return {k: options[k] for k in open_rows}
    # For pruning: the least and most each open row can still add to a column.
    span = {
        k: [(min(o[c] for o in options[k]), max(o[c] for o in options[k])) for c in range(7)]
        for k in open_rows
    }
    seen = {k: set() for k in open_rows}
    steps = 0
    chosen: dict = {}

    def feasible(depth: int) -> bool:
        rest = open_rows[depth:]
        for column, base, free in active:
            low = high = base
            for k, s in free:
                if k in chosen:
                    low += s * chosen[k][column]
                    high += s * chosen[k][column]
                elif k in rest:
                    a, b = span[k][column]
                    low += s * (a if s > 0 else b)
                    high += s * (b if s > 0 else a)
            if low > 0 or high < 0:
                return False
        return True

    def search(depth: int) -> bool:
        nonlocal steps
        if depth == len(open_rows):
            for k in open_rows:
                seen[k].add(chosen[k])
            return True
        key = open_rows[depth]
        for option in options[key]:
            steps += 1
            if steps > MAX_NODES:
                return False
            chosen[key] = option
            if feasible(depth + 1) and not search(depth + 1):
                return False
            del chosen[key]
        return True

    if not search(0):
        return None
    return {k: sorted(v) for k, v in seen.items()}


def solve_section_3(
    keys: list[str],
    fixed: dict[str, list],
    runs: dict[str, str],
    *,
    gaps: dict[str, list] | None = None,
    dropped: dict[str, str] | None = None,
    carried_in: tuple | None = None,
    new_total: int | None = None,
    new_by_applicant: dict | None = None,
) -> dict[str, list[tuple[int, ...]]]:
    """The candidates left for each run-together row of table 三 after every constraint.

    ``fixed`` rows were read cell by cell (``None`` for a cell not read); ``runs`` are the digit
    runs, one digit group per cell; ``dropped`` are runs whose blank cells may have vanished (a
    flattened copy of a page that left them empty): fewer numbers than cells, placed in order.
    A row with no candidate left returns an empty list (unreadable: reported, never guessed).
    """
    options = {key: row_splits(run) for key, run in runs.items()}
    for key, run in (dropped or {}).items():
        options[key] = sorted(set(row_splits(run)) | set(dropped_blanks(run)))
    for key, values in (gaps or {}).items():
        found = set(options.get(key, [])) | set(totalled(placements(values, 7), [7]))
        options[key] = sorted(found)
    without_total = set()
    for key in [*(gaps or {}), *(dropped or {})]:
        if options.get(key) or key in ("一", "二", "（七）", "四"):
            continue
        values = (gaps or {}).get(key)
        found = set(blank_total(values)) if values and len(values) < 7 else set()
        run = (dropped or {}).get(key)
        if run is not None:
            for k in range(1, 7):
                for parts in _parts(run, k):
                    found |= set(blank_total(list(parts)))
        if found:
            options[key] = sorted(found)
            without_total.add(key)
    # Evidence outside the table narrows a row only when something is left.
    if carried_in is not None and len(options.get("二", [])) > 1:
        kept = [o for o in options["二"] if o == carried_in]
        options["二"] = kept or options["二"]
    if new_total is not None and len(options.get("一", [])) > 1:
        kept = [o for o in options["一"] if o[6] == new_total]
        options["一"] = kept or options["一"]
    if new_by_applicant and len(options.get("一", [])) > 1:
        # The narrative's 自然人80件、商业企业1件 (or 均为自然人): a column index, or a tuple of
        # indexes whose sum is stated (法人或其他组织).
        def agrees(row):
            return all(
                sum(row[i] for i in (at if isinstance(at, tuple) else (at,))) == value
                for at, value in new_by_applicant.items()
            )

        kept = [o for o in options["一"] if agrees(o)]
        options["一"] = kept or options["一"]

    outcome = [k for k in keys if k.startswith("（") and k != "（七）"]
    present = set(fixed) | {k for k, v in options.items() if v}
    column_rule = all(k in present for k in [*outcome, "（七）"])
    if without_total and not column_rule:
        # A 总计 left empty is accepted only where the column sums can place its numbers.
        for key in without_total:
            options[key] = []
        return options
    if not any(len(options.get(k, [])) > 1 for k in keys):
        return options
    balance_rule = all(k in present for k in ("一", "二", "（七）", "四"))
    if not (column_rule or balance_rule):
        return options
    usable = {k: v for k, v in options.items() if v}
    survivors = _joint(keys, fixed, usable, column_rule, balance_rule, outcome, without_total)
    if survivors is None:  # too many combinations to prove anything: each row to a person
        return options
    if any(not v for v in survivors.values()):
        # the published table breaks its own sums: leave each row to a person
        return options
    options.update(survivors)
    return options
