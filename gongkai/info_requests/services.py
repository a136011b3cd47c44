"""Every write to an application: one transaction, the role check, an audit entry.

Audit entries name the application by its number and never carry applicant data.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import require_role
from gongkai.audit.services import record_event
from gongkai.core.counters import next_serial
from gongkai.core.crypto import cipher
from gongkai.core.uploads import check_upload, screen_upload
from gongkai.info_requests import deadlines, fees, outcomes
from gongkai.info_requests.models import (
    OPEN_STATUSES,
    Channel,
    CorrectionNotice,
    Extension,
    InfoRequest,
    InfoRequestCounter,
    LetterTemplate,
    Litigation,
    Note,
    ProcessingFee,
    ReleasedFile,
    Reply,
    Review,
    ReviewResult,
    Status,
    ThirdPartyConsultation,
)
from gongkai.info_requests.notifications import notify_applicant

HANDLING_ROLES = {Role.REQUEST_HANDLER, Role.HEAD}
APPLICANT_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "id_type",
    "id_number",
    "legal_representative",
    "contact_person",
    "phone",
    "email",
    "address",
    "postal_code",
)
REQUEST_FIELDS = ("description", "provision_form", "obtain_method")
# Lengths that fit the 受理回执 and the 答复书 (a name on one line, the description in a
# paragraph): the letters are rendered from these fields, so their size is bounded here.
APPLICATION_LIMITS = {
    "applicant_name": 100,
    "id_number": 40,
    "legal_representative": 50,
    "contact_person": 50,
    "phone": 30,
    "email": 254,
    "address": 200,
    "postal_code": 6,
    "description": 2000,
}
FIELD_TOO_LONG = "{label}最多{limit}个字符（现在有{count}个），请精简后再提交。"
# Unambiguous characters only (no 0/O, 1/I/L): codes are read over the phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

NOT_OPEN = "该申请已{status}，不能再办理。"


def new_form_token() -> str:
    """The hidden token of one application form (a double-clicked submit sends it twice)."""
    return secrets.token_urlsafe(24)


def query_code_for(token: str) -> str:
    """The query code of the application made with form ``token``: derived, not stored, so the
    response to a double click shows the same code as the first (lost) response would have."""
    digest = cipher().derive("query-code", token)
    raw = "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:12])
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _token_index(token: str) -> str:
    return cipher().derive("form-token", token).hex()


def query_code_index(code: str) -> str:
    return cipher().blind_index(code.replace("-", ""))


def _create(*, org, channel: str, data: dict, received_on: date | None, actor, token: str = ""):
    """A new application with the next gap-free number of its organ and year."""
    now = timezone.now()
    # Numbered in the year of receipt (a letter of 12-31 registered on 1-2 belongs to the old year).
    year = received_on.year if received_on else timezone.localtime(now).year
    token = token or new_form_token()
    code = query_code_for(token)
    application = InfoRequest(
        organization=org,
        year=year,
        serial=next_serial(InfoRequestCounter, organization=org, year=year),
        query_code_index=query_code_index(code),
        submission_token=_token_index(token),
        channel=channel,
        submitted_at=now,
        received_on=received_on,
        status=Status.IN_PROGRESS if received_on else Status.AWAITING_CONFIRMATION,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{name: data.get(name, "") for name in (*APPLICANT_FIELDS, *REQUEST_FIELDS)},
    )
    too_long = {
        name: FIELD_TOO_LONG.format(
            label=InfoRequest._meta.get_field(name).verbose_name, limit=limit, count=len(value)
        )
        for name, limit in APPLICATION_LIMITS.items()
        if len(value := str(getattr(application, name) or "")) > limit
    }
    if too_long:  # the same limits as the form, for every other way in (staff registration, imports)
        raise ValidationError(too_long)
    application.id_number_index = cipher().blind_index(application.id_number)
    application.full_clean(exclude=["query_code_index", "id_number_index"])
    application.save()
    return application, code


@transaction.atomic
def submit_online(*, org, data: dict, token: str, ip_address: str | None = None) -> tuple[InfoRequest, str]:
    """A citizen's online application (第二十九条). Returns it and its query code; a resubmission
    with the same form token (a double click) returns the first one, with the same code."""
    if token:
        existing = InfoRequest.objects.filter(organization=org, submission_token=_token_index(token)).first()
        if existing is not None:
            return existing, query_code_for(token)
    try:
        with transaction.atomic():
            application, code = _create(
                org=org, channel=Channel.ONLINE, data=data, received_on=None, actor=None, token=token
            )
    except IntegrityError:
        # The other click of a double click committed first.
        existing = InfoRequest.objects.get(organization=org, submission_token=_token_index(token))
        return existing, query_code_for(token)
    record_event(actor=None, verb="info_request_submitted", obj=application, ip_address=ip_address)
    notify_applicant(application, "submitted", extra=f"查询码 {code}（请妥善保管）。")
    return application, code


@transaction.atomic
def register(*, org, actor, channel: str, data: dict, received_on: date) -> tuple[InfoRequest, str]:
    """Staff register a letter, fax or in-person application with its date of receipt (第三十一条)."""
    require_role(actor, org, HANDLING_ROLES)
    if channel == Channel.ONLINE:
        raise ValidationError("在线申请由申请人在门户提交，无需登记。")
    application, code = _create(org=org, channel=channel, data=data, received_on=received_on, actor=actor)
    record_event(
        actor=actor, verb="info_request_registered", obj=application, changes={"received_on": received_on}
    )
    notify_applicant(application, "registered", received=f"{received_on:%Y-%m-%d}", extra=f"查询码 {code}。")
    return application, code


def _locked(application: InfoRequest, actor, *, open_only: bool = True) -> InfoRequest:
    locked = InfoRequest.objects.select_for_update().select_related("organization").get(pk=application.pk)
    require_role(actor, locked.organization, HANDLING_ROLES)
    if open_only and locked.status not in OPEN_STATUSES:
        raise ValidationError(NOT_OPEN.format(status=locked.get_status_display()))
    return locked


def _check_date(value: date, *, not_before: date | None = None, label: str = "日期") -> None:
    if value > timezone.localdate():
        raise ValidationError(f"{label}不能晚于今天。")
    if not_before and value < not_before:
        raise ValidationError(f"{label}不能早于{not_before:%Y-%m-%d}。")


@transaction.atomic
def confirm_receipt(*, application: InfoRequest, actor, received_on: date) -> InfoRequest:
    """第三十一条: online, letter and fax applications count from the date both sides confirm."""
    application = _locked(application, actor)
    if application.received_on:
        raise ValidationError("已确认收到该申请。")
    _check_date(received_on, not_before=timezone.localtime(application.submitted_at).date(), label="确认日期")
    application.received_on = received_on
    application.status = Status.IN_PROGRESS
    application.save(update_fields=["received_on", "status", "updated_at"])
    record_event(
        actor=actor, verb="info_request_confirmed", obj=application, changes={"received_on": received_on}
    )
    notify_applicant(application, "confirmed", received=f"{received_on:%Y-%m-%d}")
    return application


@transaction.atomic
def assign(*, application: InfoRequest, actor, handler) -> InfoRequest:
    application = _locked(application, actor)
    if handler is not None and not handler.roles_in(application.organization) & HANDLING_ROLES:
        raise ValidationError("只能分派给本机关的依申请经办人或负责人。")
    application.assigned_to = handler
    application.save(update_fields=["assigned_to", "updated_at"])
    record_event(
        actor=actor,
        verb="info_request_assigned",
        obj=application,
        changes={"assigned_to": str(handler or "")},
    )
    return application


@transaction.atomic
def add_note(*, application: InfoRequest, actor, text: str) -> Note:
    application = _locked(application, actor, open_only=False)
    if not text.strip():
        raise ValidationError("备注内容不能为空。")
    return Note.objects.create(request=application, author=actor, text=text.strip())


@transaction.atomic
def request_correction(
    *, application: InfoRequest, actor, items: str, due_on: date, sent_on: date
) -> CorrectionNotice:
    """第三十条: once, listing everything, within 7 working days of receipt."""
    application = _locked(application, actor)
    if application.received_on is None:
        raise ValidationError("请先确认收到申请。")
    if CorrectionNotice.objects.filter(request=application).exists():
        raise ValidationError("补正只能告知一次（第三十条）。")
    if not items.strip():
        raise ValidationError("请逐项列明需要补正的事项。")
    _check_date(sent_on, not_before=application.received_on, label="告知日期")
    if due_on <= sent_on:
        raise ValidationError("补正期限应晚于告知日期。")
    notice = CorrectionNotice.objects.create(
        request=application, sent_on=sent_on, items=items.strip(), due_on=due_on
    )
    application.status = Status.AWAITING_CORRECTION
    application.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor, verb="info_request_correction_requested", obj=application, changes={"due_on": due_on}
    )
    notify_applicant(application, "correction", due=f"{due_on:%Y-%m-%d}", items=notice.items)
    return notice


@transaction.atomic
def record_supplement(
    *, application: InfoRequest, actor, supplied_on: date, supplement: str = ""
) -> CorrectionNotice:
    application = _locked(application, actor)
    notice = CorrectionNotice.objects.filter(request=application).first()
    if notice is None or notice.supplied_on:
        raise ValidationError("该申请没有待补正的事项。")
    _check_date(supplied_on, not_before=notice.sent_on, label="收到补正日期")
    notice.supplied_on = supplied_on
    notice.supplement = supplement.strip()
    notice.save(update_fields=["supplied_on", "supplement", "updated_at"])
    application.status = Status.IN_PROGRESS
    application.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor, verb="info_request_supplemented", obj=application, changes={"supplied_on": supplied_on}
    )
    return notice


@transaction.atomic
def start_consultation(
    *, application: InfoRequest, actor, kind: str, party: str, sent_on: date
) -> ThirdPartyConsultation:
    """第三十二条 (third party) / 第三十四条 (co-maker): the time it takes is not counted."""
    application = _locked(application, actor)
    if application.received_on is None:
        raise ValidationError("请先确认收到申请。")
    _check_date(sent_on, not_before=application.received_on, label="发出日期")
    consultation = ThirdPartyConsultation.objects.create(
        request=application, kind=kind, party=party.strip(), sent_on=sent_on
    )
    record_event(
        actor=actor,
        verb="info_request_consultation_started",
        obj=application,
        changes={"kind": kind, "sent_on": sent_on},
    )
    return consultation


@transaction.atomic
def end_consultation(
    *, consultation: ThirdPartyConsultation, actor, answered_on: date, answer: str = ""
) -> ThirdPartyConsultation:
    application = _locked(consultation.request, actor)
    consultation = ThirdPartyConsultation.objects.select_for_update().get(
        pk=consultation.pk, request=application
    )
    if consultation.answered_on:
        raise ValidationError("该征求意见已结束。")
    _check_date(answered_on, not_before=consultation.sent_on, label="答复日期")
    consultation.answered_on = answered_on
    consultation.answer = answer.strip()
    consultation.save(update_fields=["answered_on", "answer", "updated_at"])
    record_event(
        actor=actor,
        verb="info_request_consultation_ended",
        obj=application,
        changes={"answered_on": answered_on},
    )
    return consultation


@transaction.atomic
def extend(
    *, application: InfoRequest, actor, reason: str, working_days: int = 20, approved_on: date
) -> Extension:
    """第三十三条第二款: once, at most 20 working days, approved by the head (负责人)."""
    application = _locked(application, actor)
    require_role(actor, application.organization, {Role.HEAD})
    if Extension.objects.filter(request=application).exists():
        raise ValidationError("答复期限只能延长一次。")
    if not 1 <= working_days <= deadlines.MAX_EXTENSION_DAYS:
        raise ValidationError("延长期限最长不超过20个工作日（第三十三条）。")
    if not reason.strip():
        raise ValidationError("请说明延期理由。")
    _check_date(approved_on, not_before=application.received_on, label="批准日期")
    extension = Extension.objects.create(
        request=application,
        kind=Extension.Kind.ARTICLE_33,
        working_days=working_days,
        reason=reason.strip(),
        approved_by=actor,
        approved_on=approved_on,
    )
    record_event(
        actor=actor, verb="info_request_extended", obj=application, changes={"working_days": working_days}
    )
    notify_applicant(application, "extension", days=working_days)
    return extension


@transaction.atomic
def delay_reply(
    *, application: InfoRequest, actor, new_due_on: date, reason: str, decided_on: date
) -> Extension:
    """第三十五条: a reasonable but excessive application gets a reasoned later date (the head decides)."""
    application = _locked(application, actor)
    require_role(actor, application.organization, {Role.HEAD})
    if Extension.objects.filter(request=application).exists():
        raise ValidationError("该申请已延期或确定延迟答复期限。")
    if not reason.strip():
        raise ValidationError("请说明延迟答复的理由。")
    _check_date(decided_on, not_before=application.received_on, label="决定日期")
    if new_due_on <= decided_on:
        raise ValidationError("延迟答复期限应晚于决定日期。")
    extension = Extension.objects.create(
        request=application,
        kind=Extension.Kind.ARTICLE_35,
        working_days=0,
        new_due_on=new_due_on,
        reason=reason.strip(),
        approved_by=actor,
        approved_on=decided_on,
    )
    record_event(
        actor=actor, verb="info_request_delayed", obj=application, changes={"new_due_on": new_due_on}
    )
    return extension


@transaction.atomic
def withdraw(*, application: InfoRequest, actor, reason: str) -> InfoRequest:
    """The applicant withdrew the application (recorded by the handler, with how it was said)."""
    application = _locked(application, actor)
    if not reason.strip():
        raise ValidationError("请记录申请人撤回的方式和时间。")
    application.status = Status.WITHDRAWN
    application.withdrawn_on = timezone.localdate()
    application.save(update_fields=["status", "withdrawn_on", "updated_at"])
    Note.objects.create(request=application, author=actor, text=f"申请人撤回申请：{reason.strip()}")
    record_event(actor=actor, verb="info_request_withdrawn", obj=application, reason=reason.strip())
    return application


def nth_application_in_month(application: InfoRequest) -> int:
    """Which of the applicant's applications to this organ in the natural month this one is
    (按件计收, 国办函〔2020〕109号 第四条), matched by the blind index of the ID number."""
    received = application.received_on or timezone.localdate()
    same_month = InfoRequest.objects.filter(
        organization=application.organization,
        id_number_index=application.id_number_index,
        received_on__year=received.year,
        received_on__month=received.month,
    )
    return (
        same_month.filter(received_on__lt=received).count()
        + same_month.filter(received_on=received, pk__lte=application.pk).count()
    )


@transaction.atomic
def send_fee_notice(
    *, application: InfoRequest, actor, method: str, sent_on: date, pages: int = 0
) -> ProcessingFee:
    """收费通知: the fee is computed, by item (the applicant's count this month) or by pages."""
    application = _locked(application, actor)
    if application.received_on is None:
        raise ValidationError("请先确认收到申请。")
    if ProcessingFee.objects.filter(request=application).exists():
        raise ValidationError("该申请已发出收费通知。")
    if method == ProcessingFee.Method.PER_ITEM:
        quantity = nth_application_in_month(application)
        amount = fees.per_item_fee(quantity)
    elif method == ProcessingFee.Method.PER_PAGE:
        quantity, amount = pages, fees.per_page_fee(pages)
    else:
        raise ValidationError("请选择计收方式。")
    if amount <= 0:
        raise ValidationError("按该方式计算无需收费（按件：同一申请人当月第11件起；按量：超过30页起）。")
    _check_date(sent_on, not_before=application.received_on, label="通知日期")
    notice = ProcessingFee.objects.create(
        request=application, method=method, quantity=quantity, amount=amount, sent_on=sent_on
    )
    record_event(actor=actor, verb="info_request_fee_notice", obj=application, changes={"amount": amount})
    notify_applicant(application, "fee", amount=amount)
    return notice


@transaction.atomic
def record_payment(*, application: InfoRequest, actor, paid_on: date) -> ProcessingFee:
    application = _locked(application, actor)
    notice = ProcessingFee.objects.filter(request=application, paid_on__isnull=True).first()
    if notice is None:
        raise ValidationError("该申请没有待缴的费用。")
    _check_date(paid_on, not_before=notice.sent_on, label="缴费日期")
    notice.paid_on = paid_on
    notice.save(update_fields=["paid_on", "updated_at"])
    record_event(actor=actor, verb="info_request_fee_paid", obj=application, changes={"paid_on": paid_on})
    return notice


@transaction.atomic
def reply(
    *,
    application: InfoRequest,
    actor,
    outcome: str,
    reasons: str,
    replied_on: date,
    already_public: bool = False,
    responsible_organ: str = "",
    letter_number: str = "",
) -> Reply:
    """第三十六条: the reply, its outcome being a row of the annual report."""
    application = _locked(application, actor)
    if outcome not in outcomes.BY_CODE:
        raise ValidationError("请选择办理结果。")
    if not reasons.strip():
        raise ValidationError("请填写答复理由及说明（不予公开的应当说明理由）。")
    if application.received_on is None:
        raise ValidationError("请先确认收到申请。")
    _check_date(replied_on, not_before=application.received_on, label="答复日期")
    answer = Reply.objects.create(
        request=application,
        outcome=outcome,
        already_public=already_public and outcome == "disclose",
        reasons=reasons.strip(),
        responsible_organ=responsible_organ.strip(),
        letter_number=letter_number.strip(),
        replied_on=replied_on,
        replied_by=actor,
    )
    application.status = Status.REPLIED
    application.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, verb="info_request_replied", obj=application, changes={"outcome": outcome})
    notify_applicant(
        application, "replied", replied=f"{replied_on:%Y-%m-%d}", outcome=outcomes.BY_CODE[outcome].label
    )
    return answer


