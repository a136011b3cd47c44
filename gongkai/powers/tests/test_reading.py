"""Reading real-shaped lists: headers by their text in any order, merged cells, bad rows named."""

from gongkai.powers.headers import category_for, field_for_header
from gongkai.powers.reading import read_workbook
from gongkai.powers.tests.factories import real_bytes, workbook_bytes


def test_header_synonyms_name_the_same_field():
    assert (
        field_for_header("权力名称") == field_for_header("事项名称") == field_for_header("职权名称") == "name"
    )
    assert field_for_header("权力类型") == field_for_header("类 别") == "category"
    assert field_for_header("子项名称") == "sub_name"
    assert field_for_header("设定\n依据") == "basis"
    assert field_for_header("审批层级") is None


def test_category_words_of_real_lists():
    assert category_for("行政许可") == category_for("许可") == category_for("行政许可类") == "licensing"
    assert category_for("其他行政权力") == "other"
    assert category_for("行政审批") is None


def test_county_list_with_two_row_header_and_merged_main_item():
    read = read_workbook(real_bytes("county-market-powers.xlsx"), kind="powers")
    assert read.problems == []
    assert len(read.rows) == 8
    first, second = read.rows[:2]
    # 主项 merged down over its 子项; the 子项 column under the merged 事项名称 header.
    assert (first["name"], first["sub_name"]) == ("食品生产经营许可", "食品生产许可")
    assert (second["name"], second["sub_name"]) == ("食品生产经营许可", "食品经营许可")
    assert first["code"] == "330217001000"
    assert [r["category"] for r in read.rows].count("penalty") == 2
    assert read.rows[-1]["category"] == "other"
    assert "受理责任" in first["responsibilities"]


def test_township_list_takes_categories_from_heading_rows():
    read = read_workbook(real_bytes("township-powers-sections.xlsx"), kind="powers")
    assert read.problems == []
    assert [r["category"] for r in read.rows] == [
        "penalty",
        "penalty",
        "coercion",
        "payment",
        "payment",
        "other",
    ]
    assert read.rows[3]["name"] == "特困人员救助供养"
    assert read.rows[3]["basis"].startswith("《社会救助暂行办法》")


def test_public_service_list_reads_service_columns():
    read = read_workbook(real_bytes("county-hr-public-services.xlsx"), kind="services")
    assert read.problems == []
    row = read.rows[0]
    assert row["category"] == "public_service"
    assert row["location"] == "示范县政务服务中心二楼人社窗口"
    assert row["phone"] == "0994-1234567"
    assert row["time_limit"] == "即时办结"


def test_columns_in_another_order_read_the_same():
    header = ["权力名称", "权力类型", "实施主体", "设定依据"]
    row = ["对无照经营的处罚", "行政处罚", "县市场监管局", "《无证无照经营查处办法》第十三条"]
    reordered = [3, 1, 0, 2]
    a = read_workbook(workbook_bytes(("表", [header, row])), kind="powers").rows
    b = read_workbook(
        workbook_bytes(("表", [[header[i] for i in reordered], [row[i] for i in reordered]])), kind="powers"
    ).rows
    assert a == b
    assert a[0]["basis"] == "《无证无照经营查处办法》第十三条"


def test_bad_rows_are_named_with_sheet_and_line_and_the_rest_kept():
    rows = [
        ["某局权责清单"],
        ["序号", "事项名称", "类别", "设定依据"],
        [1, "甲许可", "行政许可", "某法第一条"],
        [2, "乙事项", "行政审批", "某法第二条"],  # unknown 类别
        [3, "甲许可", "行政许可", "某法第一条"],  # duplicate
        [4, "", "行政处罚", "某法第三条"],  # no name
        [5, "丙处罚", "行政处罚", "某法第四条"],
        [6, "丁事项", "", "某法第五条"],  # no 类别
    ]
    other = [["事项名称", "权力类型"], ["甲许可", "许可"]]  # duplicate across sheets
    read = read_workbook(workbook_bytes(("许可处罚", rows), ("补充", other)), kind="powers")
    assert [r["name"] for r in read.rows] == ["甲许可", "丙处罚"]
    messages = [str(p) for p in read.problems]
    assert any(m.startswith("工作表“许可处罚”第4行") and "行政审批" in m for m in messages)
    assert any(m.startswith("工作表“许可处罚”第5行") and "与第3行重复" in m for m in messages)
    assert any(m.startswith("工作表“许可处罚”第6行") and "事项名称为空" in m for m in messages)
    assert any(m.startswith("工作表“许可处罚”第8行") and "类别为空" in m for m in messages)
    assert any(m.startswith("工作表“补充”第2行") and "“许可处罚”第3行" in m for m in messages)


def test_a_file_that_is_not_xlsx_is_one_problem_not_an_error():
    read = read_workbook(b"not a spreadsheet", kind="powers")
    assert read.rows == []
    assert "无法读取该文件" in str(read.problems[0])


def test_a_sheet_without_headers_is_named():
    read = read_workbook(workbook_bytes(("说明", [["本表为示例"], ["无表头"]])), kind="powers")
    assert read.rows == []
    assert "未找到表头" in str(read.problems[0])
