from decimal import Decimal

import pytest

from gongkai.core.gongwen import Table
from gongkai.reports import imports, layout, tables
from gongkai.reports.tests.test_tables import S3, S4

pytestmark = pytest.mark.django_db


def test_statistics_from_csv_report_bad_lines_and_keep_the_rest():
    data = (
        "年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）\n"
        "2024,100,5,1,3.25\n2025,abc,1,1,1\n2023,90,4,0,2\n"
    ).encode()
    result = imports.read_statistics("stats.csv", data)
    assert [r["year"] for r in result.rows] == [2024, 2023]
    assert result.rows[0]["fees_wan"] == Decimal("3.25")
    assert result.problems == ["第3行无法读取（应为年度和非负数字）：2025，abc，1，1，1"]


def test_statistics_from_xlsx():
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["年度", "行政许可", "行政处罚", "行政强制", "行政事业性收费（万元）"])
    book.active.append([2025, 12, 3, 0, 1.5])
    buffer = io.BytesIO()
    book.save(buffer)
    result = imports.read_statistics("stats.xlsx", buffer.getvalue())
    assert result.rows == [
        {"year": 2025, "licensing": 12, "penalties": 3, "coercion": 0, "fees_wan": Decimal("1.5")}
    ]
    assert imports.read_statistics("x.xlsx", b"not a workbook").problems


def published_html(data) -> str:
    """The report's tables as a government site would publish them."""
    from django.template.loader import render_to_string

    return "<h2>三、收到和处理政府信息公开申请情况</h2>" + "".join(
        render_to_string("gongwen/table.html", {"table": Table(caption, grid)})
        for caption, grid in ((S3, layout.section_3(data[S3])), (S4, layout.section_4(data[S4])))
    )


def test_a_published_report_pasted_as_html_comes_back_as_the_same_tables(year_2025):
    from gongkai.reports.selectors import compute

    data = compute(year_2025, 2025)
    imported, problems = imports.read_past_report(published_html(data), 2025)
    assert problems == []
    assert imported[S3] == data[S3]
    assert imported[S4] == data[S4]
    assert imported["checks"] == []


def test_plain_text_with_odd_spacing_and_a_failing_sum_is_read_and_the_failure_named():
    rows = tables.section_3_rows(2021)
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
    ]
    for row in rows:
        values = [0] * 7
        if row == tables.NEW:
            values = [3, 1, 0, 0, 0, 0, 4]
        if row.endswith("（一）予以公开") or row.endswith("（七）总计"):
            values = [3, 1, 0, 0, 0, 0, 4]
        if row == tables.CARRIED_OUT:
            values = [1, 0, 0, 0, 0, 0, 1]  # one too many: 一+二 ≠ 三+四
        lines.append(row.split("·")[-1] + "\u3000" + "   ".join(str(v) for v in values))
    lines.append("0 0 0 0 0  0 0 0 0 0  0 0 0 0 0")
    imported, problems = imports.read_past_report("\n".join(lines), 2025)
    assert problems == []
    assert imported[S3][tables.NEW]["总计"] == 4
    assert any("第一项加第二项" in c["text"] for c in imported["checks"])


def test_a_missing_table_row_is_named_and_the_rest_kept(year_2025):
    from gongkai.reports.selectors import compute

    data = compute(year_2025, 2025)
    html = published_html(data).replace("2.重复申请", "（此行在网页上缺失）")
    imported, problems = imports.read_past_report(html, 2025)
    assert problems == ["未能读取第三部分“2.重复申请”一行。"]
    assert imported[S3][tables.NEW] == data[S3][tables.NEW]
    assert imported[S4] == data[S4]


def test_the_workbench_imports_statistics_and_a_past_report(client, two_orgs, year_2025):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from gongkai.accounts.models import Role
    from gongkai.reports.models import AnnualReport, ReportStatus, YearStatistics
    from gongkai.reports.selectors import compute

    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    url = reverse("workbench:report_list")
    csv = "年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）\n2024,9,1,0,0.5\n".encode()
    client.post(url, {"statistics": SimpleUploadedFile("s.csv", csv)})
    assert YearStatistics.objects.get(organization=two_orgs.gov_a, year=2024).licensing == 9
    html = published_html(compute(year_2025, 2025)).replace("2.重复申请", "缺")
    response = client.post(url, {"year": 2023, "pasted": html}, follow=True)
    text = response.content.decode()
    assert "未能读取第三部分“2.重复申请”一行" in text
    imported = AnnualReport.objects.get(organization=two_orgs.gov_a, year=2023)
    # A row could not be read: a draft for the official to complete, never a locked report.
    assert imported.status == ReportStatus.DRAFT
    assert imported.data["三、收到和处理政府信息公开申请情况"][tables.NEW]["总计"] == 6
    assert "导入核对" in text
    garbled = client.post(url, {"year": 2022, "pasted": "这不是年度报告"}, follow=True).content.decode()
    assert "没有读到年度报告的任何统计表" in garbled
    assert "这不是年度报告" in garbled  # what was pasted is kept


def test_the_workbench_shows_flagged_cells_beside_the_source_and_takes_the_officials_choice(client, two_orgs):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from gongkai.accounts.models import Role
    from gongkai.reports.models import AnnualReport, ReportStatus
    from gongkai.reports.tests.test_reader import CORPUS

    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    upload = SimpleUploadedFile("longgang.txt", (CORPUS / "flat-longgang-dept-2024.txt").read_bytes())
    page = client.post(
        reverse("workbench:report_list"), {"report_file": upload}, follow=True
    ).content.decode()
    report = AnnualReport.objects.get(organization=two_orgs.gov_a, year=2024)
    assert report.status == ReportStatus.DRAFT
    assert "导入核对" in page
    assert "5125" in page
    flagged = report.data["import"]["flagged"]
    target = next(c for c in flagged if c["row"] == "行政规范性文件" and c["column"] == "现行有效件数")
    assert f'name="cell-{target["id"]}" value="25"' in page  # a candidate to pick
    url = reverse("workbench:report_detail", args=[report.pk])
    client.post(url, {"confirm": "1", f"cell-{target['id']}": "25"})
    report.refresh_from_db()
    assert report.data["二、主动公开政府信息情况"]["行政规范性文件"]["现行有效件数"] == 25
    bad = client.post(url, {"confirm": "1", f"cell-{flagged[0]['id']}": "十二"}, follow=True).content.decode()
    assert "应为数字" in bad
    locked = client.post(reverse("workbench:report_step", args=[report.pk, "lock"]), follow=True)
    assert "未确认" in locked.content.decode()
    # another organ's staff cannot see it
    client.force_login(two_orgs.staff(two_orgs.gov_b, Role.HEAD))
    assert client.get(url).status_code == 404
