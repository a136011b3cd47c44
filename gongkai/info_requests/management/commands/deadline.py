"""`gongkai deadline`: the statutory clock from the command line, to check the rules without the
web interface. Dates are YYYY-MM-DD; counting excludes the triggering day (day 1 is the first
working day after it) and ``--pause START:END`` excludes the working days START…END inclusive.

Dates that cannot be true together (补正 received before it was asked, a fee paid before its
notice was received, a reply before receipt…) are refused with the reason and exit status 1.
Periods the organ missed (a 补正 notice after 第三十条's 7 working days, an extension approved
after the due date) are not refused: they are reported under ``breaches`` and in the trail,
as the workbench flags them. ``--today`` is the day the lapse rules are judged on (第三十条:
补正 not supplied by its deadline; 第四十二条 / 国办函〔2020〕109号: fee not paid in time).
第三十五条: ``--reasons-requested/--reasons-due/--reasons-given`` record asking the applicant for
reasons (the time counts in the reply period); ``--delay-to/--delay-decided`` the delay that may
follow, refused before the reasons were given.

``--json`` prints one object: received, correction_notice_due, statutory_reply_due, reply_due,
fee_payment_due (dates or null), paused, lapsed ("correction", "fee" or null), provisional,
breaches ([{code, article, message}]) and trail (each step with its article)."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from gongkai.info_requests import deadlines
from gongkai.info_requests.models import Channel


def _date(value: str | None, option: str = "") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{option or '日期'}的格式应为 YYYY-MM-DD：{value}") from exc


def _pause(value: str) -> tuple[date, date]:
    start, sep, end = value.partition(":")
    if not sep:
        raise CommandError(f"--pause 的格式应为 START:END：{value}")
    first, last = _date(start, "--pause"), _date(end, "--pause")
    if last < first:
        raise CommandError(f"征求意见的结束日期早于开始日期：{value}")
    return first, last


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


class Command(BaseCommand):
    help = "按《政府信息公开条例》计算依申请公开的补正告知期限、答复期限和信息处理费缴费期限。"

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True, help="收到申请日期（第三十一条）")
        parser.add_argument("--channel", default=Channel.IN_PERSON, choices=Channel.values)
        parser.add_argument(
            "--correction-requested", dest="correction_requested", help="发出补正告知的日期（第三十条）"
        )
        parser.add_argument("--correction-due", dest="correction_due", help="补正告知书载明的补正期限")
        parser.add_argument("--correction-received", dest="correction_received", help="收到补正的日期")
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            help="征求意见等不计算的期间 START:END，可重复（第三十三条第三款）",
        )
        parser.add_argument(
            "--extension", action="store_true", help="经批准延长20个工作日（第三十三条第二款）"
        )
        parser.add_argument(
            "--extension-days", dest="extension_days", type=int, help="经批准延长的工作日数（1–20）"
        )
        parser.add_argument("--extension-approved", dest="extension_approved", help="延期批准日期")
        parser.add_argument(
            "--reasons-requested",
            dest="reasons_requested",
            help="第三十五条：要求申请人说明理由的日期（该期间计算在答复期限内）",
        )
        parser.add_argument("--reasons-due", dest="reasons_due", help="第三十五条：说明理由期限")
        parser.add_argument(
            "--reasons-given", dest="reasons_given", help="第三十五条：收到申请人说明理由的日期"
        )
        parser.add_argument(
            "--delay-to",
            dest="delay_to",
            help="第三十五条：申请数量、频次明显超过合理范围时确定的延迟答复期限",
        )
        parser.add_argument("--delay-decided", dest="delay_decided", help="第三十五条：确定延迟答复的日期")
        parser.add_argument("--fee-notice-sent", dest="fee_sent", help="发出收费通知的日期（第四十二条）")
        parser.add_argument(
            "--fee-notice-delivered",
            dest="fee_delivered",
            help="申请人收到收费通知的日期（缴费期限自次日起算）",
        )
        parser.add_argument("--fee-paid", dest="fee_paid", help="缴费日期")
        parser.add_argument("--replied", help="答复日期")
        parser.add_argument("--delivered", help="答复送达日期")
        parser.add_argument("--today", help="判断是否逾期补正、逾期缴费的日期（默认今天）")
        parser.add_argument(
            "--json",
            action="store_true",
            help="输出JSON：received, correction_notice_due, statutory_reply_due, reply_due, "
            "fee_payment_due, "
            "paused, lapsed, provisional, breaches, trail",
        )

    def handle(self, *args, **options):
        from django.utils import timezone

        from gongkai.info_requests.selectors import working_calendar

        extension_days = options["extension_days"]
        if options["extension"] and extension_days is None:
            extension_days = deadlines.MAX_EXTENSION_DAYS
        if extension_days is not None and not 1 <= extension_days <= deadlines.MAX_EXTENSION_DAYS:
            raise CommandError("延长期限为1至20个工作日（第三十三条第二款）。")
        if extension_days and options["delay_to"]:
            raise CommandError("同一申请只能延长答复期限（第三十三条）或确定延迟答复期限（第三十五条）之一。")
        if options["extension_approved"] and not extension_days:
            raise CommandError("给出 --extension-approved 时须同时给出 --extension 或 --extension-days。")
        if options["delay_decided"] and not options["delay_to"]:
            raise CommandError("给出 --delay-decided 时须同时给出 --delay-to。")
        if options["reasons_due"] and not options["reasons_requested"]:
            raise CommandError("给出 --reasons-due 时须同时给出 --reasons-requested。")
        data = deadlines.ClockInput(
            received_on=_date(options["received"], "--received"),
            channel=options["channel"],
            correction_sent_on=_date(options["correction_requested"], "--correction-requested"),
            correction_due_on=_date(options["correction_due"], "--correction-due"),
            correction_supplied_on=_date(options["correction_received"], "--correction-received"),
            pauses=tuple(_pause(p) for p in options["pause"]),
            extension_days=extension_days or 0,
            extension_approved_on=_date(options["extension_approved"], "--extension-approved"),
            reasons_requested_on=_date(options["reasons_requested"], "--reasons-requested"),
            reasons_due_on=_date(options["reasons_due"], "--reasons-due"),
            reasons_given_on=_date(options["reasons_given"], "--reasons-given"),
            delayed_to=_date(options["delay_to"], "--delay-to"),
            delay_decided_on=_date(options["delay_decided"], "--delay-decided"),
            fee_sent_on=_date(options["fee_sent"], "--fee-notice-sent"),
            fee_delivered_on=_date(options["fee_delivered"], "--fee-notice-delivered"),
            fee_paid_on=_date(options["fee_paid"], "--fee-paid"),
            replied_on=_date(options["replied"], "--replied"),
            delivered_on=_date(options["delivered"], "--delivered"),
        )
        errors = deadlines.order_errors(data)
        if errors:
            raise CommandError("这些日期不能同时成立：" + "".join(errors))
        today = _date(options["today"], "--today") or timezone.localdate()
        clock = deadlines.compute(data, working_calendar(), today=today)
        result = {
            "received": _iso(clock.received),
            "correction_notice_due": _iso(clock.correction_notice_due),
            "statutory_reply_due": _iso(clock.statutory_reply_due),
            "reply_due": _iso(clock.reply_due),
            "fee_payment_due": _iso(clock.fee_payment_due),
            "paused": clock.paused,
            "lapsed": clock.lapsed or None,
            "provisional": clock.provisional,
            "breaches": [
                {"code": b.code, "article": deadlines.BREACH_ARTICLES[b.code], "message": b.message}
                for b in clock.breaches
            ],
            "trail": clock.trail,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for line in clock.trail:
            self.stdout.write(line)
