from decimal import Decimal

import pytest

from gongkai.info_requests.fees import per_item_fee, per_page_fee


@pytest.mark.parametrize(
    ("nth", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)],
)
def test_per_item_fee_rises_by_band(nth, fee):
    assert per_item_fee(nth) == Decimal(fee)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_per_page_fee_is_excess_progressive(pages, fee):
    assert per_page_fee(pages) == Decimal(fee)
