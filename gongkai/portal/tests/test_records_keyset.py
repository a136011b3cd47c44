"""Keyset pages of the public records list (ADR 0047): every record on exactly one page, ties on
the publication time included; old ``?page=N`` links redirect to the page they name; a cursor
link keeps showing the same records when newer ones are published; the kept total follows changes."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.core import keyset
from gongkai.disclosure import selectors
from gongkai.disclosure.models import Record, Status
from gongkai.disclosure.tests.factories import RecordFactory, first_proactive_column
from gongkai.portal import views

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
# Four publication moments for 47 records: most records share their time with others.
MOMENTS = [datetime(2025, 3, d, 9, 0, tzinfo=TZ) for d in (1, 2, 2, 5)]


def published(org, n, *, start=0, moments=MOMENTS):
    column = first_proactive_column(org)
    records = []
    for i in range(start, start + n):
        moment = moments[i % len(moments)]
        records.append(
            RecordFactory(
                organization=org,
                column=column,
                status=Status.PUBLISHED,
                published_at=moment,
                index_year=moment.year,
                index_serial=i + 1,
                index_number=f"{org.credit_code}/{moment.year}-{i + 1:05d}",
                title=f"第{i + 1}号通知",
            )
        )
    return records


def listed(org):
    return selectors.filtered_public_records(org=org, filters=selectors.RecordFilters())


def test_walking_forward_shows_every_record_once_in_order_despite_ties(two_orgs):
    org = two_orgs.gov_a
    records = published(org, 47)
    seen, after, pages = [], None, 0
    while True:
        page = keyset.keyset_page(listed(org), size=5, after=after)
        seen += page.object_list
        pages += 1
        assert page.has_previous == (pages > 1)
        if not page.has_next:
            break
        after = keyset.Cursor.decode(page.next_cursor)
    assert pages == 10
    assert sorted(r.pk for r in seen) == sorted(r.pk for r in records)
    assert len({r.pk for r in seen}) == len(seen) == 47
    keys = [(r.published_at, r.pk) for r in seen]
    assert keys == sorted(keys, reverse=True)
    # The same order as the offset pages the list used to show.
    assert [r.pk for r in seen] == [r.pk for r in Paginator(listed(org), 5).page(1).object_list] + [
        r.pk for n in range(2, 11) for r in Paginator(listed(org), 5).page(n).object_list
    ]


def test_walking_back_from_the_last_page_shows_every_record_once(two_orgs):
    org = two_orgs.gov_a
    records = published(org, 23)
    page = keyset.keyset_page(listed(org), size=5, last=True)
    assert not page.has_next
    assert page.has_previous
    assert [r.pk for r in page] == [r.pk for r in listed(org)][-5:]  # the oldest five
    seen = list(page)
    while page.has_previous:
        page = keyset.keyset_page(listed(org), size=5, before=keyset.Cursor.decode(page.previous_cursor))
        assert page.has_next
        seen = list(page) + seen
    assert [r.pk for r in seen] == [r.pk for r in listed(org)]
    assert len(seen) == len(records)


def _links(body: str) -> dict[str, str]:
    return {rel: unescape(href) for rel, href in re.findall(r'<a rel="(next|prev)" href="([^"]+)"', body)}


def test_the_page_links_walk_the_whole_list(client, two_orgs, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    org = two_orgs.gov_a
    records = published(org, 18)
    url = reverse("portal:records", kwargs={"org": org.slug})
    seen, query, pages = [], "", 0
    while True:
        response = client.get(url + query)
        assert response.status_code == 200
        body = response.content.decode()
        assert "共 18 条" in body
        seen += [r.pk for r in response.context["page"]]
        pages += 1
        links = _links(body)
        if "next" not in links:
            break
        query = links["next"]
    assert pages == 5
    assert seen == [r.pk for r in listed(org)]
    assert len(set(seen)) == len(records)
    # …and back again through 上一页.
    back = [r.pk for r in response.context["page"]]
    while "prev" in links:
        response = client.get(url + links["prev"])
        back = [r.pk for r in response.context["page"]] + back
        links = _links(response.content.decode())
    assert back == seen


def test_an_old_page_number_redirects_to_the_page_it_names(client, two_orgs, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    org = two_orgs.gov_a
    published(org, 18)
    url = reverse("portal:records", kwargs={"org": org.slug})
    for number in (2, 3, 5):
        response = client.get(url, {"page": number, "genre": "notice"})
        assert response.status_code == 302
        assert response["Location"].startswith(f"{url}?genre=notice&after=")
        shown = [r.pk for r in client.get(response["Location"]).context["page"]]
        assert shown == [r.pk for r in Paginator(listed(org), 4).page(number).object_list]
    # Past the end: the last page; page 1, nonsense and a forged cursor: the first page.
    assert client.get(url, {"page": 99})["Location"] == f"{url}?last=1"
    first = [r.pk for r in Paginator(listed(org), 4).page(1).object_list]
    for params in ({"page": 1}, {"page": "abc"}, {"page": "-3"}, {"after": "x.y"}, {"before": "9" * 50}):
        response = client.get(url, params)
        assert response.status_code == 200
        assert [r.pk for r in response.context["page"]] == first


def test_a_page_number_past_the_middle_is_read_from_the_oldest_end_to_the_same_record(two_orgs):
    """With the list's total (ADR 0057) the far half is read from the other end: the cursor of
    every page number must be the one the offset from the newest gives (ties included), and past
    the end is known without a read."""
    org = two_orgs.gov_a
    published(org, 23)  # MOMENTS repeat: ties on the publication time
    total = listed(org).count()
    for number in range(2, 9):
        from_newest = keyset.cursor_before_page(listed(org), number, size=4)
        assert keyset.cursor_before_page(listed(org), number, size=4, total=total) == from_newest, number
    assert keyset.cursor_before_page(listed(org), 6, size=4, total=total) is not None  # records 21–23
    with CaptureQueriesContext(connection) as captured:
        assert keyset.cursor_before_page(listed(org), 7, size=4, total=total) is None
    assert len(captured) == 0


def test_a_cursor_link_keeps_its_records_when_newer_ones_are_published(client, two_orgs, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    org = two_orgs.gov_a
    published(org, 12)
    url = reverse("portal:records", kwargs={"org": org.slug})
    second = client.get(url, {"page": 2})["Location"]
    before = [r.pk for r in client.get(second).context["page"]]
    newer = [datetime(2026, 1, 1, 9, tzinfo=TZ) + timedelta(days=i) for i in range(3)]
    published(org, 3, start=100, moments=newer)
    assert [r.pk for r in client.get(second).context["page"]] == before
    # while ?page=2 now names other records
    assert client.get(url, {"page": 2})["Location"] != second


def test_the_kept_total_follows_publication_and_withdrawal(
    client, two_orgs, settings, publish, django_capture_on_commit_callbacks
):
    settings.GONGKAI_LIST_COUNT_CACHE_SECONDS = 300
    org = two_orgs.gov_a
    url = reverse("portal:records", kwargs={"org": org.slug})
    published(org, 3)
    assert client.get(url).context["total"] == 3
    with django_capture_on_commit_callbacks(execute=True):  # the page cache's generation moves on commit
        record = publish(two_orgs.draft(org, title="新发布的通知"))
    assert client.get(url).context["total"] == 4
    from gongkai.disclosure import services

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_record(
            record=Record.objects.get(pk=record.pk), actor=two_orgs.staff(org, "head"), reason="测试撤回"
        )
    assert client.get(url).context["total"] == 3
