"""A record's history reads as a reviewer speaks: labels for codes, names for columns, local time."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role

pytestmark = pytest.mark.django_db


def _history(client, two_orgs, record) -> str:
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REVIEWER))
    text = client.get(reverse("workbench:record_detail", kwargs={"pk": record.pk})).content.decode()
    table = text[text.index('class="records-table history"') :]
    # The changes column only: the time column is the entry's own time, not a changed value.
    return "".join(re.findall(r'<ul class="changes">.*?</ul>', table, re.S))


def test_history_shows_labels_and_column_names_not_codes(client, two_orgs):
    record = two_orgs.draft(two_orgs.gov_a, title="关于城区道路改造的通知", topic="urban", genre="notice")
    history = _history(client, two_orgs, record)
    assert str(record.get_topic_display()) in history  # 城乡建设、环境保护
    assert str(record.get_genre_display()) in history
    assert record.column.name in history
    for code in (">urban<", ">notice<", f">{record.column_id}<", "：urban", "：notice"):
        assert code not in history
    assert not re.search(rf"：\s*{record.column_id}\s*<", history)


def test_history_shows_the_publication_time_in_local_time(client, two_orgs):
    moment = datetime(2026, 3, 2, 1, 30, tzinfo=ZoneInfo("UTC"))  # 09:30 in Asia/Shanghai
    record = two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="关于春季防火的通告"), at=moment)
    history = _history(client, two_orgs, record)
    assert "2026-03-02 09:30" in history
    assert "2026-03-02T01:30" not in history
    assert "+00:00" not in history
