"""A domain the installation does not ship comes in from the organ's own file, printed as published
catalogues print it (ADR 0053): the domain in the title, a two-row header, √ columns, a merged
一级事项, 渠道 as a ■/□ checklist, a heading row. The bad lines are named; the rest is the draft.

The shape and the cells of the 税收管理 rows are those of the 税收管理领域基层政务公开标准目录（试行）
at http://xjbz.gov.cn/xjbz/c110498/Anarticle.shtml; the ticks, which that page does not show legibly,
are this test's own."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from gongkai.accounts.models import Role
from gongkai.catalog import standard_selectors as selectors
from gongkai.catalog import standard_services as services
from gongkai.catalog.standard_import import read_catalogue
from gongkai.catalog.standard_models import CatalogueStatus

BASIS = "《中华人民共和国政府信息公开条例》《国家税务总局关于印发<全面推进政务公开工作实施办法>的通知》"
LIMIT = "自该政府信息形成或者变更之日起20个工作日内及时公开"
CHANNELS = "■政府网站 □政府公报 □两微一端 ■其他：办税服务厅"


def _tax_catalogue(title: str = "税收管理领域基层政务公开标准目录（试行）") -> bytes:
    book = Workbook()
    sheet = book.active
    width = 14
    sheet.append([title] + [None] * (width - 1))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体",
                  "公开渠道和载体", "公开对象", None, "公开方式", None, "公开层级", None])  # fmt: skip
    sheet.append([None, "一级事项", "二级事项", None, None, None, None, None,
                  "全社会", "特定群众", "主动", "依申请公开", "县级", "乡、村级"])  # fmt: skip
    for left, right in (("B2", "C2"), ("I2", "J2"), ("K2", "L2"), ("M2", "N2")):
        sheet.merge_cells(f"{left}:{right}")
    for col in "ADEFGH":
        sheet.merge_cells(f"{col}2:{col}3")
    rows = [
        [1, "政策法规", "税收法律法规", "税务机关履职相关的法律、法规、规章", BASIS, LIMIT, "税务主管部门",
         CHANNELS, "√", None, "√", None, "√", None],
        [2, None, "税收规范性文件", "税务机关履职相关的规范性文件", "同上", LIMIT, "税务主管部门",
         CHANNELS, "√", None, "√", None, "√", "√"],
        ["二、纳税服务"] * width,  # a heading merged across the table
        [3, "纳税服务", "纳税人权利", "税收法律法规规定的纳税人权利", "《中华人民共和国税收征收管理法》",
         LIMIT, "税务主管部门", CHANNELS, "√", None, "√", None, None, None],  # no 层级 ticked
        [4, "纳税服务", "纳税人义务", "税收法律法规规定的纳税人义务", "《中华人民共和国税收征收管理法》",
         LIMIT, "税务主管部门", CHANNELS, "√", None, "○", None, "√", None],  # not a tick
        [5, "纳税服务", "A级纳税人名单", "纳税人识别号、纳税人名称、评价年度", BASIS, LIMIT,
         "税务主管部门", CHANNELS, None, "参评纳税人", "√", None, "√", None],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("B4:B5")  # 政策法规 over its two rows
    sheet.merge_cells(start_row=6, start_column=1, end_row=6, end_column=width)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_published_catalogue_is_read_as_printed():
    read = read_catalogue("目录.xlsx", _tax_catalogue())
    assert [(e["line"], e["message"]) for e in read.errors] == [
        (7, "公开层级一栏没有勾选（应在“县级”、“乡级”中至少一栏打√）。"),
        (8, "“主动”一栏的“○”无法识别，应打√或留空。"),
    ]
    rows = {r.values["level2"]: r for r in read.rows}
    assert list(rows) == ["税收法律法规", "税收规范性文件", "A级纳税人名单"]
    law, norms, a_list = (rows[k].values for k in rows)
    assert {r.values["domain_code"] for r in read.rows} == {"base-05"}  # from the title
    assert norms["level1"] == "政策法规"  # the merged 一级事项
    assert norms["basis"] == BASIS  # 同上
    assert law["content"] == "税务机关履职相关的法律、法规、规章"
    assert law["time_limit"] == LIMIT
    assert law["channels"] == "政府网站、其他：办税服务厅"  # only what is ticked ■
    assert (law["tier_county"], law["tier_township"]) == (True, False)
    assert (norms["tier_county"], norms["tier_township"]) == (True, True)
    assert (law["audience_public"], law["audience_specific"], law["proactive"], law["on_request"]) == (
        True, False, True, False,
    )  # fmt: skip
    # 特定群体（请写明）: the group's name stands for the tick.
    assert (a_list["audience_public"], a_list["audience_specific"]) == (False, True)


def test_the_domain_comes_from_the_file_name_or_is_asked_for():
    data = _tax_catalogue(title="")
    named = read_catalogue("国有土地上房屋征收领域基层政务公开标准目录.xlsx", data)
    assert {r.values["domain_code"] for r in named.rows} == {"base-07"}
    unnamed = read_catalogue("目录.xlsx", data)
    assert unnamed.rows == []
    assert unnamed.errors[0]["line"] == 3
    assert "没有写明领域" in unnamed.errors[0]["message"]
    # 救灾生产, as several counties title it, is 救灾.
    relief = read_catalogue("目录.xlsx", _tax_catalogue(title="（十）救灾生产领域基层政务公开标准目录"))
    assert {r.values["domain_code"] for r in relief.rows} == {"base-23"}


@pytest.mark.django_db
def test_an_unshipped_domain_is_imported_as_a_draft_with_its_bad_lines_named(two_orgs):
    county = two_orgs.gov_b
    editor = two_orgs.staff(county, Role.EDITOR)
    version, errors = services.import_catalogue(
        org=county, actor=editor, filename="税收管理.xlsx", data=_tax_catalogue()
    )
    assert [e["line"] for e in errors] == [7, 8]
    assert version.status == CatalogueStatus.DRAFT
    assert version.import_report == errors
    items = list(version.items.order_by("position"))
    assert [i.level2 for i in items] == ["税收法律法规", "税收规范性文件", "A级纳税人名单"]
    assert all(i.domain_code == "base-05" and i.standard_item is None for i in items)  # local rows
    assert selectors.public_items(county).count() == 0  # nothing public before review
    services.submit_version(version=version, actor=editor)
    services.approve_version(version=version, actor=two_orgs.staff(county, Role.REVIEWER))
    assert selectors.public_items(county, domain="base-05").count() == 3


@pytest.mark.django_db
def test_the_editor_imports_it_on_the_catalogue_page_and_sees_the_lines_named(client, two_orgs):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(two_orgs.staff(two_orgs.gov_b, Role.EDITOR))
    upload = SimpleUploadedFile("税收管理.xlsx", _tax_catalogue())
    page = client.post(
        reverse("workbench:catalogue"), {"action": "import", "file": upload}, follow=True
    ).content.decode()
    assert "2行未能读取" in page
    assert "第7行" in page
    assert "公开层级一栏没有勾选" in page
    assert "第8行" in page
    assert "A级纳税人名单" in page
