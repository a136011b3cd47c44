"""Who may not take a step on *this* record because of what they already did to it.

The audit log is the source: it is written in the same transaction as every change, is
append-only, and already names the creator, each editor (content or attachments) and each
保密审查人. Reading it here means no second, forgeable copy of "who touched this record".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField
from django.db.models.functions import Cast

from gongkai.accounts import duties
from gongkai.audit.models import AuditEntry
from gongkai.disclosure.models import Record, Status

# Changing the content or its attachments makes one a drafter of the record.
DRAFTING_VERBS = ("record_created", "record_updated", "attachment_added", "attachment_removed")
CLEARING_VERB = "record_confidentiality_passed"
# The steps a drafter may not take, with the words the refusal uses.
GUARDED_STEPS = {
    Status.CONFIDENTIALITY_PASSED: "进行保密审查",
    Status.APPROVED: "审核",
    Status.PUBLISHED: "发布",
}


@dataclass(frozen=True)
class Participants:
    drafters: frozenset[int]
    clearer: int | None  # who gave the clearance the record now rests on


def participants(record: Record) -> Participants:
    rows = (
        AuditEntry.objects.filter(
            object_type=Record._meta.label_lower,
            object_id=str(record.pk),
            verb__in=(*DRAFTING_VERBS, CLEARING_VERB),
            actor__isnull=False,
        )
        .order_by("id")
        .values_list("verb", "actor_id")
    )
    drafters = {record.created_by_id} - {None}
    clearer = None
    for verb, actor_id in rows:
        if verb == CLEARING_VERB:
            clearer = actor_id
        else:
            drafters.add(actor_id)
    return Participants(drafters=frozenset(drafters), clearer=clearer)


def step_refusal(target: str, actor_id: int, people: Participants) -> str | None:
    """The rule itself (pure): why ``actor_id`` may not move the record to ``target``, or None."""
    if target in GUARDED_STEPS and actor_id in people.drafters:
        return duties.own_work_refusal(actor_id, people.drafters, subject="信息", step=GUARDED_STEPS[target])
    if target == Status.APPROVED and actor_id == people.clearer:
        return duties.CLEARER_MAY_NOT_APPROVE
    return None


def conflict(record: Record, target: str, actor, people: Participants | None = None):
    """The Conflict (possibly waived by the organ's single-officer setting), or None."""
    if target not in GUARDED_STEPS:
        return None
    people = people if people is not None else participants(record)
    return duties.conflict_for(step_refusal(target, actor.pk, people), record.organization)


def actionable_by(records, user, org):
    """``records`` (waiting for clearance, approval or publication) without those this person may
    not take the next step on: a reviewer's queue does not list their own drafts. An over-wide cut
    at worst (a 保密审查人 of an earlier round), never a record they may not act on."""
    if duties.single_officer_allowed(org):
        return records
    mine = AuditEntry.objects.filter(object_type=Record._meta.label_lower, actor=user)
    drafted = mine.filter(verb__in=DRAFTING_VERBS).values("object_id")
    cleared = mine.filter(verb=CLEARING_VERB).values("object_id")
    records = records.annotate(pk_text=Cast("pk", CharField()))
    return (
        records.exclude(created_by=user)
        .exclude(pk_text__in=drafted)
        .exclude(status=Status.CONFIDENTIALITY_PASSED, pk_text__in=cleared)
    )
