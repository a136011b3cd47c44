"""The 标准目录 pages: the organ's workbench (adopt, import, review, history, coverage) and the
public 事项查询."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.catalog.models import Column
from gongkai.catalog.standard_models import CatalogueVersion, StandardCatalogItem


def _adopt_through_the_page(client, two_orgs):
    county = two_orgs.gov_b
    client.force_login(two_orgs.staff(county, Role.EDITOR))
    column = Column.objects.get(organization=county, slug="social-assistance")
    items = StandardCatalogItem.objects.filter(domain_code="base-17").order_by("position")[:3]
    response = client.post(
        reverse("workbench:catalogue"),
        {"action": "adopt", "domain": "base-17", "items": [i.pk for i in items], "column": column.pk},
    )
    assert response.status_code == 302
    return county, CatalogueVersion.objects.get(organization=county)


def test_adopt_submit_approve_and_the_public_finds_it(client, two_orgs):
    county, version = _adopt_through_the_page(client, two_orgs)
    public = reverse("portal:catalogue", args=[county.slug])
    assert "尚未发布" in client.get(public).content.decode()  # a draft is not public
    client.post(reverse("workbench:catalogue_version", args=[version.pk]), {"action": "submit"})
    client.force_login(two_orgs.staff(county, Role.REVIEWER))
    response = client.post(reverse("workbench:catalogue_version", args=[version.pk]), {"action": "approve"})
    assert response.status_code == 302
    client.logout()
    page = client.get(public).content.decode()
    assert "最低生活保障" in page
    assert "社会救助领域" in page
    assert "?column=social-assistance" not in page  # no records yet: no link to an empty list
    found = client.get(public, {"q": "投诉举报"}).content.decode()
    assert "监督检查" in found
    assert "找到1个事项" in found
    assert "找到0个事项" in client.get(public, {"domain": "base-20"}).content.decode()


def test_the_editor_sees_unreadable_import_rows_by_line(client, two_orgs):
    county = two_orgs.gov_b
    client.force_login(two_orgs.staff(county, Role.EDITOR))
    data = "一级事项,领域,二级事项\n最低生活保障,社会救助,办事指南\n补贴,不存在的领域,x\n".encode()
    response = client.post(
        reverse("workbench:catalogue"),
        {"action": "import", "file": SimpleUploadedFile("目录.csv", data, content_type="text/csv")},
        follow=True,
    )
    page = response.content.decode()
    assert "第3行" in page
    assert "不存在的领域" in page
    assert "办事指南" in page


def test_an_unreadable_file_keeps_the_form_with_a_message(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_b, Role.EDITOR))
    response = client.post(
        reverse("workbench:catalogue"),
        {"action": "import", "file": SimpleUploadedFile("目录.csv", "名称\n甲\n".encode())},
    )
    assert response.status_code == 200
    assert "表头缺少必需的列" in response.content.decode()


def test_a_change_needs_a_reason_and_shows_in_the_history(client, two_orgs):
    _county, version = _adopt_through_the_page(client, two_orgs)
    item = version.items.order_by("position").first()
    url = reverse("workbench:catalogue_item", args=[item.pk])
    form = {"action": "change", "domain_code": "base-17", "level1": item.level1, "level2": item.level2,
            "time_limit": "实时", "proactive": "on"}  # fmt: skip
    assert client.post(url, form).status_code == 200  # no reason: the form comes back, nothing saved
    item.refresh_from_db()
    assert item.time_limit == "制定或获取信息之日起10个工作日内"
    client.post(url, {**form, "reason": "群众需要更及时"})
    history = client.get(reverse("workbench:catalogue_version", args=[version.pk])).content.decode()
    assert "群众需要更及时" in history
    assert "变更" in history


def test_a_city_organ_is_told_who_keeps_a_catalogue_and_coverage_renders(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    assert "国办发〔2019〕54号" in client.get(reverse("workbench:catalogue")).content.decode()
    assert client.get(reverse("workbench:catalogue_coverage")).status_code == 200
    _county, _version = _adopt_through_the_page(client, two_orgs)
    assert "尚未发布标准目录" in client.get(reverse("workbench:catalogue_coverage")).content.decode()
