"""Reads of applications: the staff list with each clock, and the applicant's own view by code."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.info_requests import deadlines, outcomes, services
from gongkai.info_requests.models import OPEN_STATUSES, InfoRequest, Status
from gongkai.textproc.pii import mask_name

DUE_SOON_DAYS = 5


def working_calendar() -> deadlines.WorkingCalendar:
    from gongkai.workdays.selectors import current_calendar

    return current_calendar()


def requests_for_org(*, org, status: str = "") -> QuerySet[InfoRequest]:
    # Everything the clock reads, loaded with the list: no query per row.
    qs = (
        InfoRequest.objects.filter(organization=org)
        .select_related(
            "assigned_to", "reply", "correction", "extension", "processing_fee", "reasons_request"
        )
        .prefetch_related("consultations")
        .order_by("-year", "-serial", "-id")  # newest first; id last makes it a total order
    )
    return qs.filter(status=status) if status else qs


@dataclass
class ClockView:
    clock: deadlines.Clock
    days_left: int | None
    state: str  # "ok", "due_soon", "overdue", "paused", "done", "lapsed", "unconfirmed"

    @property
    def label(self) -> str:
        return {
            "ok": f"剩余{self.days_left}个工作日",
            "due_soon": f"剩余{self.days_left}个工作日",
            "overdue": f"已超期{-(self.days_left or 0)}个工作日",
            "paused": "期限暂停",
            "done": "已答复",
            "lapsed": "视为放弃或不再处理",
            "unconfirmed": "待确认收到",
        }[self.state]

    @property
    def note(self) -> str:
        """The label beside the status, empty where it would only repeat it (待确认收到, and
        已答复 beside 已答复/已办结/撤回)."""
        return "" if self.state in {"done", "unconfirmed"} else self.label

    @property
    def breaches(self) -> list[deadlines.Breach]:
        """Statutory periods missed (第三十条, 第三十三条, 第三十五条): flagged in the list and detail."""
        return self.clock.breaches


def clock_of(application: InfoRequest, *, today: date | None = None, calendar=None) -> ClockView:
    today = today or timezone.localdate()
    calendar = calendar or working_calendar()
    clock = deadlines.compute(services.clock_input(application), calendar, today=today)
    days_left = clock.days_left(today, calendar)
    if application.status not in OPEN_STATUSES:
        state = "done"
    elif application.received_on is None:
        state = "unconfirmed"
    elif clock.lapsed:
        state = "lapsed"
    elif clock.paused or days_left is None:
        state = "paused"
    elif days_left < 0:
        state = "overdue"
    elif days_left <= DUE_SOON_DAYS:
        state = "due_soon"
    else:
        state = "ok"
    return ClockView(clock=clock, days_left=days_left, state=state)


@dataclass
class PublicView:
    """What the applicant sees with the query code: no internal notes, no handler names."""

    number: str
    organ: str
    applicant: str
    status: str
    submitted_on: date
    received_on: date | None
    reply_due: date | None
    provisional: bool
    steps: list[tuple[date, str]] = field(default_factory=list)
    outcome: str = ""
    reasons: str = ""
    files: list = field(default_factory=list)
    trail: list[str] = field(default_factory=list)  # how the due date was computed
    correction: PublicCorrection | None = None
    reasons_request: PublicReasons | None = None  # 第三十五条
    fee: PublicFee | None = None
    contact: OrganContact | None = None
    letters: list[tuple[str, str]] = field(default_factory=list)  # (kind, title) the applicant may download


@dataclass
class PublicCorrection:
    """The 补正告知 as the applicant received it (第三十条), and whether it can be answered here."""

    items: str
    sent_on: date
    due_on: date
    supplied_on: date | None
    supplied_online: bool
    files: int
    can_answer: bool  # 待补正: the tracking page offers the reply form
    past_due: bool  # the 补正期限 has passed: still received, the organ judges the reason


@dataclass
class PublicReasons:
    """The 第三十五条 request for reasons as the applicant received it."""

    grounds: str
    sent_on: date
    due_on: date
    given_on: date | None
    can_answer: bool
    past_due: bool


@dataclass
class PublicFee:
    amount: Decimal
    method: str
    sent_on: date
    delivered_on: date | None
    payment_due: date | None  # the clock's fee_payment_due: the same date as the mail and letter
    paid_on: date | None


@dataclass
class OrganContact:
    """Where else a 补正 (or anything) can be sent: the organ's 公开指南 contact data."""

    office: str
    address: str
    postal_address: str
    postcode: str
    phone: str
    fax: str
    email: str
    office_hours: str

    @classmethod
    def of(cls, org) -> OrganContact:
        return cls(
            office=org.office_name or org.name,
            address=org.address,
            postal_address=org.postal_address,
            postcode=org.postcode,
            phone=org.phone,
            fax=org.fax,
            email=org.email,
            office_hours=org.office_hours,
        )


