"""`gongkai annual-report --org <code or name> --year YYYY [--rollup]
[--format json|html|docx|pdf] [--output PATH]`."""

import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.gongwen import render_docx, render_html, render_pdf
from gongkai.orgs.models import Organization
from gongkai.reports.documents import as_gongwen
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import compute
from gongkai.reports.services import draft_texts


class Command(BaseCommand):
    help = "按国家格式生成政府信息公开工作年度报告的统计表（JSON 中每个单元格以格式的行、列名称为键）。"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机关：网址标识、统一社会信用代码或名称")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--rollup", action="store_true", help="本级政府汇总（含所属部门）")
        parser.add_argument("--format", default="json", choices=["json", "html", "docx", "pdf"])
        parser.add_argument("--output", help="写入文件而不是标准输出")

    def handle(self, *args, org, year, rollup, output, **options):
        fmt = options["format"]
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
        if fmt == "json":
            report = compute(organ, year, rollup=rollup)
            text = json.dumps(
                report,
                ensure_ascii=False,
                indent=2,
                default=lambda v: float(v) if isinstance(v, Decimal) else str(v),
            )
            self._emit(text.encode() + b"\n", output)
            return
        if fmt in ("docx", "pdf") and not output:
            raise CommandError("docx 和 pdf 格式请用 --output 指定文件。")
        # The saved (locked or published) report when there is one, else today's numbers and draft text.
        saved = AnnualReport.objects.filter(organization=organ, year=year, rollup=rollup).first()
        report = saved or AnnualReport(organization=organ, year=year, rollup=rollup)
        if saved is None:
            data = compute(organ, year, rollup=rollup)
            for name, value in draft_texts(organ, year, data, rollup=rollup).items():
                setattr(report, name, value)
        document = as_gongwen(report)
        if fmt == "html":
            content = render_html(document).encode()
        else:
            content = (render_docx if fmt == "docx" else render_pdf)(document)
        self._emit(content, output)

    def _emit(self, content: bytes, output: str | None) -> None:
        if output:
            Path(output).write_bytes(content)
            self.stdout.write(f"已写入 {output}")
        else:
            self.stdout.write(content.decode())
