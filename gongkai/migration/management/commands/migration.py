"""``gongkai migration evaluate DIR [--json]``: the page reader's per-field accuracy (issue 19)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.migration.evaluation import FIELDS, evaluate


class Command(BaseCommand):
    help = _("站点迁移：评估页面读取的字段准确率")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        evaluate_parser = sub.add_parser(
            "evaluate", help=_("按字段比对读取结果与人工标注（*.expected.json）")
        )
        evaluate_parser.add_argument("directory")
        evaluate_parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, **options):
        if options["action"] != "evaluate":
            raise CommandError(_("未知操作"))
        from pathlib import Path

        directory = Path(options["directory"])
        if not directory.is_dir():
            raise CommandError(_("目录不存在：%(path)s") % {"path": directory})
        result = evaluate(directory)
        if not result.pages:
            raise CommandError(_("目录中没有带 .expected.json 的页面：%(path)s") % {"path": directory})
        if options["as_json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(_("页面数：%(n)d") % {"n": result.pages})
        for name in FIELDS:
            score = result.scores[name]
            if score.checked:
                self.stdout.write(f"  {name:<22} {score.correct:>3}/{score.checked:<3} {score.accuracy:6.1%}")
        for miss in result.mismatches:
            self.stdout.write(f"  ✗ {miss['page']} {miss['field']}: {miss['expected']!r} ≠ {miss['got']!r}")
