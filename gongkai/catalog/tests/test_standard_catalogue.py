"""标准目录: adoption, local items, versions and their history, review, coverage, imports."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.catalog import standard_selectors as selectors
from gongkai.catalog import standard_services as services
from gongkai.catalog.models import Column
from gongkai.catalog.standard_models import CatalogueStatus, ChangeKind, StandardCatalogItem
from gongkai.workdays.testing import published_calendar

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def _baseline(domain: str):
    return list(StandardCatalogItem.objects.filter(domain_code=domain).order_by("position"))


def _column(org, slug="social-assistance"):
    return Column.objects.get(organization=org, slug=slug)


def _published_catalogue(world, org, *, column=None, domain="base-17"):
    editor, reviewer = world.staff(org, Role.EDITOR), world.staff(org, Role.REVIEWER)
    version = services.start_version(org=org, actor=editor, reason="首次编制")
    services.adopt_items(version=version, actor=editor, items=_baseline(domain), column=column)
    services.submit_version(version=version, actor=editor)
    return services.approve_version(version=version, actor=reviewer)


# What the installation ships (ADR 0038, 0053): the domains whose rows could be read from a published
# catalogue, and how many rows of each. A change here is a change of shipped data: say where it came from.
SHIPPED = {
    "base-01": 3, "base-02": 1, "base-04": 5, "base-08": 2, "base-11": 2, "base-15": 3,
    "base-16": 3, "base-17": 9, "base-18": 4, "base-20": 4, "base-21": 6, "base-24": 5,
}  # fmt: skip


def test_the_baseline_ships_with_its_sources():
    from django.db.models import Count

    from gongkai.catalog import baseline, categories

    items = StandardCatalogItem.objects.all()
    counts = dict(items.values_list("domain_code").annotate(n=Count("id")))
    assert counts == SHIPPED
    assert items.count() == sum(SHIPPED.values()) == 47
    assert all(i.source_url.startswith("http") for i in items)
    assert all(".gov.cn/" in i.source_url for i in items)
    first = StandardCatalogItem.objects.get(key="base-17-004")
    assert (first.level1, first.level2) == ("最低生活保障", "办事指南")
    safety = StandardCatalogItem.objects.get(key="base-04-004")
    assert (safety.level2, safety.tier_county, safety.tier_township) == ("标准", True, False)
    known = {d.code: d.name for d in categories.BASE_LEVEL_DOMAINS}
    for path in baseline.baseline_files():
        domain = baseline.read_domain(path)
        # Each file names its domain as the 26 domains do, its source and why it is incomplete.
        assert known[domain["domain"]] == domain["name"], path.name
        assert domain["source"]["read"], path.name
        assert domain["source"]["note"], path.name
        assert domain["complete"] is False, path.name
        for item in domain["items"]:
            # A printed row marks at least one 对象, 方式 and 层级: none was left to a default.
            assert item["audience_public"] or item["audience_specific"], path.name
            assert item["proactive"] or item["on_request"], path.name
            assert item["tier_county"] or item["tier_township"], path.name


def test_adoption_review_and_publication(two_orgs):
    county = two_orgs.gov_b
    editor = two_orgs.staff(county, Role.EDITOR)
    version = services.start_version(org=county, actor=editor, reason="首次编制")
    adopted = services.adopt_items(
        version=version, actor=editor, items=_baseline("base-17")[:4], column=_column(county)
    )
    assert len(adopted) == 4
    assert all(i.column.slug == "social-assistance" for i in adopted)
    # Adopting again adds nothing; a local item sits beside the baseline ones.
    assert services.adopt_items(version=version, actor=editor, items=_baseline("base-17")[:4]) == []
    local = services.add_local_item(
        version=version, actor=editor, domain_code="base-17", level1="临时救助", level2="救助结果",
        content="临时救助对象、金额", time_limit="每月", reason="本县特色事项",
    )  # fmt: skip
    assert local.key.startswith("local-")
    assert local.is_local
    assert selectors.public_items(county).count() == 0  # nothing public before review
    services.submit_version(version=version, actor=editor)
    with pytest.raises(ValidationError):
        services.add_local_item(version=version, actor=editor, domain_code="base-17", level1="x")
    with pytest.raises(PermissionDenied):  # the submitter does not approve their own catalogue
        services.approve_version(version=version, actor=editor)
    services.approve_version(version=version, actor=two_orgs.staff(county, Role.REVIEWER))
    assert selectors.public_items(county).count() == 5
    assert selectors.public_items(county, q="临时救助").get() == local
    assert selectors.public_items(county, domain="base-20").count() == 0
    verbs = set(AuditEntry.objects.filter(organization=county).values_list("verb", flat=True))
    assert {"catalogue_item_added", "catalogue_submitted", "catalogue_published"} <= verbs


def test_only_base_level_organs_and_their_editors(two_orgs):
    with pytest.raises(ValidationError):
        services.start_version(org=two_orgs.gov_a, actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    with pytest.raises(PermissionDenied):
        services.start_version(org=two_orgs.gov_b, actor=two_orgs.staff(two_orgs.gov_b, Role.REQUEST_HANDLER))
    version = services.start_version(org=two_orgs.gov_b, actor=two_orgs.staff(two_orgs.gov_b, Role.EDITOR))
    with pytest.raises(ValidationError):  # another organ's column
        services.adopt_items(
            version=version, actor=two_orgs.staff(two_orgs.gov_b, Role.EDITOR),
            items=_baseline("base-17")[:1], column=Column.objects.filter(organization=two_orgs.gov_a).first(),
        )  # fmt: skip


def test_a_revision_keeps_the_history_of_what_changed_and_why(two_orgs):
    county = two_orgs.gov_b
    editor, reviewer = two_orgs.staff(county, Role.EDITOR), two_orgs.staff(county, Role.REVIEWER)
    first = _published_catalogue(two_orgs, county, column=_column(county))
    revision = services.start_version(org=county, actor=editor, reason="2025年动态调整")
    assert revision.number == 2
    assert revision.items.count() == first.items.count()
    item = revision.items.get(key="base-17-001")
    with pytest.raises(ValidationError):
        services.change_item(item=item, actor=editor, reason="", time_limit="实时")
    services.change_item(
        item=item, actor=editor, reason="省级要求缩短时限", time_limit="信息形成之日起5个工作日内"
    )
    services.drop_item(
        item=revision.items.get(key="base-17-009"), actor=editor, reason="乡镇事项，县级不适用"
    )
    services.submit_version(version=revision, actor=editor)
    services.return_version(version=revision, actor=reviewer, comment="请补充本地事项")
    services.add_local_item(
        version=revision, actor=editor, domain_code="base-17", level1="临时救助", reason="补充"
    )
    services.submit_version(version=revision, actor=editor)
    services.approve_version(version=revision, actor=reviewer)
    first.refresh_from_db()
    assert first.status == CatalogueStatus.SUPERSEDED
    assert selectors.published_version(county) == revision
    changes = {(c.kind, c.item_key): c for c in revision.changes.all()}
    changed = changes[(ChangeKind.CHANGED, "base-17-001")]
    assert changed.reason == "省级要求缩短时限"
    assert changed.actor == editor
    assert changed.fields["time_limit"] == ["制定或获取信息之日起10个工作日内", "信息形成之日起5个工作日内"]
    assert changes[(ChangeKind.DROPPED, "base-17-009")].reason == "乡镇事项，县级不适用"
    assert any(k == ChangeKind.ADDED and key.startswith("local-") for k, key in changes)
    # The old version keeps its own items: the history can be read back.
    assert first.items.get(key="base-17-001").time_limit == "制定或获取信息之日起10个工作日内"


def test_coverage_shows_on_time_overdue_and_no_content(two_orgs):
    county = two_orgs.gov_b
    editor = two_orgs.staff(county, Role.EDITOR)
    assistance, farm = _column(county), _column(county, "livelihood")
    version = services.start_version(org=county, actor=editor)
    services.adopt_items(version=version, actor=editor, items=_baseline("base-17")[:1], column=assistance)
    services.adopt_items(version=version, actor=editor, items=_baseline("base-20")[:1], column=farm)
    services.adopt_items(version=version, actor=editor, items=_baseline("base-21")[:1])  # no column
    services.submit_version(version=version, actor=editor)
    services.approve_version(version=version, actor=two_orgs.staff(county, Role.REVIEWER))
    # 社会救助 (10 working days): formed 2024-09-30, published 2024-10-11 (day 4) → 按时.
    two_orgs.publish(
        two_orgs.draft(county, column=assistance, title="低保政策", written_on=date(2024, 9, 30)),
        at=datetime(2024, 10, 11, 10, tzinfo=SH),
    )
    # 涉农补贴 (20 working days): formed 2024-03-01, published 2024-05-06 → 超期.
    two_orgs.publish(
        two_orgs.draft(county, column=farm, title="耕地地力保护补贴结果", written_on=date(2024, 3, 1)),
        at=datetime(2024, 5, 6, 10, tzinfo=SH),
    )
    rows = {
        r.item.key: r
        for r in selectors.coverage(county, today=date(2024, 12, 1), calendar=published_calendar())
    }
    assert rows["base-17-001"].status == "on_time"
    assert rows["base-17-001"].records == 1
    assert rows["base-20-001"].status == "overdue"
    assert rows["base-20-001"].judgement.late == 1
    assert rows["base-21-001"].status == "no_content"
    assert rows["base-17-001"].last_published == date(2024, 10, 11)
    summary = selectors.coverage_summary([county], today=date(2024, 12, 1))[0]
    assert summary.counts == {"on_time": 1, "overdue": 1, "no_content": 1}
    assert summary.by_domain["base-20"] == {"overdue": 1}


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def test_import_names_unreadable_rows_and_keeps_the_rest_as_a_draft(two_orgs):
    county = two_orgs.gov_b
    editor = two_orgs.staff(county, Role.EDITOR)
    # Columns in another order than the catalogue prints them: matched by header.
    data = _csv(
        [
            [
                "公开时限",
                "序号",
                "二级事项",
                "领域",
                "一级事项",
                "公开内容（要素）",
                "公开对象",
                "公开方式",
                "公开层级",
            ],
            [
                "实时公开",
                "1",
                "办事指南",
                "社会救助",
                "最低生活保障",
                "办理条件",
                "全社会",
                "主动",
                "县级、乡级",
            ],
            [
                "同上",
                "2",
                "审批信息",
                "社会救助领域",
                "最低生活保障",
                "低保对象名单",
                "特定群体",
                "主动",
                "县级",
            ],
            ["20个工作日内", "3", "资金", "火星开发", "补贴", "", "全社会", "主动", "县级"],
            ["20个工作日内", "4", "办事指南", "社会救助", "最低生活保障", "重复行", "全社会", "主动", "县级"],
            ["20个工作日内", "5", "名录", "义务教育", "", "", "全社会", "主动", "县级"],
            ["20个工作日内", "6", "名录", "义务教育", "教育概况", "", "居民", "主动", "县级"],
        ]
    )
    version, errors = services.import_catalogue(org=county, actor=editor, filename="目录.csv", data=data)
    assert [e["line"] for e in errors] == [4, 5, 6, 7]
    assert "火星开发" in errors[0]["message"]
    assert "第2行" in errors[1]["message"]
    assert version.status == CatalogueStatus.DRAFT
    assert version.import_report == errors
    items = {i.level2: i for i in version.items.all()}
    assert set(items) == {"办事指南", "审批信息"}
    assert items["审批信息"].time_limit == "实时公开"  # 同上 = the row above
    assert items["办事指南"].standard_item.key == "base-17-004"  # matched to the baseline
    assert items["审批信息"].audience_specific
    assert not items["审批信息"].audience_public
    assert selectors.public_items(county).count() == 0


def test_import_from_xlsx_and_files_it_cannot_read(two_orgs):
    county = two_orgs.gov_b
    editor = two_orgs.staff(county, Role.EDITOR)
    book = Workbook()
    sheet = book.active
    sheet.append(["涉农补贴领域基层政务公开标准目录"])
    sheet.append(["领域", "一级事项", "二级事项", "公开依据", "公开时限", "公开主体"])
    sheet.append(
        [
            "涉农补贴",
            "农业生产发展资金",
            "农机购置补贴",
            "《农业机械化促进法》",
            "20个工作日内",
            "县农业农村局",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    version, errors = services.import_catalogue(
        org=county, actor=editor, filename="目录.xlsx", data=buffer.getvalue()
    )
    assert errors == []
    assert version.items.get().subject == "县农业农村局"
    version2, errors = services.import_catalogue(
        org=county, actor=editor, filename="目录.xlsx", data=b"not a zip"
    )
    assert version2 is None
    assert "无法读取" in errors[0]["message"]
    _v, errors = services.import_catalogue(
        org=county, actor=editor, filename="目录.csv", data=_csv([["名称"], ["x"]])
    )
    assert "表头缺少必需的列" in errors[0]["message"]
    _v, errors = services.import_catalogue(org=county, actor=editor, filename="目录.pdf", data=b"%PDF")
    assert "xlsx" in errors[0]["message"]


def test_self_inspection_lists_catalogue_gaps_as_hints_without_deduction(two_orgs):
    from gongkai.inspection import selfcheck
    from gongkai.inspection.models import Severity

    county = two_orgs.gov_b
    editor = two_orgs.staff(county, Role.EDITOR)
    works = _column(county, "major-projects")
    version = services.start_version(org=county, actor=editor)
    services.adopt_items(
        version=version, actor=editor, items=_baseline("base-01")[1:2], column=works
    )  # 及时公开
    services.adopt_items(version=version, actor=editor, items=_baseline("base-21")[:1])  # no column
    services.submit_version(version=version, actor=editor)
    services.approve_version(version=version, actor=two_orgs.staff(county, Role.REVIEWER))
    two_orgs.publish(two_orgs.draft(county, column=works, title="项目办理进展"))
    findings = selfcheck.catalogue_findings([county, two_orgs.gov_a])
    assert {f.indicator for f in findings} == {selfcheck.CATALOGUE_UNREADABLE, selfcheck.CATALOGUE_EMPTY}
    assert all(f.severity == Severity.HINT and f.organization_id == county.pk for f in findings)
    assert any("及时公开" in f.reason for f in findings)
    report = selfcheck.inspect([county])
    assert selfcheck.CATALOGUE_EMPTY in {f.indicator for f in report.findings}
    # (The county's empty statutory columns are vetoed on their own; the catalogue adds no veto.)
    assert not any(v["indicator"].startswith("catalogue") for v in report.scores[county.pk].vetoes)
    assert selfcheck.CATALOGUE_EMPTY not in report.scores[county.pk].deductions


def test_the_load_command_is_idempotent_and_restores_the_shipped_rows():
    from django.core.management import call_command

    from gongkai.catalog import baseline

    item = StandardCatalogItem.objects.get(key="base-17-001")
    item.time_limit = "被改动的时限"
    item.save()
    out = io.StringIO()
    call_command("load_standard_catalogue", stdout=out)
    call_command("load_standard_catalogue", stdout=out)
    assert StandardCatalogItem.objects.count() == len(baseline.baseline_rows())
    assert StandardCatalogItem.objects.get(key="base-17-001").time_limit == "制定或获取信息之日起10个工作日内"
    assert f"{len(baseline.baseline_files())} 个领域" in out.getvalue()
