"""Pre-publication checks on a record: run, keep the findings, block or release (issue 13).

``disclosure.services`` calls ``enforce`` explicitly when a record is submitted and again just
before it is published. A blocking finding stops the step with a Chinese message listing what to
fix; nothing in the record is changed, so the draft is never lost. A person holding a release
role (保密审查人, 审核人, 负责人) may let the step go on by giving a reason; the reason and the
findings go into the audit log.

What 保密审查's scan already finds (ID, card and mobile numbers, spam tokens, unreadable
attachments) is shown here too but decided where it always was, at 保密审查
(``disclosure.checks``): it does not block these two steps a second time.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import require_role
from gongkai.audit.services import record_event
from gongkai.inspection import engine
from gongkai.inspection.models import CheckRun, Stage
from gongkai.inspection.selectors import word_list
from gongkai.textproc.bounded import STATUS_UNREADABLE

RELEASE_ROLES = {Role.CONFIDENTIALITY_REVIEWER, Role.REVIEWER, Role.HEAD}
BLOCKED = (
    "发布前检查发现%(n)d处须处理的问题：%(items)s。"
    "请修改后再提交，或由保密审查人、审核人或负责人填写放行理由。"
)


def _working_days(start, end):
    from gongkai.workdays.rules import working_days_between
    from gongkai.workdays.selectors import current_calendar

    return working_days_between(start, end, current_calendar())


def record_document(record, *, published_on=None, delay_reason: str = "") -> engine.Document:
    column = getattr(record, "column", None)
    texts = [
        ("信息名称", record.title),
        ("文号", record.doc_number),
        ("关键词", record.keywords),
        ("内容概述", record.summary),
        ("正文", strip_tags(record.body)),
    ]
    unreadable = []
    for attachment in record.attachments.all():
        where = f"附件“{attachment.original_name}”"
        if attachment.text_status == STATUS_UNREADABLE or not attachment.text_status:
            unreadable.append((where, attachment.text_note or _("尚未读取")))
        else:
            texts.append((where, attachment.text))
    has_interpretation = None
    if (record.genre in ("normative", "rule") or record.major_policy) and record.pk:
        has_interpretation = record.interpretations.exclude(status="withdrawn").exists()
    policy = record.policy if record.genre == "interpretation" and record.policy_id else None
    policy_published_on = (
        timezone.localtime(policy.published_at).date()
        if policy is not None and policy.status == "published" and policy.published_at
        else None
    )
    organ = record.organization
    facts = engine.Facts(
        doc_number=record.doc_number,
        written_on=record.written_on,
        published_on=published_on,
        delay_reason=delay_reason,
        genre=record.genre,
        topic=record.topic or "",
        valid_until=record.valid_until,
        has_interpretation=has_interpretation,
        major_policy=record.major_policy,
        own_codes=organ.doc_codes,
        other_codes=other_organs_codes(organ) if record.doc_number else {},
        policy_published_on=policy_published_on,
        lawful_list_column=getattr(column, "category_code", "") in engine.LAWFUL_LIST_CATEGORIES,
        list_context=" ".join(
            filter(
                None,
                [record.title, getattr(column, "name", ""), "公示" if record.genre == "publicity" else ""],
            )
        ),
        today=timezone.localdate(),
    )
    return engine.Document(texts=texts, facts=facts, raw_html=[("正文", record.body)], unreadable=unreadable)


def other_organs_codes(organ) -> dict[str, str]:
    """Every other organ's 发文字号代字 → its name (a 文号 borrowing one is flagged)."""
    from django.db import connection

    from gongkai.orgs.models import Organization

    # Plain SQL: it runs for every check of a record with a 文号 (bench/wordlist_cache.py).
    table = connection.ops.quote_name(Organization._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, doc_number_codes FROM {table} WHERE doc_number_codes <> '' AND id <> %s",
            [organ.pk],
        )
        rows = cursor.fetchall()
    codes: dict[str, str] = {}
    for name, lines in rows:
        for code in Organization(doc_number_codes=lines).doc_codes:
            codes.setdefault(code, name)
    return codes


def check_record(record, *, published_on=None, delay_reason: str = "") -> list[engine.Finding]:
    document = record_document(record, published_on=published_on, delay_reason=delay_reason)
    return engine.check_document(document, word_list(record.organization), working_days_between=_working_days)


