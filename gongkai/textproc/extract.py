"""Plain text out of an attachment's bytes, for checks before publication and for search.

The parsers here run in a child process with memory and CPU limits (``gongkai.textproc.sandbox``,
started by ``gongkai.textproc.bounded``); this module imports no Django so that child starts fast.
Call ``bounded.extract_text`` from application code, never these functions on an upload directly.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
import tempfile
import zipfile
from xml.etree import ElementTree

logger = logging.getLogger(__name__)
MAX_CHARS = 2_000_000
MAX_PAGES = 2000


class TooLarge(Exception):
    """The file is readable in principle but over a limit (pages, rows); the message says which."""


def _pdf(data: bytes, max_pages: int = MAX_PAGES) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) > max_pages:
        raise TooLarge(f"PDF有{len(reader.pages)}页，超过{max_pages}页的上限")
    parts: list[str] = []
    size = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > MAX_CHARS:
            break
    return "\n".join(parts)


def _docx(data: bytes, max_pages: int = MAX_PAGES) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xlsx(data: bytes, max_pages: int = MAX_PAGES) -> str:
    return "\n".join("\t".join(row) for row in xlsx_rows(data) if any(row))


def _ofd(data: bytes, max_pages: int = MAX_PAGES) -> str:
    # GB/T 33190: page content is XML with text in ofd:TextCode elements.
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        pages = [n for n in package.namelist() if n.lower().endswith(".xml") and "/Pages/" in n]
        if len(pages) > max_pages:
            raise TooLarge(f"OFD有{len(pages)}页，超过{max_pages}页的上限")
        for name in pages:
            root = ElementTree.fromstring(package.read(name))
            texts += [el.text or "" for el in root.iter() if el.tag.endswith("TextCode")]
    return "\n".join(texts)


def _with_file(data: bytes, suffix: str, command: list[str]) -> str:
    """Run a Debian text extractor on the bytes written to a private temporary file.

    The tool runs in this (already limited) sandbox child and inherits its memory and CPU limits.
    """
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(
            [*command, handle.name], capture_output=True, stdin=subprocess.DEVNULL, timeout=25, check=False
        )
    if result.returncode != 0:
        raise ValueError(result.stderr.decode("utf-8", "replace").strip()[:200] or command[0])
    return result.stdout.decode("utf-8", "replace")


def _doc(data: bytes, max_pages: int = MAX_PAGES) -> str:
    # antiword reads Word 97-2003 (and the .wps that WPS writes in that format); Word 6/95 and
    # "fast saved" files it refuses are read by catdoc, which keeps less of the layout.
    try:
        return _with_file(data, ".doc", ["antiword", "-m", "UTF-8.txt", "-w", "0"])
    except ValueError:
        return _with_file(data, ".doc", ["catdoc", "-d", "utf-8", "-w"])


def _ppt(data: bytes, max_pages: int = MAX_PAGES) -> str:
    return _with_file(data, ".ppt", ["catppt", "-d", "utf-8"])


def _xls(data: bytes, max_pages: int = MAX_PAGES) -> str:
    import xlrd

    # xlrd reads BIFF2-8 (.xls, and the .et that WPS writes as BIFF8); cell texts row by row.
    book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    lines: list[str] = []
    size = 0
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        for row in range(sheet.nrows):
            cells = [_xls_cell(value) for value in sheet.row_values(row)]
            if any(cells):
                line = "\t".join(cells)
                lines.append(line)
                size += len(line)
                if size > MAX_CHARS:
                    return "\n".join(lines)
        book.unload_sheet(index)
    return "\n".join(lines)


def _xls_cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 2020 not 2020.0; codes typed as numbers stay whole
    return str(value).strip()


def _archive(kind: str):
    def read(data: bytes, max_pages: int = MAX_PAGES) -> str:
        from gongkai.textproc import archives

        members = archives.read_archive(kind, data, ARCHIVE_LIMITS or archives.Limits(), _member_text)
        return archives.archive_text(members)

    return read


def _member_text(kind: str, data: bytes) -> str:
    """A file inside an archive: packages get the same directory check as a top-level upload."""
    from gongkai.textproc import archives

    if kind in {"docx", "xlsx", "ofd"}:
        archives.check_members(archives.zip_members(data), ARCHIVE_LIMITS or archives.Limits())
    return extract_text(kind, data)


# Set by the sandbox child from the installation's settings (bounded.py passes them).
ARCHIVE_LIMITS = None


EXTRACTORS = {
    "pdf": _pdf,
    "docx": _docx,
    "xlsx": _xlsx,
    "ofd": _ofd,
    "doc": _doc,
    "wps": _doc,
    "xls": _xls,
    "et": _xls,
    "ppt": _ppt,
    "zip": _archive("zip"),
    "rar": _archive("rar"),
    "7z": _archive("7z"),
}


def extract_text(extension: str, data: bytes, max_pages: int = MAX_PAGES) -> str:
    """Text of a file of a known kind; raises on a damaged file or one over a limit (the caller decides)."""
    if extension == "txt":
        return data.decode("utf-8", errors="replace")[:MAX_CHARS]
    extractor = EXTRACTORS.get(extension)
    if extractor is None:
        return ""
    return extractor(data, max_pages)[:MAX_CHARS]


def docx_text_with_tables(data: bytes) -> str:
    """A .docx's paragraphs and tables in document order, each table row a line of ``|``-separated
    cells (a merged cell once, blank cells kept), so a table copied from a page and one in Word
    meet the same reader."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    out = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document).text)
        elif tag == "tbl":
            seen: list = []  # the elements themselves, held, so identity is stable
            for row in Table(child, document).rows:
                cells = []
                for cell in row.cells:
                    if any(cell._tc is tc for tc in seen):  # a merged cell again (gridSpan / vMerge)
                        continue
                    seen.append(cell._tc)
                    cells.append(" ".join(cell.text.split()))
                out.append(" | ".join(cells) + " |")
    return "\n".join(out)


