"""政策咨询 in the workbench: the organ's questions with their clocks, answering, transfer,
publication with masking, 常见问题, and the 政民互动 statistics for the 政务公开办."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Role
from gongkai.disclosure.models import Record
from gongkai.orgs.selectors import subtree
from gongkai.participation.models import AnswerLimit, QuestionStatus
from gongkai.participation.questions import rules, selectors, services, statistics
from gongkai.participation.questions.forms import (
    AnswerForm,
    AnswerLimitForm,
    CloseForm,
    FrequentForm,
    PublishForm,
    ReviewForm,
    TransferForm,
)
from gongkai.workbench.views import _roles, staff_view
from gongkai.workdays.selectors import current_calendar

ANSWER_ROLES = {Role.EDITOR, Role.REVIEWER, Role.HEAD, Role.REQUEST_HANDLER, Role.COMPETENT_ADMIN}
PUBLISH_ROLES = {Role.REVIEWER, Role.HEAD, Role.COMPETENT_ADMIN}
STATISTICS_ROLES = {Role.COMPETENT_ADMIN, Role.HEAD}
VERBS = ("answer", "transfer", "publish", "close", "faq", "review")


@staff_view
def question_list(request):
    status = request.GET.get("status", "")
    if status not in QuestionStatus.values:
        status = ""
    page = Paginator(selectors.questions_for_org(org=request.org, status=status), 30).get_page(
        request.GET.get("page")
    )
    today, calendar = timezone.localdate(), current_calendar()
    rows = [(q, selectors.clock_of(q, today=today, calendar=calendar)) for q in page.object_list]
    return render(
        request,
        "participation/question_workbench_list.html",
        {"page": page, "rows": rows, "status": status, "statuses": QuestionStatus.choices},
    )


def _detail_context(request, question, **forms):
    masked = {
        "title": rules.mask_personal_data(question.title, [question.asker_name]),
        "text": rules.mask_personal_data(question.text, [question.asker_name]),
        "answer": rules.mask_personal_data(question.answer.text, [question.asker_name])
        if hasattr(question, "answer")
        else "",
    }
    return {
        "question": question,
        "clock": selectors.clock_of(question),
        "transfers": question.transfers.select_related("from_organization", "to_organization"),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "transfer_form": forms.get("transfer_form") or TransferForm(),
        "publish_form": forms.get("publish_form")
        or PublishForm(
            initial={
                "public_title": masked["title"],
                "public_text": masked["text"],
                "public_answer": masked["answer"],
            }
        ),
        "faq_form": forms.get("faq_form") or FrequentForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "review_form": forms.get("review_form") or ReviewForm(),
        "may_answer": bool(_roles(request) & ANSWER_ROLES),
        "may_publish": bool(_roles(request) & PUBLISH_ROLES),
        "related": question.related_records.all(),
    }


@staff_view
def question_detail(request, pk):
    question = selectors.question_for_staff(org=request.org, pk=pk)
    return render(request, "participation/question_workbench_detail.html", _detail_context(request, question))


def _errors_to_form(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_POST
@staff_view
def question_action(request, pk, verb):
    question = selectors.question_for_staff(org=request.org, pk=pk)
    if verb not in VERBS:
        raise Http404("操作不存在")
    roles = _roles(request)
    needed = PUBLISH_ROLES if verb in ("publish", "faq") else ANSWER_ROLES
    if not roles & needed:
        raise PermissionDenied("您在本机关没有此项操作的权限。")
    form_class = {
        "answer": AnswerForm,
        "transfer": TransferForm,
        "publish": PublishForm,
        "faq": FrequentForm,
        "close": CloseForm,
        "review": ReviewForm,
    }[verb]
    if verb == "review":
        form = ReviewForm(request.POST, decision=request.POST.get("decision", ""))
    else:
        form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if verb == "answer":
                services.answer_question(
                    question=question,
                    text=data["text"],
                    actor=request.user,
                    related_records=form.related_ids(),
                )
                done = "已答复。"
            elif verb == "transfer":
                services.transfer_question(
                    question=question,
                    to_organization=data["to_organization"],
                    reason=data["reason"],
                    actor=request.user,
                )
                messages.success(request, f"已转办给{data['to_organization'].name}。")
                return redirect("workbench:question_list")
            elif verb == "publish":
                services.publish_question(
                    question=question,
                    actor=request.user,
                    public_title=data["public_title"],
                    public_text=data["public_text"],
                    public_answer=data["public_answer"],
                )
                done = "已公开到问答库（个人信息已去除）。"
            elif verb == "review":
                release = form.decision == "release"
                services.review_held_question(
                    question=question, actor=request.user, release=release, reason=data["reason"]
                )
                done = "已放行，进入办理。" if release else "已不予受理。"
            elif verb == "close":
                services.close_question(question=question, actor=request.user, reason=data["reason"])
                done = "已办结（不予答复）。"
            else:
                record = (
                    Record.objects.published().filter(pk=data["record"], organization=request.org).first()
                )
                if record is None:
                    raise ValidationError({"record": ["请填写本机关已公开政策的信息编号。"]})
                services.add_frequent_question(
                    record=record, question=question, actor=request.user, position=data.get("position") or 0
                )
                done = f"已列入《{record.title}》的常见问题。"
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, done)
            return redirect("workbench:question_detail", pk=question.pk)
    question.refresh_from_db()
    context = _detail_context(request, question, **{f"{'faq' if verb == 'faq' else verb}_form": form})
    return render(request, "participation/question_workbench_detail.html", context)


@staff_view
def question_statistics(request):
    """The 政务公开办's figures: every organ of its government, per year."""
    if not _roles(request) & STATISTICS_ROLES:
        raise PermissionDenied("只有政务公开办管理员和负责人可以查看政民互动统计。")
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    # One count of the year's questions for the whole subtree: the table shows the organs in
    # service, the narrative (as in the annual report, statistics.narrative) every organ under this one.
    organs = list(subtree(request.org).order_by("path"))
    figures = statistics.question_figures([o.pk for o in organs], year)
    rows = [(o, figures[o.pk]) for o in organs if o.is_active]
    return render(
        request,
        "participation/question_statistics.html",
        {
            "rows": rows,
            "total": statistics.total({o.pk: f for o, f in rows}),
            "year": year,
            "narrative": statistics.narrative_of(statistics.total(figures), year),
            "may_set_limits": services.may_set_limit(request.user, request.org),
        },
    )


