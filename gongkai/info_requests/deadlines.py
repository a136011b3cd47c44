"""The statutory clock of an application: pure functions over its dated events (no ORM).

Counting follows Chinese law's rule for periods: the day of the triggering event is not counted;
day 1 is the first working day after it. Every step of the computation goes into ``trail`` with
the article it applies, so the handler and the applicant can check each date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from gongkai.workdays.rules import working_days_between

CORRECTION_NOTICE_DAYS = 7  # 第三十条
REPLY_DAYS = 20  # 第三十三条第二款
MAX_EXTENSION_DAYS = 20  # 第三十三条第二款
CONSULTATION_DAYS = 15  # 第三十二条、第三十四条
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号

CHANNEL_RULES = {
    "in_person": "当面提交的，以提交之日为收到申请之日",
    "post": "以邮寄方式提交的，以行政机关签收之日为收到申请之日",
    "letter": "以平常信函等无需签收的邮寄方式提交的，以双方确认之日为收到申请之日",
    "online": "通过互联网渠道提交的，以双方确认之日为收到申请之日",
    "fax": "通过政府信息公开工作机构的传真提交的，以双方确认之日为收到申请之日",
}


class WorkingCalendar(Protocol):
    def is_working_day(self, day: date) -> bool: ...

    def is_provisional(self, day: date) -> bool:
        """True when the day's year has not been loaded from the State Council's notice."""
        ...


@dataclass(frozen=True)
class ClockInput:
    received_on: date | None
    channel: str = "in_person"
    correction_sent_on: date | None = None
    correction_due_on: date | None = None
    correction_supplied_on: date | None = None
    # Consultations (第三十二条、第三十四条), each (start, end) inclusive; end None = still open.
    pauses: tuple[tuple[date, date | None], ...] = ()
    extension_days: int = 0  # 第三十三条, approved by the head
    extension_approved_on: date | None = None
    # 第三十五条: the organ asks for reasons (说明理由告知) and the applicant gives them; then a
    # delay (reasons reasonable) or 不予处理 (none or unreasonable). The time counts (ADR 0017).
    reasons_requested_on: date | None = None
    reasons_due_on: date | None = None
    reasons_given_on: date | None = None
    delayed_to: date | None = None  # 第三十五条
    delay_decided_on: date | None = None
    fee_sent_on: date | None = None
    fee_delivered_on: date | None = None  # the applicant received the 收费通知 (starts its period)
    fee_paid_on: date | None = None
    replied_on: date | None = None
    delivered_on: date | None = None  # the reply reached the applicant
    # Breaches the organ recorded knowingly (registering what already happened on paper):
    # (code, reason). The breach is flagged either way; the reason only explains it.
    acknowledged: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Breach:
    """A statutory period the organ missed: recorded and shown, never cured."""

    code: str  # one of BREACH_ARTICLES
    message: str
    reason: str = ""  # the handler's acknowledgement when it was registered knowingly


# The breaches a service refuses unless the handler acknowledges them (a notice the law allows
# only within a period), and those that are only flagged (a late reply must still go out).
BREACH_ARTICLES = {
    "correction_late": "第三十条",
    "extension_late": "第三十三条第二款",
    "delay_late": "第三十五条",
    "reply_late": "第三十三条第二款",
}
ACKNOWLEDGEABLE = {"correction_late", "extension_late", "delay_late"}


@dataclass
class Clock:
    received: date | None = None
    correction_notice_due: date | None = None
    # The last day of the statutory period before any extension or 第三十五条 delay; an extension
    # or delay must be approved and notified by then (第三十三条第二款).
    statutory_reply_due: date | None = None
    reply_due: date | None = None  # None while the clock stands still (补正, an open consultation)
    # 国办函〔2020〕109号: 自收到本通知之次日起20个工作日内; None until the notice's delivery is known.
    fee_payment_due: date | None = None
    paused: bool = False
    lapsed: str = ""  # "correction" or "fee": deemed withdrawn / not processed further
    provisional: bool = False
    breaches: list[Breach] = field(default_factory=list)
    trail: list[str] = field(default_factory=list)

    def days_left(self, today: date, calendar: WorkingCalendar) -> int | None:
        """Working days from today to the due date (negative when overdue)."""
        if self.reply_due is None:
            return None
        return working_days_between(today, self.reply_due, calendar)


def _fmt(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _count(start: date, days: int, calendar, pauses, clock: Clock) -> date:
    """The day on which ``days`` counted working days after ``start`` are complete, skipping the
    working days inside ``pauses`` (closed ranges) — ``workdays.add_working_days`` with pauses."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if calendar.is_working_day(day) and not any(s <= day <= e for s, e in pauses):
            counted += 1
        clock.provisional |= calendar.is_provisional(day)
    return day


