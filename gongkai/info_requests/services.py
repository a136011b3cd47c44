"""Every write to an application: one transaction, the role check, an audit entry.

Audit entries name the application by its number and never carry applicant data.
"""

from __future__ import annotations

import dataclasses
import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.accounts import duties
from gongkai.accounts.models import Role
from gongkai.accounts.permissions import require_role
from gongkai.audit.services import record_event
from gongkai.core.counters import next_serial
from gongkai.core.crypto import cipher
from gongkai.core.uploads import check_upload, screen_upload
from gongkai.info_requests import deadlines, fees, issuing, outcomes
from gongkai.info_requests.models import (
    OPEN_STATUSES,
    Channel,
    CorrectionNotice,
    Extension,
    InfoRequest,
    InfoRequestCounter,
    IssuedLetter,
    LetterSettings,
    LetterTemplate,
    Litigation,
    Note,
    ProcessingFee,
    ReasonsRequest,
    ReleasedFile,
    Reply,
    Review,
    ReviewResult,
    Status,
    SupplementFile,
    ThirdPartyConsultation,
)
from gongkai.info_requests.notifications import notify_applicant, notify_handlers

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
BREACH_REFUSED = (
    "{message}依照《中华人民共和国政府信息公开条例》{article}，逾期不得再作此项办理。"
    "如系补登已经发生的事项（如纸质档案），请在“逾期登记说明”中写明情况后登记，系统将如实标记为违反法定期限。"
)
# An applicant's online 补正: at most this many files (each within GONGKAI_UPLOAD_MAX_BYTES).
SUPPLEMENT_MAX_FILES = 5
SUPPLEMENT_MAX_CHARS = 5000


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
    # The 受理回执 states the date of receipt the clock runs from (第三十一条): a record like
    # every other letter, frozen when issued (ADR 0009, 0017).
    issuing.issue(application=application, kind="receipt", actor=actor)
    notify_applicant(application, "registered", received=f"{received_on:%Y-%m-%d}", extra=f"查询码 {code}。")
    return application, code


def _locked(application: InfoRequest, actor, *, open_only: bool = True) -> InfoRequest:
    locked = InfoRequest.objects.select_for_update().select_related("organization").get(pk=application.pk)
    require_role(actor, locked.organization, HANDLING_ROLES)
    if open_only and locked.status not in OPEN_STATUSES:
        raise ValidationError(NOT_OPEN.format(status=locked.get_status_display()))
    return locked


def _check_clock(application: InfoRequest, *, acknowledge_breach: str = "", **changes) -> str:
    """Refuse dates the clock cannot hold together and, unless the handler acknowledges it, a
    notice the law allows only within its period (第三十条, 第三十三条第二款, 第三十五条). Returns
    the acknowledgement to store when the step does breach a period, else "". A breach is never
    cured: the clock flags it for good."""
    from gongkai.workdays.selectors import current_calendar

    current = clock_input(application)
    proposed = dataclasses.replace(current, **changes)
    known = set(deadlines.order_errors(current))
    errors = [error for error in deadlines.order_errors(proposed) if error not in known]
    if errors:
        raise ValidationError(errors[0])
    calendar = current_calendar()
    already = {b.code for b in deadlines.compute(current, calendar).breaches}
    new = [
        b
        for b in deadlines.compute(proposed, calendar).breaches
        if b.code in deadlines.ACKNOWLEDGEABLE and b.code not in already
    ]
    reason = acknowledge_breach.strip()
    if new and not reason:
        breach = new[0]
        raise ValidationError(
            BREACH_REFUSED.format(message=breach.message, article=deadlines.BREACH_ARTICLES[breach.code])
        )
    return reason if new else ""


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
    issuing.issue(application=application, kind="receipt", actor=actor)
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
    *, application: InfoRequest, actor, items: str, due_on: date, sent_on: date, acknowledge_breach: str = ""
) -> CorrectionNotice:
    """第三十条: once, listing everything, within 7 working days of receipt (later only as a
    knowingly registered, flagged breach)."""
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
    breach_reason = _check_clock(
        application,
        acknowledge_breach=acknowledge_breach,
        correction_sent_on=sent_on,
        correction_due_on=due_on,
    )
    notice = CorrectionNotice.objects.create(
        request=application, sent_on=sent_on, items=items.strip(), due_on=due_on, breach_reason=breach_reason
    )
    application.status = Status.AWAITING_CORRECTION
    application.save(update_fields=["status", "updated_at"])
    issuing.issue(application=application, kind="correction", actor=actor)
    record_event(
        actor=actor,
        verb="info_request_correction_requested",
        obj=application,
        changes={"sent_on": sent_on, "due_on": due_on},
        reason=breach_reason,
    )
    notify_applicant(application, "correction", due=f"{due_on:%Y-%m-%d}", items=notice.items)
    return notice


