"""`gongkai annual-report --org <code or name> --year YYYY [--rollup]
[--format json|html|docx|pdf] [--output PATH]`;
`gongkai annual-report read FILE [--year YYYY] [--json]` (what one published report yields, nothing
saved); `gongkai annual-report evaluate DIR [--json]` (the reader measured on an annotated corpus)."""

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
        parser.add_argument(
            "action", nargs="?", choices=["read", "evaluate"], help="read FILE 或 evaluate DIR"
        )
        parser.add_argument("path", nargs="?", help="read：报告文件；evaluate：语料目录")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出（read、evaluate）")
        parser.add_argument("--org", help="机关：网址标识、统一社会信用代码或名称")
        parser.add_argument("--year", type=int)
        parser.add_argument("--rollup", action="store_true", help="本级政府汇总（含所属部门）")
        parser.add_argument("--format", default="json", choices=["json", "html", "docx", "pdf"])
        parser.add_argument("--output", help="写入文件而不是标准输出")

    def handle(self, *args, org, year, rollup, output, **options):
        if options["action"]:
            return self._reader(options["action"], options["path"], year, options["json"])
        if not org or not year:
            raise CommandError("请用 --org 和 --year 指定机关和年度（或使用 read FILE、evaluate DIR）。")
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

    def _reader(self, action: str, path: str | None, year: int | None, as_json: bool) -> None:
        from gongkai.reports import evaluation, reader

        if not path or not Path(path).exists():
            raise CommandError(f"找不到：{path}")
        if action == "read":
            try:
                text = reader.text_of_upload(Path(path).name, Path(path).read_bytes())
                result = reader.read_report(text, year).as_json()
            except reader.NotAReport as exc:
                raise CommandError(str(exc)) from exc
            result["cells"] = [{k: v for k, v in c.items() if k != "source"} for c in result["cells"]]
            if as_json:
                self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1, default=str))
                return
            counts: dict[str, int] = {}
            for cell in result["cells"]:
                counts[cell["status"]] = counts.get(cell["status"], 0) + 1
            self.stdout.write(f"{result['year']}年（{result['format']}年格式）：{counts}")
            for check in result["checks"]:
                self.stdout.write(f"校验：{check['cell']}——{check['message']}")
            for problem in result["problems"]:
                self.stdout.write(problem)
            return
        result = evaluation.evaluate(Path(path))
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1, default=str))
            return
        s = result["summary"]
        self.stdout.write(
            f"{s['reports']}份报告，{s['cells']}个标注单元格：准确{s['cell_accuracy_pct']}%，"
            f"待人工确认且含正确候选{s['ambiguous_right']}，错误{s['wrong']}，未读{s['unread']}；"
            f"整行准确{s['rows_exact_pct']}%，整份准确{s['reports_fully_exact_pct']}%"
        )
        for shape, bucket in s["by_shape"].items():
            self.stdout.write(
                f"  {shape}: {bucket['cell_accuracy_pct']}%"
                f"（{bucket['exact']}/{bucket['cells']}，错误{bucket['wrong']}）"
            )
        for worst in s["worst"]:
            self.stdout.write(f"  最差：{worst['file']} {worst['cell_accuracy']}%")
