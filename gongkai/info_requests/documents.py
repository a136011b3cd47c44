"""Letters and released files as HTTP responses, for the workbench and for the applicant."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse

from gongkai.core import gongwen
from gongkai.info_requests import letters, selectors, services
from gongkai.info_requests.models import InfoRequest


def letter_response(application: InfoRequest, kind: str, fmt: str) -> HttpResponse:
    """A letter of ``application`` as .docx or PDF (404 for a letter its history does not call for)."""
    if fmt not in gongwen.FORMATS:
        raise Http404("格式不存在")
    try:
        letter = letters.build(
            application,
            kind,
            templates=services.letter_templates(application.organization, kind),
            reply_due=selectors.clock_of(application).clock.reply_due,
        )
    except LookupError as exc:
        raise Http404("该申请没有这份文书") from exc
    return gongwen.download(letter, fmt, f"{application.number}-{letters.KINDS[kind]}")


def file_response(released) -> HttpResponse:
    return FileResponse(
        released.file.open("rb"),
        as_attachment=True,
        filename=released.original_name,
        content_type=released.content_type,
    )
