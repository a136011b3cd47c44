"""Plain text out of an attachment's bytes, for checks before publication (and later for search)."""

from __future__ import annotations

import io
import logging
import zipfile
from xml.etree import ElementTree

logger = logging.getLogger(__name__)
MAX_CHARS = 2_000_000


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xlsx(data: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else str(v) for v in row]
            if any(cells):
                lines.append("\t".join(cells))
    return "\n".join(lines)


def _ofd(data: bytes) -> str:
    # GB/T 33190: page content is XML with text in ofd:TextCode elements.
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.lower().endswith(".xml") and "/Pages/" in name:
                root = ElementTree.fromstring(package.read(name))
                texts += [el.text or "" for el in root.iter() if el.tag.endswith("TextCode")]
    return "\n".join(texts)


EXTRACTORS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "ofd": _ofd, "txt": lambda d: d.decode("utf-8")}


def extract_text(extension: str, data: bytes) -> str:
    """Best-effort text of a file; an unreadable file gives '' (and a log line), never an exception."""
    extractor = EXTRACTORS.get(extension)
    if extractor is None:
        return ""
    try:
        return extractor(data)[:MAX_CHARS]
    except Exception:  # a damaged file must not stop a review; it is logged and reads as empty
        logger.warning("could not extract text from a .%s attachment", extension, exc_info=True)
        return ""
