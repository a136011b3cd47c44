"""Attachment files for the demo, built in memory: DOCX (python-docx), XLSX (openpyxl) and a
hand-written one-page PDF. Nothing here touches the database."""

from __future__ import annotations

import random
import re
import zipfile
from datetime import date, datetime
from io import BytesIO

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
FIXED_TIMESTAMP = datetime(2026, 1, 1, 9, 0, 0)  # document properties, so the bytes are repeatable
FIXED_W3CDTF = b"2026-01-01T01:00:00Z"


def _pdf_hex_utf16(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def _pdf_literal(text: str) -> str:
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    return "(" + ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def make_pdf(*, title: str, lines: list[str], footer: str, written_on: date | None = None) -> bytes:
    """A valid one-page PDF: the title and lines in STSong-Light (an Adobe standard CJK font, not
    embedded, encoded UniGB-UTF16-H so text extraction works) and an ASCII footer in Helvetica."""
    ops = ["BT", "/F2 16 Tf", "20 TL", f"72 {PAGE_HEIGHT - 90} Td"]
    for part in _wrap(title, 26):
        ops.append(f"{_pdf_hex_utf16(part)} Tj T*")
    ops += ["/F2 11 Tf", "17 TL", "T*"]
    budget = 36  # lines that fit above the footer
    for line in lines:
        for part in _wrap(line, 40):
            if budget <= 0:
                break
            ops.append(f"{_pdf_hex_utf16(part)} Tj T*")
            budget -= 1
    ops += ["ET", "BT", "/F1 9 Tf", f"72 48 Td {_pdf_literal(footer)} Tj", "ET"]
    content = "\n".join(ops).encode("ascii")

    stamp = (written_on or FIXED_TIMESTAMP.date()).strftime("D:%Y%m%d090000+08'00'")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 8 0 R >>"
        ).encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
        b"/FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        (
            f"<< /Title <FEFF{title.encode('utf-16-be').hex().upper()}> /Producer (Gongkai demo) "
            f"/CreationDate ({stamp}) >>"
        ).encode(),
    ]
    out = BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref_at = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref_at}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _repeatable_zip(data: bytes) -> bytes:
    """The same package with fixed entry dates, so the same document always has the same bytes (and hash)."""
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + FIXED_W3CDTF, content)
            target.writestr(entry, content)
    return out.getvalue()


