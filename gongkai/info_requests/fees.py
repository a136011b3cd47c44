"""信息处理费 (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号): pure arithmetic.

按件 (Art. 4): per applicant and natural month, the first 10 applications are free, the 11th to
30th cost 100 元 each, and from the 31st every further band of 10 costs 100 元 more per item.
按量 (Art. 5): per application, 30 pages free, 31–100 at 10 元, 101–200 at 20 元, above 200 at 40 元
per page. An application is charged by one method, never both (Art. 3).
"""

from __future__ import annotations

from decimal import Decimal

PAGE_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))


def per_item_fee(nth_in_month: int) -> Decimal:
    """The fee for the applicant's ``nth_in_month`` application of the natural month."""
    if nth_in_month <= 10:
        return Decimal(0)
    if nth_in_month <= 30:
        return Decimal(100)
    return Decimal(100 * (2 + (nth_in_month - 31) // 10))


def per_page_fee(pages: int) -> Decimal:
    total, lower = 0, 0
    for upper, rate in PAGE_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * rate
        if upper is None or pages <= upper:
            break
        lower = upper
    return Decimal(total)


def page_fee_bands(pages: int) -> list[tuple[int, int | None, int, int, Decimal]]:
    """The charged bands of ``pages`` (第五条) as (lower, upper, rate, pages in band, amount), for
    the 收费通知书; the free first 30 pages are left out. Sums to ``per_page_fee(pages)``."""
    out, lower = [], 0
    for upper, rate in PAGE_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower and rate:
            out.append((lower, upper, rate, top - lower, Decimal((top - lower) * rate)))
        if upper is None or pages <= upper:
            break
        lower = upper
    return out