def enforce(record, *, actor, stage: str, release_reason: str = "", published_on=None) -> CheckRun:
    """Run every check; stop the step on a blocking finding unless released with a reason.

    At publication the 第二十六条 delay counts from 成文日期 to the publication date; the release
    reason is the stated reason for the delay.
    """
    release_reason = release_reason.strip()
    # The release reason is not fed to the 第二十六条 check as its delay reason: the finding stays in
    # the run, and the reason is recorded as its release, by a person entitled to give it.
    findings = check_record(record, published_on=published_on)
    # What 保密审查 already finds (ID/card/mobile numbers, spam tokens, unreadable attachments) is
    # decided there, with the reviewer's stated reason (disclosure.checks); not blocked twice.
    stopping = [f for f in engine.blocking(findings) if not f.at_review]
    run = CheckRun(
        record=record,
        stage=stage,
        findings=[f.as_dict() for f in findings],
        blocking_count=len(stopping),
    )
    if stopping and not release_reason:
        items = "；".join(
            f"{f.where}“{f.text}”：{f.reason}" + (f"（建议：{f.suggestion}）" if f.suggestion else "")
            for f in stopping[:10]
        )
        raise ValidationError(_(BLOCKED) % {"n": len(stopping), "items": items}, code="checks_blocked")
    if stopping:
        require_role(actor, record.organization, RELEASE_ROLES)
        run.released_by = actor
        run.release_reason = release_reason
    run.save()
    if findings:
        record_event(
            actor=actor,
            verb="checks_released" if stopping else "checks_run",
            obj=record,
            changes={
                "stage": stage,
                "count": len(findings),
                "blocking": len(stopping),
                "findings": [f.as_dict() for f in findings[:100]],
            },
            reason=release_reason if stopping else "",
        )
    return run


def latest_run(record) -> CheckRun | None:
    return CheckRun.objects.filter(record=record).first()


__all__ = ["RELEASE_ROLES", "Stage", "check_record", "enforce", "latest_run"]


# The word list: the 政务公开办 keeps the installation's entries; an organ's 审核人 or 负责人 keeps
# its own. Every change is audited.
WORDLIST_KEEPERS = {Role.COMPETENT_ADMIN}
ORGAN_LIST_KEEPERS = {Role.COMPETENT_ADMIN, Role.REVIEWER, Role.HEAD}
RULE_FIELDS = ("category", "match", "pattern", "suggestion", "reason", "source", "blocking", "active")


def may_keep_wordlist(actor, org, *, installation: bool) -> bool:
    if actor.is_superuser:
        return True
    if installation:
        # The installation's entries check every organ's drafts, so only the topmost government's
        # 政务公开办 keeps them (as with the holiday calendar): a township's admin keeps its own list.
        from gongkai.workdays.services import topmost_governments

        return actor.memberships.filter(
            role__in=WORDLIST_KEEPERS, organization__in=topmost_governments()
        ).exists()
    return bool(actor.roles_in(org) & ORGAN_LIST_KEEPERS)


def save_rule(*, actor, org, data: dict, rule=None, installation: bool = False):
    """Create or change a word-list entry; a malformed pattern is refused with a clear message."""
    from gongkai.inspection.models import WordRule
    from gongkai.inspection.rules import validate_pattern

    if rule is not None:
        installation = rule.organization_id is None
        if not installation and rule.organization_id != org.pk:
            raise PermissionDenied(_("不能修改其他机关的词库。"))
    if not may_keep_wordlist(actor, org, installation=installation):
        raise PermissionDenied(
            _("全平台词库由最上级政府的政务公开办管理员维护；本机关词库由审核人或负责人维护。")
        )
    message = validate_pattern(
        data.get("match", "literal"), data.get("pattern", ""), data.get("suggestion", "")
    )
    if message:
        raise ValidationError({"pattern": message})
    before = {k: getattr(rule, k) for k in RULE_FIELDS} if rule is not None else {}
    if rule is None:
        rule = WordRule(organization=None if installation else org)
    for key in RULE_FIELDS:
        if key in data:
            setattr(rule, key, data[key])
    rule.save()
    changes = {k: [before.get(k), getattr(rule, k)] for k in RULE_FIELDS if before.get(k) != getattr(rule, k)}
    record_event(
        actor=actor,
        verb="wordrule_changed" if before else "wordrule_added",
        obj=rule,
        organization=org,
        changes=changes,
    )
    return rule
