"""Take the 历年对比 snapshot of every published annual report (ADR 0045).

The annual-report services take it themselves whenever a report is locked, published or imported;
this command is for reports published before the snapshot existed (run once after upgrading).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.orgs.models import Organization
from gongkai.reports import services
from gongkai.reports.models import AnnualReport, ReportStatus


class Command(BaseCommand):
    help = "为所有已发布的年度报告生成“历年对比”快照"

    def handle(self, *args, **options):
        scopes = (
            AnnualReport.objects.filter(status=ReportStatus.PUBLISHED)
            .values_list("organization", "rollup")
            .distinct()
        )
        count = 0
        for org_id, rollup in scopes:
            with transaction.atomic():
                organ = Organization.objects.get(pk=org_id)
                services.refresh_trends(org=organ, rollup=rollup)
            count += 1  # refresh_trends invalidates the organ's pages that show the charts
        self.stdout.write(f"已更新 {count} 个机关的年度报告历年对比。")