def order_errors(data: ClockInput) -> list[str]:
    """Dates that cannot be true together (an event before the one it answers): always refused."""
    errors: list[str] = []

    def after(later: date | None, earlier: date | None, what: str, than: str) -> None:
        if later and earlier and later < earlier:
            errors.append(f"{what}（{_fmt(later)}）不能早于{than}（{_fmt(earlier)}）。")

    def needs(event: date | None, prior: date | None, message: str) -> None:
        if event and not prior:
            errors.append(message)

    received = data.received_on
    if received is None:
        events = (data.correction_sent_on, data.extension_approved_on, data.fee_sent_on, data.replied_on)
        if any(events) or data.pauses:
            errors.append("尚未确认收到申请（第三十一条），不能登记后续办理事项。")
    after(data.correction_sent_on, received, "补正告知日期", "收到申请日期")
    needs(data.correction_supplied_on, data.correction_sent_on, "尚未发出补正告知，不能登记收到补正。")
    after(data.correction_supplied_on, data.correction_sent_on, "收到补正日期", "补正告知日期")
    if (
        data.correction_due_on
        and data.correction_sent_on
        and data.correction_due_on <= data.correction_sent_on
    ):
        errors.append("补正期限应晚于补正告知日期。")
    for began, ended in data.pauses:
        after(began, received, "征求意见发出日期", "收到申请日期")
        after(ended, began, "征求意见结束日期", "征求意见发出日期")
    after(data.extension_approved_on, received, "延期批准日期", "收到申请日期")
    after(data.reasons_requested_on, received, "要求说明理由日期", "收到申请日期")
    if data.reasons_due_on and data.reasons_requested_on and data.reasons_due_on <= data.reasons_requested_on:
        errors.append("说明理由期限应晚于告知日期。")
    no_request = "尚未要求申请人说明理由，不能登记收到理由（第三十五条）。"
    needs(data.reasons_given_on, data.reasons_requested_on, no_request)
    after(data.reasons_given_on, data.reasons_requested_on, "收到理由日期", "要求说明理由日期")
    after(data.delay_decided_on, received, "延迟答复决定日期", "收到申请日期")
    if data.delay_decided_on and data.reasons_requested_on and not data.reasons_given_on:
        errors.append(
            "尚未收到申请人说明的理由，不能确定延迟答复期限（第三十五条：申请理由合理的，方可延迟答复）。"
        )
    after(data.delay_decided_on, data.reasons_given_on, "延迟答复决定日期", "收到理由日期")
    if data.delayed_to and data.delay_decided_on and data.delayed_to <= data.delay_decided_on:
        errors.append("延迟答复期限应晚于决定日期。")
    after(data.fee_sent_on, received, "收费通知日期", "收到申请日期")
    needs(data.fee_delivered_on, data.fee_sent_on, "尚未发出收费通知，不能登记送达。")
    needs(data.fee_paid_on, data.fee_sent_on, "尚未发出收费通知，不能登记缴费。")
    after(data.fee_delivered_on, data.fee_sent_on, "收费通知送达日期", "收费通知日期")
    if data.fee_delivered_on:
        after(data.fee_paid_on, data.fee_delivered_on, "缴费日期", "收费通知送达日期")
    else:
        after(data.fee_paid_on, data.fee_sent_on, "缴费日期", "收费通知日期")
    after(data.replied_on, received, "答复日期", "收到申请日期")
    after(data.replied_on, data.correction_supplied_on, "答复日期", "收到补正日期")
    needs(data.delivered_on, data.replied_on, "尚未答复，不能登记送达。")
    after(data.delivered_on, data.replied_on, "送达日期", "答复日期")
    return errors


