"""An attachment's text, read once by the bounded extractor and kept on the row.

Never called inside a database transaction: the extraction may take up to the sandbox's time
limit, and a transaction held that long would block every other writer (on SQLite, the whole
installation). The services call ``ensure_texts`` before they open theirs.
"""

from __future__ import annotations

from gongkai.disclosure.models import Attachment, Record
from gongkai.textproc import bounded


def ensure_text(attachment: Attachment) -> Attachment:
    """Extract and store the attachment's text if that has not been tried yet."""
    if attachment.text_status:
        return attachment
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        extraction = bounded.Extraction("", bounded.STATUS_UNREADABLE, "文件缺失")
    else:
        extraction = bounded.extract_text(attachment.extension, data)
    attachment.text, attachment.text_status = extraction.text, extraction.status
    attachment.text_note = extraction.reason[:200]
    Attachment.objects.filter(pk=attachment.pk).update(
        text=attachment.text, text_status=attachment.text_status, text_note=attachment.text_note
    )
    return attachment


def ensure_texts(record: Record) -> None:
    """Every attachment of ``record`` has had its text extraction tried."""
    for attachment in record.attachments.filter(text_status=""):
        ensure_text(attachment)
