"""Another organ's 标准目录 — its versions, its items, its coverage — is a 404 (or simply absent) to
this organ's staff, whatever their role; nothing of it changes."""

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.catalog import standard_services as services
from gongkai.catalog.models import Column
from gongkai.catalog.standard_models import CatalogueStatus, StandardCatalogItem

pytestmark = pytest.mark.django_db


def _county_catalogue(two_orgs):
    """乙县 publishes 社会救助 items, then submits a revision that awaits review."""
    county = two_orgs.gov_b
    editor, reviewer = two_orgs.staff(county, Role.EDITOR), two_orgs.staff(county, Role.REVIEWER)
    column = Column.objects.get(organization=county, slug="social-assistance")
    items = list(StandardCatalogItem.objects.filter(domain_code="base-17").order_by("position")[:3])
    first = services.start_version(org=county, actor=editor, reason="首次编制")
    services.adopt_items(version=first, actor=editor, items=items, column=column)
    services.submit_version(version=first, actor=editor)
    services.approve_version(version=first, actor=reviewer)
    revision = services.start_version(org=county, actor=editor, reason="调整")
    services.submit_version(version=revision, actor=editor)
    return first, revision


@pytest.mark.parametrize("role", [Role.EDITOR, Role.REVIEWER, Role.HEAD, Role.COMPETENT_ADMIN])
def test_another_organs_catalogue_is_not_found(client, two_orgs, role):
    first, revision = _county_catalogue(two_orgs)
    item = revision.items.order_by("position").first()
    client.force_login(two_orgs.staff(two_orgs.gov_a, role))
    for version in (first, revision):
        url = reverse("workbench:catalogue_version", args=[version.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "approve"}).status_code == 404
        assert client.post(url, {"action": "return", "reason": "退回"}).status_code == 404
    url = reverse("workbench:catalogue_item", args=[item.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "drop", "reason": "不适用"}).status_code == 404
    revision.refresh_from_db()
    assert revision.status == CatalogueStatus.SUBMITTED
    assert revision.items.filter(pk=item.pk).exists()
    # Coverage names only organs this person may see: asking for 乙县 shows 甲市's own (none).
    page = client.get(reverse("workbench:catalogue_coverage"), {"org": "yi"}).content.decode()
    assert "最低生活保障" not in page
    assert "乙县" not in page


def test_the_public_sees_each_organs_published_catalogue_under_its_own_name(client, two_orgs):
    _county_catalogue(two_orgs)
    county_page = client.get(reverse("portal:catalogue", args=["yi"])).content.decode()
    assert "最低生活保障" in county_page
    assert client.get("/api/v1/organs/yi/catalogue").json()["count"] == 3
    assert "最低生活保障" not in client.get(reverse("portal:catalogue", args=["jia"])).content.decode()
    assert client.get("/api/v1/organs/jia/catalogue").json()["count"] == 0
