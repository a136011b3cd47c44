"""Checks a record must pass before 保密审查 clears it: no unmasked personal data, no injected spam."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import strip_tags

from gongkai.disclosure.models import Record
from gongkai.textproc.bounded import STATUS_UNREADABLE, UNREADABLE_LABEL
from gongkai.textproc.cleanup import find_spam
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
    """Everything in the record's fields and attachments that should not go public as it is.

    Attachments are read from their stored text (``texts.ensure_texts`` runs first, outside any
    transaction); one that could not be read is itself a finding — nobody may be told "nothing
    found" about a file nobody could read.
    """
    issues: list[Issue] = []
    for where, text in (
        ("信息名称", record.title),
        ("关键词", record.keywords),
        ("内容概述", record.summary),
        ("正文", strip_tags(record.body)),
    ):
        issues += _text_issues(where, text)
    for attachment in record.attachments.all():
        where = f"附件“{attachment.original_name}”"
        if attachment.text_status == STATUS_UNREADABLE:
            issues.append(Issue(where, UNREADABLE_LABEL, f"（{attachment.text_note}）"))
        elif not attachment.text_status:
            issues.append(Issue(where, UNREADABLE_LABEL, "（尚未读取）"))
        else:
            issues += _text_issues(where, attachment.text)
    return issues
