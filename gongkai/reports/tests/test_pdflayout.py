"""A PDF report's table cells read by glyph position: the columns come from the table's own
headers, a number counts only where it settles in one column, anything else stays as printed."""

from pathlib import Path

import pytest

from gongkai.reports import pdflayout, reader, tables
from gongkai.reports.pdflayout import Line, Word

CORPUS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "annual_reports" / "real"
S3 = reader.S3
S4 = reader.S4

# Section 三 of a made-up 2021 report whose empty cells are left blank ("" = a blank cell), as
# many pages print them. Its arithmetic holds, so every cell has one true value.
BLANK = [""] * 7
ROWS_2021 = {
    "一、本年新收政府信息公开申请数量": [3, "", "", 2, "", "", 5],
    "二、上年结转政府信息公开申请数量": ["", 1, "", "", "", "", 1],
    "（一）予以公开": [2, "", "", 1, "", "", 3],
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [1, "", "", "", "", "", 1],
    "3.危及“三安全一稳定”": ["", 1, "", "", "", "", 1],
    "（七）总计": [3, 1, "", 1, "", "", 5],
    "四、结转下年度继续办理": ["", "", "", 1, "", "", 1],
}
SECTION_4 = [1, "", "", "", 1, "", "", "", 1, 1, "", "", "", "", ""]


def _label(row: str) -> str:
    return row.split("·")[-1] if "（七）" not in row else "（七）总计"


def _report_html() -> str:
    cells = lambda values: "".join(f"<td>{v}</td>" for v in values)  # noqa: E731
    rows3 = []
    for row in tables.section_3_rows(2021):
        label = _label(row) if "·" in row else row
        values = ROWS_2021.get(label, BLANK)
        rows3.append(f"<tr><td colspan='3'>{label}</td>{cells(values)}</tr>")
    leaves = "".join(f"<td>{c}</td>" for c in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
    return f"""<html><head><style>
      @page {{ size: A4; margin: 20mm }}
      body {{ font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 9pt }}
      table {{ border-collapse: collapse; table-layout: fixed; width: 100% }}
      td {{ border: 0.5pt solid black; padding: 2pt; text-align: center }}
    </style></head><body>
    <h1>2025年某县某局政府信息公开工作年度报告</h1>
    <p>本局全年共收到政府信息公开申请5件。</p>
    <h2>二、主动公开政府信息情况</h2>
    <table>
      <tr><td colspan="4">第二十条第（一）项</td></tr>
      <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
      <tr><td>规章</td><td></td><td></td><td>2</td></tr>
      <tr><td>行政规范性文件</td><td>5</td><td></td><td>25</td></tr>
      <tr><td colspan="4">第二十条第（五）项</td></tr>
      <tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
      <tr><td>行政许可</td><td colspan="3">120</td></tr>
    </table>
    <h2>三、收到和处理政府信息公开申请情况</h2>
    <table>
      <tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，
          等于第三项加第四项之和）</td>
          <td colspan="7">申请人情况</td></tr>
      <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
      <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
      {"".join(rows3)}
    </table>
    <h2>四、政府信息公开行政复议、行政诉讼情况</h2>
    <table>
      <tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
      <tr>{leaves.replace("<td>", "<td rowspan='2'>")}<td colspan="5">未经复议直接起诉</td>
          <td colspan="5">复议后起诉</td></tr>
      <tr>{leaves}{leaves}</tr>
      <tr>{cells(SECTION_4)}</tr>
    </table>
    <h2>五、存在的主要问题及改进情况</h2><p>无。</p>
    </body></html>"""


@pytest.fixture(scope="module")
def blank_cell_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string=_report_html()).write_pdf()


def _truth(values):
    return [v if v != "" else 0 for v in values]


def test_a_generated_pdf_with_blank_cells_is_read_cell_by_cell(blank_cell_pdf):
    reading = reader.read_report(reader.text_of_upload("report.pdf", blank_cell_pdf), 2025)
    for label, values in ROWS_2021.items():
        cells = [c for c in reading.cells if c.table == S3 and c.row.endswith(label)]
        assert [c.value for c in cells] == _truth(values), label
        assert {c.status for c in cells} == {"read"}, label
    blank = [c for c in reading.cells if c.table == S3 and c.row.endswith("1.属于国家秘密")]
    assert [c.value for c in blank] == [0] * 7
    section_4 = [c for c in reading.cells if c.table == S4]
    assert [c.value for c in section_4] == _truth(SECTION_4)
    assert {c.status for c in section_4} == {"read"}
    assert not [c for c in reading.checks if "三" in c.get("cell", "") or "四" in c.get("cell", "")]
    # Section 二 has no sum: ``5 25`` could be 5 | 25 | or 5 | | 25; the positions tell.
    normative = [c for c in reading.cells if c.table == reader.S2 and c.row == "行政规范性文件"]
    assert [(c.value, c.status) for c in normative] == [(5, "read"), (0, "read"), (25, "read")]
    rule = [c for c in reading.cells if c.table == reader.S2 and c.row == "规章"]
    assert [c.value for c in rule] == [0, 0, 2]


