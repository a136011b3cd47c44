"""依申请公开 in the workbench: the list with each clock, registration, and handling one application.

Full applicant data is shown only to the organ's 依申请经办人 and 负责人, and each such view is
audited (等保 2.0 8.1.4.3, 个人信息保护法 第五十一条); others see masked values.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.accounts.duties import single_officer_allowed
from gongkai.accounts.models import Role, User
from gongkai.audit.services import record_event
from gongkai.core.ratelimit import client_ip
from gongkai.core.scoping import get_for_org
from gongkai.core.uploads import check_size
from gongkai.info_requests import forms, issuing, letters, selectors, services
from gongkai.info_requests.documents import file_response, issued_response, letter_response
from gongkai.info_requests.models import InfoRequest, Litigation, Review, Status, ThirdPartyConsultation
from gongkai.textproc.pii import mask_id_number, mask_name, mask_phone
from gongkai.workbench.paging import KeysFirstPaginator
from gongkai.workbench.views import _roles, staff_view

VIEW_ROLES = {*services.HANDLING_ROLES, Role.COMPETENT_ADMIN}


def _require_view(request) -> set[str]:
    roles = _roles(request)
    if not roles & VIEW_ROLES:
        raise PermissionDenied("依申请公开需要依申请经办人、负责人或政务公开办管理员角色。")
    return roles


def _masked(application: InfoRequest) -> dict:
    return {
        "name": mask_name(application.applicant_name),
        "id_number": mask_id_number(application.id_number) if len(application.id_number) > 7 else "***",
        "phone": mask_phone(application.phone) if len(application.phone) > 7 else "***",
    }


LIST_UNSHOWN = ("legal_representative", "contact_person", "email", "address", "description")


@never_cache
@staff_view
def request_list(request):
    _require_view(request)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    calendar = selectors.working_calendar()
    # Only the applicant data the list shows (masked) is read and decrypted.
    applications = selectors.requests_for_org(org=request.org, status=status).defer(*LIST_UNSHOWN)
    page = KeysFirstPaginator(applications, 30).get_page(request.GET.get("page"))
    rows = [(a, _masked(a), selectors.clock_of(a, calendar=calendar)) for a in page]
    return render(
        request,
        "workbench/requests/list.html",
        {"page": page, "rows": rows, "status": status, "statuses": Status.choices},
    )


@never_cache
@staff_view
def request_register(request):
    roles = _require_view(request)
    if not roles & services.HANDLING_ROLES:
        raise PermissionDenied("登记申请需要依申请经办人或负责人角色。")
    form = forms.RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data.get(name, "")
            for name in services.APPLICANT_FIELDS + services.REQUEST_FIELDS
        }
        try:
            application, code = services.register(
                org=request.org,
                actor=request.user,
                channel=form.cleaned_data["channel"],
                data=data,
                received_on=form.cleaned_data["received_on"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            # Shown in this answer only: a flash message would keep the code in a cookie or the
            # session row, and a query code is never stored (ADR 0007).
            return render(
                request, "workbench/requests/registered.html", {"application": application, "code": code}
            )
    return render(request, "workbench/requests/register.html", {"form": form})


def _get(request, pk) -> InfoRequest:
    return get_for_org(
        InfoRequest.objects.select_related("organization", "assigned_to"), org=request.org, pk=pk
    )


@never_cache
@staff_view
def request_detail(request, pk, *, bound: dict | None = None):
    roles = _require_view(request)
    application = _get(request, pk)
    handles = bool(roles & services.HANDLING_ROLES)
    if handles:
        record_event(
            actor=request.user,
            verb="info_request_pii_viewed",
            obj=application,
            ip_address=client_ip(request),
        )
    handlers = User.objects.filter(
        memberships__organization=application.organization, memberships__role__in=services.HANDLING_ROLES
    ).distinct()
    action_forms = {
        "confirm": forms.DateForm(prefix="confirm"),
        "correction": forms.CorrectionForm(prefix="correction"),
        "supplement": forms.SupplementForm(prefix="supplement"),
        "consultation": forms.ConsultationForm(prefix="consultation"),
        "consultation_end": forms.ConsultationEndForm(prefix="consultation_end"),
        "extension": forms.ExtensionForm(prefix="extension"),
        "reply": forms.ReplyForm(prefix="reply"),
        "delivery": forms.DeliveryForm(prefix="delivery"),
        "note": forms.NoteForm(prefix="note"),
        "review": forms.ReviewForm(prefix="review"),
        "fee": forms.FeeForm(prefix="fee"),
        "payment": forms.PaymentForm(prefix="payment"),
        "fee_delivery": forms.FeeDeliveryForm(prefix="fee_delivery"),
        "delay": forms.DelayForm(prefix="delay"),
        "reasons": forms.ReasonsForm(prefix="reasons"),
        "reasons_given": forms.ReasonsGivenForm(prefix="reasons_given"),
        "withdraw": forms.WithdrawForm(prefix="withdraw"),
        "litigation": forms.LitigationForm(prefix="litigation"),
        "decision": forms.DecisionForm(prefix="decision"),
    } | (bound or {})
    return render(
        request,
        "workbench/requests/detail.html",
        {
            "application": application,
            "handles": handles,
            "is_head": Role.HEAD in roles,
            # 第三十三条第二款: the head approves the 经办人's extension, never their own.
            "may_approve_extension": Role.HEAD in roles
            and (
                application.assigned_to_id != request.user.pk
                or single_officer_allowed(application.organization)
            ),
            "masked": _masked(application),
            "clock": selectors.clock_of(application),
            "forms": action_forms,
            "handlers": handlers,
            "consultations": application.consultations.all(),
            "reviews": application.reviews.all(),
            "letter_kinds": [(k, letters.KINDS[k]) for k in letters.available_kinds(application)],
            "released_files": application.released_files.all(),
            "supplement_files": application.supplement_files.all() if handles else [],
            "litigations": application.litigations.all(),
            "notes": application.notes.select_related("author") if handles else [],
            "correction": selectors.related_or_none(application, "correction"),
            "extension": selectors.related_or_none(application, "extension"),
            "fee": selectors.related_or_none(application, "processing_fee"),
            "reasons_request": selectors.related_or_none(application, "reasons_request"),
            "reply": selectors.related_or_none(application, "reply"),
            "issued_letters": application.issued_letters.select_related("issued_by", "corrects"),
            "is_open": application.status
            in {Status.AWAITING_CONFIRMATION, Status.IN_PROGRESS, Status.AWAITING_CORRECTION},
        },
    )


# Step name → (form class, service call taking the cleaned data).
STEPS = {
    "confirm": (
        forms.DateForm,
        lambda a, u, d: services.confirm_receipt(application=a, actor=u, received_on=d["on"]),
    ),
    "correction": (
        forms.CorrectionForm,
        lambda a, u, d: services.request_correction(application=a, actor=u, **d),
    ),
    "supplement": (
        forms.SupplementForm,
        lambda a, u, d: services.record_supplement(application=a, actor=u, **d),
    ),
    "consultation": (
        forms.ConsultationForm,
        lambda a, u, d: services.start_consultation(application=a, actor=u, **d),
    ),
    "consultation_end": (
        forms.ConsultationEndForm,
        lambda a, u, d: services.end_consultation(
            consultation=ThirdPartyConsultation.objects.get(pk=d["consultation"], request=a),
            actor=u,
            answered_on=d["answered_on"],
            answer=d["answer"],
        ),
    ),
    "extension": (forms.ExtensionForm, lambda a, u, d: services.extend(application=a, actor=u, **d)),
    "reply": (forms.ReplyForm, lambda a, u, d: services.reply(application=a, actor=u, **d)),
    "delivery": (forms.DeliveryForm, lambda a, u, d: services.record_delivery(application=a, actor=u, **d)),
    "note": (forms.NoteForm, lambda a, u, d: services.add_note(application=a, actor=u, **d)),
    "fee": (forms.FeeForm, lambda a, u, d: services.send_fee_notice(application=a, actor=u, **d)),
    "payment": (forms.PaymentForm, lambda a, u, d: services.record_payment(application=a, actor=u, **d)),
    "fee_delivery": (
        forms.FeeDeliveryForm,
        lambda a, u, d: services.record_fee_delivery(application=a, actor=u, **d),
    ),
    "delay": (forms.DelayForm, lambda a, u, d: services.delay_reply(application=a, actor=u, **d)),
    "reasons": (forms.ReasonsForm, lambda a, u, d: services.ask_reasons(application=a, actor=u, **d)),
    "reasons_given": (
        forms.ReasonsGivenForm,
        lambda a, u, d: services.record_reasons(application=a, actor=u, **d),
    ),
    "withdraw": (forms.WithdrawForm, lambda a, u, d: services.withdraw(application=a, actor=u, **d)),
    "review": (forms.ReviewForm, lambda a, u, d: services.record_review(application=a, actor=u, **d)),
    "litigation": (
        forms.LitigationForm,
        lambda a, u, d: services.record_litigation(application=a, actor=u, **d),
    ),
    "decision": (
        forms.DecisionForm,
        lambda a, u, d: services.decide(
            case=(a.reviews if d["kind"] == "review" else a.litigations).get(pk=d["case"]),
            actor=u,
            result=d["result"],
            decided_on=d["decided_on"],
            note=d["note"],
        ),
    ),
}


def _release(request, application) -> None:
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError("请选择文件。")
    check_size(upload.name, upload.size)
    services.release_file(application=application, actor=request.user, name=upload.name, data=upload.read())


# Steps without a form of their own: (call, message on success).
FORMLESS_STEPS = {
    "archive": (lambda r, a: services.archive(application=a, actor=r.user), "已归档。"),
    "release": (_release, "文件已添加。"),
    "assign": (
        lambda r, a: services.assign(
            application=a, actor=r.user, handler=User.objects.filter(pk=r.POST.get("handler") or 0).first()
        ),
        "已分派。",
    ),
}


@require_POST
@staff_view
def request_step(request, pk, step):
    _require_view(request)
    application = _get(request, pk)
    if step in FORMLESS_STEPS:
        call, done = FORMLESS_STEPS[step]
        try:
            call(request, application)
            messages.success(request, done)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        return redirect("workbench:request_detail", pk=application.pk)
    if step not in STEPS:
        raise PermissionDenied("未知的操作。")
    form_class, call = STEPS[step]
    form = form_class(request.POST, prefix=step)
    if form.is_valid():
        try:
            call(application, request.user, form.cleaned_data)
        except (ThirdPartyConsultation.DoesNotExist, Review.DoesNotExist, Litigation.DoesNotExist):
            form.add_error(None, "记录不存在。")
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存。")
            return redirect("workbench:request_detail", pk=application.pk)
    # The refused form comes back with what was typed and the reason.
    return request_detail(request, application.pk, bound={step: form})


@never_cache
@staff_view
def proactive_suggestions(request):
    """第四十四条: information several applicants obtained, to be considered for proactive disclosure."""
    _require_view(request)
    return render(
        request,
        "workbench/requests/suggestions.html",
        {"suggestions": selectors.proactive_suggestions(org=request.org)},
    )


@never_cache
@staff_view
def request_letter(request, pk, kind, fmt):
    roles = _require_view(request)
    application = _get(request, pk)
    if not roles & services.HANDLING_ROLES:
        raise PermissionDenied("生成文书需要依申请经办人或负责人角色。")
    response = letter_response(application, kind, fmt)
    record_event(
        actor=request.user, verb="info_request_letter_generated", obj=application, changes={"kind": kind}
    )
    return response


@never_cache
@staff_view
def released_file(request, pk, file_id):
    roles = _require_view(request)
    application = _get(request, pk)
    if not roles & services.HANDLING_ROLES:
        raise PermissionDenied("下载需要依申请经办人或负责人角色。")
    released = application.released_files.filter(pk=file_id).first()
    if released is None:
        raise Http404("文件不存在")
    return file_response(released)


@never_cache
@staff_view
def supplement_file(request, pk, supplement_id):
    """A file the applicant sent with the 补正 (handlers of the organ only)."""
    roles = _require_view(request)
    application = _get(request, pk)
    if not roles & services.HANDLING_ROLES:
        raise PermissionDenied("下载需要依申请经办人或负责人角色。")
    item = application.supplement_files.filter(pk=supplement_id).first()
    if item is None:
        raise Http404("文件不存在")
    record_event(
        actor=request.user,
        verb="info_request_supplement_downloaded",
        obj=application,
        ip_address=client_ip(request),
    )
    return file_response(item)


@never_cache
@staff_view
def letter_templates(request):
    """Each organ's wording of its letters; a blank box restores the default."""
    roles = _require_view(request)
    can_edit = bool(roles & services.TEMPLATE_ROLES)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("修改文书模板需要负责人或政务公开办管理员角色。")
        kind = request.POST.get("kind", "")
        try:
            services.save_letter_template(
                org=request.org, actor=request.user, kind=kind, paragraphs=request.POST.get("paragraphs", "")
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"已保存：{letters.KINDS.get(kind, kind)}")
            return redirect("workbench:letter_templates")
    rows = [
        (
            kind,
            label,
            "\n".join(services.letter_templates(request.org, kind) or letters.DEFAULT_TEMPLATES[kind]),
        )
        for kind, label in letters.TEMPLATE_KINDS.items()
    ]
    return render(
        request,
        "workbench/requests/templates.html",
        {
            "rows": rows,
            "can_edit": can_edit,
            "settings_form": forms.LetterSettingsForm(instance=issuing.letter_settings(request.org)),
        },
    )


