"""Which places contain which (pure, no ORM): a resident names the place they live in, the rules
that apply there are often its province's or city's (深圳 失业金 → 《广东省失业保险条例》; 杭州 电动自行车
→ 《浙江省电动自行车管理条例》), and a resident naming a province may want one of its cities' rules
(山东 供暖 → 《青岛市供热条例》).

``data/places.txt`` lists every county-level and prefecture-level division with the division it
belongs to (国家统计局 统计用区划代码; source in the file). A name is looked up whole (杭州市) or bare
(杭州); a name two divisions share (朝阳区, 鼓楼区) is not used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "places.txt"

# Longest first: 新疆维吾尔自治区 is 新疆, not 新疆维吾尔自治.
LEVELS = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "省",
    "市",
    "盟",
    "县",
    "区",
    "旗",
)
# A province's own divisions are looked for when the province is named; a 直辖市's districts are not
# (北京 is written 北京市 in its rules, and its districts are too many to help).
PROVINCE_LEVELS = ("省", "自治区")


def bare(name: str) -> str:
    """杭州市 → 杭州, 广西壮族自治区 → 广西; a name that would be left with one character stays whole."""
    for level in LEVELS:
        if name.endswith(level) and len(name) - len(level) >= 2:
            return name[: -len(level)]
    return name


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, list[str]], dict[str, str]]:
    parent: dict[str, str] = {}
    children: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        name, up = (part.strip() for part in line.split("\t", 1))
        seen[name] = seen.get(name, 0) + 1
        parent[name] = up
        children.setdefault(up, []).append(name)
    # A name used by two divisions (朝阳区 in 北京 and in 长春) says nothing about which is meant.
    ambiguous = {name for name, count in seen.items() if count > 1}
    for name in ambiguous:
        parent.pop(name, None)
    names = set(parent) | set(children)
    aliases: dict[str, set[str]] = {}
    for name in names:
        for key in {name, bare(name)}:
            aliases.setdefault(key, set()).add(name)
    resolved = {key: next(iter(found)) for key, found in aliases.items() if len(found) == 1}
    return parent, children, resolved


def resolve(word: str) -> str:
    """The division ``word`` names (杭州 → 杭州市), or "" when it names none or several."""
    return _table()[2].get(word, "")


def ancestors(word: str) -> list[str]:
    """The divisions containing the place ``word`` names, nearest first (金湖 → 淮安市, 江苏省)."""
    parent = _table()[0]
    name, out = resolve(word), []
    while name in parent and len(out) < 3:
        name = parent[name]
        out.append(name)
    return out


def prefectures(word: str) -> list[str]:
    """The divisions directly under a province ``word`` names (山东 → 济南市, 青岛市 …); none for
    a 直辖市, a city or a county."""
    name = resolve(word)
    if not name or not name.endswith(PROVINCE_LEVELS):
        return []
    return list(_table()[1].get(name, []))


def counties(word: str) -> list[str]:
    """The divisions directly under a prefecture-level city ``word`` names (福州 → 平潭县, 福清市 …);
    none for a province, a 直辖市 or a county. A county's own notices seldom name the city above it
    (平潭综合实验区's 公租房 notice says 我区), so a resident naming the city finds them only this way."""
    name = resolve(word)
    parent, children, _ = _table()
    if not name or not parent.get(name, "").endswith(PROVINCE_LEVELS):
        return []
    # A name two divisions share (鼓楼区 of 福州 and of 南京) would bring the other one's documents.
    return [county for county in children.get(name, []) if resolve(county) == county]
