"""`gongkai check FILE [--org <organ>] --json` (issue 13 item 6).

Runs the pre-publication checks on a text, .docx or PDF file (read through the bounded
extraction, ADR 0011) with the installation's word list and, with ``--org``, that organ's own.
Prints ``{"findings": [{"kind", "text", "start", "end", "reason", "suggestion", "blocking"}]}``;
offsets are in the extracted text. Exit status 1 when a finding blocks publication, 2 when the
file cannot be checked at all (the message says why).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.inspection import engine
from gongkai.inspection.selectors import word_list
from gongkai.textproc import bounded

TEXT_SUFFIXES = {"", ".txt", ".text", ".md", ".html", ".htm"}


def read_file_text(path: Path) -> tuple[str, str]:
    """(text, why-unreadable); refuses a file over the size limit with a clear message."""
    limit = int(getattr(settings, "GONGKAI_CHECK_MAX_FILE_BYTES", 50 * 1024 * 1024))
    size = path.stat().st_size
    if size > limit:
        raise CommandError(
            f"文件“{path.name}”大小为{size / 1048576:.1f} MB，超过检查上限{limit / 1048576:.0f} MB，未检查。",
            returncode=2,
        )
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding), ""
            except UnicodeDecodeError:
                continue
        return data.decode("utf-8", errors="replace"), ""
    extraction = bounded.extract_text(suffix.lstrip("."), data)
    if extraction.status == bounded.STATUS_UNREADABLE:
        return "", extraction.reason or bounded.UNREADABLE_LABEL
    if extraction.status == bounded.STATUS_EMPTY and suffix.lstrip(".") not in bounded.READABLE:
        raise CommandError(f"不支持检查“{suffix}”类型的文件（可检查：文本、.docx、.pdf 等）。", returncode=2)
    return extraction.text, ""


class Command(BaseCommand):
    help = "对文本、.docx 或 PDF 文件运行发布前检查（错敏词、个人信息、植入内容、文号）。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", default="", help="机关的 slug 或全称：同时使用该机关的词库")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}", returncode=2)
        org = None
        if options["org"]:
            from gongkai.orgs.models import Organization

            org = Organization.objects.filter(slug=options["org"]).first() or (
                Organization.objects.filter(name=options["org"]).first()
            )
            if org is None:
                raise CommandError(f"找不到机关：{options['org']}", returncode=2)
        text, unreadable = read_file_text(path)
        html = [("正文", text)] if path.suffix.lower() in {".html", ".htm"} else []
        document = engine.Document(
            texts=[("正文", text)],
            raw_html=html,
            unreadable=[(path.name, unreadable)] if unreadable else [],
        )
        findings = engine.check_document(document, word_list(org))
        if options["json"]:
            payload = {"findings": [f.as_dict(with_where=False) for f in findings]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            for f in findings:
                mark = "须处理" if f.blocking else "提示"
                tail = f" → {f.suggestion}" if f.suggestion else ""
                self.stdout.write(f"[{mark}] {f.start}-{f.end} “{f.text}”：{f.reason}{tail}")
            self.stdout.write(f"共{len(findings)}处。")
        if engine.blocking(findings):
            raise SystemExit(1)
