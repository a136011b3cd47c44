"""The workbench page where an organ says which columns apply and which have no information."""

import pytest

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import Column

pytestmark = pytest.mark.django_db


def test_admin_marks_a_column_no_info_with_a_reason_and_the_public_shows_it(client, two_orgs):
    org = two_orgs.gov_a
    client.force_login(two_orgs.staff(org, Role.COMPETENT_ADMIN))
    column = Column.objects.for_org(org).get(slug="fees")
    page = client.get("/workbench/catalog/columns/")
    assert page.status_code == 200
    assert "空栏目" in page.content.decode()
    url = f"/workbench/catalog/columns/{column.pk}/"
    response = client.post(
        url, {"applies": "on", "no_info": "on", "no_info_reason": "本机关无行政事业性收费项目。"}
    )
    assert response.status_code == 302
    column.refresh_from_db()
    assert column.no_info_reason == "本机关无行政事业性收费项目。"
    assert AuditEntry.objects.filter(verb="column_status_changed", object_id=str(column.pk)).exists()
    public = client.get(f"/org/{org.slug}/records/").content.decode()
    assert "本机关无此项信息" in public
    detail = client.get(f"/org/{org.slug}/records/?column=fees").content.decode()
    assert "本机关无行政事业性收费项目。" in detail


def test_no_info_without_a_reason_is_refused_and_nothing_changes(client, two_orgs):
    org = two_orgs.gov_a
    client.force_login(two_orgs.staff(org, Role.COMPETENT_ADMIN))
    column = Column.objects.for_org(org).get(slug="fees")
    response = client.post(f"/workbench/catalog/columns/{column.pk}/", {"applies": "on", "no_info": "on"})
    assert response.status_code == 200
    assert "须写明说明" in response.content.decode()
    column.refresh_from_db()
    assert column.no_info_reason == ""


def test_an_inapplicable_column_leaves_the_public_site(client, two_orgs):
    org = two_orgs.gov_a
    client.force_login(two_orgs.staff(org, Role.COMPETENT_ADMIN))
    column = Column.objects.for_org(org).get(slug="public-security")
    assert client.post(f"/workbench/catalog/columns/{column.pk}/", {}).status_code == 302
    column.refresh_from_db()
    assert not column.applies
    assert client.get(f"/org/{org.slug}/records/?column=public-security").status_code == 404


def test_another_organs_column_is_a_404(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    foreign = Column.objects.for_org(two_orgs.gov_b).get(slug="fees")
    assert client.get(f"/workbench/catalog/columns/{foreign.pk}/").status_code == 404
    assert client.post(f"/workbench/catalog/columns/{foreign.pk}/", {}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.applies


def test_an_editor_is_told_the_role_needed(client, two_orgs):
    org = two_orgs.gov_a
    client.force_login(two_orgs.staff(org, Role.EDITOR))
    column = Column.objects.for_org(org).get(slug="fees")
    response = client.post(f"/workbench/catalog/columns/{column.pk}/", {})
    assert "政务公开办管理员" in response.content.decode()
    column.refresh_from_db()
    assert column.applies


def test_the_record_form_does_not_offer_an_inapplicable_column(two_orgs):
    from gongkai.disclosure.forms import RecordForm

    offered = set(RecordForm(org=two_orgs.dept_a1).fields["column"].queryset.values_list("slug", flat=True))
    assert "public-security" not in offered  # 甲市发展和改革委员会
    assert "budgets" in offered


def test_a_county_adds_a_domain_column_from_the_page(client, two_orgs):
    county = two_orgs.gov_b
    client.force_login(two_orgs.staff(county, Role.COMPETENT_ADMIN))
    page = client.get("/workbench/catalog/columns/").content.decode()
    assert "涉农补贴" in page
    assert client.post("/workbench/catalog/columns/", {"code": "base-20"}).status_code == 302
    assert Column.objects.for_org(county).filter(slug="d-farm-subsidies", applies=True).exists()
    # A city government is offered no 基层 domain.
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    assert "新增基层政务公开领域栏目" not in client.get("/workbench/catalog/columns/").content.decode()


def test_the_update_period_is_set_on_the_column_page_and_audited(client, two_orgs):
    org = two_orgs.gov_a
    client.force_login(two_orgs.staff(org, Role.COMPETENT_ADMIN))
    column = Column.objects.for_org(org).get(slug="plans")
    url = f"/workbench/catalog/columns/{column.pk}/"
    assert "更新周期" in client.get(url).content.decode()
    assert client.post(url, {"applies": "on", "update_period_days": "365"}).status_code == 302
    column.refresh_from_db()
    assert column.update_period_days == 365
    entry = AuditEntry.objects.filter(verb="column_status_changed", object_id=str(column.pk)).get()
    assert entry.changes["update_period_days"] == ["None", "365"]  # diff_fields keeps text
    client.post(url, {"applies": "on", "update_period_days": ""})
    column.refresh_from_db()
    assert column.update_period_days is None
    assert client.post(url, {"applies": "on", "update_period_days": "-1"}).status_code == 200
