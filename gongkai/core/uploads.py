"""Attachment checks: allowed types decided by the file's content, never by its name."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from io import BytesIO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", "application/pdf", "PDF")
DOCX = FileKind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"
)
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)")
OFD = FileKind("ofd", "application/ofd", "OFD")
PNG = FileKind("png", "image/png", "PNG")
JPEG = FileKind("jpg", "image/jpeg", "JPEG")
GIF = FileKind("gif", "image/gif", "GIF")
WEBP = FileKind("webp", "image/webp", "WebP")
TXT = FileKind("txt", "text/plain; charset=utf-8", "文本")
IMAGE_KINDS = {"image/png": PNG, "image/jpeg": JPEG, "image/gif": GIF, "image/webp": WEBP}
EXTENSION_ALIASES = {"jpeg": "jpg"}

ALLOWED_DESCRIPTION = "PDF、DOCX、XLSX、OFD、PNG、JPG、GIF、WebP、TXT"


def _zip_kind(data: bytes) -> FileKind | None:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    # GB/T 33190-2016: an OFD package has OFD.xml at its root.
    if "OFD.xml" in names:
        return OFD
    return None


def _text_kind(data: bytes) -> FileKind | None:
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "<script" in text.lower() or text.lstrip().startswith("<"):
        return None  # HTML/SVG/XML disguised as text would render in some viewers
    return TXT


def sniff(data: bytes) -> FileKind | None:
    """The allowed kind this content really is, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    guess = filetype.guess(data[:8192])
    if guess is not None:
        return IMAGE_KINDS.get(guess.mime)
    return _text_kind(data)


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    kind: FileKind
    data: bytes
    sha256: str


def check_size(name: str, size: int) -> None:
    """Refuse a file over the installation's limit before reading it into memory."""
    limit = settings.GONGKAI_UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            f"文件“{name}”大小为{filesizeformat(size)}，超过了{filesizeformat(limit)}的上限。",
            code="too_large",
        )


def check_upload(name: str, data: bytes) -> CheckedUpload:
    """Validate size, content type and that the extension agrees with the content."""
    check_size(name, len(data))
    if not data:
        raise ValidationError(f"文件“{name}”是空文件。", code="empty")
    kind = sniff(data)
    if kind is None:
        raise ValidationError(
            f"文件“{name}”的内容不是允许的类型（允许：{ALLOWED_DESCRIPTION}）。", code="bad_type"
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    extension = EXTENSION_ALIASES.get(extension, extension)
    if extension != kind.extension:
        raise ValidationError(
            f"文件“{name}”的扩展名与实际内容（{kind.label}）不符，已拒绝上传。", code="extension_mismatch"
        )
    return CheckedUpload(name=name[-200:], kind=kind, data=data, sha256=hashlib.sha256(data).hexdigest())
