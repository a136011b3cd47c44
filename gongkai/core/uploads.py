"""Attachment checks: allowed types decided by the file's content, never by its name."""

from __future__ import annotations

import enum
import hashlib
import re
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

# Legacy formats (ADR 0023): the binary Office formats and what Kingsoft WPS writes in them.
DOC = FileKind("doc", "application/msword", "Word 97-2003 (DOC)")
XLS = FileKind("xls", "application/vnd.ms-excel", "Excel 97-2003 (XLS)")
PPT = FileKind("ppt", "application/vnd.ms-powerpoint", "PowerPoint 97-2003 (PPT)")
WPS = FileKind("wps", "application/wps-office.wps", "WPS文字 (WPS)")
ET = FileKind("et", "application/wps-office.et", "WPS表格 (ET)")
ZIP = FileKind("zip", "application/zip", "ZIP压缩包")
RAR = FileKind("rar", "application/vnd.rar", "RAR压缩包")
SEVENZ = FileKind("7z", "application/x-7z-compressed", "7z压缩包")
LEGACY_KINDS = {k.extension: k for k in (DOC, XLS, PPT, WPS, ET, ZIP, RAR, SEVENZ)}

ALLOWED_DESCRIPTION = "PDF、DOCX、XLSX、OFD、PNG、JPG、GIF、WebP、TXT"


class UploadKind(enum.Enum):
    """Who uploads decides which formats are accepted (ADR 0023).

    BASIC — the public (依申请公开 applications and supplements): the modern formats only.
    RECORD — staff attaching files to a record: also .doc/.xls/.ppt and the WPS .wps/.et, which
    staff still receive from other organs and which every office suite opens.
    MIGRATION — files of an old site being moved onto the platform: also .zip/.rar/.7z, because
    the old site published them and the original is kept as it was.
    """

    BASIC = "basic"
    RECORD = "record"
    MIGRATION = "migration"


ALLOWED_EXTENSIONS = {
    UploadKind.BASIC: set(),
    UploadKind.RECORD: {"doc", "xls", "ppt", "wps", "et"},
    UploadKind.MIGRATION: {"doc", "xls", "ppt", "wps", "et", "zip", "rar", "7z"},
}


def allowed_description(kind: UploadKind) -> str:
    extra = [LEGACY_KINDS[e].extension.upper() for e in sorted(ALLOWED_EXTENSIONS[kind])]
    return "、".join([ALLOWED_DESCRIPTION, *extra])


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


# Markup that a browser or viewer would render or run, anywhere in the file: a line of text in
# front of it does not make an HTML page plain text.
MARKUP = re.compile(
    rb"<\s*/?\s*(?:!doctype|html|head|body|script|iframe|frame|object|embed|svg|img|a|meta|link|style"
    rb"|form|input|base|math|xml|\?xml)(?=[\s>/])|\bjavascript\s*:|\bon[a-z]{3,20}\s*=",
    re.IGNORECASE,
)

# A PDF that is also an HTML page: a browser sniffing the content would run its script.
POLYGLOT = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg)(?=[\s>/])", re.IGNORECASE)


def _text_kind(data: bytes) -> FileKind | None:
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.lstrip().startswith("<") or MARKUP.search(data):
        return None  # HTML/SVG/XML disguised as text would render in some viewers
    return TXT


def legacy_kind(data: bytes, extension: str, *, unknown_ole: bool = False) -> FileKind | None:
    """A legacy office file or archive, by its bytes; the extension only tells a .wps from a .doc
    (WPS 文字 writes the Word binary format) and an .et from an .xls.

    An OLE2 file with none of the known streams (a Works or WPS 2000 file, a damaged directory) is
    taken as .wps/.et by its name, and as any legacy office kind when ``unknown_ole`` (a migrated
    site's original, kept and reported unreadable).
    """
    from gongkai.textproc import kinds

    found = kinds.archive_kind(data) or kinds.ole_kind(data)
    if found is None:
        return None
    if found == "ole":
        named = {"wps", "et"} | (kinds.OFFICE_LEGACY if unknown_ole else set())
        return LEGACY_KINDS.get(extension) if extension in named else None
    if kinds.SAME_FORMAT_AS.get(extension) == found:
        return LEGACY_KINDS[extension]
    return LEGACY_KINDS[found]


