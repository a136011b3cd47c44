"""Daily: each unit's staff are reminded of its ledger tasks due within a week, and of overdue ones."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.workplans.models import Task

REMIND_DAYS = 7


class Command(BaseCommand):
    help = "提醒各单位工作要点台账中一周内到期和已逾期的任务。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        due = Task.objects.filter(
            completed_on__isnull=True,
            deadline__isnull=False,
            deadline__lte=today + timedelta(days=REMIND_DAYS),
        ).prefetch_related("units__organization", "plan")
        by_organ: dict = {}
        for task in due:
            for unit in task.units.all():
                if unit.organization_id:
                    by_organ.setdefault(unit.organization, []).append(task)
        messages = []
        for organ, tasks in by_organ.items():
            lines = [
                f"{t.plan.title} 第{t.position}项（{t.deadline_text or t.deadline}）"
                f"{_when(t.deadline, today)}：{t.text[:40]}"
                for t in tasks
            ]
            to = list(
                User.objects.filter(
                    memberships__organization=organ,
                    memberships__role__in=[Role.EDITOR, Role.HEAD],
                    is_active=True,
                )
                .exclude(email="")
                .values_list("email", flat=True)
                .distinct()
            )
            if to:
                subject = f"【工作要点台账】{organ.name}：{len(tasks)} 项任务即将到期或已逾期"
                messages.append((subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, to))
        sent = send_mass_mail(messages) if messages else 0
        self.stdout.write(f"已发送 {sent} 封提醒。")


def _when(deadline, today) -> str:
    return "已逾期" if deadline < today else f"将于{deadline.isoformat()}到期"