def test_the_same_pdf_by_its_text_layer_alone_leaves_the_columns_to_a_person(blank_cell_pdf):
    from gongkai.textproc import bounded

    extraction = bounded.text_with_tables("pdf", blank_cell_pdf)
    assert extraction.words  # the child returned the words with their boxes
    reading = reader.read_report(extraction.text, 2025)
    first = [c for c in reading.cells if c.table == S3 and c.row.endswith("本年新收政府信息公开申请数量")]
    # ``3 2 5``: which of the six columns 2 stood in is not in the text
    assert any(c.status in ("ambiguous", "unread") for c in first)
    normative = [c for c in reading.cells if c.table == reader.S2 and c.row == "行政规范性文件"]
    assert any(c.status in ("ambiguous", "unread") for c in normative)
    truth = _truth(ROWS_2021["一、本年新收政府信息公开申请数量"])
    assert all(c.value in (None, t) for c, t in zip(first, truth, strict=True))


def test_the_real_printed_page_is_rebuilt_with_its_blank_cells():
    from gongkai.textproc import bounded

    extraction = bounded.text_with_tables("pdf", (CORPUS / "shanghai-office-2019-print.pdf").read_bytes())
    text, placed = pdflayout.text_by_position(list(extraction.words))
    assert "本年新收政府信息公开申请数量 | 821 | 35 |  |  | 2 | 1 | 859 |" in text
    assert " | 5 |  |  | 2 | 7 | 8 |  |  | 1 | 9 |  |  |  |  |  |" in text
    assert placed == 24  # 8 rows of 二, the 15 rows of 三 with a number, and 四


# ---------------------------------------------------------------- what stays as printed

COLUMNS = [(100, 110), (130, 140), (160, 170)]


def _line(*words):
    return Line([Word(t, x0, 10, x1, 20) for t, x0, x1 in words])


def test_a_number_settles_in_one_column_or_in_none():
    assert pdflayout.column_of(Word("12", 131, 10, 139, 20), COLUMNS) == 1
    # right-aligned under a narrow header, still between its neighbours
    assert pdflayout.column_of(Word("1234", 112, 10, 128, 20), COLUMNS) is None
    assert pdflayout.column_of(Word("5", 163, 10, 167, 20), COLUMNS) == 2
    assert pdflayout.column_of(Word("5", 200, 10, 204, 20), COLUMNS) is None  # beyond the table


def test_a_line_is_placed_only_when_every_number_has_its_own_column():
    assert pdflayout.place_line(_line(("重复申请", 20, 60), ("5", 101, 105), ("5", 161, 165)), COLUMNS) == (
        "重复申请 | 5 |  | 5 |"
    )
    # two numbers in one column: the boundary between them is not known
    assert (
        pdflayout.place_line(_line(("重复申请", 20, 60), ("5", 101, 104), ("6", 106, 109)), COLUMNS) is None
    )
    # a number between two headers could belong to either
    assert pdflayout.place_line(_line(("重复申请", 20, 60), ("12", 112, 128)), COLUMNS) is None
    # text among the cells: not a plain row
    assert pdflayout.place_line(_line(("说明", 20, 60), ("见附件", 100, 125)), COLUMNS) is None


def _page(*lines):
    return {"words": [list(w) for line in lines for w in line]}


def _header(y):
    labels = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    return [[label, 200 + 40 * i, y, 230 + 40 * i, y + 10] for i, label in enumerate(labels)]


def test_numbers_printed_apart_from_their_labels_are_not_placed():
    # Some PDFs write every label first, then the numbers: a line of numbers with no label of
    # its own is placed only beside the label just written.
    heading = [["三、收到和处理政府信息公开申请情况", 20, 700, 200, 710]]
    page = _page(
        heading,
        _header(680),
        [["一、本年新收政府信息公开申请数量", 20, 660, 190, 670]],
        [["二、上年结转政府信息公开申请数量", 20, 640, 190, 650]],
        [["3", 201, 660, 206, 670], ["3", 441, 660, 446, 670]],
        [["1", 241, 640, 246, 650], ["1", 441, 640, 446, 650]],
    )
    text, placed = pdflayout.text_by_position([page])
    assert placed == 0
    assert "|" not in text


