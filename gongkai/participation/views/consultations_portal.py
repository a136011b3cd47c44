"""意见征集 for the public: the list (open / closed), a draft paragraph by paragraph with the
comment form (works without JavaScript: each paragraph's link selects it), and the published
采纳情况反馈. No captcha: a honeypot field, a per-address rate limit and the content rules."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core.ratelimit import allow, client_ip
from gongkai.orgs.models import Organization
from gongkai.participation import selectors_consultations as selectors
from gongkai.participation import services_consultations as services
from gongkai.participation.forms_consultations import CommentForm

# A person writes a handful of comments on one draft in ten minutes; a script is stopped at this.
COMMENT_LIMIT = (20, 600)
RATE_LIMITED = _("提交过于频繁，请稍后再试。您填写的内容已保留在下方。")
STATES = {"open": _("正在征集"), "closed": _("已结束")}


@require_safe
def consultation_list(request):
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    org = None
    if request.GET.get("org"):
        org = Organization.objects.active().filter(slug=request.GET["org"]).first()
    page = Paginator(selectors.public_consultations(org=org, state=state), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "participation/consultation_list.html",
        {"page": page, "state": state, "states": STATES, "filter_org": org},
    )


def _context(consultation, form, **extra) -> dict:
    org = consultation.organization
    context = {
        "org": org,
        "section": "consultations",
        "breadcrumbs": Organization.objects.get_ancestors(org),
        "consultation": consultation,
        "paragraphs": list(consultation.paragraphs.all()),
        "comments": selectors.public_comments(consultation),
        "form": form,
        "figures": selectors.feedback_figures(consultation) if consultation.has_feedback else None,
        "final_record": consultation.final_record
        if consultation.final_record_id and consultation.final_record.status == "published"
        else None,
    }
    context.update(extra)
    return context


@never_cache
@require_http_methods(["GET", "POST"])
def consultation_detail(request, pk):
    consultation = selectors.public_consultation(pk)
    if consultation is None:
        raise Http404("意见征集不存在")
    status = 200
    if request.method == "POST":
        form = CommentForm(request.POST, consultation=consultation)
        if not allow(
            "consultation-comment",
            client_ip(request) or "unknown",
            limit=COMMENT_LIMIT[0],
            window=COMMENT_LIMIT[1],
        ):
            form.is_valid()
            form.add_error(None, RATE_LIMITED)
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                comment = services.submit_comment(
                    consultation=consultation,
                    text=data["text"],
                    paragraph_number=data.get("paragraph"),
                    author_name=data.get("author_name", ""),
                    show_name=data.get("show_name", False),
                    contact=data.get("contact", ""),
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
                    if any(e.code in ("closed", "not_started") for e in exc.error_list):
                        status = 409
            else:
                if comment.held_reasons:
                    # Stored, not lost: the person is told why it waits, on the page itself.
                    form = CommentForm(consultation=consultation)
                    context = _context(consultation, form, held=services.held_notice(comment))
                    return render(request, "participation/consultation_detail.html", context)
                return redirect(
                    reverse("consultations:detail", kwargs={"pk": consultation.pk}) + "?sent=1#comment-form"
                )
    else:
        initial = {}
        selected = request.GET.get("p", "")
        if selected.isdigit():
            initial["paragraph"] = selected
        form = CommentForm(initial=initial, consultation=consultation)
    context = _context(consultation, form, sent=request.GET.get("sent") == "1" and request.method == "GET")
    return render(request, "participation/consultation_detail.html", context, status=status)