@transaction.atomic
def record_delivery(
    *, application: InfoRequest, actor, method: str, delivered_on: date, receipt: str = ""
) -> Reply:
    application = _locked(application, actor, open_only=False)
    answer = Reply.objects.filter(request=application).first()
    if answer is None:
        raise ValidationError("尚未答复，不能登记送达。")
    _check_date(delivered_on, not_before=answer.replied_on, label="送达日期")
    answer.delivery_method = method
    answer.delivered_on = delivered_on
    answer.delivery_receipt = receipt.strip()
    answer.save(update_fields=["delivery_method", "delivered_on", "delivery_receipt", "updated_at"])
    application.status = Status.CLOSED
    application.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor, verb="info_request_delivered", obj=application, changes={"delivered_on": delivered_on}
    )
    return answer


def clock_input(application: InfoRequest) -> deadlines.ClockInput:
    """The dated events of one application, as the pure clock reads them."""
    extension = application.one("extension")
    fee = application.one("processing_fee")
    answer = application.one("reply")
    correction = application.one("correction")
    return deadlines.ClockInput(
        received_on=application.received_on,
        channel=application.channel,
        correction_sent_on=correction.sent_on if correction else None,
        correction_due_on=correction.due_on if correction else None,
        correction_supplied_on=correction.supplied_on if correction else None,
        pauses=tuple((c.sent_on, c.answered_on) for c in application.consultations.all()),
        extension_days=extension.working_days
        if extension and extension.kind == Extension.Kind.ARTICLE_33
        else 0,
        delayed_to=extension.new_due_on
        if extension and extension.kind == Extension.Kind.ARTICLE_35
        else None,
        fee_sent_on=fee.sent_on if fee else None,
        fee_paid_on=fee.paid_on if fee else None,
        replied_on=answer.replied_on if answer else None,
    )


