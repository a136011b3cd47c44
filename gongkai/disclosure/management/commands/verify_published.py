"""`gongkai verify-published [--org ORGAN] [--json] [--seal-missing]` (issue 13 item 4, ADR 0032).

Compares what every published record serves now — its page through the real view, its files from
storage — and what every public 标准目录 / 权责清单 version holds (ADR 0051) with the hashes sealed
into the audit chain at publication, and lists every difference. Exit status 1 when anything
differs, 2 when the organ is unknown. ``--seal-missing`` first seals the records and versions
published before the check existed (what they serve today becomes their reference).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.core import versions
from gongkai.disclosure import integrity


class Command(BaseCommand):
    help = "比对已发布信息当前的公开页面和附件与发布时留存的哈希（防篡改检查）。"

    def add_arguments(self, parser):
        parser.add_argument("--org", default="", help="机关的网址标识（slug）或全称；不填为全部机关")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--seal-missing", action="store_true", help="先为本功能启用前发布、尚无哈希的信息留存哈希"
        )

    def handle(self, *args, **options):
        organ = None
        if options["org"]:
            from gongkai.orgs.models import Organization

            organ = Organization.objects.filter(slug=options["org"]).first() or (
                Organization.objects.filter(name=options["org"]).first()
            )
            if organ is None:
                raise CommandError(f"找不到机关：{options['org']}", returncode=2)
        sealed = integrity.seal_unsealed(organ) if options["seal_missing"] else 0
        checked = integrity.published_records(organ).count()
        lists = versions.count_public(organ)
        findings = integrity.verify_published(organ)
        if options["json"]:
            payload = {
                "checked": checked,
                "checked_versions": lists,
                "sealed": sealed,
                "findings": [f.as_dict() for f in findings],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            if sealed:
                self.stdout.write(f"已为{sealed}条尚无哈希的信息留存哈希。")
            for f in findings:
                hint = f"（疑似植入：{'、'.join(f.suspicious)}）" if f.suspicious else ""
                self.stdout.write(
                    f"[{f.index_number}] {f.title} {f.where}：{f.reason}{hint}\n"
                    f"    应为 {f.expected or '—'}\n    实为 {f.actual or '—'}"
                )
            self.stdout.write(
                f"共检查{checked}条已发布信息和{lists}个已发布的标准目录、清单版本，发现{len(findings)}处不一致。"
            )
        if findings:
            raise SystemExit(1)
