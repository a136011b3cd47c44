"""Versions of a list: import as a draft, review, publish, adjust, compare; every step audited."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.powers import selectors, services
from gongkai.powers.models import ListVersion, ServiceItem, VersionStatus
from gongkai.powers.tests.factories import publish_import, real_bytes, workbook_bytes

pytestmark = pytest.mark.django_db


def test_import_keeps_readable_rows_as_a_draft_and_names_the_others(two_orgs):
    org = two_orgs.gov_a
    data = workbook_bytes(
        ("清单", [["事项名称", "类别"], ["甲许可", "行政许可"], ["乙", "行政审批"], ["甲许可", "行政许可"]])
    )
    version = services.import_list(
        org=org, actor=two_orgs.staff(org, Role.EDITOR), kind="powers", name="清单.xlsx", data=data
    )
    assert version.status == VersionStatus.DRAFT
    assert [i.name for i in version.items.all()] == ["甲许可"]
    assert [(p["sheet"], p["line"]) for p in version.import_problems] == [("清单", 3), ("清单", 4)]
    # Nothing public before review.
    assert selectors.current_public_version(org=org, kind="powers") is None
    assert AuditEntry.objects.filter(verb="power_list_imported", object_id=str(version.pk)).exists()


def test_an_import_with_nothing_readable_creates_nothing(two_orgs):
    org = two_orgs.gov_a
    with pytest.raises(ValidationError) as caught:
        services.import_list(
            org=org, actor=two_orgs.staff(org, Role.EDITOR), kind="powers", name="x.xlsx", data=b"junk"
        )
    assert "未能从文件中读出任何事项" in caught.value.messages[0]
    assert not ListVersion.objects.exists()


def test_only_the_organs_editor_imports(two_orgs):
    with pytest.raises(PermissionDenied):
        services.import_list(
            org=two_orgs.gov_a,
            actor=two_orgs.staff(two_orgs.gov_b, Role.EDITOR),
            kind="powers",
            name="x.xlsx",
            data=real_bytes("county-market-powers.xlsx"),
        )


def test_review_workflow_publish_and_return(two_orgs):
    org = two_orgs.gov_a
    editor, reviewer = two_orgs.staff(org, Role.EDITOR), two_orgs.staff(org, Role.REVIEWER)
    version = services.import_list(
        org=org, actor=editor, kind="powers", name="a.xlsx", data=real_bytes("county-market-powers.xlsx")
    )
    with pytest.raises(ValidationError):  # not submitted yet
        services.publish_version(version=version, actor=reviewer)
    services.submit_version(version=version, actor=editor)
    with pytest.raises(PermissionDenied):  # the 信息员 does not publish
        services.publish_version(version=version, actor=editor)
    with pytest.raises(ValidationError):
        services.return_version(version=version, actor=reviewer, comment=" ")
    services.return_version(version=version, actor=reviewer, comment="请补充编码")
    version.refresh_from_db()
    assert version.status == VersionStatus.RETURNED
    assert version.review_comment == "请补充编码"
    services.submit_version(version=version, actor=editor)
    services.publish_version(version=version, actor=reviewer)
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert version.published_at
    verbs = set(AuditEntry.objects.filter(object_id=str(version.pk)).values_list("verb", flat=True))
    assert {"power_list_submitted", "power_list_returned", "power_list_published"} <= verbs


def test_who_submitted_a_list_may_not_publish_it_even_holding_both_roles(two_orgs):
    from gongkai.accounts.tests.factories import make_staff

    org = two_orgs.gov_a
    both = make_staff(org, Role.EDITOR, Role.REVIEWER, username="a_both")
    version = services.import_list(
        org=org, actor=both, kind="powers", name="a.xlsx", data=real_bytes("county-market-powers.xlsx")
    )
    services.submit_version(version=version, actor=both)
    with pytest.raises(PermissionDenied, match="本人起草、修改或提交过该清单，不能再审核发布"):
        services.publish_version(version=version, actor=both)
    services.publish_version(version=version, actor=two_orgs.staff(org, Role.REVIEWER))
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED


def test_adjustment_diff_and_history(two_orgs):
    org = two_orgs.gov_a
    editor, reviewer = two_orgs.staff(org, Role.EDITOR), two_orgs.staff(org, Role.REVIEWER)
    first = publish_import(two_orgs, org, real_bytes("county-market-powers.xlsx"))
    with pytest.raises(ValidationError):  # an adjustment states why
        services.start_revision(org=org, actor=editor, kind="powers", reason="")
    second = services.start_revision(org=org, actor=editor, kind="powers", reason="依据机构改革调整")
    assert second.items.count() == first.items.count()
    assert second.based_on == first
    with pytest.raises(ValidationError):  # one open version at a time
        services.start_revision(org=org, actor=editor, kind="powers", reason="再调整")
    inspection = second.items.get(name="食品安全监督检查")
    services.save_item(version=second, actor=editor, item=inspection, time_limit="5个工作日", fees="不收费")
    services.remove_item(item=second.items.get(name="消费者投诉举报处理"), actor=editor)
    services.save_item(
        version=second,
        actor=editor,
        name="药品经营许可",
        category="licensing",
        basis="《中华人民共和国药品管理法》第五十一条",
    )
    with pytest.raises(ValidationError):  # a second 药品经营许可 in the same version
        services.save_item(version=second, actor=editor, name="药品经营许可", category="licensing")
    with pytest.raises(ValidationError):  # the published version itself is not edited
        services.save_item(version=first, actor=editor, item=first.items.first(), note="x")
    services.submit_version(version=second, actor=editor)
    services.publish_version(version=second, actor=reviewer)
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert first.superseded_at
    assert selectors.current_public_version(org=org, kind="powers") == second
    assert [v.number for v in selectors.public_versions(org=org, kind="powers")] == [2, 1]

    diff = selectors.versions_diff(first, second)
    assert [r["name"] for r in diff.added] == ["药品经营许可"]
    assert [r["name"] for r in diff.removed] == ["消费者投诉举报处理"]
    (changed,) = diff.changed
    assert changed.name == "食品安全监督检查"
    assert {(c.label, c.old, c.new) for c in changed.changes} == {
        ("办理时限", "", "5个工作日"),
        ("收费", "", "不收费"),
    }
    assert diff.unchanged == first.items.count() - 2
    # Any two versions, in either direction.
    back = selectors.versions_diff(second, first)
    assert [r["name"] for r in back.added] == ["消费者投诉举报处理"]


def test_service_items_are_the_items_of_service_lists(two_orgs):
    org = two_orgs.gov_a
    publish_import(two_orgs, org, real_bytes("county-market-powers.xlsx"))
    publish_import(two_orgs, org, real_bytes("county-hr-public-services.xlsx"), kind="services")
    assert ServiceItem.objects.count() == 4
    assert set(ServiceItem.objects.values_list("category", flat=True)) == {"public_service"}


def test_filters_by_category_and_keyword(two_orgs):
    version = publish_import(two_orgs, two_orgs.gov_a, real_bytes("county-market-powers.xlsx"))
    assert selectors.public_items(version, category="penalty").count() == 2
    assert [i.name for i in selectors.public_items(version, query="特种设备")] == ["特种设备使用登记"]
    assert selectors.public_items(version, query="食品安全法 查封").count() == 1


def test_annual_report_counts_come_from_the_list_in_force(two_orgs):
    import time_machine

    org = two_orgs.gov_a
    with time_machine.travel("2019-06-01 10:00 +0800"):
        publish_import(two_orgs, org, real_bytes("county-market-powers.xlsx"))
    with time_machine.travel("2020-03-01 10:00 +0800"):
        editor = two_orgs.staff(org, Role.EDITOR)
        revision = services.start_revision(org=org, actor=editor, kind="powers", reason="新增许可")
        services.save_item(version=revision, actor=editor, name="药品经营许可", category="licensing")
        services.submit_version(version=revision, actor=editor)
        services.publish_version(version=revision, actor=two_orgs.staff(org, Role.REVIEWER))
    assert selectors.annual_report_item_counts(org_ids=[org.pk], on=date(2018, 12, 31)) is None
    from gongkai.reports.models import YearStatistics
    from gongkai.reports.selectors import compute

    YearStatistics.objects.create(organization=org, year=2019, licensing_items=7, licensing=40)
    YearStatistics.objects.create(organization=org, year=2020, licensing_items=99, licensing=50)
    section = compute(org, 2020)["二、主动公开政府信息情况"]
    assert section["行政许可"]["上一年项目数量"] == 3
    assert section["行政许可"]["本年增/减"] == 1
    assert section["行政处罚"]["上一年项目数量"] == 2
    assert section["行政处罚"]["本年增/减"] == 0
    assert section["行政强制"]["上一年项目数量"] == 1
    # 处理决定数量 is not in a list: it stays as typed.
    assert section["行政许可"]["处理决定数量"] == 50
    # No list in force at the end of 2018: the report on 2019 keeps what was typed.
    assert compute(org, 2019)["二、主动公开政府信息情况"]["行政许可"]["上一年项目数量"] == 7
    # The 2021 format has no item rows: nothing is invented.
    assert "上一年项目数量" not in compute(org, 2021)["二、主动公开政府信息情况"]["行政许可"]
