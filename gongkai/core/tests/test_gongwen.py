"""GB/T 9704 letters: the .docx reopens with python-docx with the layout and fonts set; the PDF
embeds CJK fonts, extracts as Chinese and renders ink where the title and body are."""

import io
from datetime import date
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader

from gongkai.core.gongwen import Gongwen, chinese_date, render_docx, render_pdf

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def letter(paragraphs=None) -> Gongwen:
    return Gongwen(
        title="甲市发展和改革委员会\n政府信息公开申请答复书",
        number="甲发改公开答〔2026〕3号",
        addressee="李四：",
        paragraphs=paragraphs
        or [
            "本机关于2026年3月2日收到您提出的政府信息公开申请。经审查，现答复如下：",
            "一、关于项目立项批复",
            "（一）已主动公开的部分",
            "根据《中华人民共和国政府信息公开条例》第三十六条第（一）项的规定，该信息已主动公开。",
        ],
        signature="甲市发展和改革委员会",
        dated=date(2026, 3, 20),
        note="（联系人：王五，联系电话：0994-1234567）",
    )


def test_dates_are_written_the_gbt_9704_way():
    assert chinese_date(date(2024, 1, 5)) == "2024年1月5日"


def test_the_docx_reopens_with_the_official_layout():
    document = Document(io.BytesIO(render_docx(letter())))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(37)) < Mm(0.1)
    assert abs(section.left_margin - Mm(28)) < Mm(0.1)
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == ["甲市发展和改革委员会", "政府信息公开申请答复书", "甲发改公开答〔2026〕3号"]
    assert "2026年3月20日" in texts
    body = next(p for p in document.paragraphs if p.text.startswith("本机关于"))
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heading = next(p for p in document.paragraphs if p.text.startswith("一、"))
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    title = document.paragraphs[0].runs[0]
    assert title.font.size.pt == 22
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml
    assert "— " in section.footer.paragraphs[0].text


def test_the_pdf_is_a4_chinese_with_embedded_cjk_fonts_and_renders_ink():
    import pypdfium2

    data = render_pdf(letter(letter().paragraphs * 8))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2  # a long body paginates
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = reader.pages[0].extract_text()
    assert "政府信息公开申请答复书" in text
    assert "甲发改公开答〔2026〕3号" in text
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert any("CJK" in name for name in fonts), fonts
    pdf = pypdfium2.PdfDocument(data)
    try:
        image = pdf[0].render(scale=2).to_pil().convert("L")
    finally:
        pdf.close()
    px_per_mm = image.width / 210
    # Ink in the title band (版心 top: 37 mm) and in the body; none in the left margin.
    title_band = image.crop(
        (int(28 * px_per_mm), int(37 * px_per_mm), int(184 * px_per_mm), int(50 * px_per_mm))
    )
    margin = image.crop((0, int(60 * px_per_mm), int(20 * px_per_mm), int(250 * px_per_mm)))
    assert title_band.getextrema()[0] < 80
    assert margin.getextrema()[0] > 200
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SCREENSHOTS / "reply-letter.png")


def test_text_is_escaped_in_the_pdf_source():
    from gongkai.core.gongwen import render_html

    html = render_html(letter(["<script>alert(1)</script>正文"]))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
