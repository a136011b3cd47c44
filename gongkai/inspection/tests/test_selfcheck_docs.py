"""docs/self-inspection.md explains each score with its indicator (issue 13, "Done means"): every
indicator the code scores has a row there, with the points and cap the code deducts."""

from __future__ import annotations

import re
from pathlib import Path

from gongkai.inspection import selfcheck

DOC = Path(__file__).resolve().parents[3] / "docs" / "self-inspection.md"


def rows() -> dict[str, str]:
    """indicator code → the table's 'points per finding (cap)' cell."""
    found = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| [^|]*\(`(\w+)`\) \|", line)
        if m and m.group(1) != "code":  # not the header
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            found[m.group(1)] = cells[3]
    return found


def test_every_indicator_is_documented_with_the_points_the_code_deducts():
    documented = rows()
    assert set(documented) == set(selfcheck.INDICATORS)
    for code, (_name, points, cap) in selfcheck.INDICATORS.items():
        cell = documented[code]
        if cap:
            assert cell.startswith(f"{points} ({cap})"), (code, cell)
        else:
            assert cell.startswith(("veto only", "0 (", "**单项否决**")), (code, cell)


def test_the_veto_thresholds_in_the_doc_are_the_codes():
    text = DOC.read_text(encoding="utf-8")
    assert f"≥ {selfcheck.VETO_EMPTY} applicable columns" in text
    assert f"idle > {selfcheck.NEWS_DAYS} days" in text
    assert f"idle > {selfcheck.NOTICE_DAYS} days ≥ {selfcheck.VETO_STALE_NEWS_AND_NOTICES}" in text
    assert f"≥ {selfcheck.VETO_STALE_ANY}" in text
    assert f"≥ {round(selfcheck.VETO_PAGE_FAILURE_SHARE * 100)} % of the pages" in text
    assert f"within {round(selfcheck.PAGE_FAIL_SECONDS)} s" in text
    assert f"more than {selfcheck.INTERPRETATION_DAYS} working days" in text