def _replied_application(application: InfoRequest, actor) -> InfoRequest:
    application = _locked(application, actor, open_only=False)
    if not Reply.objects.filter(request=application).exists():
        raise ValidationError("只能对已答复的申请登记行政复议或行政诉讼。")
    return application


@transaction.atomic
def record_review(*, application: InfoRequest, actor, body: str, filed_on: date) -> Review:
    """An applicant applied for 行政复议 against the reply (annual report section 四)."""
    application = _replied_application(application, actor)
    _check_date(filed_on, not_before=application.reply.replied_on, label="申请复议日期")
    review = Review.objects.create(request=application, body=body.strip(), filed_on=filed_on)
    record_event(
        actor=actor, verb="info_request_review_filed", obj=application, changes={"filed_on": filed_on}
    )
    return review


@transaction.atomic
def record_litigation(
    *, application: InfoRequest, actor, court: str, filed_on: date, after_review: bool
) -> Litigation:
    application = _replied_application(application, actor)
    _check_date(filed_on, not_before=application.reply.replied_on, label="起诉日期")
    case = Litigation.objects.create(
        request=application, court=court.strip(), filed_on=filed_on, after_review=after_review
    )
    record_event(
        actor=actor, verb="info_request_litigation_filed", obj=application, changes={"filed_on": filed_on}
    )
    return case


