"""`gongkai deadline`: the statutory clock from the command line, to check the rules without the
web interface. Dates are YYYY-MM-DD; counting excludes the triggering day (day 1 is the first
working day after it) and ``--pause START:END`` excludes the working days START…END inclusive."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from gongkai.info_requests import deadlines
from gongkai.info_requests.models import Channel


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from exc


def _pause(value: str) -> tuple[date, date]:
    start, sep, end = value.partition(":")
    if not sep:
        raise CommandError(f"--pause 的格式应为 START:END：{value}")
    first, last = _date(start), _date(end)
    if last < first:
        raise CommandError(f"暂停的结束日期早于开始日期：{value}")
    return first, last


class Command(BaseCommand):
    help = "按《政府信息公开条例》计算依申请公开的补正告知期限和答复期限。"

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True, help="收到申请日期（第三十一条）")
        parser.add_argument("--channel", default=Channel.IN_PERSON, choices=Channel.values)
        parser.add_argument("--correction-requested", dest="correction_requested", help="发出补正告知的日期")
        parser.add_argument("--correction-received", dest="correction_received", help="收到补正的日期")
        parser.add_argument(
            "--pause", action="append", default=[], help="征求意见等不计算的期间 START:END，可重复"
        )
        parser.add_argument("--extension", action="store_true", help="经批准延长20个工作日（第三十三条）")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        from gongkai.info_requests.selectors import working_calendar

        requested = options["correction_requested"]
        supplied = options["correction_received"]
        if supplied and not requested:
            raise CommandError("给出 --correction-received 时须同时给出 --correction-requested。")
        data = deadlines.ClockInput(
            received_on=_date(options["received"]),
            channel=options["channel"],
            correction_sent_on=_date(requested) if requested else None,
            correction_supplied_on=_date(supplied) if supplied else None,
            pauses=tuple(_pause(p) for p in options["pause"]),
            extension_days=deadlines.MAX_EXTENSION_DAYS if options["extension"] else 0,
        )
        clock = deadlines.compute(data, working_calendar())
        result = {
            "received": clock.received.isoformat() if clock.received else None,
            "correction_notice_due": clock.correction_notice_due.isoformat()
            if clock.correction_notice_due
            else None,
            "reply_due": clock.reply_due.isoformat() if clock.reply_due else None,
            "provisional": clock.provisional,
            "trail": clock.trail,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for line in clock.trail:
            self.stdout.write(line)