def make_docx(
    *, title: str, paragraphs: list[str], doc_number: str = "", signature: str = "", signed_on: str = ""
) -> bytes:
    """A Word document in the GB/T 9704 manner: 仿宋 body, 小标宋 title, East-Asian fonts set explicitly."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")

    def east_asian(run, font: str) -> None:
        run.font.name = "Times New Roman"
        run._element.rPr.rFonts.set(qn("w:eastAsia"), font)

    if doc_number:
        para = document.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        east_asian(para.add_run(doc_number), "仿宋")
    para = document.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run(title)
    run.font.size = Pt(22)
    east_asian(run, "方正小标宋简体")
    for text in paragraphs:
        para = document.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(32)
        para.paragraph_format.line_spacing = Pt(28)
        east_asian(para.add_run(text), "仿宋")
    for text in (signature, signed_on):
        if text:
            para = document.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            east_asian(para.add_run(text), "仿宋")
    props = document.core_properties
    props.title = title
    props.author = signature or "政务公开平台"
    props.created = props.modified = FIXED_TIMESTAMP
    out = BytesIO()
    document.save(out)
    return _repeatable_zip(out.getvalue())


def make_xlsx(*, title: str, sheet: str, headers: list[str], rows: list[list], note: str = "") -> bytes:
    """A one-sheet workbook: a merged title row, a bold header row and the data."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet[:31]
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(headers), 1))
    ws["A1"].font = Font(name="黑体", size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(name="宋体", bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append(row)
    if note:
        ws.append([])
        ws.append([note])
    for index, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(10, len(str(header)) * 2 + 4)
    workbook.properties.creator = "政务公开平台"
    workbook.properties.title = title
    workbook.properties.created = workbook.properties.modified = FIXED_TIMESTAMP
    out = BytesIO()
    workbook.save(out)
    return _repeatable_zip(out.getvalue())


# Tables that fit the kinds of records that usually carry a spreadsheet.
def table_for(kind: str, *, rng: random.Random, year: int, org_name: str, names: list[str]) -> tuple:
    """(sheet name, headers, rows, note) for a spreadsheet of the given kind."""
    if kind == "budget":
        items = [
            "一般公共服务支出",
            "公共安全支出",
            "教育支出",
            "社会保障和就业支出",
            "卫生健康支出",
            "节能环保支出",
            "城乡社区支出",
            "农林水支出",
            "住房保障支出",
        ]
        rows = []
        for item in rng.sample(items, 6):
            last = round(rng.uniform(80, 3000), 2)
            this = round(last * rng.uniform(0.85, 1.2), 2)
            rows.append([item, last, this, f"{(this - last) / last * 100:.1f}%"])
        rows.append(["合计", round(sum(r[1] for r in rows), 2), round(sum(r[2] for r in rows), 2), ""])
        return (
            "部门预算公开表",
            ["功能分类科目", f"{year - 1}年预算数（万元）", f"{year}年预算数（万元）", "增减"],
            rows,
            f"编制单位：{org_name}",
        )
    if kind == "statistics":
        indicators = [
            ("地区生产总值", "亿元"),
            ("规模以上工业增加值", "亿元"),
            ("固定资产投资", "亿元"),
            ("社会消费品零售总额", "亿元"),
            ("一般公共预算收入", "亿元"),
            ("城镇居民人均可支配收入", "元"),
            ("农村居民人均可支配收入", "元"),
        ]
        rows = [
            [name, unit, round(rng.uniform(20, 900), 1), f"{rng.uniform(-3, 12):.1f}"]
            for name, unit in indicators
        ]
        return ("主要经济指标", ["指标", "单位", "本期", "同比增长（%）"], rows, "数据来源：统计部门")
    if kind == "roster":
        rows = [
            [
                i,
                f"{year % 100:02d}{rng.randint(100000, 999999)}",
                org_name,
                rng.choice(["综合管理岗", "财务岗", "执法岗", "文秘岗"]),
                name,
                rng.choice(["男", "女"]),
                f"{rng.randint(10, 99)}{rng.randint(1000000, 9999999)}",
            ]
            for i, name in enumerate(names, start=1)
        ]
        return (
            "拟录用人员名单",
            ["序号", "职位代码", "招录机关", "职位名称", "姓名", "性别", "准考证号"],
            rows,
            "公示期为5个工作日。",
        )
    if kind == "procurement":
        things = [
            "办公设备",
            "信息化运维服务",
            "物业管理服务",
            "公务用车维修服务",
            "档案数字化服务",
            "印刷服务",
            "食堂食材配送",
            "网络安全等级保护测评",
        ]
        rows = [
            [
                i,
                thing,
                f"采购{thing}一批，满足日常工作需要",
                round(rng.uniform(5, 300), 2),
                f"{year}年{rng.randint(1, 12)}月",
            ]
            for i, thing in enumerate(rng.sample(things, 5), start=1)
        ]
        return (
            "采购意向",
            ["序号", "采购项目名称", "采购需求概况", "预算金额（万元）", "预计采购时间"],
            rows,
            "本次公开的采购意向是本单位政府采购工作的初步安排，具体采购项目情况以相关采购公告和采购文件为准。",
        )
    rows = [
        [i, f"事项{i}", rng.choice(["已完成", "推进中", "已公开"]), f"{year}年{rng.randint(1, 12)}月"]
        for i in range(1, rng.randint(5, 9))
    ]
    return ("明细", ["序号", "事项", "办理情况", "时间"], rows, "")
