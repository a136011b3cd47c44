"""`gongkai search-indexer --status`: how far this node's index is behind the outbox (ADR 0048)."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.search.models import OutboxEntry

pytestmark = pytest.mark.django_db


def status() -> tuple[int, int, int]:
    out = StringIO()
    call_command("search_indexer", "--status", stdout=out)
    applied, newest, behind = map(
        int, re.search(r"已应用到第 (\d+) 条，队列最新第 (\d+) 条，落后 (\d+) 条", out.getvalue()).groups()
    )
    return applied, newest, behind


def test_status_shows_the_node_behind_until_its_indexer_runs(two_orgs, search_index):
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="防汛抗旱应急预案"))
    newest = OutboxEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert status() == (0, newest, newest)
    search_index()
    assert status() == (newest, newest, 0)
