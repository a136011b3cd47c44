"""依申请公开 for the public: the application form (第二十九条) and following it with a query code.

Neither page is cached (each carries a CSRF token and a form token) and neither shows personal
data beyond the masked name the applicant typed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.core.ratelimit import allow, client_ip
from gongkai.core.uploads import ALLOWED_DESCRIPTION, check_size
from gongkai.info_requests import selectors, services
from gongkai.info_requests.documents import file_response, letter_response
from gongkai.info_requests.forms import ApplicationForm, ReasonsAnswerForm, SupplementAnswerForm, TrackForm
from gongkai.portal.views import _org, _platform_context
from gongkai.search.engine import IndexUnavailable
from gongkai.search.query import SearchRequest, search

# Generous for a person (a family filing for several relatives), tight for a script.
SUBMIT_LIMIT = (5, 600)
TRACK_LIMIT = (20, 600)
SUPPLEMENT_LIMIT = (5, 600)
# The search-before-you-ask step runs a full-text search per click: a few dozen for a person
# refining the wording, not an unmetered search endpoint for a script.
CHECK_LIMIT = (15, 600)
RATE_LIMITED = gettext_lazy("提交过于频繁，请稍后再试。如需帮助，请拨打本机关政府信息公开工作机构电话。")


def _similar_records(org, description: str):
    """Search before you ask: published records that may already answer the application."""
    if not description.strip():
        return None
    try:
        return search(SearchRequest(q=description[:200], org_id=org.pk, page_size=5, any_word=True))
    except IndexUnavailable:  # the application itself never depends on the index
        return None


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request, org):
    org = _org(org)
    context = _platform_context(org, "apply")
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        token = request.POST.get("token", "")
        if request.POST.get("action") == "check":
            # Re-show what was typed, without errors, with the records that may already answer it.
            form = _unvalidated(request.POST)
            matches, checked = None, False
            if allow(
                "apply-check", client_ip(request) or "unknown", limit=CHECK_LIMIT[0], window=CHECK_LIMIT[1]
            ):
                matches = _similar_records(org, request.POST.get("description", ""))
                checked = True
            else:
                form._errors = {"__all__": form.error_class([RATE_LIMITED])}
            context.update(form=form, token=token, matches=matches, checked=checked)
            return render(request, "portal/apply.html", context)
        if not allow("apply", client_ip(request) or "unknown", limit=SUBMIT_LIMIT[0], window=SUBMIT_LIMIT[1]):
            form.is_valid()
            form.add_error(None, RATE_LIMITED)
        elif form.is_valid() and token:
            data = {
                name: form.cleaned_data.get(name, "")
                for name in services.APPLICANT_FIELDS + services.REQUEST_FIELDS
            }
            try:
                application, code = services.submit_online(
                    org=org, data=data, token=token, ip_address=client_ip(request)
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                # The answer to the POST itself shows the code: it is never put in the session
                # (a database row on the embedded default), so nothing stores it (ADR 0007). A
                # reload re-sends the same form token and gets the same application and code.
                context.update(done={"number": application.number, "code": code})
                return render(request, "portal/apply_done.html", context)
        elif not token:
            form.add_error(None, _("表单已过期，请重新提交。"))
        context.update(form=form, token=token or services.new_form_token())
    else:
        context.update(form=_EmptyForm(), token=services.new_form_token())
    return render(request, "portal/apply.html", context)


class _EmptyForm:
    """The empty form, built only when the organ's "apply-form" fragment is not in the cache
    (ADR 0056): the fragment asks ``is_bound`` first, answered here without building it. (Not a
    ``SimpleLazyObject``: a template's lookup calls ``isinstance`` on it, which would build it.)"""

    is_bound = False

    def __init__(self):
        self._form = None

    def _built(self) -> ApplicationForm:
        if self._form is None:
            self._form = ApplicationForm()
        return self._form

    def __getitem__(self, name):
        # A template looks ``form.is_bound`` up as ``form["is_bound"]`` first (no field has that name).
        if name == "is_bound":
            raise KeyError(name)
        return self._built()[name]

    def __iter__(self):
        return iter(self._built())

    def __getattr__(self, name):
        return getattr(self._built(), name)


def _unvalidated(data):
    """A bound form that shows the values but no errors yet (for the 'check first' step)."""
    form = ApplicationForm(data)
    form._errors = {}
    form.cleaned_data = {}
    return form


@never_cache
def apply_done(request, org):
    """Kept for old bookmarks: the confirmation is the answer to the submission itself."""
    request.session.pop("apply:done", None)  # sessions written before the code left them
    return redirect("portal:apply", org=_org(org).slug)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request, org):
    org = _org(org)
    context = _platform_context(org, "apply")
    form = TrackForm(request.POST or None)
    view, code = None, ""
    if request.method == "POST" and form.is_valid():
        if not allow("track", client_ip(request) or "unknown", limit=TRACK_LIMIT[0], window=TRACK_LIMIT[1]):
            form.add_error(None, RATE_LIMITED)
        else:
            code = form.cleaned_data["code"]
            view = selectors.public_view_by_code(org=org, code=code)
            if view is None:
                # The same answer for a wrong code and for another organ's code.
                form.add_error("code", _("查询码不正确，或该申请不是向本机关提出的。"))
    return _render_track(request, org, context, form, view, code)


