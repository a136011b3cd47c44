"""Issuing a letter makes it a record (ADR 0009).

Inside the step's transaction the letter gets its 文号 (gap-free per organ, year and series, like
``core.counters``) and its content is frozen: every field the renderer reads, the seal image
included, with a SHA-256. Right after commit the PDF and .docx are rendered once from that
content and stored with their SHA-256; from then on every download serves those bytes, checked
against the hashes. A template edit, a new seal or a renderer change never touches an issued
letter; a correction is a new letter with a new number that names the one it corrects.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import record_event
from gongkai.core import gongwen
from gongkai.core.counters import next_serial
from gongkai.info_requests import letters
from gongkai.info_requests.models import IssuedLetter, LetterCounter, LetterSettings

SEAL_POSITION_SEALED = "印章居中压署名和成文日期，上距正文一行之内（GB/T 9704 第7.3.5.1条），直径{size}毫米"
SEAL_POSITION_UNSEALED = "不加盖印章：署名右空二字，成文日期首字比署名首字右移二字（GB/T 9704 第7.3.5.3条）"


class LetterIntegrityError(Exception):
    """A stored letter file no longer matches the hash taken when it was issued."""


def letter_settings(org) -> LetterSettings:
    """The organ's settings, or the defaults (unsaved) when it has none."""
    return LetterSettings.objects.filter(organization=org).first() or LetterSettings(organization=org)


def organ_code(org, settings: LetterSettings) -> str:
    return settings.organ_code.strip() or org.short_name or org.name


def allocate_number(org, kind: str, year: int) -> str:
    """The next 文号 of ``kind`` for ``org`` and ``year``: must run inside the issuing transaction
    (the counter row stays locked until commit; a rollback returns the number)."""
    settings = letter_settings(org)
    serial = next_serial(LetterCounter, organization=org, year=year, series=kind)
    return letters.number_for(
        settings.number_pattern, organ_code=organ_code(org, settings), kind=kind, year=year, serial=serial
    )


def preview_number(org, kind: str, year: int) -> str:
    """The number the next letter would get (for previews; nothing is reserved)."""
    settings = letter_settings(org)
    counter = LetterCounter.objects.filter(organization=org, year=year, series=kind).first()
    serial = (counter.last_serial if counter else 0) + 1
    return letters.number_for(
        settings.number_pattern, organ_code=organ_code(org, settings), kind=kind, year=year, serial=serial
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def freeze(letter: letters.Letter) -> dict:
    """The letter as JSON: everything ``render_docx``/``render_pdf`` read."""
    return {
        "kind": letter.kind,
        "title": letter.title,
        "number": letter.number,
        "addressee": letter.addressee,
        "paragraphs": [p for p in letter.paragraphs if isinstance(p, str)],
        "signature": letter.signature,
        "dated": letter.dated.isoformat(),
        "note": letter.note,
        "attachments": list(letter.attachments),
        "sealed": letter.sealed,
        "seal_image": base64.b64encode(letter.seal_image).decode() if letter.seal_image else "",
    }


def thaw(content: dict) -> letters.Letter:
    return letters.Letter(
        kind=content["kind"],
        title=content["title"],
        number=content["number"],
        addressee=content["addressee"],
        paragraphs=list(content["paragraphs"]),
        signature=content["signature"],
        dated=date.fromisoformat(content["dated"]),
        note=content["note"],
        attachments=list(content["attachments"]),
        sealed=content["sealed"],
        seal_image=base64.b64decode(content["seal_image"]) if content["seal_image"] else b"",
    )


def _content_hash(content: dict) -> str:
    return _sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode())


