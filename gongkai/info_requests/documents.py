"""Letters and released files as HTTP responses, for the workbench and for the applicant."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from gongkai.core import gongwen
from gongkai.info_requests import issuing, letters, selectors
from gongkai.info_requests.models import InfoRequest, IssuedLetter


def letter_response(application: InfoRequest, kind: str, fmt: str) -> HttpResponse:
    """A letter of ``application`` as .docx or PDF (404 for a letter its history does not call for).

    An issued letter is served exactly as stored when it was issued (its latest correction, if
    any); only a letter never issued (records from before letters were frozen, the 受理回执
    included before ADR 0017) is composed from the current templates."""
    if fmt not in gongwen.FORMATS:
        raise Http404("格式不存在")
    if kind not in letters.KINDS:
        raise Http404("该申请没有这份文书")
    issued = issuing.latest(application, kind)
    if issued is not None:
        return issued_response(issued, fmt)
    try:
        letter = letters.build(
            application,
            kind,
            reply_due=selectors.clock_of(application).clock.reply_due,
            payment_channel=issuing.letter_settings(application.organization).payment_channel,
        )
    except LookupError as exc:
        raise Http404("该申请没有这份文书") from exc
    return gongwen.download(letter, fmt, f"{application.number}-{letters.KINDS[kind]}")


def issued_response(issued: IssuedLetter, fmt: str) -> HttpResponse:
    """The stored bytes of an issued letter (hash-checked), never re-rendered from templates."""
    if fmt not in gongwen.FORMATS:
        raise Http404("格式不存在")
    response = HttpResponse(issuing.stored_bytes(issued, fmt), content_type=gongwen.FORMATS[fmt][0])
    name = f"{issued.request.number}-{letters.KINDS[issued.kind]}-{issued.number}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store"
    return response


def file_response(released) -> HttpResponse:
    return FileResponse(
        released.file.open("rb"),
        as_attachment=True,
        filename=released.original_name,
        content_type=released.content_type,
    )