def _render_track(request, org, context, form, view, code, supplement_form=None, reasons_form=None):
    if view is not None and supplement_form is None and view.correction and view.correction.can_answer:
        supplement_form = SupplementAnswerForm(initial={"code": code})
    if view is not None and reasons_form is None and view.reasons_request and view.reasons_request.can_answer:
        reasons_form = ReasonsAnswerForm(initial={"code": code})
    context.update(
        form=form,
        view=view,
        code=code,
        supplement_form=supplement_form,
        reasons_form=reasons_form,
        max_upload=settings.GONGKAI_UPLOAD_MAX_BYTES,
        max_files=services.SUPPLEMENT_MAX_FILES,
        allowed_types=ALLOWED_DESCRIPTION,
    )
    if view is not None:
        messages.info(request, _("请妥善保管查询码，不要告诉他人。"))
    return render(request, "portal/apply_track.html", context)


@never_cache
@require_http_methods(["POST"])
def track_supplement(request, org):
    """The applicant answers the 补正告知 (第三十条) with text and files; received today, the reply
    period counts again from today. Refused input comes back with the text kept."""
    org = _org(org)
    context = _platform_context(org, "apply")
    form = SupplementAnswerForm(request.POST, request.FILES)
    code = request.POST.get("code", "")
    application = selectors.application_by_code(org=org, code=code)
    if application is None:
        # Nothing to attach it to: say so and give back what was typed.
        track_form = TrackForm({"code": code})
        track_form.is_valid()
        track_form.add_error(None, _("查询码不正确，或该申请不是向本机关提出的，补正未能提交。"))
        return _render_track(request, org, context, track_form, None, "", supplement_form=form)
    track_form = TrackForm(initial={"code": code})
    if not allow(
        "supplement", client_ip(request) or "unknown", limit=SUPPLEMENT_LIMIT[0], window=SUPPLEMENT_LIMIT[1]
    ):
        form.is_valid()
        form.add_error(None, RATE_LIMITED)
    elif form.is_valid():
        uploads = request.FILES.getlist("files")
        try:
            if len(uploads) > services.SUPPLEMENT_MAX_FILES:
                raise ValidationError(
                    _("一次最多上传%(count)d个文件。") % {"count": services.SUPPLEMENT_MAX_FILES}
                )
            for upload in uploads:
                check_size(upload.name, upload.size)  # before reading it into memory
            services.supplement_online(
                application=application,
                text=form.cleaned_data["text"],
                files=[(upload.name, upload.read()) for upload in uploads],
                ip_address=client_ip(request),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            # The answer is the application's page itself, not a redirect: the query code is never
            # kept in the session to carry it over (ADR 0007).
            messages.success(request, _("已收到您的补正。答复期限自今天起重新计算，请查看下方新的答复期限。"))
            view = selectors.public_view_by_code(org=org, code=code)
            return _render_track(request, org, context, TrackForm(initial={"code": code}), view, code)
    if form.errors and request.FILES:
        form.add_error(None, _("出于安全原因，已选择的文件需要重新选择。"))
    view = selectors.public_view_by_code(org=org, code=code)
    return _render_track(request, org, context, track_form, view, code, supplement_form=form)


@never_cache
@require_http_methods(["POST"])
def track_reasons(request, org):
    """The applicant gives the reasons asked under 第三十五条; received today. Refused input comes
    back with the text kept."""
    org = _org(org)
    context = _platform_context(org, "apply")
    form = ReasonsAnswerForm(request.POST)
    code = request.POST.get("code", "")
    application = selectors.application_by_code(org=org, code=code)
    if application is None:
        track_form = TrackForm({"code": code})
        track_form.is_valid()
        track_form.add_error(None, _("查询码不正确，或该申请不是向本机关提出的，理由未能提交。"))
        return _render_track(request, org, context, track_form, None, "", reasons_form=form)
    if not allow(
        "supplement", client_ip(request) or "unknown", limit=SUPPLEMENT_LIMIT[0], window=SUPPLEMENT_LIMIT[1]
    ):
        form.is_valid()
        form.add_error(None, RATE_LIMITED)
    elif form.is_valid():
        try:
            services.reasons_online(
                application=application, text=form.cleaned_data["text"], ip_address=client_ip(request)
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("已收到您说明的理由，本机关将据此依法处理（第三十五条）。"))
            view = selectors.public_view_by_code(org=org, code=code)
            return _render_track(request, org, context, TrackForm(initial={"code": code}), view, code)
    view = selectors.public_view_by_code(org=org, code=code)
    track_form = TrackForm(initial={"code": code})
    return _render_track(request, org, context, track_form, view, code, reasons_form=form)


@never_cache
@require_http_methods(["POST"])
def track_download(request, org):
    """The reply letter or a released file, for the holder of the query code (sent in the POST
    body, never in a URL that logs or browser history would keep)."""
    from django.http import Http404

    org = _org(org)
    if not allow("track", client_ip(request) or "unknown", limit=TRACK_LIMIT[0], window=TRACK_LIMIT[1]):
        raise Http404(RATE_LIMITED)
    application = selectors.application_by_code(org=org, code=request.POST.get("code", ""))
    if application is None:
        raise Http404(_("查询码不正确。"))
    what = request.POST.get("what", "")
    # The letters addressed to the applicant (补正告知书 and the others their history calls for).
    if what in dict(selectors.public_letters(application)):
        return letter_response(application, what, "pdf")
    if selectors.related_or_none(application, "reply") is None:
        raise Http404(_("该申请尚未答复。"))
    released = application.released_files.filter(pk=int(what) if what.isdigit() else 0).first()
    if released is None:
        raise Http404("文件不存在")
    return file_response(released)
