"""Short names of the installation's own organs, generated from the tree (pure, no ORM).

Residents write 区发改委, 昌吉市发改委, 昌吉发改委 or 县政府办 for 昌吉市发展和改革委员会 and
轮台县人民政府办公室. Given an organ's name, its government's name and the table of department
short forms (发展和改革委员会 → 发改委), ``short_forms`` gives (简称, 全称) pairs in the forms
people type, the 全称 being the text that appears in documents (市发展和改革委员会 matches every
city's commission; 昌吉市发展和改革委员会 one).
"""

from __future__ import annotations

LEVEL_CHARS = "省市州盟县区旗镇乡"
GOVERNMENT_SUFFIX = "人民政府"


def place_of(government_name: str) -> tuple[str, str, str]:
    """昌吉市人民政府 → ("昌吉市", "昌吉", "市"); ("", "", "") when the name has no place."""
    place = government_name.removesuffix(GOVERNMENT_SUFFIX)
    if not place or place == government_name:
        return "", "", ""
    level = place[-1] if place[-1] in LEVEL_CHARS else ""
    core = place[:-1] if level and len(place) > 2 else place
    # 街道 governments: 解放路街道办事处 has no 人民政府 suffix and is handled by the caller.
    return place, core, level


def short_forms(name: str, government_name: str, core_shorts: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(简称, 全称) pairs for one organ; empty when nothing useful can be said."""
    place, place_core, level = place_of(government_name)
    if not place:
        return []
    pairs: list[tuple[str, str]] = []
    if name == government_name:
        pairs += [(f"{place}政府", name), (f"{place_core}政府", name)]
        if level:
            pairs.append((f"{level}政府", f"{level}{GOVERNMENT_SUFFIX}"))
        return _distinct(pairs)
    core = name.removeprefix(place) if name.startswith(place) else ""
    if not core:
        return []
    for short_core in core_shorts.get(core, []):
        pairs += [
            (f"{place}{short_core}", f"{place}{core}"),
            (f"{place_core}{short_core}", f"{place}{core}"),
        ]
        if level:
            pairs.append((f"{level}{short_core}", f"{level}{core}"))
    return _distinct(pairs)


def _distinct(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(s, f) for s, f in dict.fromkeys(pairs) if len(s) >= 2 and s != f and s not in f]
