from django.core.management.base import BaseCommand

from gongkai.catalog import baseline
from gongkai.catalog.models import StandardCatalogItem


class Command(BaseCommand):
    help = "载入（或更新）随平台提供的基层政务公开标准目录国家基线（幂等）。"

    def handle(self, *args, **options):
        count = baseline.load(StandardCatalogItem)
        self.stdout.write(f"标准目录基线事项 {count} 项（{len(baseline.baseline_files())} 个领域）")