@staff_view
def question_limits(request):
    """答复时限 per organ, set by the 政务公开办管理员 for the organs of its government."""
    if not services.may_set_limit(request.user, request.org):
        raise PermissionDenied("只有本级或上级政府的政务公开办管理员可以设置答复时限。")
    organs = list(subtree(request.org).active().order_by("path"))
    own = dict(
        AnswerLimit.objects.filter(organization__in=organs).values_list("organization_id", "answer_days")
    )
    failed_pk, failed_form = None, None
    if request.method == "POST":
        target = next((o for o in organs if str(o.pk) == request.POST.get("organization")), None)
        if target is None:
            raise Http404("机关不存在")
        form = AnswerLimitForm(request.POST)
        if form.is_valid():
            try:
                days = services.set_answer_limit(
                    organization=target, actor=request.user, days=form.cleaned_data["answer_days"]
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, f"{target.name}的答复时限为{days}个工作日，此后收到的咨询适用。")
                return redirect("workbench:question_limits")
        failed_pk, failed_form = target.pk, form
    rows = [
        (
            o,
            services.answer_days(o),
            failed_form
            if o.pk == failed_pk
            else AnswerLimitForm(initial={"answer_days": own.get(o.pk)}, auto_id=f"id_{o.pk}_%s"),
        )
        for o in organs
    ]
    return render(
        request,
        "participation/question_limits.html",
        {"rows": rows, "default_days": services.default_answer_days()},
        status=400 if failed_form is not None else 200,
    )
