"""`gongkai workplan parse FILE [--year YYYY] --json` reads a 政务公开工作要点 into tasks;
`gongkai workplan import FILE --org <organ>` makes it the organ's ledger;
`gongkai workplan evaluate DIR [--json]` scores the parser on hand-annotated notices."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.orgs.selectors import organization_by_name
from gongkai.textproc import bounded
from gongkai.workplans.parsing import docx_tables, parse_with_tables
from gongkai.workplans.selectors import expand_collective, infer_government, match_unit

READABLE = {".txt", ".docx", ".pdf"}


def read_notice(path: Path) -> str:
    """The text of a .txt, .docx or PDF notice; a clear message when there is none to read."""
    if not path.exists():
        raise CommandError(f"文件不存在：{path}")
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        raise CommandError("只能读取 .txt、.docx 或 PDF 文件。")
    data = path.read_bytes()
    if not data.strip():
        raise CommandError("文件是空的。")
    if suffix == ".txt":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise CommandError("无法识别文本文件的编码（请另存为 UTF-8）。")
    extraction = bounded.extract_text(suffix[1:], data)
    if extraction.status == bounded.STATUS_UNREADABLE:
        raise CommandError(f"未能从文件中读出文字（{extraction.reason}）：文件可能已损坏或超过读取上限。")
    text = extraction.text
    if not text.strip():
        raise CommandError("未能从文件中读出文字：文件可能已损坏，或是没有文字层的扫描件。")
    return text


class Command(BaseCommand):
    help = "解析政务公开工作要点（任务、牵头单位、责任单位、时限）。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["parse", "import", "evaluate"])
        parser.add_argument("file", help="通知文件；evaluate 时为含 .txt 与标注 .json 的目录")
        parser.add_argument("--worst", type=int, default=5, help="evaluate：列出最差的文件数")
        parser.add_argument("--year", type=int, help="计划年度（默认从标题或发文日期识别）")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--org", help="台账所属机关（网址标识或名称）；parse 时用于匹配单位，不给则按发文机关推断"
        )
        parser.add_argument("--as-user", dest="as_user", help="import：以该用户（政务公开办管理员）身份导入")

    def handle(self, *args, action, file, year, **options):
        path = Path(file)
        if action == "evaluate":
            self._evaluate(path, options)
            return
        source = read_notice(path)
        tables = docx_tables(path.read_bytes()) if path.suffix.lower() == ".docx" else []
        plan = parse_with_tables(source, tables, year=year)
        if action == "import":
            self._import(plan, source, year, options)
            return
        government = self._government(options.get("org")) or infer_government(plan.title, plan.issuer)
        names = {u for task in plan.tasks for u in (*task.lead_units, *task.responsible_units)}
        matched = {name: organ for name in names if (organ := match_unit(name, government)) is not None}
        result = {
            "title": plan.title,
            "doc_number": plan.doc_number,
            "issuer": plan.issuer,
            "date": plan.date.isoformat() if plan.date else None,
            "tasks": [
                {
                    "path": task.path,
                    "text": task.text,
                    "lead_units": task.lead_units,
                    "responsible_units": task.responsible_units,
                    "matched_organs": [
                        {"unit": name, "organ": matched[name].name, "slug": matched[name].slug}
                        for name in (*task.lead_units, *task.responsible_units)
                        if name in matched
                    ],
                    # Collective phrases and the organs they denote in the tree (not yet confirmed).
                    "collective_units": [
                        {
                            "unit": name,
                            "scope": kind,
                            "organs": [o.name for o in expand_collective(name, government)],
                        }
                        for name, kind in task.collective.items()
                    ],
                    "deadline_text": task.deadline_text,
                    "deadline": task.deadline.isoformat() if task.deadline else None,
                    "warnings": task.warnings,
                }
                for task in plan.tasks
            ],
            "warnings": plan.warnings,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{plan.title}（{plan.doc_number or '无文号'}）：{len(plan.tasks)} 项任务")
        for task in plan.tasks:
            lead = "、".join(task.lead_units) or "—"
            self.stdout.write(f"  {task.path}  牵头：{lead}  时限：{task.deadline_text or '—'}")
        for warning in plan.warnings:
            self.stderr.write(warning)

    def _evaluate(self, directory: Path, options) -> None:
        from gongkai.workplans.evaluation import evaluate_directory

        if not directory.is_dir():
            raise CommandError(f"不是目录：{directory}")
        report = evaluate_directory(directory, worst=options["worst"])
        if not report["documents"]:
            raise CommandError("目录中没有成对的 .txt 通知与 .json 标注。")
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        units = report["units"]
        self.stdout.write(
            f"{report['documents']} 份通知（完整 {report['complete_documents']} 份）："
            f"任务数完全正确 {report['task_count_exact_complete']}%（完整通知），"
            f"{report['task_count_exact_all']}%（全部）；"
            f"单位 P={units['precision']} R={units['recall']} F1={units['f1']}；"
            f"时限文字正确 {report['deadline_text_accuracy']}%"
        )
        for doc in report["worst_documents"]:
            self.stdout.write(
                f"  {doc['name']}: 任务 {doc['found_tasks']}/{doc['expected_tasks']}，"
                f"单位 F1 {doc['unit_f1']}，时限 {doc['deadlines']}"
            )

    @staticmethod
    def _government(value):
        from gongkai.orgs.models import Organization

        if not value:
            return None
        organ = Organization.objects.filter(slug=value).first() or organization_by_name(value)
        return organ.government() if organ else None

    def _import(self, plan, source: str, year, options) -> None:
        from gongkai.accounts.models import Role, User
        from gongkai.orgs.models import Organization
        from gongkai.workplans.services import import_plan

        if not options.get("org"):
            raise CommandError("请用 --org 指定台账所属机关。")
        org = Organization.objects.filter(slug=options["org"]).first() or organization_by_name(options["org"])
        if org is None:
            raise CommandError(f"找不到机关：{options['org']}")
        users = User.objects.filter(memberships__organization=org, memberships__role=Role.COMPETENT_ADMIN)
        actor = users.filter(username=options["as_user"]).first() if options.get("as_user") else users.first()
        if actor is None:
            raise CommandError("该机关没有政务公开办管理员账号，无法导入。")
        try:
            ledger = import_plan(org=org, actor=actor, parsed=plan, source_text=source, year=year)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"已导入台账“{ledger.title}”：{ledger.tasks.count()} 项任务。")
        for warning in plan.warnings:
            self.stderr.write(warning)
