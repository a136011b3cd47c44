"""依申请公开 for the public: the application form (第二十九条) and following it with a query code.

Neither page is cached (each carries a CSRF token and a form token) and neither shows personal
data beyond the masked name the applicant typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.core.ratelimit import allow, client_ip
from gongkai.info_requests import selectors, services
from gongkai.info_requests.documents import file_response, letter_response
from gongkai.info_requests.forms import ApplicationForm, TrackForm
from gongkai.portal.views import _org, _platform_context
from gongkai.search.engine import IndexUnavailable
from gongkai.search.query import SearchRequest, search

# Generous for a person (a family filing for several relatives), tight for a script.
SUBMIT_LIMIT = (5, 600)
TRACK_LIMIT = (20, 600)
RATE_LIMITED = "提交过于频繁，请稍后再试。如需帮助，请拨打本机关政府信息公开工作机构电话。"


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
            matches = _similar_records(org, request.POST.get("description", ""))
            context.update(form=_unvalidated(request.POST), token=token, matches=matches, checked=True)
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
                request.session["apply:done"] = {"number": application.number, "code": code, "org": org.slug}
                return redirect("portal:apply_done", org=org.slug)
        elif not token:
            form.add_error(None, "表单已过期，请重新提交。")
        context.update(form=form, token=token or services.new_form_token())
    else:
        context.update(form=ApplicationForm(), token=services.new_form_token())
    return render(request, "portal/apply.html", context)


def _unvalidated(data):
    """A bound form that shows the values but no errors yet (for the 'check first' step)."""
    form = ApplicationForm(data)
    form._errors = {}
    form.cleaned_data = {}
    return form


@never_cache
def apply_done(request, org):
    org = _org(org)
    done = request.session.get("apply:done")
    if not done or done.get("org") != org.slug:
        return redirect("portal:apply", org=org.slug)
    context = _platform_context(org, "apply")
    context.update(done=done)
    return render(request, "portal/apply_done.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request, org):
    org = _org(org)
    context = _platform_context(org, "apply")
    form = TrackForm(request.POST or None)
    view = None
    if request.method == "POST" and form.is_valid():
        if not allow("track", client_ip(request) or "unknown", limit=TRACK_LIMIT[0], window=TRACK_LIMIT[1]):
            form.add_error(None, RATE_LIMITED)
        else:
            view = selectors.public_view_by_code(org=org, code=form.cleaned_data["code"])
            if view is None:
                # The same answer for a wrong code and for another organ's code.
                form.add_error("code", "查询码不正确，或该申请不是向本机关提出的。")
    context.update(form=form, view=view)
    if view is not None:
        messages.info(request, "请妥善保管查询码，不要告诉他人。")
    return render(request, "portal/apply_track.html", context)


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
    if application is None or selectors.related_or_none(application, "reply") is None:
        raise Http404("查询码不正确，或该申请尚未答复。")
    what = request.POST.get("what", "")
    if what == "reply":
        return letter_response(application, "reply", "pdf")
    released = application.released_files.filter(pk=int(what) if what.isdigit() else 0).first()
    if released is None:
        raise Http404("文件不存在")
    return file_response(released)
