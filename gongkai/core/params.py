"""Integers from query strings and forms, checked before they reach the index or the database.

``int()`` accepts "99999999999999999999999", which overflows SQLite's and tantivy's 64-bit
integers (a 500), and a huge loop count from a POST is a denial of service. Every such value
goes through ``bounded_int``: out of range or not a number gives the default.
"""

from __future__ import annotations

# 政府信息公开条例 took effect in 2008; years outside this range are never meaningful here.
YEAR_MIN, YEAR_MAX = 1949, 2100


def bounded_int(value, *, default: int | None = None, lo: int, hi: int) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text or len(text) > 12 or not text.lstrip("-").isdigit():
        return default
    number = int(text)
    return number if lo <= number <= hi else default


def year_param(value, default: int | None = None) -> int | None:
    return bounded_int(value, default=default, lo=YEAR_MIN, hi=YEAR_MAX)
