"""`gongkai inspect [--org <organ>] [--json]`: the self-inspection (自查), issue 13 items 3 and 6.

Scores the installation (or one organ) against the measurable indicators of 国办秘函〔2019〕19号
and stores the run, so the workbench page shows the score and its trend. Run it nightly from
cron or a systemd timer like the other daily jobs (ADR 0008); ``--no-save`` only prints.
Prints ``{"score", "vetoes": [...], "findings": [...]}`` with ``--json``. Exit status 1 when a
单项否决 item is found, 2 when the organ does not exist.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.inspection import selfcheck


class Command(BaseCommand):
    help = "按国办秘函〔2019〕19号可检查的指标对全平台或某一机关进行自查，并保存结果。"

    def add_arguments(self, parser):
        parser.add_argument("--org", default="", help="机关的 slug 或全称；不填为全平台")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--no-save", action="store_true", help="只输出，不保存本次自查")
        parser.add_argument("--external", action="store_true", help="检查外部链接的可用性（每条有严格时限）")
        parser.add_argument("--trigger", default="command", help="记录的触发方式，如 nightly")

    def handle(self, *args, **options):
        scope = None
        if options["org"]:
            from gongkai.orgs.models import Organization

            scope = Organization.objects.filter(slug=options["org"]).first() or (
                Organization.objects.filter(name=options["org"]).first()
            )
            if scope is None:
                raise CommandError(f"找不到机关：{options['org']}", returncode=2)
        external = True if options["external"] else None
        report = selfcheck.inspect(
            selfcheck.organs_in_scope(scope), check_external=external, site=scope is None
        )
        if not options["no_save"]:
            selfcheck.save_report(report, scope=scope, trigger=options["trigger"][:20])
        payload = selfcheck.report_as_json(report, scope=scope)
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, default=str))
        else:
            verdict = (
                "不合格（单项否决）" if payload["vetoes"] else "合格" if payload["score"] >= 60 else "不合格"
            )
            self.stdout.write(f"得分：{payload['score']:.1f}　结论：{verdict}")
            for veto in payload["vetoes"]:
                self.stdout.write(f"[单项否决] {veto.get('organization', '')} {veto['reason']}")
            for f in payload["findings"]:
                self.stdout.write(
                    f"[{f['indicator_name']}] {f['organization']} {f['where']} “{f['text']}”：{f['reason']}"
                )
            for item in report.not_measured:
                self.stdout.write(f"[未检查] {item['name']}：{item['reason']}")
            self.stdout.write(f"共{len(payload['findings'])}处。")
        if payload["vetoes"]:
            raise SystemExit(1)
