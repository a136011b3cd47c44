"""The sitemap index (sitemaps.org 0.9, ADR 0047): parts of at most GONGKAI_SITEMAP_LIMIT URLs,
every public record in exactly one part, robots.txt naming the index; and the home page's organ
tree in a fixed number of queries however many organs there are."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.disclosure.models import Record
from gongkai.orgs.models import Kind
from gongkai.orgs.tests.factories import OrganizationFactory
from gongkai.portal.tests.test_records_keyset import published

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locs(response, tag):
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{NS['s']}}}{tag}"
    return [element.text for element in root.findall(".//s:loc", NS)]


def test_the_index_splits_every_section_at_the_configured_limit(client, two_orgs, settings):
    settings.GONGKAI_SITEMAP_LIMIT = 4
    org = two_orgs.gov_a
    records = published(org, 9) + published(two_orgs.gov_b, 5)
    # Not public: a draft between them, and a record of an organ out of service.
    two_orgs.draft(org, title="草稿")
    parts = _locs(client.get("/sitemap.xml"), "sitemapindex")
    record_parts = [p for p in parts if "/sitemap-records.xml" in p]
    highest = Record.objects.order_by("-pk").first().pk
    assert len(record_parts) == -(-highest // 4)  # ceil: parts of ids 1–4, 5–8 …
    listed = []
    for part in parts:
        urls = _locs(client.get(part.removeprefix("http://testserver")), "urlset")
        assert len(urls) <= 4
        if part in record_parts:
            listed += urls
    expected = sorted(f"http://testserver{r.get_absolute_url()}" for r in records)
    assert sorted(listed) == expected  # each public record once, no draft
    # The platform pages (3 organs × 6 sections) are split too.
    assert len([p for p in parts if "/sitemap-platform.xml" in p]) == 5
    assert client.get("/sitemap-records.xml", {"p": len(record_parts) + 1}).status_code == 404
    assert client.get("/sitemap-records.xml", {"p": "x"}).status_code == 404


def test_records_of_an_organ_out_of_service_leave_their_part(client, two_orgs, settings):
    settings.GONGKAI_SITEMAP_LIMIT = 50
    shown = published(two_orgs.gov_a, 2)
    hidden = published(two_orgs.gov_b, 2)
    two_orgs.gov_b.refresh_from_db()
    two_orgs.gov_b.is_active = False
    two_orgs.gov_b.save()
    # Every records part the index names (ids, hence parts, depend on the tests run before on PostgreSQL).
    parts = [p for p in _locs(client.get("/sitemap.xml"), "sitemapindex") if "/sitemap-records.xml" in p]
    body = "".join(client.get(p.removeprefix("http://testserver")).content.decode() for p in parts)
    assert all(r.get_absolute_url() in body for r in shown)
    assert not any(r.get_absolute_url() in body for r in hidden)


def test_robots_txt_names_the_sitemap_index(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /workbench/" in lines


def test_the_home_page_organ_tree_takes_the_same_queries_for_3_or_40_organs(client, two_orgs):
    def home():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    few, _ = home()
    for n in range(37):
        OrganizationFactory(parent=two_orgs.gov_b, kind=Kind.DEPARTMENT, name=f"乙县第{n}局", slug=f"yi-{n}")
    many, body = home()
    assert many == few
    assert 'href="/org/yi-36/"' in body
    assert len(re.findall(r'<li class="depth-', body)) == 40
