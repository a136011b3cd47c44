"""政策咨询 for the public: the 问答库 (published, masked), asking a question, and "智能问答"
suggestions from the search index as the asker types (the form works the same without JS: the
"查找相似问答" button shows them on the page)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core.ratelimit import allow, client_ip
from gongkai.participation.questions import selectors, services
from gongkai.participation.questions.forms import AskForm
from gongkai.search.engine import IndexUnavailable
from gongkai.search.query import SearchRequest, search

# Generous for a person asking a few things, tight for a script.
ASK_LIMIT = (5, 600)
SUGGEST_LIMIT = (60, 600)
RATE_LIMITED = _("提交过于频繁，请稍后再试。您填写的内容已保留。")
SUGGESTIONS = 5


def suggestions_for(text: str):
    """Published answers and policies that may already answer ``text`` (search index, no model)."""
    text = (text or "").strip()
    if len(text) < 2:
        return []
    try:
        return search(SearchRequest(q=text[:200], page_size=SUGGESTIONS, any_word=True)).hits
    except IndexUnavailable:  # a convenience: the question itself never depends on the index
        return []


@require_safe
def question_list(request):
    page = Paginator(selectors.published_questions(), 20).get_page(request.GET.get("page"))
    return render(request, "participation/question_list.html", {"page": page})


@require_safe
def question_detail(request, number):
    question = selectors.public_question(number)
    if question is None:
        raise Http404("问答不存在或尚未公开")
    records = [r for r in question.related_records.published().select_related("organization")]
    return render(request, "participation/question_detail.html", {"question": question, "records": records})


@never_cache
@require_http_methods(["GET", "POST"])
def ask(request):
    context: dict = {}
    if request.method != "POST":
        initial = {}
        if request.GET.get("org"):
            initial["organization"] = (
                AskForm.base_fields["organization"].queryset.filter(slug=request.GET["org"]).first()
            )
        context["form"] = AskForm(initial=initial)
        if initial.get("organization"):
            context["answer_days"] = services.answer_days(initial["organization"])
        return _ask_page(request, context)
    form = AskForm(request.POST)
    address = client_ip(request) or "unknown"
    if request.POST.get("action") == "check":
        # Show what was typed, without errors, with what may already answer it.
        form.is_valid()
        form._errors = {}
        if allow("question-suggest", address, limit=SUGGEST_LIMIT[0], window=SUGGEST_LIMIT[1]):
            context["suggestions"] = suggestions_for(
                f"{request.POST.get('title', '')} {request.POST.get('text', '')}"
            )
            context["checked"] = True
        context["form"] = form
        return _ask_page(request, context)
    if not allow("question-ask", address, limit=ASK_LIMIT[0], window=ASK_LIMIT[1]):
        form.is_valid()
        form.add_error(None, RATE_LIMITED)
        return _ask_page(request, {"form": form}, status=429)
    if form.is_valid():
        data = form.cleaned_data
        try:
            question = services.ask_question(
                title=data["title"],
                text=data["text"],
                topic=data["topic"],
                organization=data["organization"],
                government=data["government"],
                asker_name=data["asker_name"],
                asker_contact=data["asker_contact"],
                consent_to_publish=data["consent_to_publish"],
                ip_address=client_ip(request),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            clock = selectors.clock_of(question)
            held = services.held_message(question) if question.held_reasons else ""
            return render(
                request,
                "participation/question_done.html",
                {"question": question, "clock": clock, "held": held},
            )
    return _ask_page(request, {"form": form})


def _ask_page(request, context: dict, status: int = 200):
    context.setdefault("answer_days", services.answer_days())
    return render(request, "participation/question_ask.html", context, status=status)


@require_safe
def suggest(request):
    """The fragment the page's script puts under the form as the asker types."""
    hits = []
    if allow(
        "question-suggest", client_ip(request) or "unknown", limit=SUGGEST_LIMIT[0], window=SUGGEST_LIMIT[1]
    ):
        hits = suggestions_for(request.GET.get("q", "")[:200])
    return render(request, "participation/question_suggestions.html", {"suggestions": hits, "checked": True})