@never_cache
@staff_view
@require_POST
def letter_settings(request):
    """The organ's 文号 pattern, seal and fee payment channel (letters already issued keep theirs)."""
    roles = _require_view(request)
    if not roles & services.TEMPLATE_ROLES:
        raise PermissionDenied("修改文书设置需要负责人或政务公开办管理员角色。")
    form = forms.LetterSettingsForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.pop("seal_upload", None)
        try:
            services.save_letter_settings(
                org=request.org,
                actor=request.user,
                seal_image=(upload.name, upload.read()) if upload else None,
                **{name: form.cleaned_data[name] for name in services.LETTER_SETTINGS_FIELDS},
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "已保存文书设置。")
    else:
        messages.error(
            request, "文书设置未保存：" + "；".join(e for errs in form.errors.values() for e in errs)
        )
    return redirect("workbench:letter_templates")


def _issued(request, pk, letter_id):
    roles = _require_view(request)
    application = _get(request, pk)
    if not roles & services.HANDLING_ROLES:
        raise PermissionDenied("需要依申请经办人或负责人角色。")
    issued = application.issued_letters.filter(pk=letter_id).first()
    if issued is None:
        raise Http404("文书不存在")
    return application, issued


@never_cache
@staff_view
def issued_letter(request, pk, letter_id, fmt):
    """One issued letter exactly as stored when it was issued."""
    application, issued = _issued(request, pk, letter_id)
    response = issued_response(issued, fmt)
    record_event(
        actor=request.user,
        verb="info_request_letter_downloaded",
        obj=application,
        changes={"number": issued.number},
    )
    return response


@never_cache
@staff_view
@require_POST
def correct_issued_letter(request, pk, letter_id):
    """更正: a new letter from the records as they stand, with a new number."""
    application, issued = _issued(request, pk, letter_id)
    try:
        new = services.correct_letter(
            issued=issued, actor=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"已签发更正文书 {new.number}。")
    return redirect("workbench:request_detail", pk=application.pk)