def _breach(clock: Clock, data: ClockInput, code: str, message: str) -> None:
    reason = dict(data.acknowledged).get(code, "")
    clock.breaches.append(Breach(code=code, message=message, reason=reason))
    clock.trail.append(f"【违反法定期限】{message}已如实登记并保留标记（{BREACH_ARTICLES[code]}）。")


def compute(data: ClockInput, calendar: WorkingCalendar, *, today: date | None = None) -> Clock:
    clock = Clock(received=data.received_on)
    trail = clock.trail
    if data.received_on is None:
        trail.append("尚未确认收到申请，答复期限自双方确认之日起计算（第三十一条）。")
        return clock
    received = data.received_on
    trail.append(f"收到申请：{_fmt(received)}（第三十一条：{CHANNEL_RULES.get(data.channel, '')}）。")

    clock.correction_notice_due = _count(received, CORRECTION_NOTICE_DAYS, calendar, (), clock)
    trail.append(
        f"如需补正，应在收到申请之日起{CORRECTION_NOTICE_DAYS}个工作日内一次性告知，"
        f"即{_fmt(clock.correction_notice_due)}前（第三十条）。"
    )

    start = received
    if data.correction_sent_on:
        trail.append(
            f"{_fmt(data.correction_sent_on)}发出补正告知，答复期限自收到补正之日起重新计算（第三十条）。"
        )
        if data.correction_sent_on > clock.correction_notice_due:
            _breach(
                clock,
                data,
                "correction_late",
                f"补正告知于{_fmt(data.correction_sent_on)}发出，晚于收到申请之日起"
                f"{CORRECTION_NOTICE_DAYS}个工作日的期限{_fmt(clock.correction_notice_due)}。",
            )
        if data.correction_supplied_on is None:
            clock.paused = True
            if data.correction_due_on and today and today > data.correction_due_on:
                clock.lapsed = "correction"
                trail.append(
                    f"申请人未在补正期限{_fmt(data.correction_due_on)}前补正，视为放弃申请，"
                    "不再处理（第三十条）。"
                )
            elif data.correction_due_on:
                trail.append(f"等待申请人补正，补正期限为{_fmt(data.correction_due_on)}。")
            return clock
        start = data.correction_supplied_on
        trail.append(f"收到补正：{_fmt(start)}，自次日起计算答复期限（第三十条）。")
        if data.correction_due_on and start > data.correction_due_on:
            trail.append(
                f"补正晚于补正期限{_fmt(data.correction_due_on)}；申请人是否有正当理由由本机关认定（第三十条）。"
            )

    pauses: list[tuple[date, date]] = []
    for began, ended in sorted(data.pauses, key=lambda p: p[0]):
        if ended is None:
            clock.paused = True
            trail.append(
                f"{_fmt(began)}起征求第三方或其他机关意见，所需时间不计算在答复期限内（第三十三条第三款）；尚未结束。"
            )
            return clock
        pauses.append((began, ended))
        days = sum(1 for d in _days(began, ended) if calendar.is_working_day(d))
        trail.append(
            f"征求意见{_fmt(began)}至{_fmt(ended)}，其中{days}个工作日不计算在答复期限内（第三十三条第三款）。"
        )
    if data.fee_sent_on:
        if data.fee_delivered_on:
            clock.fee_payment_due = _count(data.fee_delivered_on, FEE_PAYMENT_DAYS, calendar, (), clock)
        if data.fee_paid_on is None:
            clock.paused = True
            if clock.fee_payment_due and today and today > clock.fee_payment_due:
                clock.lapsed = "fee"
                trail.append(
                    f"申请人未在{_fmt(clock.fee_payment_due)}前缴纳信息处理费，视为放弃申请，不再处理该申请"
                    "（第四十二条，国办函〔2020〕109号）。"
                )
            elif clock.fee_payment_due:
                trail.append(
                    f"收费通知{_fmt(data.fee_sent_on)}发出、{_fmt(data.fee_delivered_on)}送达，申请人应自收到"
                    f"通知之次日起{FEE_PAYMENT_DAYS}个工作日内即{_fmt(clock.fee_payment_due)}前缴费；"
                    "缴费前答复期限暂停（第四十二条，国办函〔2020〕109号）。"
                )
            else:
                trail.append(
                    f"{_fmt(data.fee_sent_on)}发出收费通知，尚未登记送达日期；缴费期限自申请人收到通知之次日起"
                    f"{FEE_PAYMENT_DAYS}个工作日（第四十二条，国办函〔2020〕109号）。"
                )
            return clock
        pauses.append((data.fee_sent_on, data.fee_paid_on))
        trail.append(
            f"收费通知{_fmt(data.fee_sent_on)}至缴费{_fmt(data.fee_paid_on)}期间不计算在答复期限内。"
        )

    due = _count(start, REPLY_DAYS, calendar, pauses, clock)
    clock.statutory_reply_due = due
    trail.append(f"答复期限：起算后第{REPLY_DAYS}个工作日，即{_fmt(due)}（第三十三条第二款）。")
    if data.reasons_requested_on:
        trail.append(
            f"{_fmt(data.reasons_requested_on)}要求申请人说明理由（第三十五条）"
            + (f"，说明理由期限为{_fmt(data.reasons_due_on)}" if data.reasons_due_on else "")
            + "；条例未规定该期间不计算在答复期限内，答复期限照常计算。"
        )
        if data.reasons_given_on:
            trail.append(f"{_fmt(data.reasons_given_on)}收到申请人说明的理由。")
        elif data.reasons_due_on and today and today > data.reasons_due_on:
            trail.append(
                f"申请人未在{_fmt(data.reasons_due_on)}前说明理由；本机关可以告知申请人不予处理（第三十五条）。"
            )
    if data.extension_days:
        days = min(data.extension_days, MAX_EXTENSION_DAYS)
        extended = _count(due, days, calendar, pauses, clock)
        trail.append(
            f"经负责人同意延长{days}个工作日，至{_fmt(extended)}（第三十三条第二款，延长期限最长不超过20个工作日）。"
        )
        if data.extension_approved_on and data.extension_approved_on > due:
            _breach(
                clock,
                data,
                "extension_late",
                f"延期于{_fmt(data.extension_approved_on)}批准，晚于答复期限{_fmt(due)}；"
                "延长答复期限应在答复期限内经批准并告知申请人。",
            )
        due = extended
    if data.delayed_to:
        trail.append(
            f"申请数量、频次明显超过合理范围，确定延迟答复期限至{_fmt(data.delayed_to)}（第三十五条）。"
        )
        if data.delay_decided_on and data.delay_decided_on > due:
            _breach(
                clock,
                data,
                "delay_late",
                f"延迟答复于{_fmt(data.delay_decided_on)}决定，晚于答复期限{_fmt(due)}；"
                "延迟答复的期限应在答复期限内确定并告知申请人。",
            )
        due = data.delayed_to
    clock.reply_due = due
    if clock.provisional:
        trail.append("所涉年度的节假日安排尚未公布，以上日期按法定节假日推算，公布后可能调整。")
    if data.replied_on:
        if data.replied_on > due:
            trail.append(f"{_fmt(data.replied_on)}答复，已超过答复期限。")
            _breach(clock, data, "reply_late", f"{_fmt(data.replied_on)}答复，晚于答复期限{_fmt(due)}。")
        else:
            trail.append(f"{_fmt(data.replied_on)}答复，在答复期限内。")
    return clock


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
