"""`gongkai annual-report --org <code or name> --year YYYY [--rollup] --format json`."""

import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.orgs.models import Organization
from gongkai.reports.selectors import compute


class Command(BaseCommand):
    help = "按国家格式生成政府信息公开工作年度报告的统计表（JSON 中每个单元格以格式的行、列名称为键）。"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机关：网址标识、统一社会信用代码或名称")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--rollup", action="store_true", help="本级政府汇总（含所属部门）")
        parser.add_argument("--format", default="json", choices=["json"])
        parser.add_argument("--output", help="写入文件而不是标准输出")

    def handle(self, *args, org, year, rollup, output, **options):
        organ = (
            Organization.objects.filter(slug=org).first()
            or Organization.objects.filter(credit_code=org.upper()).first()
            or Organization.objects.filter(name=org).first()
        )
        if organ is None:
            raise CommandError(f"找不到机关：{org}")
        if not 2008 <= year <= 2100:
            raise CommandError("年度不正确。")
        if rollup and not organ.is_government:
            raise CommandError("汇总报告只适用于人民政府。")
        report = compute(organ, year, rollup=rollup)
        text = json.dumps(
            report,
            ensure_ascii=False,
            indent=2,
            default=lambda v: float(v) if isinstance(v, Decimal) else str(v),
        )
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"已写入 {output}")
        else:
            self.stdout.write(text)
