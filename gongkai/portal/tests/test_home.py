"""The home page a resident recognises and the header's one search box (ADR 0041)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.disclosure import reads
from gongkai.portal import views

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"


def search_boxes(html: str) -> list[str]:
    return re.findall(r'<input type="search"[^>]*>', html)


def test_the_home_page_puts_one_search_box_first_and_none_in_the_header(client, two_orgs):
    html = client.get("/").content.decode()
    assert len(search_boxes(html)) == 1
    header = html[html.index("<header") : html.index("</header>")]
    assert 'type="search"' not in header
    main = html[html.index("<main") :]
    assert main.index('id="home-q"') < main.index('id="latest"') < main.index('id="org-tree"')


def test_the_disclosure_entries_lead_to_the_top_governments_platform(client, two_orgs):
    html = client.get("/").content.decode()
    top = two_orgs.gov_a  # the first government in the tree
    entries = html[html.index('class="gk-entries"') : html.index("</nav>", html.index('class="gk-entries"'))]
    for name, url in (
        ("政府信息公开指南", reverse("portal:guide", args=[top.slug])),
        ("政府信息公开目录", reverse("portal:records", args=[top.slug])),
        ("依申请公开", reverse("portal:apply", args=[top.slug])),
        ("政府信息公开年报", reverse("portal:annual_reports", args=[top.slug])),
    ):
        assert re.search(rf'<a href="{re.escape(url)}"><strong>{name}</strong>', entries), name
    for url in re.findall(r'href="([^"]+)"', entries):
        assert client.get(url).status_code == 200, url


def test_the_topics_entry_appears_only_when_its_page_exists(client, two_orgs, monkeypatch):
    monkeypatch.setattr(views, "TOPIC_URL_NAMES", ("portal:no_such_page",))
    assert "专题专栏" not in client.get("/").content.decode()
    monkeypatch.setattr(views, "TOPIC_URL_NAMES", ("portal:no_such_page", "portal:site_map"))
    html = client.get("/").content.decode()
    assert f'<a href="{reverse("portal:site_map")}"><strong>专题专栏</strong>' in html


def test_the_organs_are_folded_by_level_the_first_level_open(client, two_orgs):
    html = client.get("/").content.decode()
    levels = re.findall(
        r'<details class="org-level"( open)?>\s*<summary>([^<]+)<span class="count">(\d+)', html
    )
    assert levels == [(" open", "市级", "2"), ("", "县级", "1")]
    for org in (two_orgs.gov_a, two_orgs.dept_a1, two_orgs.gov_b):
        assert f'href="{reverse("portal:platform", args=[org.slug])}"' in html


def test_the_home_page_lists_the_newest_and_the_most_read(client, two_orgs, publish):
    first = publish(two_orgs.draft(two_orgs.gov_a, title="较早发布的通知"))
    second = publish(two_orgs.draft(two_orgs.gov_b, title="最近发布的通知"))
    reads.flush_reads()
    for _ in range(3):
        client.get(first.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    client.get(second.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    reads.flush_reads()
    html = client.get("/").content.decode()
    latest = html[html.index('id="latest"') : html.index('id="most-read"')]
    assert latest.index("最近发布的通知") < latest.index("较早发布的通知")
    most = html[html.index('id="most-read"') : html.index('id="org-tree"')]
    assert most.index("较早发布的通知") < most.index("最近发布的通知")
    assert "阅读3次" in most
    assert "阅读1次" in most


def test_without_reads_the_most_read_says_so(client, two_orgs):
    assert "近30天尚无阅读记录" in client.get("/").content.decode()


def test_a_platform_page_has_one_search_box_scoped_to_the_organ(client, two_orgs):
    org = two_orgs.gov_b
    html = client.get(reverse("portal:guide", args=[org.slug])).content.decode()
    assert len(search_boxes(html)) == 1
    header = html[html.index("<header") : html.index("</header>")]
    assert 'id="header-q"' in header
    assert f'<input type="checkbox" name="org" value="{org.slug}" checked>' in header


def test_the_search_page_shows_only_its_own_box(client, two_orgs, search_index):
    html = client.get("/search/", {"q": "预算"}).content.decode()
    assert [re.search(r'id="([^"]+)"', box).group(1) for box in search_boxes(html)] == ["q"]
