"""A year of applications, appeals and normative documents with known outcomes: every cell of the
report is compared with counts written out by hand in this test."""

from datetime import date
from decimal import Decimal

import pytest

from gongkai.accounts.models import Role
from gongkai.reports import checks, tables
from gongkai.reports.models import YearStatistics
from gongkai.reports.selectors import compute
from gongkai.reports.tests.conftest import make

pytestmark = pytest.mark.django_db

S3 = "三、收到和处理政府信息公开申请情况"
S4 = "四、政府信息公开行政复议、行政诉讼情况"
S2 = "二、主动公开政府信息情况"


def test_section_3_every_cell(year_2025):
    table = compute(year_2025, 2025)[S3]
    expected = {row: dict.fromkeys(tables.SECTION_3_COLUMNS, 0) for row in tables.section_3_rows()}

    def put(row, column, n=1):
        expected[row][column] += n
        expected[row]["总计"] += n

    new, carried_in, carried_out = tables.NEW, tables.CARRIED_IN, tables.CARRIED_OUT
    results = "三、本年度办理结果·"
    for column in ("科研机构", "法律服务机构", "社会公益组织", "其他"):
        put(new, column)
    put(new, "自然人", 2)
    put(carried_in, "自然人")
    put(results + "（一）予以公开", "自然人")
    put(results + "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "自然人")
    put(results + "（三）不予公开·6.属于四类过程性信息", "科研机构")
    put(results + "（四）无法提供·1.本机关不掌握相关政府信息", "自然人")
    put(results + "（六）其他处理·1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "其他")
    put(results + "（七）总计", "自然人", 3)
    put(results + "（七）总计", "科研机构")
    put(results + "（七）总计", "其他")
    put(carried_out, "法律服务机构")
    put(carried_out, "社会公益组织")
    assert table == expected
    assert len(table) == 2 + 22 + 1  # 一、二; the 22 rows of 三 (with （七）总计); 四


def test_sections_2_and_4(year_2025):
    report = compute(year_2025, 2025)
    assert report[S2]["行政规范性文件"] == {"本年制发件数": 1, "本年废止件数": 1, "现行有效件数": 2}
    assert report[S2]["规章"] == {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0}
    assert report[S2]["行政许可"] == {"本年处理决定数量": 120}
    assert report[S4]["行政复议"] == {"结果维持": 0, "结果纠正": 1, "其他结果": 0, "尚未审结": 0, "总计": 1}
    assert report[S4]["行政诉讼·复议后起诉"]["尚未审结"] == 1
    assert report["checks"] == []


def test_a_year_with_no_data_is_a_valid_all_zero_report(two_orgs):
    report = compute(two_orgs.gov_b, 2024)
    assert all(v == 0 for row in report[S3].values() for v in row.values())
    assert report["checks"] == []


def test_the_2019_format_has_one_row_for_other_handling():
    rows = tables.section_3_rows(2019)
    assert "三、本年度办理结果·（六）其他处理" in rows
    assert len(rows) == 2 + 20 + 1


def test_the_checks_catch_seeded_errors(year_2025):
    table = compute(year_2025, 2025)[S3]
    table[tables.NEW]["自然人"] += 1  # breaks 一+二=三+四 and the 总计 column
    table["三、本年度办理结果·（一）予以公开"]["总计"] -= 1
    failures = [str(f) for f in checks.check_section_3(table)]
    assert any("自然人列" in f and "第一项加第二项" in f for f in failures)
    assert any("（一）予以公开·总计" in f for f in failures)
    previous = compute(year_2025, 2024)[S3]
    previous[tables.CARRIED_OUT]["自然人"] = 5
    assert any("上年结转" in str(f) for f in checks.check_section_3(compute(year_2025, 2025)[S3], previous))


def test_this_years_carried_in_equals_last_years_carried_out(year_2025):
    assert compute(year_2025, 2025)[S3][tables.CARRIED_IN] == compute(year_2025, 2024)[S3][tables.CARRIED_OUT]


def test_the_rollup_is_the_sum_of_the_government_and_its_departments(two_orgs, year_2025):
    rollup = compute(two_orgs.gov_a, 2025, rollup=True)[S3]
    parts = tables.add_tables([compute(two_orgs.gov_a, 2025)[S3], compute(two_orgs.dept_a1, 2025)[S3]])
    assert rollup == parts
    assert rollup[tables.NEW]["自然人"] == 3


def test_the_command_prints_every_cell_keyed_by_the_formats_labels(year_2025):
    import json
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("annual_report", "--org", year_2025.slug, "--year", "2025", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report[S3]["一、本年新收政府信息公开申请数量"]["总计"] == 6
    assert report[S2]["行政事业性收费"]["本年收费金额（单位：万元）"] == 12.5
    with pytest.raises(CommandError, match="找不到机关"):
        call_command("annual_report", "--org", "nobody", "--year", "2025", stdout=StringIO())


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_the_command_writes_html_docx_and_pdf(year_2025, tmp_path, fmt):
    from io import StringIO

    from django.core.management import call_command

    target = tmp_path / f"report.{fmt}"
    call_command(
        "annual_report",
        "--org",
        year_2025.slug,
        "--year",
        "2025",
        "--format",
        fmt,
        "--output",
        str(target),
        stdout=StringIO(),
    )
    content = target.read_bytes()
    if fmt == "html":
        assert "三、收到和处理政府信息公开申请情况" in content.decode()
    elif fmt == "docx":
        import io

        from docx import Document

        assert len(Document(io.BytesIO(content)).tables) == 3
    else:
        assert content.startswith(b"%PDF")


def test_a_rollup_includes_townships_only_when_configured(two_orgs, year_2025):
    from gongkai.orgs.tests.factories import DepartmentFactory

    town = DepartmentFactory(
        parent=two_orgs.gov_a, name="甲市某镇人民政府", slug="jia-town", kind="government"
    )
    make(two_orgs_with_staff(two_orgs, town), town, "natural_person", date(2025, 6, 6))
    without = compute(two_orgs.gov_a, 2025, rollup=True)[S3][tables.NEW]["总计"]
    with_towns = compute(two_orgs.gov_a, 2025, rollup=True, townships=True)[S3][tables.NEW]["总计"]
    assert with_towns == without + 1


def two_orgs_with_staff(world, org):
    from gongkai.accounts.tests.factories import make_staff

    world.members[org.pk] = {
        Role.REQUEST_HANDLER: make_staff(org, Role.REQUEST_HANDLER, username="town_handler")
    }
    return world


def test_reports_on_2020_use_the_2019_format_for_section_2(two_orgs):
    from gongkai.core.gongwen import render_html
    from gongkai.reports.documents import as_gongwen
    from gongkai.reports.models import AnnualReport

    YearStatistics.objects.create(
        organization=two_orgs.gov_a,
        year=2020,
        licensing=5,
        licensing_items=40,
        licensing_items_change=-2,
        procurement_projects=3,
        procurement_wan=Decimal("12.5"),
    )
    section = compute(two_orgs.gov_a, 2020)[S2]
    assert section["行政许可"] == {"上一年项目数量": 40, "本年增/减": -2, "处理决定数量": 5}
    assert section["政府集中采购"] == {"采购项目数量": 3, "采购总金额": Decimal("12.5")}
    assert set(section["规章"]) == {"本年新制作数量", "本年新公开数量", "对外公开总数量"}
    html = render_html(as_gongwen(AnnualReport(organization=two_orgs.gov_a, year=2020)))
    assert "第二十条第（九）项" in html
    assert "其他对外管理服务事项" in html
