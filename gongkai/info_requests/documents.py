"""Letters and released files as HTTP responses, for the workbench and for the applicant."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from gongkai.core import gongwen
from gongkai.info_requests import letters, selectors, services
from gongkai.info_requests.models import InfoRequest

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", gongwen.render_docx),
    "pdf": ("application/pdf", gongwen.render_pdf),
}


def letter_response(application: InfoRequest, kind: str, fmt: str) -> HttpResponse:
    """A letter of ``application`` as .docx or PDF (404 for a letter its history does not call for)."""
    if fmt not in FORMATS:
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
    content_type, render_file = FORMATS[fmt]
    response = HttpResponse(render_file(letter), content_type=content_type)
    name = f"{application.number}-{letters.KINDS[kind]}.{fmt}"
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