def issue(
    *, application, kind: str, actor, consultation=None, corrects: IssuedLetter | None = None
) -> IssuedLetter:
    """Number and freeze the letter of ``kind`` as the application's records stand now (call
    inside the step's transaction); the files follow on commit."""
    org = application.organization
    settings = letter_settings(org)
    letter = letters.build(
        application, kind, consultation=consultation, payment_channel=settings.payment_channel
    )
    if corrects is not None or not letter.number:
        letter.number = allocate_number(org, kind, letter.dated.year)
        if kind == "reply" and corrects is None:
            # The reply record shows the number its letter went out under.
            application.reply.letter_number = letter.number
            application.reply.save(update_fields=["letter_number", "updated_at"])
    letter.sealed = settings.sealed
    if settings.sealed and settings.seal_image:
        with settings.seal_image.open("rb") as handle:
            letter.seal_image = handle.read()
    content = freeze(letter)
    issued = IssuedLetter.objects.create(
        request=application,
        kind=kind,
        consultation=consultation,
        number=letter.number,
        title=letter.title.replace("\n", ""),
        text=letters.plain_text(letter),
        dated=letter.dated,
        content=content,
        content_sha256=_content_hash(content),
        issued_at=timezone.now(),
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        sealed=letter.sealed,
        seal_position=SEAL_POSITION_SEALED.format(size=gongwen.SEAL_DIAMETER_MM)
        if letter.sealed
        else SEAL_POSITION_UNSEALED,
        seal_image_sha256=_sha256(letter.seal_image) if letter.seal_image else "",
        corrects=corrects,
    )
    record_event(
        actor=actor,
        verb="info_request_letter_issued",
        obj=application,
        changes={"kind": kind, "number": letter.number},
    )
    transaction.on_commit(lambda: render_files(issued.pk))
    return issued


def render_files(pk: int) -> IssuedLetter:
    """Render and store the files of an issued letter once (a no-op when they exist)."""
    with transaction.atomic():
        issued = IssuedLetter.objects.select_for_update().get(pk=pk)
        if issued.pdf_sha256 and issued.docx_sha256:
            return issued
        if _content_hash(issued.content) != issued.content_sha256:
            raise LetterIntegrityError(f"{issued.number}：文书内容与签发时的校验值不一致。")
        letter = thaw(issued.content)
        pdf, docx = gongwen.render_pdf(letter), gongwen.render_docx(letter)
        issued.pdf_sha256, issued.docx_sha256 = _sha256(pdf), _sha256(docx)
        issued.pdf.save("letter.pdf", ContentFile(pdf), save=False)
        issued.docx.save("letter.docx", ContentFile(docx), save=False)
        issued.save(update_fields=["pdf", "pdf_sha256", "docx", "docx_sha256", "updated_at"])
        return issued


def stored_bytes(issued: IssuedLetter, fmt: str) -> bytes:
    """The issued file, checked against its hash (rendered first if the commit hook did not run)."""
    if not (issued.pdf_sha256 and issued.docx_sha256):
        issued = render_files(issued.pk)
    field, digest = (issued.pdf, issued.pdf_sha256) if fmt == "pdf" else (issued.docx, issued.docx_sha256)
    with field.open("rb") as handle:
        data = handle.read()
    if _sha256(data) != digest:
        raise LetterIntegrityError(f"{issued.number}：存档文件与签发时的校验值不一致。")
    return data


def latest(application, kind: str) -> IssuedLetter | None:
    return application.issued_letters.filter(kind=kind).order_by("-issued_at", "-pk").first()


def correct(*, issued: IssuedLetter, actor, reason: str) -> IssuedLetter:
    """A correction of an issued letter: a new letter, new number, from the records as they stand
    now; the old one stays as it was. (Call inside a transaction with the role checked.)"""
    if not reason.strip():
        raise ValidationError("请说明更正的原因。")
    new = issue(
        application=issued.request,
        kind=issued.kind,
        actor=actor,
        consultation=issued.consultation,
        corrects=issued,
    )
    record_event(
        actor=actor,
        verb="info_request_letter_corrected",
        obj=issued.request,
        changes={"corrects": issued.number, "number": new.number},
        reason=reason.strip(),
    )
    return new
