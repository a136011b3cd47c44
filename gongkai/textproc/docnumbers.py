"""文号 (发文字号) understood as a whole: the forms people type and the forms pages print.

GB/T 9704-2012 §7.2.4 gives 发文字号 as 机关代字 + 〔年份〕 + 序号 + 号 (e.g. 昌市政办发〔2020〕24号). In
practice it arrives with any brackets (handled by ``normalize_brackets``), with 第 before the
serial (〔2021〕第35号), without the closing 号, with spaces, in full-width digits, as two numbers
at once (〔2016〕5、6号) or typed without its year (昌市政办发24号). ``keys()`` reduces a 文号 to
comparable keys; a document is indexed under the keys of its 文号 and a query is looked up under
the keys of the 文号 it contains, so every form above meets every other.
"""

from __future__ import annotations

import re
import unicodedata

from gongkai.textproc.cleanup import normalize_brackets

# 机关代字 (Chinese characters, sometimes with letters), the year in 〔〕, an optional 第, one or more
# serials joined by 、 , ， or -, and an optional 号.
WITH_YEAR = re.compile(
    r"(?P<prefix>[\u4e00-\u9fffA-Za-z]{1,24}?)\s*〔(?P<year>(?:19|20)\d{2})〕\s*第?\s*"
    r"(?P<serials>\d{1,5}(?:\s*[、,，\-－~～至]\s*\d{1,5})*)\s*(?P<hao>号)?"
)
# Without its year the form is only taken when it ends in 号 and the 代字 ends like one (发, 函, 字,
# 办, 令, 告, 复, 通, 文) — otherwise 三年行动2号 would pass for a 文号.
WITHOUT_YEAR = re.compile(
    r"(?P<prefix>[\u4e00-\u9fffA-Za-z]{1,24}?[发函字办令告复通文])\s*第?\s*(?P<serials>\d{1,5})\s*号"
)
SPACES = re.compile(r"\s+")
# A 令 (order) number: 行政法规 are promulgated by 国务院令 (《行政法规制定程序条例》第二十九条) and
# 部门规章 by the head of the department's 令 (《规章制定程序条例》第三十条), cited as 国务院令第3号,
# and typed as 国务院第3号令, 国令第728号 (gov.cn's own short form), 公安部127号令. The pages print
# them with the State's name (中华人民共和国国务院令第3号), which nobody types.
ORDER_AFTER = re.compile(r"(?P<prefix>[\u4e00-\u9fff]{2,24}?)\s*第?\s*(?P<serial>\d{1,5})\s*号令")
STATE = "中华人民共和国"
STATE_COUNCIL_ORDERS = ("国务院令", "国令")


def _plain(text: str) -> str:
    # Full-width digits and letters to half-width; brackets around a year to 〔〕.
    return normalize_brackets(unicodedata.normalize("NFKC", text or ""))


def _serials(spec: str) -> list[str]:
    numbers = [n for n in re.split(r"\s*[、,，\-－~～至]\s*", spec) if n]
    serials = [str(int(n)) for n in numbers]
    # 5-7号 is a range; a list (5、6号) is taken as written.
    if re.search(r"[\-－~～至]", spec) and len(serials) == 2 and 0 < int(serials[1]) - int(serials[0]) <= 20:
        serials = [str(n) for n in range(int(serials[0]), int(serials[1]) + 1)]
    return serials


def _clean_prefix(prefix: str) -> str:
    # Leading words of a sentence are not part of the 代字 (关于, 根据, 依据, 按照 …).
    return re.sub(r"^(?:关于|印发|转发|根据|依据|按照|依照|见|按|据|经|即|和|及|与)+", "", prefix)


def keys(text: str) -> list[str]:
    """Every comparable key of the 文号 in ``text`` (empty when there is none).

    >>> keys("昌市政办发[2020]第24号")
    ['昌市政办发〔2020〕24号', '昌市政办发24号']
    >>> keys("伊政发〔2016〕5、6号")[:3]
    ['伊政发〔2016〕5、6号', '伊政发〔2016〕5号', '伊政发〔2016〕6号']
    """
    plain = SPACES.sub("", _plain(text)).lower()
    found: list[str] = []
    for match in WITH_YEAR.finditer(plain):
        prefix, year = _clean_prefix(match["prefix"]), match["year"]
        serials = _serials(match["serials"])
        if len(serials) > 1:
            found.append(f"{prefix}〔{year}〕{'、'.join(serials)}号")
        for serial in serials:
            found.append(f"{prefix}〔{year}〕{serial}号")
        for serial in serials:
            found.append(f"{prefix}{serial}号")
    if not found:
        for match in WITHOUT_YEAR.finditer(plain):
            found.append(f"{_clean_prefix(match['prefix'])}{int(match['serials'])}号")
        for match in ORDER_AFTER.finditer(plain):
            found.append(f"{_clean_prefix(match['prefix'])}令{int(match['serial'])}号")
    found = [variant for key in found for variant in _order_variants(key)]
    return list(dict.fromkeys(k for k in found if len(k) > 3))


def _order_variants(key: str) -> list[str]:
    """A 令 number under the forms it is printed and typed in: with and without 中华人民共和国, and
    国务院令 as 国令. Any other key is returned alone."""
    match = re.fullmatch(r"(?P<issuer>[\u4e00-\u9fff]+令)(?P<serial>\d+号)", key)
    if not match:
        return [key]
    issuer = match["issuer"].removeprefix(STATE)
    issuers = list(STATE_COUNCIL_ORDERS) if issuer in STATE_COUNCIL_ORDERS else [issuer]
    out = [key]
    for name in issuers:
        out.append(name + match["serial"])
        if name != "国令":
            out.append(STATE + name + match["serial"])
    return list(dict.fromkeys(out))


def canonical(text: str) -> str:
    """The 文号 in ``text`` in one form (〔〕, no 第, with 号), or the text unchanged."""
    found = keys(text)
    return found[0] if found else text


def strip_ordinal(text: str) -> str:
    """〔2021〕第35号 → 〔2021〕35号 inside running text (for the index and the query words alike)."""
    return re.sub(r"〕\s*第\s*(\d)", r"〕\1", text)