@transaction.atomic
def record_supplement(
    *, application: InfoRequest, actor, supplied_on: date, supplement: str = "", channel: str = ""
) -> CorrectionNotice:
    """A handler registers the 补正 received by post, fax or in person; the reply period counts
    again from ``supplied_on`` (第三十条)."""
    application = _locked(application, actor)
    notice = CorrectionNotice.objects.filter(request=application).first()
    if notice is None or notice.supplied_on:
        raise ValidationError("该申请没有待补正的事项。")
    _check_date(supplied_on, not_before=notice.sent_on, label="收到补正日期")
    _check_clock(application, correction_supplied_on=supplied_on)
    notice.supplied_on = supplied_on
    notice.supplement = supplement.strip()
    notice.supplied_channel = channel
    notice.save(update_fields=["supplied_on", "supplement", "supplied_channel", "updated_at"])
    application.status = Status.IN_PROGRESS
    application.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor, verb="info_request_supplemented", obj=application, changes={"supplied_on": supplied_on}
    )
    return notice


def _handler_addresses(application: InfoRequest) -> list[str]:
    """Who hears of the applicant's step: the assigned handler, else every handler of the organ."""
    from gongkai.accounts.models import User

    if application.assigned_to_id and application.assigned_to.email:
        return [application.assigned_to.email]
    handlers = User.objects.filter(
        memberships__organization=application.organization,
        memberships__role__in=HANDLING_ROLES,
        is_active=True,
    ).exclude(email="")
    return sorted({u.email for u in handlers})


def _store_supplement_files(application: InfoRequest, checked: list) -> list[SupplementFile]:
    stored = []
    for upload in checked:
        item = SupplementFile(
            request=application,
            original_name=upload.name,
            extension=upload.kind.extension,
            content_type=upload.kind.content_type,
            size=len(upload.data),
            sha256=upload.sha256,
        )
        item.file.save(upload.name, ContentFile(upload.data), save=False)
        item.save()
        stored.append(item)
    return stored


def supplement_online(
    *, application: InfoRequest, text: str, files: list[tuple[str, bytes]], ip_address: str | None = None
) -> CorrectionNotice:
    """The applicant's files are checked and screened (structure scan, malware) before any
    transaction opens (ADR 0011); then the answer is recorded in one transaction."""
    if len(files) > SUPPLEMENT_MAX_FILES:
        raise ValidationError(f"一次最多上传{SUPPLEMENT_MAX_FILES}个文件。")
    checked = [check_upload(name, data) for name, data in files]  # all checked before any is kept
    for upload in checked:
        screen_upload(upload)
    return _record_supplement(application=application, text=text, checked=checked, ip_address=ip_address)


