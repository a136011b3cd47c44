"""Daily: each organ's handlers get the list of overdue and due-soon applications (run from cron
or the scheduler once a day)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.info_requests import notifications, selectors, services
from gongkai.info_requests.models import OPEN_STATUSES, InfoRequest
from gongkai.orgs.models import Organization


class Command(BaseCommand):
    help = "向各机关依申请经办人、负责人发送超期和即将到期申请的每日提醒。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        calendar = selectors.working_calendar()
        messages = []
        org_ids = InfoRequest.objects.filter(status__in=OPEN_STATUSES).values_list("organization", flat=True)
        for org in Organization.objects.filter(pk__in=set(org_ids)):
            open_ones = selectors.requests_for_org(org=org).filter(status__in=OPEN_STATUSES)
            rows = [(a, selectors.clock_of(a, today=today, calendar=calendar)) for a in open_ones]
            message = notifications.digest(org, rows, today)
            if message is None:
                continue
            to = list(
                User.objects.filter(
                    memberships__organization=org,
                    memberships__role__in=services.HANDLING_ROLES,
                    is_active=True,
                )
                .exclude(email="")
                .values_list("email", flat=True)
                .distinct()
            )
            messages.append((*message, to))
        sent = notifications.send_digests(messages)
        self.stdout.write(f"已发送 {sent} 封提醒邮件（{len(messages)} 个机关有待办）。")
        # 政策咨询 reminders and 督办 run in the same daily job (ADR 0008, ADR 0037).
        from gongkai.participation.questions.jobs import run_daily

        questions = run_daily(today)
        self.stdout.write(
            f"政策咨询：提醒 {questions.reminded} 件，督办 {questions.escalated} 件，"
            f"邮件 {questions.messages} 封。"
        )