def application_by_code(*, org, code: str) -> InfoRequest | None:
    """The application of ``org`` with this query code; None for a wrong code or another organ's."""
    normalised = "".join(c for c in code.upper() if c.isalnum())
    if len(normalised) != 12:
        return None
    return (
        InfoRequest.objects.filter(organization=org, query_code_index=services.query_code_index(normalised))
        .select_related("organization")
        .first()
    )


def public_view_by_code(*, org, code: str) -> PublicView | None:
    application = application_by_code(org=org, code=code)
    if application is None:
        return None
    today = timezone.localdate()
    view = clock_of(application, today=today)
    steps: list[tuple[date, str]] = [(timezone.localtime(application.submitted_at).date(), "提交申请")]
    if application.received_on:
        steps.append((application.received_on, "确认收到申请，开始计算答复期限"))
    correction = related_or_none(application, "correction")
    if correction:
        steps.append(
            (correction.sent_on, f"告知补正：{correction.items}（补正期限{correction.due_on:%Y-%m-%d}）")
        )
        if correction.supplied_on:
            how = "（在线提交）" if correction.supplied_channel == "online" else ""
            steps.append((correction.supplied_on, f"收到补正材料{how}，重新计算答复期限"))
    for consultation in application.consultations.all():
        steps.append((consultation.sent_on, "征求意见（所需时间不计算在答复期限内）"))
        if consultation.answered_on:
            steps.append((consultation.answered_on, "征求意见结束"))
    asked = related_or_none(application, "reasons_request")
    if asked:
        steps.append((asked.sent_on, f"要求说明理由（第三十五条，期限{asked.due_on:%Y-%m-%d}）"))
        if asked.given_on:
            steps.append((asked.given_on, "收到申请人说明的理由"))
    extension = related_or_none(application, "extension")
    if extension and extension.kind == "art35":
        delayed = f"确定延迟答复期限至{extension.new_due_on:%Y-%m-%d}（第三十五条）"
        steps.append((extension.approved_on, delayed))
    elif extension:
        steps.append((extension.approved_on, "经批准延长答复期限"))
    fee = related_or_none(application, "processing_fee")
    if fee:
        steps.append((fee.sent_on, f"发出信息处理费收费通知（{fee.amount}元）"))
        if fee.delivered_on:
            steps.append((fee.delivered_on, "收费通知送达"))
        if fee.paid_on:
            steps.append((fee.paid_on, "已缴纳信息处理费"))
    answer = related_or_none(application, "reply")
    if answer:
        steps.append((answer.replied_on, "已作出答复"))
        if answer.delivered_on:
            steps.append((answer.delivered_on, f"答复已送达（{answer.get_delivery_method_display()}）"))
    return PublicView(
        number=application.number,
        organ=application.organization.name,
        applicant=mask_name(application.applicant_name),
        status=application.get_status_display() if application.status != Status.REPLIED else "已答复",
        submitted_on=timezone.localtime(application.submitted_at).date(),
        received_on=application.received_on,
        reply_due=view.clock.reply_due if application.status in OPEN_STATUSES else None,
        provisional=view.clock.provisional,
        steps=sorted(steps, key=lambda step: step[0]),
        outcome=outcomes.BY_CODE[answer.outcome].label if answer else "",
        reasons=answer.reasons if answer else "",
        files=list(application.released_files.all()) if answer else [],
        trail=view.clock.trail,
        correction=PublicCorrection(
            items=correction.items,
            sent_on=correction.sent_on,
            due_on=correction.due_on,
            supplied_on=correction.supplied_on,
            supplied_online=correction.supplied_channel == "online",
            files=application.supplement_files.count(),
            can_answer=application.status == Status.AWAITING_CORRECTION and not correction.supplied_on,
            past_due=today > correction.due_on,
        )
        if correction
        else None,
        reasons_request=PublicReasons(
            grounds=asked.grounds,
            sent_on=asked.sent_on,
            due_on=asked.due_on,
            given_on=asked.given_on,
            can_answer=application.status in OPEN_STATUSES and not asked.given_on,
            past_due=today > asked.due_on,
        )
        if asked
        else None,
        fee=PublicFee(
            amount=fee.amount,
            method=fee.get_method_display(),
            sent_on=fee.sent_on,
            delivered_on=fee.delivered_on,
            payment_due=view.clock.fee_payment_due,
            paid_on=fee.paid_on,
        )
        if fee
        else None,
        contact=OrganContact.of(application.organization),
        letters=[(kind, title) for kind, title in public_letters(application)],
    )


