"""The report as officials expect it (issue 11, item 6): rendered to PDF and looked at with poppler
(pdftoppm to PNG, pdftotext per page), and in .docx and HTML."""

import io
import random
import re
import shutil
import subprocess

import pytest

from gongkai.accounts.models import Role
from gongkai.core.gongwen import render_docx, render_html, render_pdf
from gongkai.demo.reports import finished_texts
from gongkai.reports import services
from gongkai.reports.documents import as_gongwen

pytestmark = pytest.mark.django_db
HEADING = "三、收到和处理政府信息公开申请情况"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: run `make system-deps` (Debian package poppler-utils)")
    return path


@pytest.fixture
def report(two_orgs, year_2025):
    org, head = two_orgs.gov_a, two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    report = services.prepare(org=org, actor=head, year=2025)
    texts = finished_texts(report, random.Random(3))
    texts["overview"] = "（一）主动公开。本年度主动公开政府信息，及时更新公开目录。\n" + texts["overview"]
    return services.update_texts(report=report, actor=head, **texts)


def _pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    count = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                [_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    return [
        subprocess.run(
            [_tool("pdftotext"), "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def test_the_pdf_repeats_the_table_header_on_each_page_and_keeps_it_with_its_rows(report, tmp_path):
    pdf = render_pdf(as_gongwen(report))
    pages = _pages(pdf, tmp_path)
    # Table 三 is taller than a page: it must continue on a second page.
    row = re.compile(r"(属于国家秘密|属于行政查询事项|重复申请|其他|结转下年度继续办理)\s+\d")
    holding = [i for i, text in enumerate(pages) if row.search(text)]
    assert len(holding) >= 2
    for i in holding:
        assert "申请人情况" in pages[i], f"page {i + 1} has rows of table 三 without its header"
    first = next(i for i, text in enumerate(pages) if "一、本年新收政府信息公开申请" in text)
    assert "申请人情况" in pages[first]  # the header never stands alone at a page's foot
    # Header cells are wide enough: 自然人 is not cut into lines of one character.
    assert "自然人" in pages[first]
    # The heading is printed once, not again as the table's caption.
    assert sum(text.count(HEADING) for text in pages) == 1
    # The pages render (PNG) and the table's page is not blank.
    paths = [str(tmp_path / "report.pdf"), str(tmp_path / "page")]
    subprocess.run(
        [_tool("pdftoppm"), "-png", "-r", "40", "-f", str(first + 1), "-l", str(first + 1), *paths],
        check=True,
    )
    from PIL import Image

    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * image.width * image.height  # table rules and text, not an empty page


def test_only_the_run_in_heading_is_set_in_kai_and_header_rows_repeat_in_word(report):
    document = as_gongwen(report)
    html = render_html(document)
    assert '<span class="h2">（一）主动公开。</span>本年度主动公开政府信息' in html
    assert "<caption>" not in html
    assert html.count("<thead>") == 3  # sections 二, 三, 四
    import docx

    word = docx.Document(io.BytesIO(render_docx(document)))
    paragraph = next(p for p in word.paragraphs if p.text.startswith("（一）主动公开。"))
    heading, rest = paragraph.runs[0], paragraph.runs[1]
    assert heading.text == "（一）主动公开。"
    assert heading.font.name != rest.font.name  # 楷体 for the heading only
    section_3 = word.tables[1]
    repeated = [row for row in section_3.rows if row._tr.xpath("./w:trPr/w:tblHeader")]
    assert len(repeated) == 3
    assert sum(1 for p in word.paragraphs if p.text == HEADING) == 1


def test_word_header_cells_are_wide_enough_never_one_character_per_line(report):
    """Word has no renderer here, so the check is the arithmetic Word itself does: a header
    cell's width (its columns' w:tcW) less the cell margins, in 五号 characters (10.5 pt)."""
    import docx
    from docx.oxml.ns import qn

    word = docx.Document(io.BytesIO(render_docx(as_gongwen(report))))
    char_mm = 10.5 * 25.4 / 72
    for number, table in enumerate(word.tables):
        properties = table._tbl.tblPr
        assert properties.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        margin = properties.find(qn("w:tblCellMar"))
        side_mm = sum(int(margin.find(qn(f"w:{s}")).get(qn("w:w"))) for s in ("left", "right")) / 56.7
        grid = [int(col.get(qn("w:w"))) / 56.7 for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(grid) - 156) < 1, f"table {number + 1} is not as wide as the 版心"
        for row in table.rows:
            for cell in row.cells:
                text = cell.text.strip()
                if not text or re.fullmatch(r"[\d.]+", text):
                    continue
                per_line = int((cell.width.mm - side_mm) / char_mm)
                assert per_line >= 2, f"table {number + 1}: {text} would wrap one character per line"
                if text in ("自然人", "总计", "商业企业", "科研机构", "其他"):
                    assert per_line >= min(len(text), 3), f"table {number + 1}: {text} is cut"