@transaction.atomic
def _record_supplement(*, application: InfoRequest, text: str, checked: list, ip_address: str | None):
    """The applicant answers the 补正告知 on the tracking page (query code). It is received the day
    it is submitted — the platform confirms it to the applicant at once (第三十一条) — and the
    reply period counts again from that day (第三十条). A supplement after the 补正期限 is still
    received (a public submission is never dropped); the clock notes it for the organ to judge
    whether there was a good reason. Material sent after the 补正 was already registered is kept
    as additional material without moving the clock."""
    # Only the application row is locked (PostgreSQL refuses FOR UPDATE across an outer join).
    application = (
        InfoRequest.objects.select_for_update().select_related("organization").get(pk=application.pk)
    )
    notice = CorrectionNotice.objects.filter(request=application).first()
    if notice is None or application.status not in OPEN_STATUSES:
        raise ValidationError("该申请目前没有待补正的事项，无需补正。")
    text = text.strip()
    if not text and not checked:
        raise ValidationError("请填写补正内容或上传补正材料。")
    if len(text) > SUPPLEMENT_MAX_CHARS:
        raise ValidationError(f"补正内容不能超过{SUPPLEMENT_MAX_CHARS}字，较多的内容请作为文件上传。")
    today = timezone.localdate()
    if notice.supplied_on:
        _store_supplement_files(application, checked)
        Note.objects.create(
            request=application,
            text=f"申请人于{chinese_day(today)}在线补充材料（补正已于{chinese_day(notice.supplied_on)}登记，"
            f"不重新计算期限）：{text or '（仅文件）'}；文件{len(checked)}个。",
        )
        record_event(
            actor=None,
            verb="info_request_supplement_added_online",
            obj=application,
            changes={"files": len(checked)},
            ip_address=ip_address,
        )
        notify_handlers(
            application,
            _handler_addresses(application),
            f"申请 {application.number} 的申请人在线补充了材料（文件{len(checked)}个），补正已于"
            f"{chinese_day(notice.supplied_on)}登记，期限不变。请登录工作台查看。",
        )
        return notice
    _check_clock(application, correction_supplied_on=today)
    notice.supplied_on = today
    notice.supplement = text
    notice.supplied_channel = Channel.ONLINE
    notice.save(update_fields=["supplied_on", "supplement", "supplied_channel", "updated_at"])
    _store_supplement_files(application, checked)
    application.status = Status.IN_PROGRESS
    application.save(update_fields=["status", "updated_at"])
    record_event(
        actor=None,
        verb="info_request_supplemented_online",
        obj=application,
        changes={"supplied_on": today, "files": len(checked)},
        ip_address=ip_address,
    )
    due = _fresh_clock(application, today=today).reply_due
    due_text = chinese_day(due) if due else "（期限暂停，见办理进度）"
    notify_applicant(application, "supplemented", supplied=chinese_day(today), due=due_text)
    notify_handlers(
        application,
        _handler_addresses(application),
        f"申请 {application.number} 的申请人已于{chinese_day(today)}在线补正（文件{len(checked)}个），"
        f"答复期限自收到补正之日起重新计算，现为{due_text}（第三十条）。请登录工作台查看。",
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
    issuing.issue(application=application, kind="consultation", actor=actor, consultation=consultation)
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


def _head_approval_duties(application: InfoRequest, actor, *, step: str, basis: str) -> dict:
    """第三十三条第二款 (and 第三十五条): the extension is the 经办人's request and the 负责人's
    approval, so the head may not approve it while being the application's own 经办人."""
    refusal = (
        duties.REQUESTER_MAY_NOT_APPROVE.format(step=step, basis=basis)
        if application.assigned_to_id == actor.pk
        else None
    )
    return duties.enforce(duties.conflict_for(refusal, application.organization))


@transaction.atomic
def extend(
    *,
    application: InfoRequest,
    actor,
    reason: str,
    working_days: int = 20,
    approved_on: date,
    acknowledge_breach: str = "",
) -> Extension:
    """第三十三条第二款: once, at most 20 working days, approved by the head (负责人) and notified
    within the reply period (after it only as a knowingly registered, flagged breach)."""
    application = _locked(application, actor)
    require_role(actor, application.organization, {Role.HEAD})
    waiver = _head_approval_duties(
        application,
        actor,
        step="延长答复期限",
        basis="第三十三条第二款规定延长须经政府信息公开工作机构负责人同意",
    )
    if Extension.objects.filter(request=application).exists():
        raise ValidationError("答复期限只能延长一次。")
    if not 1 <= working_days <= deadlines.MAX_EXTENSION_DAYS:
        raise ValidationError("延长期限最长不超过20个工作日（第三十三条）。")
    if not reason.strip():
        raise ValidationError("请说明延期理由。")
    _check_date(approved_on, not_before=application.received_on, label="批准日期")
    breach_reason = _check_clock(
        application,
        acknowledge_breach=acknowledge_breach,
        extension_days=working_days,
        extension_approved_on=approved_on,
    )
    extension = Extension.objects.create(
        request=application,
        kind=Extension.Kind.ARTICLE_33,
        working_days=working_days,
        reason=reason.strip(),
        approved_by=actor,
        approved_on=approved_on,
        breach_reason=breach_reason,
    )
    issuing.issue(application=application, kind="extension", actor=actor)
    record_event(
        actor=actor,
        verb="info_request_extended",
        obj=application,
        changes={
            "working_days": working_days,
            "approved_on": approved_on,
            "requested_by": application.assigned_to_id,
            **waiver,
        },
        reason=breach_reason,
    )
    notify_applicant(application, "extension", days=working_days)
    return extension


@transaction.atomic
def ask_reasons(
    *, application: InfoRequest, actor, grounds: str, sent_on: date, due_on: date
) -> ReasonsRequest:
    """第三十五条: “申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人
    说明理由。” Once per application, with a reasonable period that ends within the reply period:
    the 条例 does not exclude this time from 第三十三条's period (only 补正 and consultations are),
    and the delay that may follow must be set and notified within it."""
    application = _locked(application, actor)
    if application.received_on is None:
        raise ValidationError("请先确认收到申请。")
    if ReasonsRequest.objects.filter(request=application).exists():
        raise ValidationError("已要求申请人说明理由，不能重复告知。")
    if (extension := application.one("extension")) is not None:
        raise ValidationError(f"该申请已{extension.get_kind_display()}，不能再要求说明理由。")
    if not grounds.strip():
        raise ValidationError("请写明申请数量、频次明显超过合理范围的具体情况（第三十五条）。")
    _check_date(sent_on, not_before=application.received_on, label="告知日期")
    if due_on <= sent_on:
        raise ValidationError("说明理由期限应晚于告知日期。")
    _check_clock(application, reasons_requested_on=sent_on, reasons_due_on=due_on)
    from gongkai.workdays.selectors import current_calendar

    statutory = deadlines.compute(clock_input(application), current_calendar()).statutory_reply_due
    if statutory and sent_on > statutory:
        raise ValidationError(
            f"答复期限已于{statutory:%Y-%m-%d}届满，不能再要求说明理由；请依法答复（第三十三条第二款、第三十五条）。"
        )
    if statutory and due_on > statutory:
        raise ValidationError(
            f"说明理由期限应不晚于答复期限{statutory:%Y-%m-%d}：条例未规定说明理由的时间不计算在答复期限内，"
            "延迟答复也须在答复期限内确定并告知申请人（第三十三条第二款、第三十五条）。"
        )
    request = ReasonsRequest.objects.create(
        request=application, grounds=grounds.strip(), sent_on=sent_on, due_on=due_on, sent_by=actor
    )
    issuing.issue(application=application, kind="reasons", actor=actor)
    record_event(
        actor=actor,
        verb="info_request_reasons_requested",
        obj=application,
        changes={"sent_on": sent_on, "due_on": due_on},
    )
    notify_applicant(application, "reasons", due=f"{due_on:%Y-%m-%d}")
    return request


@transaction.atomic
def record_reasons(*, application: InfoRequest, actor, given_on: date, reasons: str) -> ReasonsRequest:
    """The applicant's reasons (第三十五条), as received by the organ."""
    application = _locked(application, actor)
    request = ReasonsRequest.objects.select_for_update().filter(request=application).first()
    if request is None:
        raise ValidationError("尚未要求申请人说明理由，不能登记收到理由（第三十五条）。")
    if request.given_on:
        raise ValidationError("已登记申请人说明的理由。")
    if not reasons.strip():
        raise ValidationError("请填写申请人说明的理由。")
    _check_date(given_on, not_before=request.sent_on, label="收到理由日期")
    _check_clock(application, reasons_given_on=given_on)
    request.given_on = given_on
    request.reasons = reasons.strip()
    request.save(update_fields=["given_on", "reasons", "updated_at"])
    record_event(
        actor=actor, verb="info_request_reasons_given", obj=application, changes={"given_on": given_on}
    )
    return request


@transaction.atomic
def reasons_online(*, application: InfoRequest, text: str, ip_address: str | None = None) -> ReasonsRequest:
    """The applicant gives the reasons asked under 第三十五条 on the tracking page (query code).
    Received the day it is submitted, as the platform confirms it at once (like an online 补正,
    第三十一条). Reasons after their period are still received: the organ judges them."""
    application = (
        InfoRequest.objects.select_for_update().select_related("organization").get(pk=application.pk)
    )
    asked = ReasonsRequest.objects.select_for_update().filter(request=application).first()
    if asked is None or application.status not in OPEN_STATUSES or asked.given_on:
        raise ValidationError("该申请目前没有需要说明理由的事项。")
    text = text.strip()
    if not text:
        raise ValidationError("请填写理由。")
    if len(text) > SUPPLEMENT_MAX_CHARS:
        raise ValidationError(f"理由不能超过{SUPPLEMENT_MAX_CHARS}字。")
    today = timezone.localdate()
    _check_clock(application, reasons_given_on=today)
    asked.given_on = today
    asked.reasons = text
    asked.save(update_fields=["given_on", "reasons", "updated_at"])
    record_event(
        actor=None,
        verb="info_request_reasons_given_online",
        obj=application,
        changes={"given_on": today, "late": today > asked.due_on},
        ip_address=ip_address,
    )
    notify_handlers(
        application,
        _handler_addresses(application),
        f"申请 {application.number} 的申请人已于{chinese_day(today)}在线说明理由（第三十五条）"
        + ("，晚于说明理由期限" if today > asked.due_on else "")
        + "。请登录工作台查看并决定不予处理或延迟答复。",
    )
    return asked


@transaction.atomic
def delay_reply(
    *,
    application: InfoRequest,
    actor,
    new_due_on: date,
    reason: str,
    decided_on: date,
    acknowledge_breach: str = "",
) -> Extension:
    """第三十五条: a reasonable but excessive application gets a reasoned later date (the head
    decides), set and notified within the reply period."""
    application = _locked(application, actor)
    require_role(actor, application.organization, {Role.HEAD})
    waiver = _head_approval_duties(
        application,
        actor,
        step="延迟答复",
        basis="延迟答复期限（第三十五条）比照第三十三条第二款由负责人决定",
    )
    if Extension.objects.filter(request=application).exists():
        raise ValidationError("该申请已延期或确定延迟答复期限。")
    asked = ReasonsRequest.objects.filter(request=application).first()
    if asked is None or asked.given_on is None:
        # 第三十五条: “行政机关认为申请理由合理，但是无法在本条例第三十三条规定的期限内答复申请人的，
        # 可以确定延迟答复的合理期限” — the delay follows reasons the organ found reasonable.
        raise ValidationError(
            "延迟答复须先要求申请人说明理由，并在收到理由、认为理由合理后确定（第三十五条）。"
        )
    if not reason.strip():
        raise ValidationError("请说明延迟答复的理由。")
    _check_date(decided_on, not_before=application.received_on, label="决定日期")
    if new_due_on <= decided_on:
        raise ValidationError("延迟答复期限应晚于决定日期。")
    breach_reason = _check_clock(
        application, acknowledge_breach=acknowledge_breach, delayed_to=new_due_on, delay_decided_on=decided_on
    )
    from gongkai.workdays.selectors import current_calendar

    statutory = deadlines.compute(clock_input(application), current_calendar()).statutory_reply_due
    if statutory and new_due_on <= statutory:
        raise ValidationError(
            f"延迟答复期限应晚于法定答复期限{statutory:%Y-%m-%d}（第三十五条是在第三十三条期限之外另定合理期限）。"
        )
    extension = Extension.objects.create(
        request=application,
        kind=Extension.Kind.ARTICLE_35,
        working_days=0,
        new_due_on=new_due_on,
        reason=reason.strip(),
        approved_by=actor,
        approved_on=decided_on,
        breach_reason=breach_reason,
    )
    issuing.issue(application=application, kind="delay", actor=actor)
    notify_applicant(application, "delay", due=f"{new_due_on:%Y-%m-%d}")
    record_event(
        actor=actor,
        verb="info_request_delayed",
        obj=application,
        changes={
            "new_due_on": new_due_on,
            "decided_on": decided_on,
            "requested_by": application.assigned_to_id,
            **waiver,
        },
        reason=breach_reason,
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
    *,
    application: InfoRequest,
    actor,
    method: str,
    sent_on: date,
    pages: int = 0,
    delivered_on: date | None = None,
    delivery_method: str = "",
) -> ProcessingFee:
    """收费通知 (第四十二条, 国办函〔2020〕109号): the fee is computed, by item (the applicant's count
    this month) or by pages. The payment period runs from the day after the applicant receives it,
    so its delivery is recorded here when known (e.g. handed over) or later by
    ``record_fee_delivery``."""
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
    if delivered_on:
        _check_date(delivered_on, not_before=sent_on, label="收费通知送达日期")
    _check_clock(application, fee_sent_on=sent_on, fee_delivered_on=delivered_on)
    notice = ProcessingFee.objects.create(
        request=application,
        method=method,
        quantity=quantity,
        amount=amount,
        sent_on=sent_on,
        delivered_on=delivered_on,
        delivery_method=delivery_method if delivered_on else "",
    )
    issuing.issue(application=application, kind="fee", actor=actor)
    record_event(
        actor=actor,
        verb="info_request_fee_notice",
        obj=application,
        changes={"amount": amount, "sent_on": sent_on, "delivered_on": delivered_on},
    )
    _notify_fee(application, notice)
    return notice


def fee_payment_due(application: InfoRequest) -> date | None:
    """The last day to pay the 信息处理费 (自收到本通知之次日起20个工作日内), the one date the
    收费通知书, the applicant's mail and the tracking page all state; None until delivered."""
    return _fresh_clock(application).fee_payment_due


def _fresh_clock(application: InfoRequest, *, today: date | None = None) -> deadlines.Clock:
    """The clock from the events as stored now (not from one-to-ones cached on ``application``)."""
    from gongkai.workdays.selectors import current_calendar

    fresh = InfoRequest.objects.select_related("correction", "extension", "processing_fee", "reply").get(
        pk=application.pk
    )
    return deadlines.compute(clock_input(fresh), current_calendar(), today=today)


def _notify_fee(application: InfoRequest, notice: ProcessingFee) -> None:
    due = fee_payment_due(application) if notice.delivered_on else None
    notify_applicant(
        application,
        "fee_delivered" if due else "fee",
        amount=notice.amount,
        sent=chinese_day(notice.sent_on),
        delivered=chinese_day(notice.delivered_on) if notice.delivered_on else "",
        due=chinese_day(due) if due else "",
    )


def chinese_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@transaction.atomic
def record_fee_delivery(
    *, application: InfoRequest, actor, delivered_on: date, delivery_method: str
) -> ProcessingFee:
    """The applicant received the 收费通知 on ``delivered_on``: the payment period starts the next day."""
    application = _locked(application, actor)
    notice = ProcessingFee.objects.filter(request=application).first()
    if notice is None:
        raise ValidationError("该申请尚未发出收费通知。")
    if notice.delivered_on:
        raise ValidationError("已登记收费通知的送达日期。")
    if notice.paid_on:
        raise ValidationError("申请人已缴费，无需再登记送达。")
    _check_date(delivered_on, not_before=notice.sent_on, label="收费通知送达日期")
    _check_clock(application, fee_delivered_on=delivered_on)
    notice.delivered_on = delivered_on
    notice.delivery_method = delivery_method
    notice.save(update_fields=["delivered_on", "delivery_method", "updated_at"])
    record_event(
        actor=actor,
        verb="info_request_fee_notice_delivered",
        obj=application,
        changes={"delivered_on": delivered_on, "method": delivery_method},
    )
    _notify_fee(application, notice)
    return notice


@transaction.atomic
def record_payment(*, application: InfoRequest, actor, paid_on: date) -> ProcessingFee:
    application = _locked(application, actor)
    notice = ProcessingFee.objects.filter(request=application, paid_on__isnull=True).first()
    if notice is None:
        raise ValidationError("该申请没有待缴的费用。")
    _check_date(paid_on, not_before=notice.sent_on, label="缴费日期")
    _check_clock(application, fee_paid_on=paid_on)
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
    responsible_contact: str = "",
    letter_number: str = "",
    ground: str = "",
) -> Reply:
    """第三十六条: the reply, its outcome being a row of the annual report; its letter is issued
    (numbered and frozen) with it."""
    application = _locked(application, actor)
    if outcome not in outcomes.BY_CODE:
        raise ValidationError("请选择办理结果。")
    ground = _reply_ground(outcomes.BY_CODE[outcome], ground, already_public)
    if not reasons.strip():
        raise ValidationError("请填写答复理由及说明（不予公开的应当说明理由）。")
    if application.received_on is None:
        raise ValidationError("请先确认收到申请。")
    _check_date(replied_on, not_before=application.received_on, label="答复日期")
    _check_clock(application, replied_on=replied_on)
    if outcome == "not_processed_excessive":
        _check_excessive(application, replied_on)
    answer = Reply.objects.create(
        request=application,
        outcome=outcome,
        already_public=ground == "proactive",
        ground=ground,
        reasons=reasons.strip(),
        responsible_organ=responsible_organ.strip(),
        responsible_contact=responsible_contact.strip(),
        letter_number=letter_number.strip(),
        replied_on=replied_on,
        replied_by=actor,
    )
    issuing.issue(application=application, kind="reply", actor=actor)
    application.status = Status.REPLIED
    application.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, verb="info_request_replied", obj=application, changes={"outcome": outcome})
    notify_applicant(
        application, "replied", replied=f"{replied_on:%Y-%m-%d}", outcome=outcomes.BY_CODE[outcome].label
    )
    return answer