def docx_tables(data: bytes) -> list[list[list[str]]]:
    """The tables of a .docx as rows of cell texts (a 任务分工 table in a work-plan notice)."""
    from docx import Document

    return [
        [[cell.text for cell in row.cells] for row in table.rows]
        for table in Document(io.BytesIO(data)).tables
    ]


def xlsx_rows(data: bytes, first_sheet_only: bool = False) -> list[list[str]]:
    """Cell texts of a workbook, row by row (every sheet, or the active one)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheets = [workbook.active] if first_sheet_only else workbook.worksheets
    return [
        ["" if v is None else str(v).strip() for v in row]
        for sheet in sheets
        for row in sheet.iter_rows(values_only=True)
    ]


# PDF names may hide behind #xx escapes (/J#53 is /JS): decode before comparing (ISO 32000-1 7.3.5).
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
ACTIVE_PDF_NAMES = {"JS", "JavaScript", "Launch", "AA", "EmbeddedFile", "RichMedia", "XFA"}


def _decode_name(raw: bytes) -> str:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")


def raw_pdf_active_names(data: bytes) -> list[str]:
    """Active-content names written anywhere in the PDF's bytes (cheap; no parsing)."""
    return sorted(
        {name for raw in _PDF_NAME.findall(data) if (name := _decode_name(raw)) in ACTIVE_PDF_NAMES}
    )


def pdf_active_content(data: bytes) -> list[str]:
    """Names of active-content features in a PDF (script, launch, automatic actions, embedded files).

    Both the raw bytes (with name escapes decoded) and every object pypdf can resolve, which also
    covers objects packed inside compressed object streams.
    """
    found = set(raw_pdf_active_names(data))
    try:
        from pypdf import PdfReader
        from pypdf.generic import DictionaryObject, IndirectObject

        reader = PdfReader(io.BytesIO(data))
        seen: set[int] = set()
        stack: list = [reader.trailer]
        while stack and len(seen) < 200_000:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                if obj.idnum in seen:
                    continue
                seen.add(obj.idnum)
                obj = obj.get_object()
            if isinstance(obj, DictionaryObject):
                for key, value in obj.items():
                    name = str(key).lstrip("/")
                    if name in ACTIVE_PDF_NAMES:
                        found.add(name)
                    if name == "S" and str(value).lstrip("/") in {"JavaScript", "Launch"}:
                        found.add(str(value).lstrip("/"))
                    stack.append(value)
            elif isinstance(obj, list):
                stack.extend(obj)
    except Exception:  # unparsable structure: the raw scan above still stands
        logger.info("pdf structure scan stopped early", exc_info=True)
    return sorted(found)