def test_headers_not_exactly_the_formats_place_nothing():
    heading = [["三、收到和处理政府信息公开申请情况", 20, 700, 200, 710]]
    header = [w for w in _header(680) if w[0] != "科研机构"]  # a column missing: positions would shift
    page = _page(
        heading, header, [["一、本年新收政府信息公开申请数量", 20, 660, 190, 670], ["5", 201, 660, 206, 670]]
    )
    assert pdflayout.text_by_position([page])[1] == 0
    page = _page(
        heading,
        _header(680),
        [["一、本年新收政府信息公开申请数量", 20, 660, 190, 670], ["5", 201, 660, 206, 670]],
    )
    text, placed = pdflayout.text_by_position([page])
    assert placed == 1
    assert "一、本年新收政府信息公开申请数量 | 5 |  |  |  |  |  |  |" in text


def test_a_header_repeated_on_the_next_page_gives_that_pages_columns():
    heading = [["三、收到和处理政府信息公开申请情况", 20, 700, 200, 710]]
    first = _page(
        heading,
        _header(680),
        [["一、本年新收政府信息公开申请数量", 20, 660, 190, 670], ["5", 201, 660, 206, 670]],
    )
    shifted = [[w[0], w[1] + 40, w[2], w[3] + 40, w[4]] for w in _header(680)]
    second = _page(
        shifted, [["二、上年结转政府信息公开申请数量", 20, 660, 190, 670], ["2", 241, 660, 246, 670]]
    )
    text, placed = pdflayout.text_by_position([first, second])
    assert placed == 2
    # under the repeated header's 自然人, not under page one's 商业企业
    assert "二、上年结转政府信息公开申请数量 | 2 |  |  |  |  |  |  |" in text
    partial = _page(
        shifted[:3], [["二、上年结转政府信息公开申请数量", 20, 660, 190, 670], ["2", 241, 660, 246, 670]]
    )
    assert pdflayout.text_by_position([first, partial])[1] == 1  # a header cut short places nothing


def test_a_pdf_without_words_falls_back_to_its_text_layer():
    assert pdflayout.text_by_position([]) == ("", 0)


# ---------------------------------------------------------------- the platform's own PDF, read back


@pytest.mark.django_db
def test_the_platforms_own_pdf_of_a_report_reads_back_to_its_tables(two_orgs, year_2025):
    # Next year's import of this year's published PDF (another platform, or a migration) must
    # give back the same tables: the header repeated on the table's second page included.
    from gongkai.accounts.models import Role
    from gongkai.core.gongwen import render_pdf
    from gongkai.reports import documents, services

    org, head = two_orgs.gov_a, two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    report = services.prepare(org=org, actor=head, year=2025)
    data = documents.report_data(report)
    pdf = render_pdf(documents.as_gongwen(report))
    assert sum(v for row in data[S3].values() for v in row.values()) > 0  # a year with cases
    from gongkai.textproc import bounded

    placed = pdflayout.text_by_position(list(bounded.text_with_tables("pdf", pdf).words))[1]
    assert placed >= 20  # read by position, on both pages of table 三
    reading = reader.read_report(reader.text_of_upload("report.pdf", pdf), 2025)
    assert reading.complete
    assert reading.table(S3) == data[S3]
    assert reading.table(S4) == data[S4]


def test_kangxi_radicals_of_a_word_export_read_as_the_characters():
    # ``⼀、本年新收`` (U+2F00) in some PDFs' text layers is 一、本年新收
    assert reader.normalize("⼀、本年新收政府信息公开申请数量⼈") == "一、本年新收政府信息公开申请数量人"


def test_headers_spelt_with_kangxi_radicals_still_give_the_columns():
    heading = [["三、收到和处理政府信息公开申请情况", 20, 700, 200, 710]]
    header = [[w[0].replace("人", "⼈"), *w[1:]] for w in _header(680)]
    page = _page(
        heading, header, [["⼀、本年新收政府信息公开申请数量", 20, 660, 190, 670], ["5", 201, 660, 206, 670]]
    )
    text, placed = pdflayout.text_by_position([page])
    assert placed == 1
    assert "一、本年新收政府信息公开申请数量 | 5 |" in text


def test_a_damaged_pdf_is_refused_with_a_reason():
    with pytest.raises(reader.NotAReport, match="无法读取"):
        reader.text_of_upload("report.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50)