def _check_excessive(application: InfoRequest, replied_on: date) -> None:
    """第三十五条: “行政机关认为申请理由不合理的，告知申请人不予处理” — only after the applicant was
    asked for reasons and either gave them or let the period pass."""
    asked = ReasonsRequest.objects.filter(request=application).first()
    if asked is None:
        raise ValidationError(
            "以申请数量、频次明显超过合理范围为由不予处理，须先要求申请人说明理由（第三十五条）。"
        )
    if asked.given_on is None and replied_on <= asked.due_on:
        raise ValidationError(
            f"说明理由期限{asked.due_on:%Y-%m-%d}尚未届满，申请人也未说明理由，暂不能决定不予处理（第三十五条）。"
        )


def _reply_ground(outcome: outcomes.Outcome, ground: str, already_public: bool) -> str:
    """The legal situation of the reply (outcomes.Ground): chosen when the row covers several."""
    if outcome.code == "disclose" and not ground:
        ground = "proactive" if already_public else "disclose"
    codes = [g.code for g in outcome.grounds]
    if not codes:
        return ""
    if len(codes) == 1:
        return codes[0]
    if ground not in codes:
        labels = "、".join(g.label for g in outcome.grounds)
        raise ValidationError(f"请选择答复依据的具体情形：{labels}。")
    return ground


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
    reasons = application.one("reasons_request")
    extended = extension if extension and extension.kind == Extension.Kind.ARTICLE_33 else None
    delayed = extension if extension and extension.kind == Extension.Kind.ARTICLE_35 else None
    return deadlines.ClockInput(
        received_on=application.received_on,
        channel=application.channel,
        correction_sent_on=correction.sent_on if correction else None,
        correction_due_on=correction.due_on if correction else None,
        correction_supplied_on=correction.supplied_on if correction else None,
        pauses=tuple((c.sent_on, c.answered_on) for c in application.consultations.all()),
        extension_days=extended.working_days if extended else 0,
        extension_approved_on=extended.approved_on if extended else None,
        reasons_requested_on=reasons.sent_on if reasons else None,
        reasons_due_on=reasons.due_on if reasons else None,
        reasons_given_on=reasons.given_on if reasons else None,
        delayed_to=delayed.new_due_on if delayed else None,
        delay_decided_on=delayed.approved_on if delayed else None,
        fee_sent_on=fee.sent_on if fee else None,
        fee_delivered_on=fee.delivered_on if fee else None,
        fee_paid_on=fee.paid_on if fee else None,
        replied_on=answer.replied_on if answer else None,
        delivered_on=answer.delivered_on if answer else None,
        acknowledged=tuple(
            (code, event.breach_reason)
            for code, event in (
                ("correction_late", correction),
                ("extension_late", extended),
                ("delay_late", delayed),
            )
            if event is not None and event.breach_reason
        ),
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
    from gongkai.info_requests.letters import TEMPLATE_KINDS

    require_role(actor, org, TEMPLATE_ROLES)
    if kind not in TEMPLATE_KINDS:
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


@transaction.atomic
def correct_letter(*, issued: IssuedLetter, actor, reason: str) -> IssuedLetter:
    """An issued letter is never changed: its correction is a new letter with a new number."""
    _locked(issued.request, actor, open_only=False)
    return issuing.correct(issued=issued, actor=actor, reason=reason)


LETTER_SETTINGS_FIELDS = ("organ_code", "number_pattern", "sealed", "payment_channel")


@transaction.atomic
def save_letter_settings(
    *, org, actor, seal_image: tuple[str, bytes] | None = None, **fields
) -> LetterSettings:
    """The organ's 文号 pattern, seal and fee payment channel (issued letters keep theirs)."""
    require_role(actor, org, TEMPLATE_ROLES)
    settings = issuing.letter_settings(org)
    for name in LETTER_SETTINGS_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(settings, name, value.strip() if isinstance(value, str) else bool(value))
    if not settings.number_pattern:
        settings.number_pattern = LetterSettings.DEFAULT_PATTERN
    if "｛序号｝" not in settings.number_pattern or "｛年度｝" not in settings.number_pattern:
        raise ValidationError("发文字号格式须包含｛年度｝和｛序号｝（GB/T 9704 第7.2.5条）。")
    if seal_image is not None:
        name, data = seal_image
        checked = check_upload(name, data)
        if checked.kind.extension != "png":
            raise ValidationError("电子印章请上传PNG图像（透明背景）。")
        settings.seal_image.save(f"{org.pk}-{checked.sha256[:16]}.png", ContentFile(data), save=False)
    settings.save()
    record_event(
        actor=actor,
        verb="letter_settings_saved",
        organization=org,
        changes={name: str(fields[name]) for name in LETTER_SETTINGS_FIELDS if name in fields},
    )
    return settings
