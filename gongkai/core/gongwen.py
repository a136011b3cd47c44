"""Official letters (公文) in the GB/T 9704-2012 layout, as .docx (python-docx) and PDF (WeasyPrint).

The layout follows ``documents.md`` §1–6: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 22 lines of
28 characters, 3号仿宋 body, 2号小标宋 title, headings 一、黑体 / （一）楷体, 成文日期 右空四字 in
Arabic digits, page numbers “— 1 —” outside the 版心 on alternate sides. The .docx names the
official fonts (the reader's Word substitutes if missing); the PDF embeds free Noto CJK faces,
since the official fonts may not be embedded.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312"}
LINE_PITCH_PT = 28.95  # 225 mm / 22 lines
HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
HEADING_2 = re.compile(r"^（[一二三四五六七八九十]+）")


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass
class Grid:
    """A table with merged cells, row by row; a cell covered by a span above is simply left out."""

    rows: list[list[Cell]]
    columns: int

    def placed(self) -> list[tuple[int, int, Cell]]:
        """(row, column, cell) of every cell, columns resolved around the spans."""
        taken: set[tuple[int, int]] = set()
        out = []
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                out.append((r, c, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
        return out


@dataclass
class Table:
    caption: str
    grid: Grid


@dataclass
class Gongwen:
    title: str  # lines separated by "\n" (organ name, document name)
    paragraphs: list  # of str, or Table for a table with its caption
    signature: str
    dated: date
    number: str = ""  # 发文字号, e.g. 甲发改公开答〔2026〕3号
    addressee: str = ""  # with its full-width colon
    note: str = ""  # 附注, e.g. （联系人：…，电话：…）
    attachments: list[str] = field(default_factory=list)


def chinese_date(day: date) -> str:
    """GB/T 9704 §7.3.5.4: 2024年1月5日 (Arabic digits, no padding)."""
    return f"{day.year}年{day.month}月{day.day}日"


def heading_level(text: str) -> int:
    if HEADING_1.match(text):
        return 1
    if HEADING_2.match(text):
        return 2
    return 0


# ---------------------------------------------------------------- .docx


def render_docx(doc: Gongwen) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), "579")
    grid.set(qn("w:charSpace"), "-848")

    def font(run, name: str, size: float, bold: bool = False) -> None:
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = name
        rpr = run._element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(slot), name)

    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    def paragraph(
        text: str = "", *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, right_chars: int = 0
    ):
        p = document.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH_PT)
        fmt.space_before = fmt.space_after = Pt(0)
        p.alignment = align
        ppr = p._p.get_or_add_pPr()
        if indent or right_chars:
            ind = OxmlElement("w:ind")
            if indent:
                ind.set(qn("w:firstLineChars"), "200")
                ind.set(qn("w:firstLine"), "640")
            if right_chars:
                ind.set(qn("w:rightChars"), str(right_chars * 100))
                ind.set(qn("w:right"), str(right_chars * 320))
            ppr.append(ind)
        if text:
            font(p.add_run(text), BODY_FONT, 16)
        return p

    for line in doc.title.split("\n"):
        title = paragraph(align=WD_ALIGN_PARAGRAPH.CENTER)
        font(title.add_run(line), TITLE_FONT, 22)
    if doc.number:
        paragraph(doc.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph()
    if doc.addressee:
        paragraph(doc.addressee, align=WD_ALIGN_PARAGRAPH.LEFT)
    for text in doc.paragraphs:
        if isinstance(text, Table):
            _docx_table(document, text, paragraph, font)
            continue
        level = heading_level(text)
        p = paragraph(indent=True)
        font(p.add_run(text), HEADING_FONTS.get(level, BODY_FONT), 16)
    if doc.attachments:
        paragraph()
        for i, name in enumerate(doc.attachments, start=1):
            label = "附件：" if i == 1 else "　　　"
            prefix = f"{i}." if len(doc.attachments) > 1 else ""
            paragraph(f"{label}{prefix}{name}", indent=True)
    paragraph()
    paragraph()
    paragraph(doc.signature, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=2)
    paragraph(chinese_date(doc.dated), align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    if doc.note:
        paragraph(doc.note, indent=True)

    # Page numbers: “— 1 —”, 4号宋体, right on odd pages and left on even ones (§7.5).
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
    ):
        p = footer.paragraphs[0]
        p.alignment = align
        if side == "right":
            p.paragraph_format.right_indent = Pt(14)
        else:
            p.paragraph_format.left_indent = Pt(14)
        font(p.add_run("— "), "宋体", 14)
        run = p.add_run()
        font(run, "宋体", 14)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)
        font(p.add_run(" —"), "宋体", 14)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document, table: Table, paragraph, font) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    caption = paragraph(align=WD_ALIGN_PARAGRAPH.CENTER)
    font(caption.add_run(table.caption), HEADING_FONTS[1], 14)
    grid = table.grid
    docx_table = document.add_table(rows=len(grid.rows), cols=grid.columns)
    docx_table.style = "Table Grid"
    docx_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, c, cell in grid.placed():
        target = docx_table.cell(r, c)
        if cell.colspan > 1 or cell.rowspan > 1:
            target = target.merge(docx_table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        target.text = ""
        p = target.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # Table text is 五号 (10.5 pt): the 15 columns of section 四 must fit the 156 mm 版心.
        font(p.add_run(cell.text), HEADING_FONTS[1] if cell.header else BODY_FONT, 10.5)


# ---------------------------------------------------------------- PDF


def render_html(doc: Gongwen) -> str:
    blocks = [
        ("table", text) if isinstance(text, Table) else (heading_level(text), text) for text in doc.paragraphs
    ]
    return render_to_string(
        "gongwen/letter.html",
        {"doc": doc, "blocks": blocks, "title_lines": doc.title.split("\n"), "date": chinese_date(doc.dated)},
    )


def render_pdf(doc: Gongwen) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(doc)).write_pdf()


# ---------------------------------------------------------------- download

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx),
    "pdf": ("application/pdf", render_pdf),
}


def download(doc: Gongwen, fmt: str, name: str):
    """``doc`` as an attachment named ``name``.<fmt>; Http404 for a format we do not make."""
    from django.http import Http404, HttpResponse
    from django.utils.http import content_disposition_header

    if fmt not in FORMATS:
        raise Http404("格式不存在")
    content_type, render_file = FORMATS[fmt]
    response = HttpResponse(render_file(doc), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{name}.{fmt}")
    response["Cache-Control"] = "no-store"
    return response
