"""Official letters (公文) in the GB/T 9704-2012 layout, as .docx (python-docx) and PDF (WeasyPrint).

The layout follows ``documents.md`` §1–6: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 22 lines of
28 characters, 3号仿宋 body, 2号小标宋 title, headings 一、黑体 / （一）楷体, 成文日期 in Arabic digits
placed by §7.3.5 (``signature_layout``), page numbers “— 1 —” outside the 版心 on alternate sides.
The .docx names the official fonts (仿宋_GB2312 etc.; the reader's Word substitutes if missing);
the PDF embeds free faces, since the official ones may not be embedded: FandolFang for the 仿宋
body (Debian texlive-lang-chinese, made visible by scripts/fonts/65-gongkai-fandol.conf), Noto CJK
for title, 黑体 and page numbers.
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
    label: bool = False  # a row's label: kept in view when a wide table scrolls sideways


@dataclass
class Grid:
    """A table with merged cells, row by row; a cell covered by a span above is simply left out."""

    rows: list[list[Cell]]
    columns: int
    # Relative column widths: a fixed layout, so a narrow header column does not wrap one
    # character per line while the label column takes the room.
    widths: list[float] | None = None

    @property
    def head_rows(self) -> int:
        """The leading rows made only of header cells: repeated at the top of each PDF page."""
        count = 0
        for row in self.rows:
            if not row or not all(cell.header for cell in row):
                break
            count += 1
        return count

    @property
    def head(self) -> list[list[Cell]]:
        return self.rows[: self.head_rows]

    @property
    def body(self) -> list[list[Cell]]:
        return self.rows[self.head_rows :]

    @property
    def percentages(self) -> list[str]:
        total = sum(self.widths or []) or 1
        return [f"{100 * w / total:.2f}%" for w in self.widths or []]

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
    # GB/T 9704 §7.3.5: a sealed document centres the organ's name over the date (右空四字); an
    # unsealed one puts the name 右空二字 and the date under it, two characters further right.
    sealed: bool = True
    seal_image: bytes = b""  # an electronic seal (PNG), pressed over name and date


SEAL_DIAMETER_MM = 42  # the usual 政府信息公开专用章 / 机关印章 size


def text_width(text: str) -> float:
    """Width in 字 (one 3号 character): Arabic digits and Latin letters are half-width."""
    return sum(0.5 if ord(char) < 0x2E80 else 1 for char in text)


def signature_layout(name: str, dated: str, *, sealed: bool) -> tuple[float, float]:
    """(right indent of the name, right indent of the date), in 字, per GB/T 9704-2012 §7.3.5.

    §7.3.5.1 (sealed): the date 右空四字, the name centred over the date.
    §7.3.5.3 (unsealed): the name 右空二字, the date on the next line starting two characters
    right of the name's first character; if that would leave the date less than 右空二字, the date
    is 右空二字 and the name moves left accordingly."""
    name_w, date_w = text_width(name), text_width(dated)
    if sealed:
        return max(0.0, 4 + (date_w - name_w) / 2), 4.0
    date_right = name_w - date_w
    if date_right >= 2:
        return 2.0, date_right
    return 4 + date_w - name_w, 2.0


def chinese_date(day: date) -> str:
    """GB/T 9704 §7.3.5.4: 2024年1月5日 (Arabic digits, no padding)."""
    return f"{day.year}年{day.month}月{day.day}日"


RUN_IN = re.compile(r"^(（[一二三四五六七八九十]+）[^。：:]{1,24}[。：:])(.+)$", re.S)


def run_in(text: str) -> tuple[str, str]:
    """A paragraph opening with its heading (``（一）主动公开。本年度…``): the heading, set in 楷体,
    and the rest, in the body face. A heading standing alone returns (text, "")."""
    match = RUN_IN.match(text)
    return (match.group(1), match.group(2)) if match else (text, "")


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
        text: str = "", *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, right_chars: float = 0
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
                ind.set(qn("w:rightChars"), str(round(right_chars * 100)))
                ind.set(qn("w:right"), str(round(right_chars * 320)))
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
        if level == 2:  # only the run-in heading in 楷体, the paragraph's text in the body face
            heading, rest = run_in(text)
            font(p.add_run(heading), HEADING_FONTS[2], 16)
            if rest:
                font(p.add_run(rest), BODY_FONT, 16)
            continue
        font(p.add_run(text), HEADING_FONTS.get(level, BODY_FONT), 16)
    if doc.attachments:
        paragraph()
        for i, name in enumerate(doc.attachments, start=1):
            label = "附件：" if i == 1 else "　　　"
            prefix = f"{i}." if len(doc.attachments) > 1 else ""
            paragraph(f"{label}{prefix}{name}", indent=True)
    dated = chinese_date(doc.dated)
    name_right, date_right = signature_layout(doc.signature, dated, sealed=doc.sealed)
    # Sealed: the seal's top within one line of the text, so name and date sit under its centre;
    # unsealed: one blank line below the text (§7.3.5).
    for _ in range(2 if doc.sealed else 1):
        paragraph()
    paragraph(doc.signature, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=name_right)
    date_paragraph = paragraph(dated, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=date_right)
    if doc.sealed and doc.seal_image:
        _docx_seal(date_paragraph, doc.seal_image, date_right + text_width(dated) / 2)
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


def _docx_seal(paragraph, image: bytes, centre_from_right_chars: float) -> None:
    """The seal as a floating picture in front of the text, centred on the date's centre and
    raised so the name and date sit just below the seal's centre (python-docx places only inline
    pictures: the inline element is rebuilt as a ``wp:anchor``)."""
    from docx.oxml import parse_xml
    from docx.shared import Mm, Pt

    run = paragraph.add_run()
    run.add_picture(io.BytesIO(image), width=Mm(SEAL_DIAMETER_MM))
    inline = run._r.xpath(".//wp:inline")[0]
    extent = inline.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    # Horizontal: from the right margin, the date centre minus half the seal; vertical: from the
    # date line, up by the seal's half height plus half a line.
    right_offset = int(Pt(16 * centre_from_right_chars)) + cx // 2
    offset_x = -right_offset
    offset_y = -(cy // 2) - int(Pt(14))
    graphic = inline.xpath("./a:graphic")[0]
    doc_pr = inline.xpath("./wp:docPr")[0]
    anchor = parse_xml(
        '<wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" '
        'behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="rightMargin"><wp:posOffset>{offset_x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="line"><wp:posOffset>{offset_y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        "</wp:anchor>"
    )
    anchor.append(doc_pr)
    anchor.append(
        parse_xml(
            '<wp:cNvGraphicFramePr xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"/>'
        )
    )
    anchor.append(graphic)
    inline.getparent().replace(inline, anchor)


TEXT_WIDTH_MM = 156  # the 版心 (documents.md §1)
TABLE_CELL_MARGIN_TWIPS = 45  # 0.8 mm each side: a 9 % column holds 自然人 on one line at 五号


def _docx_table(document, table: Table, paragraph, font) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if table.caption:  # none when the section's heading just above already names it
        caption = paragraph(align=WD_ALIGN_PARAGRAPH.CENTER)
        font(caption.add_run(table.caption), HEADING_FONTS[1], 14)
    grid = table.grid
    docx_table = document.add_table(rows=len(grid.rows), cols=grid.columns)
    docx_table.style = "Table Grid"
    docx_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    # Fixed column widths over the 156 mm 版心, as in the PDF: Word's equal columns would leave
    # section 四's headers (结果维持) one character per line and the label column too wide.
    docx_table.autofit = False  # w:tblLayout fixed
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(TABLE_CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    docx_table._tbl.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )
    weights = grid.widths or [1] * grid.columns
    for column, weight in zip(docx_table.columns, weights, strict=True):
        width = Mm(TEXT_WIDTH_MM * weight / sum(weights))
        column.width = width
        for cell in column.cells:  # before merging: a merged cell's width is the sum of its columns
            cell.width = width

    for r in range(grid.head_rows):  # Word repeats these rows at the top of each page
        properties = docx_table.rows[r]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)
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
    blocks = [(level, run_in(text) if level == 2 else text) for level, text in blocks]
    import base64

    dated = chinese_date(doc.dated)
    name_right, date_right = signature_layout(doc.signature, dated, sealed=doc.sealed)
    seal = None
    if doc.sealed and doc.seal_image:
        # Centred on the date's centre; top half a seal above the name line (see _docx_seal).
        centre = date_right + text_width(dated) / 2
        seal = {
            "src": "data:image/png;base64," + base64.b64encode(doc.seal_image).decode(),
            "right": f"calc({centre * 16:.2f}pt - {SEAL_DIAMETER_MM / 2}mm)",
            "size": f"{SEAL_DIAMETER_MM}mm",
        }
    return render_to_string(
        "gongwen/letter.html",
        {
            "doc": doc,
            "blocks": blocks,
            "title_lines": doc.title.split("\n"),
            "date": dated,
            "name_right": f"{name_right * 16:.2f}pt",
            "date_right": f"{date_right * 16:.2f}pt",
            "seal": seal,
        },
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