def sniff(data: bytes) -> FileKind | None:
    """The allowed kind this content really is, or None (legacy kinds: ``legacy_kind``)."""
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


def _refuse_active_content(name: str, kind: FileKind, data: bytes) -> None:
    """Cheap checks on the bytes, before any parser: active PDFs, polyglots, zip bombs."""
    from gongkai.textproc.bounded import UnsafeFile, check_archive
    from gongkai.textproc.extract import raw_pdf_active_names

    if kind is PDF:
        if POLYGLOT.search(data):
            raise ValidationError(
                f"文件“{name}”同时是PDF和网页（含HTML/脚本代码），已拒绝上传。", code="polyglot"
            )
        active = raw_pdf_active_names(data)
        if active:
            raise ValidationError(
                f"文件“{name}”含有脚本、自动执行动作或嵌入文件（{'、'.join(active)}），已拒绝上传。"
                "请另存为不含脚本的PDF后再上传。",
                code="active_pdf",
            )
    if kind.extension in {"docx", "xlsx", "ofd", "zip"}:
        try:
            check_archive(data)
        except UnsafeFile as exc:
            raise ValidationError(
                f"文件“{name}”无法安全读取：{exc}，已拒绝上传。", code="unsafe_archive"
            ) from exc


def refuse_active_pdf(name: str, active) -> None:
    if active:
        raise ValidationError(
            f"文件“{name}”含有脚本、自动执行动作或嵌入文件（{'、'.join(active)}），已拒绝上传。",
            code="active_pdf",
        )


def screen_upload(checked: CheckedUpload, *, structure_scan: bool = True) -> str:
    """The checks that start a process or ask a daemon: call before opening a transaction.

    A PDF's object structure is searched in the bounded child (objects inside compressed object
    streams escape a byte scan); then the malware scanner, if configured. Returns the staff-facing
    note of the scan ("未配置病毒扫描", or the engine and signature date).
    """
    from gongkai.core import malware
    from gongkai.textproc.bounded import run_bounded

    if structure_scan and checked.kind is PDF:
        outcome = run_bounded("pdf_active", checked.data)
        if outcome.ok:
            refuse_active_pdf(checked.name, outcome.value["active"])
    try:
        result = malware.scan(checked.data)
    except malware.ScannerUnavailable as exc:
        raise ValidationError(
            "病毒扫描服务暂时不可用，文件未保存，请稍后重试。", code="scanner_down"
        ) from exc
    if not result.clean:
        raise ValidationError(
            f"文件“{checked.name}”被病毒扫描识别为“{result.signature}”，已拒绝上传。", code="malware"
        )
    if result.engine == malware.NOT_CONFIGURED:
        return result.engine
    return f"已扫描：{malware.describe(result.engine)}"[:200]


def check_upload(name: str, data: bytes, *, kind: UploadKind = UploadKind.BASIC) -> CheckedUpload:
    """Validate size, content type and that the extension agrees with the content.

    ``kind`` says who uploads (``UploadKind``): legacy formats and archives are accepted only
    where it allows them, still decided by the content.
    """
    upload_kind = kind
    check_size(name, len(data))
    if not data:
        raise ValidationError(f"文件“{name}”是空文件。", code="empty")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    extension = EXTENSION_ALIASES.get(extension, extension)
    kind = sniff(data)
    if kind is None:
        legacy = legacy_kind(data, extension, unknown_ole=upload_kind is UploadKind.MIGRATION)
        if legacy is not None and legacy.extension in ALLOWED_EXTENSIONS[upload_kind]:
            kind = legacy
        elif legacy is not None:
            raise ValidationError(
                f"文件“{name}”是{legacy.label}格式，此处不接受（允许：{allowed_description(upload_kind)}）。"
                "请另存为PDF、DOCX或XLSX后再上传。",
                code="legacy_not_allowed",
            )
    if kind is None:
        raise ValidationError(
            f"文件“{name}”的内容不是允许的类型（允许：{allowed_description(upload_kind)}）。",
            code="bad_type",
        )
    if extension != kind.extension:
        raise ValidationError(
            f"文件“{name}”的扩展名与实际内容（{kind.label}）不符，已拒绝上传。", code="extension_mismatch"
        )
    _refuse_active_content(name, kind, data)
    return CheckedUpload(name=name[-200:], kind=kind, data=data, sha256=hashlib.sha256(data).hexdigest())
