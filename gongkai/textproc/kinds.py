"""What a file really is, from its bytes: the legacy office formats and archives (ADR 0023).

No Django here: the sandbox child (``gongkai.textproc.sandbox``) uses these functions to decide
how to read each member of an archive. ``gongkai.core.uploads`` maps the answers to upload kinds.

Legacy office files are OLE2 compound files (MS-CFB); which application wrote one is read from
the names of its streams, never from the file name:

- ``WordDocument`` — Word 97-2003 (.doc); Kingsoft WPS 文字 writes the same binary format in .wps;
- ``Workbook`` / ``Book`` — Excel BIFF8 / BIFF5 (.xls); Kingsoft WPS 表格 writes BIFF8 in .et;
- ``PowerPoint Document`` — PowerPoint 97-2003 (.ppt).
"""

from __future__ import annotations

import io
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RAR_MAGIC = (b"Rar!\x1a\x07\x00", b"Rar!\x1a\x07\x01\x00")
SEVENZ_MAGIC = b"7z\xbc\xaf\x27\x1c"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a file entry, or the end record of an empty archive

OFFICE_LEGACY = {"doc", "xls", "ppt", "wps", "et"}
ARCHIVES = {"zip", "rar", "7z"}
# The Kingsoft extensions hold the Microsoft binary formats: the content decides how it is read.
SAME_FORMAT_AS = {"wps": "doc", "et": "xls"}


def ole_kind(data: bytes) -> str | None:
    """ "doc", "xls" or "ppt" for an OLE2 file by its streams; "ole" for another OLE2 file."""
    if not data.startswith(OLE_MAGIC):
        return None
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
    except (OSError, ValueError, IndexError, KeyError):  # olefile's errors on a damaged directory
        return "ole"
    if "WordDocument" in streams:
        return "doc"
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    if "PowerPoint Document" in streams:
        return "ppt"
    return "ole"


def zip_kind(data: bytes) -> str | None:
    """ "docx", "xlsx", "ofd" for those packages, "zip" for any other readable zip archive."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    # GB/T 33190-2016: an OFD package has OFD.xml at its root.
    if "OFD.xml" in names:
        return "ofd"
    return "zip"


def archive_kind(data: bytes) -> str | None:
    if data.startswith(RAR_MAGIC):
        return "rar"
    if data.startswith(SEVENZ_MAGIC):
        return "7z"
    if data.startswith(ZIP_MAGIC):
        kind = zip_kind(data)
        return "zip" if kind == "zip" else None
    return None


def detect(data: bytes) -> str | None:
    """The readable kind of a file's content: an extension the extractor knows, or None.

    Used inside archives, where there is no upload form to refuse: what is None here is listed
    as "not read" and kept in the archive.
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        return zip_kind(data)
    if data.startswith(RAR_MAGIC):
        return "rar"
    if data.startswith(SEVENZ_MAGIC):
        return "7z"
    if data.startswith(OLE_MAGIC):
        kind = ole_kind(data)
        return None if kind == "ole" else kind
    if b"\x00" not in data[:8192]:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "txt"
    return None
