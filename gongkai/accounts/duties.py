"""Separation of duties per person (GB/T 22239-2019 8.1.4.2 d): 授予不同账户为完成各自承担任务所需的
最小权限，并在它们之间形成相互制约的关系).

A role says what a person may do in an organ; these rules say what they may not do *to this
object* because of what they already did to it: the drafter does not clear, approve or publish
their own record; the 保密审查人 who cleared it does not approve it; the 负责人 does not approve
an extension requested by themselves. A small organ with one officer may be exempted, explicitly
and audited (``DutyPolicy``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.accounts.models import AdminRole, DutyPolicy, Role
from gongkai.audit.services import record_event

# One message for every "not your own work" refusal: a record's drafter, a version's submitter.
OWN_WORK_MAY_NOT = "本人起草、修改或提交过该{subject}，不能再{step}（职责分离）。"
CLEARER_MAY_NOT_APPROVE = "本人对该信息作了保密审查，不能再审核（职责分离）。"
REQUESTER_MAY_NOT_APPROVE = "本人是该申请的经办人，不能批准自己提出的{step}（职责分离：{basis}）。"
POLICY_NOT_ALLOWED = "只有上级政务公开办管理员或安全管理员可以变更本机关的职责分离设置。"


@dataclass(frozen=True)
class Conflict:
    """Why this person may not take this step; ``waived`` when the organ's single-officer setting
    lets them take it anyway (the step is then audited with the reason)."""

    message: str
    waived: bool


def single_officer_allowed(org) -> bool:
    return DutyPolicy.objects.filter(organization=org, single_officer=True).exists()


def conflict_for(message: str | None, org) -> Conflict | None:
    """Turn a rule's refusal into a Conflict, waived if the organ allows a single officer."""
    if message is None:
        return None
    return Conflict(message=message, waived=single_officer_allowed(org))


def own_work_refusal(actor_id: int | None, authors, *, subject: str, step: str) -> str | None:
    """The rule itself (pure): whoever drafted, changed or submitted an object (``authors``) does
    not review, approve or publish it (先审后发 with separation of duties, ADR 0013)."""
    if actor_id is None or actor_id not in set(authors) - {None}:
        return None
    return OWN_WORK_MAY_NOT.format(subject=subject, step=step)


def refuse_own_work(*, actor, authors, org, subject: str, step: str) -> dict:
    """Raise PermissionDenied when ``actor`` is one of ``authors`` (unless the organ's single-officer
    setting waives it); return what the step's audit entry must add. Used by the 信息 workflow, the
    标准目录's and the 权责清单's versions alike."""
    return enforce(conflict_for(own_work_refusal(actor.pk, authors, subject=subject, step=step), org))


def enforce(conflict: Conflict | None) -> dict:
    """Raise unless there is no conflict or it is waived; return what the audit entry must add."""
    if conflict is None:
        return {}
    if not conflict.waived:
        raise PermissionDenied(conflict.message)
    return {"single_officer_waiver": conflict.message}


def may_set_policy(actor, org) -> bool:
    """The 安全管理员, or a 政务公开办管理员 of a government above ``org`` (not of ``org`` itself:
    an organ does not exempt itself)."""
    if actor.is_superuser or actor.is_operator(AdminRole.SECURITY):
        return True
    from gongkai.orgs.models import Kind, Organization

    above = Organization.objects.get_ancestors(org).filter(kind=Kind.GOVERNMENT)
    return actor.memberships.filter(organization__in=above, role=Role.COMPETENT_ADMIN).exists()


@transaction.atomic
def set_single_officer(
    *, org, actor, single_officer: bool, basis: str = "", ip_address: str | None = None
) -> DutyPolicy:
    """Allow or forbid one officer doing every step in ``org``; audited with the old and new value."""
    if not may_set_policy(actor, org):
        raise PermissionDenied(POLICY_NOT_ALLOWED)
    policy, _ = DutyPolicy.objects.select_for_update().get_or_create(organization=org)
    before = {"single_officer": policy.single_officer, "basis": policy.basis}
    policy.single_officer = single_officer
    policy.basis = basis.strip()[:300]
    policy.changed_by = actor
    policy.save()
    record_event(
        actor=actor,
        verb="duty_policy_changed",
        obj=policy,
        organization=org,
        changes={
            name: [before[name], value]
            for name, value in (("single_officer", single_officer), ("basis", policy.basis))
            if before[name] != value
        },
        reason=policy.basis,
        ip_address=ip_address,
    )
    return policy