# The letters the applicant may download with the query code: those addressed to them.
PUBLIC_LETTER_KINDS = ("receipt", "correction", "reasons", "extension", "delay", "fee", "reply")


def public_letters(application: InfoRequest) -> list[tuple[str, str]]:
    from gongkai.info_requests import letters

    return [(k, letters.KINDS[k]) for k in letters.available_kinds(application) if k in PUBLIC_LETTER_KINDS]


def related_or_none(application: InfoRequest, name: str):
    """The application's one-to-one ``correction``, ``extension``, ``processing_fee`` or ``reply``."""
    return application.one(name)


@dataclass
class ProactiveSuggestion:
    """第四十四条: the same information, disclosed to several applicants, may belong in proactive
    disclosure."""

    description: str
    applications: list[InfoRequest]
    applicants: int


def proactive_suggestions(
    *, org, since: date | None = None, min_applicants: int = 2
) -> list[ProactiveSuggestion]:
    """Disclosed applications of the last year whose descriptions share most of their words."""
    from gongkai.search.analysis import tokens_for_query

    since = since or timezone.localdate().replace(year=timezone.localdate().year - 1)
    disclosed = list(
        InfoRequest.objects.filter(
            organization=org, reply__outcome__in=["disclose", "partial"], reply__replied_on__gte=since
        )
        # What a suggestion shows and groups by; the sealed applicant fields stay unread (ADR 0057).
        .only("pk", "organization_id", "year", "serial", "description", "id_number_index")
        .order_by("-reply__replied_on")[:500]
    )
    words = {a.pk: {t for t in tokens_for_query(a.description) if len(t) > 1} for a in disclosed}
    groups: list[list[InfoRequest]] = []
    for application in disclosed:
        for group in groups:
            mine, theirs = words[application.pk], words[group[0].pk]
            if mine and theirs and len(mine & theirs) / len(mine | theirs) >= 0.5:
                group.append(application)
                break
        else:
            groups.append([application])
    suggestions = [
        ProactiveSuggestion(
            description=group[0].description,
            applications=group,
            applicants=len({a.id_number_index for a in group}),
        )
        for group in groups
    ]
    return [s for s in suggestions if s.applicants >= min_applicants]


@dataclass(frozen=True)
class ApplicationFact:
    """One application as the annual report counts it (no personal data)."""

    organization_id: int
    applicant_kind: str
    received_on: date
    concluded_on: date | None  # replied or withdrawn
    outcome: str  # an outcomes code; "other" for a withdrawal; "" while open


@dataclass(frozen=True)
class AppealFact:
    organization_id: int
    kind: str  # "review", "litigation_direct", "litigation_after_review"
    filed_on: date
    result: str
    decided_on: date | None


