"""Issue 14, end to end through the workbench: a 权责清单 in a real shape with its columns in another
order, an unknown 类别 and a duplicate 事项 is imported (the bad lines named, the rest a draft that is
not public), published, adjusted into a second version and compared; and another organ's versions
and items are a 404 to this organ's staff."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.powers import services
from gongkai.powers.models import ListVersion, VersionStatus
from gongkai.powers.tests.factories import publish_import, real_bytes, workbook_bytes

pytestmark = pytest.mark.django_db

BASIS = "《中华人民共和国食品安全法》第三十五条"
SEIZURE_BASIS = "《中华人民共和国食品安全法》第一百一十条"
AGENCY = "县市场监督管理局"
# A county 市场监管局's list as such lists are printed (a title row above the header), but with its
# columns in another order than county-market-powers.xlsx: 设定依据 first, 事项名称 in the middle.
ROWS = [
    ["示范县市场监督管理局权责清单（2024年版）"],
    ["设定依据", "事项类型", "序号", "事项名称", "实施主体", "责任事项", "追责情形"],
    [BASIS, "行政许可", 1, "食品生产许可", AGENCY, "1.受理责任", "1.对符合法定条件的申请不予受理的"],
    ["《无证无照经营查处办法》第十三条", "行政处罚", 2, "对无照经营的处罚", AGENCY, "", ""],
    ["《行政审批改革方案》", "行政审批", 3, "企业名称核准", AGENCY, "", ""],  # unknown 类别
    [BASIS, "行政许可", 4, "食品生产许可", AGENCY, "", ""],  # duplicate 事项
    [SEIZURE_BASIS, "行政强制", 5, "查封扣押不符合食品安全标准的食品", AGENCY, "", ""],
]  # fmt: skip


def test_a_real_shaped_list_with_bad_lines_is_imported_adjusted_and_compared(client, two_orgs):
    org = two_orgs.gov_a
    client.force_login(two_orgs.staff(org, Role.EDITOR))
    response = client.post(
        reverse("workbench:powers_versions"),
        {
            "import-kind": "powers",
            "import-file": SimpleUploadedFile("权责清单.xlsx", workbook_bytes(("权责清单", ROWS))),
        },
        follow=True,
    )
    page = response.content.decode()
    first = ListVersion.objects.get(organization=org)
    assert first.status == VersionStatus.DRAFT
    # The lines it could not read, named with sheet and line as the sheet numbers them.
    assert "未能导入的内容（2处）" in page
    assert "工作表“权责清单”第5行" in page
    assert "行政审批" in page
    assert "工作表“权责清单”第6行" in page
    # The rest is the draft, read by header whatever the order.
    items = {i.name: i for i in first.items.all()}
    assert set(items) == {"食品生产许可", "对无照经营的处罚", "查封扣押不符合食品安全标准的食品"}
    assert items["食品生产许可"].basis == BASIS
    assert items["食品生产许可"].category == "licensing"
    public = reverse("portal:power_list", kwargs={"org": org.slug, "kind": "powers"})
    assert "食品生产许可" not in client.get(public).content.decode()  # a draft is not public

    step = "workbench:powers_version_step"
    client.post(reverse(step, kwargs={"pk": first.pk, "step": "submit"}))
    client.force_login(two_orgs.staff(org, Role.REVIEWER))
    client.post(reverse(step, kwargs={"pk": first.pk, "step": "publish"}))
    first.refresh_from_db()
    assert first.status == VersionStatus.PUBLISHED
    assert "食品生产许可" in client.get(public).content.decode()

    # 动态调整: a second version with a reason, one item edited, then published.
    client.force_login(two_orgs.staff(org, Role.EDITOR))
    client.post(
        reverse("workbench:powers_versions"),
        {"revision-kind": "powers", "revision-reason": "依据新修订的《食品生产许可管理办法》调整"},
    )
    second = ListVersion.objects.get(organization=org, number=2)
    assert second.based_on == first
    edited = second.items.get(name="食品生产许可")
    client.post(
        reverse("workbench:powers_item_edit", kwargs={"power_item": edited.pk}),
        {**edited.as_row(), "time_limit": "10个工作日"},
    )
    client.post(reverse(step, kwargs={"pk": second.pk, "step": "submit"}))
    client.force_login(two_orgs.staff(org, Role.REVIEWER))
    client.post(reverse(step, kwargs={"pk": second.pk, "step": "publish"}))
    second.refresh_from_db()
    assert second.status == VersionStatus.PUBLISHED

    client.logout()
    changes = reverse("portal:power_changes", kwargs={"org": org.slug, "kind": "powers"})
    diff = client.get(changes).content.decode()
    assert "第1版与第2版比较" in diff
    assert "依据新修订的《食品生产许可管理办法》调整" in diff
    assert "10个工作日" in diff
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED


def test_another_organs_versions_and_items_are_not_found(client, two_orgs):
    theirs_only = [["事项名称", "类别"], ["乙县独有的许可", "行政许可"]]
    theirs = publish_import(two_orgs, two_orgs.gov_b, workbook_bytes(("清单", theirs_only)))
    draft = services.start_revision(
        org=two_orgs.gov_b, actor=two_orgs.staff(two_orgs.gov_b, Role.EDITOR), kind="powers", reason="调整"
    )
    item = draft.items.get()
    ours = publish_import(two_orgs, two_orgs.gov_a, real_bytes("county-market-powers.xlsx"))
    for role in (Role.EDITOR, Role.REVIEWER, Role.HEAD):
        client.force_login(two_orgs.staff(two_orgs.gov_a, role))
        for version in (theirs, draft):
            assert (
                client.get(reverse("workbench:powers_version", kwargs={"pk": version.pk})).status_code == 404
            )
            step = reverse("workbench:powers_version_step", kwargs={"pk": version.pk, "step": "publish"})
            assert client.post(step).status_code == 404
            add = reverse("workbench:powers_item_add", kwargs={"pk": version.pk})
            assert client.post(add, {"name": "x", "category": "licensing"}).status_code == 404
        edit = reverse("workbench:powers_item_edit", kwargs={"power_item": item.pk})
        assert client.get(edit).status_code == 404
        assert client.post(edit, {**item.as_row(), "time_limit": "1日"}).status_code == 404
        # Comparing with another organ's version shows this organ's own base, never theirs.
        page = client.get(reverse("workbench:powers_version", kwargs={"pk": ours.pk}), {"against": theirs.pk})
        assert page.status_code == 200
        assert "乙县独有的许可" not in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    item.refresh_from_db()
    assert item.time_limit != "1日"
    assert draft.items.filter(name="x").count() == 0
