"""Public list and diff pages, the workbench pages, the API, search, and 机构职能 read in three places."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.orgs import services as org_services
from gongkai.powers import services
from gongkai.powers.models import ListVersion, VersionStatus
from gongkai.powers.tests.factories import publish_import, real_bytes
from gongkai.search.query import SearchRequest, search

pytestmark = pytest.mark.django_db


def _two_versions(two_orgs):
    org = two_orgs.gov_a
    editor = two_orgs.staff(org, Role.EDITOR)
    first = publish_import(two_orgs, org, real_bytes("county-market-powers.xlsx"))
    second = services.start_revision(org=org, actor=editor, kind="powers", reason="机构改革后职责调整")
    services.save_item(
        version=second, actor=editor, item=second.items.get(name="食品安全监督检查"), time_limit="5个工作日"
    )
    services.remove_item(item=second.items.get(name="消费者投诉举报处理"), actor=editor)
    services.submit_version(version=second, actor=editor)
    services.publish_version(version=second, actor=two_orgs.staff(org, Role.REVIEWER))
    return first, second


def test_public_list_filters_and_old_versions(client, two_orgs):
    _first, _second = _two_versions(two_orgs)
    url = reverse("portal:power_list", kwargs={"org": "jia", "kind": "powers"})
    page = client.get(url).content.decode()
    assert "第2版" in page
    assert "食品生产经营许可" in page
    assert "消费者投诉举报处理" not in page
    penalties = client.get(url, {"category": "penalty"}).content.decode()
    assert "对未取得食品生产经营许可" in penalties
    assert "特种设备使用登记" not in penalties
    assert "特种设备使用登记" in client.get(url, {"q": "特种设备"}).content.decode()
    old = client.get(url, {"version": 1}).content.decode()
    assert "消费者投诉举报处理" in old
    assert "已被新版本替代" in old
    assert client.get(url, {"version": 9}).status_code == 404
    assert client.get(reverse("portal:power_list", kwargs={"org": "jia", "kind": "nope"})).status_code == 404


def test_public_changes_page_shows_reason_and_side_by_side_diff(client, two_orgs):
    _two_versions(two_orgs)
    url = reverse("portal:power_changes", kwargs={"org": "jia", "kind": "powers"})
    page = client.get(url).content.decode()
    assert "机构改革后职责调整" in page
    assert "第1版与第2版比较" in page
    assert "消费者投诉举报处理" in page  # removed
    assert "5个工作日" in page
    assert "diff-old" in page
    assert "diff-new" in page
    reverse_page = client.get(url, {"from": 2, "to": 1}).content.decode()
    assert "第2版与第1版比较" in reverse_page


def test_drafts_are_never_public(client, two_orgs):
    org = two_orgs.gov_a
    services.import_list(
        org=org,
        actor=two_orgs.staff(org, Role.EDITOR),
        kind="powers",
        name="a.xlsx",
        data=real_bytes("county-market-powers.xlsx"),
    )
    page = client.get(reverse("portal:power_list", kwargs={"org": "jia", "kind": "powers"})).content.decode()
    assert "尚未公布" in page
    assert "食品生产经营许可" not in page
    assert client.get("/api/v1/organs/jia/lists/powers/items").status_code == 404
    assert client.get("/api/v1/organs/jia/lists/powers/versions").json() == []


def test_api_lists_versions_and_items(client, two_orgs):
    _two_versions(two_orgs)
    versions = client.get("/api/v1/organs/jia/lists/powers/versions").json()
    assert [(v["number"], v["reason"]) for v in versions] == [(2, "机构改革后职责调整"), (1, "")]
    items = client.get("/api/v1/organs/jia/lists/powers/items", {"category": "licensing"}).json()
    assert items["count"] == 3
    assert items["items"][0]["category_label"] == "行政许可"
    old = client.get("/api/v1/organs/jia/lists/powers/items", {"version": 1, "q": "投诉"}).json()
    assert [i["name"] for i in old["items"]] == ["消费者投诉举报处理"]


def test_published_items_are_searchable_and_drafts_are_not(two_orgs, search_index):
    org = two_orgs.gov_a
    version = services.import_list(
        org=org,
        actor=two_orgs.staff(org, Role.EDITOR),
        kind="powers",
        name="a.xlsx",
        data=real_bytes("county-market-powers.xlsx"),
    )
    search_index()
    assert not [h for h in search(SearchRequest(q="特种设备使用登记")).hits]
    services.submit_version(version=version, actor=two_orgs.staff(org, Role.EDITOR))
    services.publish_version(version=version, actor=two_orgs.staff(org, Role.REVIEWER))
    search_index()
    hits = search(SearchRequest(q="特种设备使用登记")).hits
    assert hits
    assert "/org/jia/lists/powers/" in hits[0].url
    assert "权责清单" in str(hits[0].title)


def test_workbench_import_edit_submit_and_publish(client, two_orgs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    org = two_orgs.gov_a
    client.force_login(two_orgs.staff(org, Role.EDITOR))
    response = client.post(
        reverse("workbench:powers_versions"),
        {
            "import-kind": "powers",
            "import-file": SimpleUploadedFile("清单.xlsx", real_bytes("township-powers-sections.xlsx")),
        },
    )
    version = ListVersion.objects.get(organization=org)
    assert response.status_code == 302
    assert version.items.count() == 6
    item = version.items.get(name="临时救助")
    edit = reverse("workbench:powers_item_edit", kwargs={"power_item": item.pk})
    bad = client.post(edit, {"name": "", "category": "payment"})
    assert bad.status_code == 200
    assert "事项名称" in bad.content.decode()
    ok = client.post(edit, {**item.as_row(), "time_limit": "10个工作日"})
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.time_limit == "10个工作日"
    step = reverse("workbench:powers_version_step", kwargs={"pk": version.pk, "step": "submit"})
    client.post(step)
    client.force_login(two_orgs.staff(org, Role.REVIEWER))
    detail = client.get(reverse("workbench:powers_version", kwargs={"pk": version.pk}))
    assert "审核通过并公布" in detail.content.decode()
    client.post(reverse("workbench:powers_version_step", kwargs={"pk": version.pk, "step": "publish"}))
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED


def test_workbench_import_of_a_bad_file_keeps_the_form_and_says_why(client, two_orgs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    response = client.post(
        reverse("workbench:powers_versions"),
        {
            "import-kind": "powers",
            "import-reason": "年度调整",
            "import-file": SimpleUploadedFile("a.xlsx", b"junk"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "未能从文件中读出任何事项" in page
    assert "年度调整" in page


def test_organ_profile_is_read_by_platform_guide_and_annual_report(client, two_orgs):
    from gongkai.catalog.services import seed_statutory_columns
    from gongkai.reports import services as report_services
    from gongkai.reports.documents import as_gongwen

    org = two_orgs.gov_a
    seed_statutory_columns(org=org)
    org.address, org.office_hours, org.phone = "甲市人民路1号", "工作日9:00-17:00", "0994-2345678"
    org.save()
    client.force_login(two_orgs.staff(org, Role.HEAD))
    response = client.post(
        reverse("workbench:organ_profile"),
        {
            "functions": "贯彻执行国家法律法规，负责本行政区域的行政工作。",
            "unit-0-name": "办公室",
            "unit-0-functions": "负责日常运转。",
            "unit-0-phone": "0994-1111111",
            "unit-1-name": "政务公开办公室",
            "unit-1-functions": "",
            "unit-1-phone": "",
            "leader-0-name": "张三",
            "leader-0-post": "市长",
            "leader-0-duties": "主持全面工作。",
        },
    )
    assert response.status_code == 302
    platform = client.get(reverse("portal:platform", kwargs={"org": "jia"})).content.decode()
    assert "贯彻执行国家法律法规" in platform
    about = client.get(reverse("portal:organ_profile", kwargs={"org": "jia"})).content.decode()
    assert "政务公开办公室" in about
    assert "张三" in about
    assert "甲市人民路1号" in about
    guide = client.get(reverse("portal:guide", kwargs={"org": "jia"})).content.decode()
    assert "内设办公室、政务公开办公室" in guide
    assert "0994-2345678" in guide
    report = report_services.prepare(org=org, actor=two_orgs.staff(org, Role.HEAD), year=2025)
    text = "\n".join(p for p in as_gongwen(report).paragraphs if isinstance(p, str))
    assert "本机关办公地址：甲市人民路1号；办公时间：工作日9:00-17:00；联系电话：0994-2345678。" in text


def test_organ_profile_bad_input_keeps_what_was_typed(client, two_orgs):
    org = two_orgs.gov_a
    client.force_login(two_orgs.staff(org, Role.HEAD))
    response = client.post(
        reverse("workbench:organ_profile"),
        {
            "functions": "职能文字",
            "unit-0-name": "",
            "unit-0-functions": "没有名称的机构",
            "unit-0-phone": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "第1个内设机构缺少名称" in page
    assert "没有名称的机构" in page
    with pytest.raises(PermissionDenied):
        org_services.update_organ_profile(
            org=org, actor=two_orgs.staff(org, Role.EDITOR), functions="x", units=[], leaders=[]
        )


def test_a_cached_public_list_shows_the_new_version_once_it_is_published(
    client, two_orgs, settings, django_capture_on_commit_callbacks
):
    settings.GONGKAI_PORTAL_CACHE_SECONDS = 300
    org = two_orgs.gov_a
    with django_capture_on_commit_callbacks(execute=True):
        publish_import(two_orgs, org, real_bytes("county-market-powers.xlsx"))
    url = reverse("portal:power_list", kwargs={"org": "jia", "kind": "powers"})
    assert "消费者投诉举报处理" in client.get(url).content.decode()
    editor = two_orgs.staff(org, Role.EDITOR)
    revision = services.start_revision(org=org, actor=editor, kind="powers", reason="调整")
    services.remove_item(item=revision.items.get(name="消费者投诉举报处理"), actor=editor)
    # A draft does not change the public page (it may stay cached).
    assert "消费者投诉举报处理" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_version(version=revision, actor=editor)
        services.publish_version(version=revision, actor=two_orgs.staff(org, Role.REVIEWER))
    assert "消费者投诉举报处理" not in client.get(url).content.decode()


def test_the_sitemap_lists_published_lists_only(client, two_orgs):
    org = two_orgs.gov_a
    services.import_list(
        org=two_orgs.gov_b,
        actor=two_orgs.staff(two_orgs.gov_b, Role.EDITOR),
        kind="powers",
        name="a.xlsx",
        data=real_bytes("county-market-powers.xlsx"),
    )
    publish_import(two_orgs, org, real_bytes("county-hr-public-services.xlsx"), kind="services")
    # /sitemap.xml is an index of parts (ADR 0047): read every part it lists.
    index = client.get("/sitemap.xml").content.decode()
    parts = re.findall(r"<loc>http://testserver(/[^<]+)</loc>", index)
    assert parts
    sitemap = "".join(client.get(part.replace("&amp;", "&")).content.decode() for part in parts)
    assert "/org/jia/lists/services/" in sitemap
    assert "/org/jia/lists/services/changes/" in sitemap
    assert "/org/yi/lists/powers/" not in sitemap  # a draft
    assert "/org/jia/about/" in sitemap


@pytest.mark.parametrize(
    ("path", "column_name"),
    [
        ("/org/jia/lists/powers/", "权责清单"),
        ("/org/jia/lists/services/changes/", "公共服务事项清单"),
        ("/org/jia/about/", "机构职能"),
    ],
)
def test_list_pages_carry_their_column_name_tag(client, two_orgs, path, column_name):
    page = client.get(path).content.decode()
    assert f'<meta name="ColumnName" content="{column_name}">' in page


def test_workbench_compares_a_draft_with_any_other_version(client, two_orgs):
    first, second = _two_versions(two_orgs)
    org = two_orgs.gov_a
    editor = two_orgs.staff(org, Role.EDITOR)
    third = services.start_revision(org=org, actor=editor, kind="powers", reason="再次调整")
    services.save_item(version=third, actor=editor, name="广告发布登记", category="confirmation")
    client.force_login(editor)
    url = reverse("workbench:powers_version", kwargs={"pk": third.pk})
    against_base = client.get(url).content.decode()
    assert "第2版与第3版比较" in against_base
    assert "广告发布登记" in against_base
    against_first = client.get(url, {"against": first.pk}).content.decode()
    assert "第1版与第3版比较" in against_first
    assert "新增1项，取消1项，调整1项" in against_first
    # Another organ's version is not offered and not used.
    other = client.get(url, {"against": second.pk + 1000}).content.decode()
    assert "第2版与第3版比较" in other
