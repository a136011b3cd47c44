"""A published 标准目录 is found by search and listed by the read-only API; a draft is neither."""

from __future__ import annotations

import pytest

from gongkai.accounts.models import Role
from gongkai.catalog import standard_services as services
from gongkai.catalog.models import Column
from gongkai.catalog.standard_models import StandardCatalogItem
from gongkai.search.query import SearchRequest, search

pytestmark = pytest.mark.django_db


def _catalogue(two_orgs, *, publish: bool):
    county = two_orgs.gov_b
    editor = two_orgs.staff(county, Role.EDITOR)
    version = services.start_version(org=county, actor=editor)
    services.adopt_items(
        version=version,
        actor=editor,
        items=list(StandardCatalogItem.objects.filter(domain_code="base-20")),
        column=Column.objects.get(organization=county, slug="livelihood"),
    )
    if publish:
        services.submit_version(version=version, actor=editor)
        services.approve_version(version=version, actor=two_orgs.staff(county, Role.REVIEWER))
    return county, version


def _titles(q):
    return [
        str(h.title).replace("<mark>", "").replace("</mark>", "") for h in search(SearchRequest(q=q)).hits
    ]


def test_published_items_are_found_and_drafts_are_not(two_orgs, search_index):
    county, version = _catalogue(two_orgs, publish=False)
    search_index()
    assert not any("农机购置补贴" in t for t in _titles("农机购置补贴"))
    services.submit_version(version=version, actor=two_orgs.staff(county, Role.EDITOR))
    services.approve_version(version=version, actor=two_orgs.staff(county, Role.REVIEWER))
    search_index()
    titles = _titles("农机购置补贴")
    assert any("涉农补贴领域标准目录" in t and "农机购置补贴" in t for t in titles)
    # A revision published later replaces the old version in the index.
    editor = two_orgs.staff(county, Role.EDITOR)
    revision = services.start_version(org=county, actor=editor, reason="调整")
    services.drop_item(item=revision.items.get(level2="农机购置补贴"), actor=editor, reason="本县不再实施")
    services.submit_version(version=revision, actor=editor)
    services.approve_version(version=revision, actor=two_orgs.staff(county, Role.REVIEWER))
    search_index()
    assert not any("农机购置补贴" in t for t in _titles("农机购置补贴"))
    assert any("耕地地力保护" in t for t in _titles("耕地地力保护"))


def test_the_api_lists_the_published_catalogue_only(client, two_orgs):
    county, version = _catalogue(two_orgs, publish=False)
    url = f"/api/v1/organs/{county.slug}/catalogue"
    assert client.get(url).json()["count"] == 0
    services.submit_version(version=version, actor=two_orgs.staff(county, Role.EDITOR))
    services.approve_version(version=version, actor=two_orgs.staff(county, Role.REVIEWER))
    body = client.get(url).json()
    assert body["count"] == 4
    first = body["items"][0]
    assert first["domain"] == "base-20"
    assert first["domain_name"] == "涉农补贴"
    assert first["column"] == "livelihood"
    assert first["method"] == ["主动"]
    assert client.get(url, {"q": "耕地"}).json()["count"] == 1
    assert client.get(url, {"domain": "base-17"}).json()["count"] == 0
    assert client.get("/api/v1/organs/no-such-organ/catalogue").status_code == 404
