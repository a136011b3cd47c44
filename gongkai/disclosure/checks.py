"""Checks a record must pass before 保密审查 clears it: no unmasked personal data, no injected spam."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import strip_tags

from gongkai.disclosure.models import Record
from gongkai.textproc.cleanup import find_spam
from gongkai.textproc.extract import extract_text
from gongkai.textproc.pii import find_pii


@dataclass(frozen=True)
class Issue:
    where: str
    label: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}：{self.label} {self.detail}"


def _text_issues(where: str, text: str) -> list[Issue]:
    issues = [Issue(where, f.label, f.masked) for f in find_pii(text)]
    issues += [Issue(where, "疑似暗链或博彩内容", token) for token in find_spam(text)]
    return issues


def prepublication_issues(record: Record) -> list[Issue]:
    """Everything in the record's fields and attachments that should not go public as it is."""
    issues: list[Issue] = []
    for where, text in (
        ("信息名称", record.title),
        ("关键词", record.keywords),
        ("内容概述", record.summary),
        ("正文", strip_tags(record.body)),
    ):
        issues += _text_issues(where, text)
    for attachment in record.attachments.all():
        with attachment.file.open("rb") as handle:
            text = extract_text(attachment.extension, handle.read())
        issues += _text_issues(f"附件“{attachment.original_name}”", text)
    return issues