def annual_report_facts(
    *, org_ids: list[int], until: date, applications: bool = True
) -> tuple[list[ApplicationFact], list[AppealFact]]:
    """Every application received (and every review or lawsuit filed) up to ``until``."""
    from gongkai.info_requests.models import Litigation, Review

    facts = []
    rows = InfoRequest.objects.filter(organization_id__in=org_ids if applications else []).values_list(
        "organization_id",
        "applicant_kind",
        "received_on",
        "submitted_at",
        "withdrawn_on",
        "reply__replied_on",
        "reply__outcome",
    )
    for org_id, kind, received_on, submitted_at, withdrawn_on, replied_on, outcome in rows:
        received = received_on or timezone.localtime(submitted_at).date()
        if received > until:
            continue
        if replied_on:
            facts.append(ApplicationFact(org_id, kind, received, replied_on, outcome))
        elif withdrawn_on:
            facts.append(ApplicationFact(org_id, kind, received, withdrawn_on, "other"))
        else:
            facts.append(ApplicationFact(org_id, kind, received, None, ""))
    appeals = [
        AppealFact(org, "review", filed, result, decided)
        for org, filed, result, decided in Review.objects.filter(
            request__organization_id__in=org_ids, filed_on__lte=until
        ).values_list("request__organization_id", "filed_on", "result", "decided_on")
    ] + [
        AppealFact(org, "litigation_after_review" if after else "litigation_direct", filed, result, decided)
        for org, after, filed, result, decided in Litigation.objects.filter(
            request__organization_id__in=org_ids, filed_on__lte=until
        ).values_list("request__organization_id", "after_review", "filed_on", "result", "decided_on")
    ]
    return applications, appeals


@dataclass(frozen=True)
class ApplicationYearCount:
    """How many applications share a kind, a year received, a year concluded and an outcome."""

    applicant_kind: str
    received_year: int
    concluded_year: int | None
    outcome: str
    count: int


def annual_report_application_counts(*, org_ids: list[int], until: date) -> list[ApplicationYearCount]:
    """The applications of ``annual_report_facts`` grouped in the database by the years the
    annual report's section 三 compares (it counts by year only): a few hundred rows for a whole
    province instead of one per application (ADR 0047)."""
    from django.db.models import Case, CharField, Count, IntegerField, Q, Value, When
    from django.db.models.functions import Coalesce, ExtractYear

    here = timezone.get_current_timezone()
    received = Q(received_on__lte=until) | Q(received_on__isnull=True, submitted_at__date__lte=until)
    rows = (
        InfoRequest.objects.filter(received, organization_id__in=org_ids)
        .order_by()
        .annotate(
            received_year=Coalesce(ExtractYear("received_on"), ExtractYear("submitted_at", tzinfo=here)),
            concluded_year=Case(
                When(reply__isnull=False, then=ExtractYear("reply__replied_on")),
                When(withdrawn_on__isnull=False, then=ExtractYear("withdrawn_on")),
                default=None,
                output_field=IntegerField(),
            ),
            result=Case(
                When(reply__isnull=False, then="reply__outcome"),
                When(withdrawn_on__isnull=False, then=Value("other")),
                default=Value(""),
                output_field=CharField(),
            ),
        )
        .values("applicant_kind", "received_year", "concluded_year", "result")
        .annotate(n=Count("pk"))
    )
    return [
        ApplicationYearCount(
            r["applicant_kind"], r["received_year"], r["concluded_year"], r["result"], r["n"]
        )
        for r in rows
    ]


def annual_report_appeals(*, org_ids: list[int], until: date) -> list[AppealFact]:
    """Every review or lawsuit filed up to ``until``."""
    return annual_report_facts(org_ids=org_ids, until=until, applications=False)[1]


def fees_collected(*, org_ids: list[int], year: int) -> tuple[int, Decimal]:
    """信息处理费 paid in ``year``: how many applications and how much (元)."""
    from gongkai.info_requests.models import ProcessingFee

    paid = ProcessingFee.objects.filter(request__organization_id__in=org_ids, paid_on__year=year)
    return paid.count(), sum((fee.amount for fee in paid), Decimal(0))
