"""Checks a record must pass before 保密审查 clears it: no unmasked personal data, no injected spam."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import strip_tags

from gongkai.audit.services import record_event
from gongkai.disclosure.models import Record
from gongkai.textproc.bounded import STATUS_UNREADABLE, UNREADABLE_LABEL
from gongkai.textproc.scan import Finding, scan_for_report, scan_text


@dataclass(frozen=True)
class Issue:
    where: str
    label: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}：{self.label} {self.detail}"


def _text_issues(where: str, text: str) -> list[Issue]:
    # The same scanners as the migration's report (gongkai.textproc.scan): ordinary government
    # codes (宗地编号, 品目编码, 统一社会信用代码) are not reported as spam (issue 19).
    return [Issue(f.where, f.label, f.detail) for f in scan_text(where, text)]


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


def migration_findings(record: Record, *, body_html: str = "", attachments=None) -> list[Finding]:
    """The pre-publication scanners over a migrated record, in report mode (issue 19).

    ``body_html`` is the old page's original markup (hidden links live there; the record's own
    body is already sanitised). Attachments are read from their stored text (or ``attachments``,
    the rows about to be stored with a not yet saved record: the migration checks a chunk before
    its one transaction); one that could not be read is a finding too.
    """
    attachments = list(record.attachments.all()) if attachments is None else list(attachments)
    findings = scan_for_report(
        record.title,
        strip_tags(record.body),
        [(a.original_name, a.text) for a in attachments if a.text_status != STATUS_UNREADABLE],
        body_html=body_html,
    )
    findings += [
        Finding(f"附件“{a.original_name}”", "unreadable", UNREADABLE_LABEL, a.text_note)
        for a in attachments
        if a.text_status == STATUS_UNREADABLE
    ]
    return findings


def record_scan_report(*, record: Record, actor, findings: list[Finding], source: str = "") -> None:
    """Keep the report-mode findings in the record's audit trail; nothing is blocked or changed.

    The migration publishes what the old site had already published; 保密审查 of the findings
    follows from the audit entries and the import report (``source``: the batch or original URL).
    """
    record_event(
        actor=actor,
        verb="scan_reported",
        obj=record,
        changes={
            "source": source[:500],
            "count": len(findings),
            "findings": [
                {"where": f.where, "kind": f.kind, "label": f.label, "detail": f.detail[:200]}
                for f in findings[:100]
            ],
        },
    )
