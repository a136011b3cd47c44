"""What a query asks beyond its words (pure, no ORM): the 文号 it names, the year it means.

A year typed in the box (`河长 2025`, `2024年度部门决算`, `去年 预算`) is a wish about the
document's date, not a word the text must contain: it is taken out of the words and becomes a
boost for documents of that year (a 年度 document — 决算, 年报 — is published the year after, so
the next year is boosted too). A 文号 inside the query (any brackets, 第, no 号, no year) is
looked up whole.

A quantity the resident states about himself (交5年失业险, 交一年的失业保险, 多久提取一次, 交800元) is a
circumstance of the question, not a word the document must hold: it is taken out of the words like
a year, and its number only raises documents that hold it (a rule's 满1年不足5年). Ages are not
taken out (80岁以上 is what a 高龄补贴 title says), nor the 一 of 一年级, 一次性, 学前一年.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from gongkai.textproc import docnumbers

YEAR = re.compile(r"(?<![\d〔\[(（【])(?P<year>(?:19|20)\d{2})(?P<suffix>\s*年度|\s*年)?(?![\d〕\])）】号])")
# A number (1 to 3 digits — never a year — or 一/两) with a unit of duration, frequency or money.
QUANTITY = re.compile(
    r"(?<![\d第前〔\[(（【.])(?P<number>\d{1,3}|[一两])个?(?:年半|年|个月|天|次|元|块钱|块|万元)"
    r"(?![\d级度期制性])"
)
RELATIVE_YEARS = {
    "今年": 0, "本年度": 0, "本年": 0, "去年": -1, "上年度": -1, "上一年": -1, "上年": -1, "前年": -2,
}  # fmt: skip


@dataclass
class QueryIntent:
    text: str  # what is left to match as words
    years: list[int] = field(default_factory=list)  # boosted, most wanted first
    year: int | None = None  # the year to offer as a filter
    doc_number_keys: list[str] = field(default_factory=list)
    quantities: list[str] = field(default_factory=list)  # numbers of stated quantities (5 of 5年)


def read(query: str, *, today: date | None = None) -> QueryIntent:
    """Split ``query`` into words, years and 文号 keys."""
    today = today or date.today()
    keys = docnumbers.keys(query)
    if keys:
        # A 文号's year is part of the 文号, not a date wish.
        return QueryIntent(text=docnumbers.strip_ordinal(query), doc_number_keys=keys)
    years: list[int] = []
    text = query
    for word, offset in sorted(RELATIVE_YEARS.items(), key=lambda item: -len(item[0])):
        if word in text:
            years.append(today.year + offset)
            text = text.replace(word, " ")
    matches = list(YEAR.finditer(text))
    leftover = YEAR.sub(" ", text)
    if matches and leftover.strip():
        for match in matches:
            year = int(match["year"])
            years.append(year)
            if match["suffix"] and "度" in match["suffix"]:
                years.append(year + 1)  # 2024年度部门决算 is published in 2025
        text = leftover
    elif matches:
        # Only a year was typed: it stays a word, and still boosts its own year.
        years += [int(m["year"]) for m in matches]
    years = [y for y in dict.fromkeys(years) if 1949 <= y <= today.year + 1]
    quantities: list[str] = []
    leftover = QUANTITY.sub(" ", text)
    if leftover.strip() and leftover != text:
        quantities = [m["number"] for m in QUANTITY.finditer(text) if m["number"].isdigit()]
        text = leftover
    return QueryIntent(text=text, years=years, year=years[0] if years else None, quantities=quantities)