@transaction.atomic
def decide(
    *, case: Review | Litigation, actor, result: str, decided_on: date, note: str = ""
) -> Review | Litigation:
    """The result of a review or lawsuit: 维持, 纠正 or 其他 (尚未审结 until then)."""
    _replied_application(case.request, actor)
    case = type(case).objects.select_for_update().get(pk=case.pk)
    if result not in ReviewResult.values or result == ReviewResult.PENDING:
        raise ValidationError("请选择审结结果。")
    _check_date(decided_on, not_before=case.filed_on, label="决定日期")
    case.result, case.decided_on, case.note = result, decided_on, note.strip()
    case.save(update_fields=["result", "decided_on", "note", "updated_at"])
    record_event(actor=actor, verb="info_request_case_decided", obj=case.request, changes={"result": result})
    return case


@transaction.atomic
def archive(*, application: InfoRequest, actor) -> InfoRequest:
    """第四十五条: 登记、审核、办理、答复、归档 — a closed application goes to the archive."""
    application = _locked(application, actor, open_only=False)
    if application.status != Status.CLOSED:
        raise ValidationError("只有已办结（已答复并送达）的申请可以归档。")
    application.status = Status.ARCHIVED
    application.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, verb="info_request_archived", obj=application)
    return application


def release_file(*, application: InfoRequest, actor, name: str, data: bytes) -> ReleasedFile:
    """Attach information provided to the applicant; the type is checked by content.

    The malware and structure scans run before the transaction opens (ADR 0011).
    """
    checked = check_upload(name, data)
    screen_upload(checked)
    with transaction.atomic():
        application = _locked(application, actor, open_only=False)
        if application.status == Status.ARCHIVED:
            raise ValidationError("已归档的申请不能再添加文件。")
        released = ReleasedFile(
            request=application,
            original_name=checked.name,
            extension=checked.kind.extension,
            content_type=checked.kind.content_type,
            size=len(data),
            sha256=checked.sha256,
        )
        released.file.save(checked.name, ContentFile(data), save=False)
        released.save()
        record_event(
            actor=actor, verb="info_request_file_released", obj=application, changes={"file": checked.name}
        )
        return released


TEMPLATE_ROLES = {Role.HEAD, Role.COMPETENT_ADMIN}


@transaction.atomic
def save_letter_template(*, org, actor, kind: str, paragraphs: str) -> LetterTemplate | None:
    """An organ's wording of one letter; blank restores the default."""
    from gongkai.info_requests.letters import KINDS

    require_role(actor, org, TEMPLATE_ROLES)
    if kind not in KINDS:
        raise ValidationError("文书类型不正确。")
    text = "\n".join(line.rstrip() for line in paragraphs.strip().splitlines() if line.strip())
    if not text:
        LetterTemplate.objects.filter(organization=org, kind=kind).delete()
        template = None
    else:
        template, _ = LetterTemplate.objects.update_or_create(
            organization=org, kind=kind, defaults={"paragraphs": text}
        )
    record_event(actor=actor, verb="letter_template_saved", organization=org, changes={"kind": kind})
    return template


def letter_templates(org, kind: str) -> list[str] | None:
    template = LetterTemplate.objects.filter(organization=org, kind=kind).first()
    return template.paragraphs.splitlines() if template else None
