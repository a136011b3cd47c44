"""Writes to an organ's 机构职能: keyword-only, one transaction, validated, audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import require_role
from gongkai.audit.services import record_event
from gongkai.core.pagecache import public_content_changed
from gongkai.orgs.models import InternalUnit, Leader, Organization

PROFILE_ROLES = {Role.HEAD, Role.REVIEWER, Role.COMPETENT_ADMIN}
UNIT_NAME_REQUIRED = "第{n}个内设机构缺少名称。"
LEADER_INCOMPLETE = "第{n}位负责人须填写姓名和职务。"
UNIT_DUPLICATE = "内设机构“{name}”重复。"


def public_structure_changed(*organs: Organization | int | None) -> None:
    """An organ, its aliases, 内设机构 or 负责人, or one of its columns or its 指南 was written: the
    public pages that show them (organ tree, platform heads and menus, category counts, 机构职能)
    render afresh after the commit. Every write path calls this explicitly — the services, the
    operators' admin, the demo loader (ADR 0057; before, signal receivers did, ADR 0045). No organ
    named: any organ's (the loader's many)."""
    public_content_changed(*organs)


@transaction.atomic
def update_organ_profile(
    *, org: Organization, actor, functions: str, units: list[dict], leaders: list[dict]
) -> Organization:
    """Replace the organ's 职能, 内设机构 and 负责人 with what was entered, in that order."""
    require_role(actor, org, PROFILE_ROLES)
    errors = []
    names = set()
    for n, unit in enumerate(units, start=1):
        name = (unit.get("name") or "").strip()
        if not name:
            errors.append(UNIT_NAME_REQUIRED.format(n=n))
        elif name in names:
            errors.append(UNIT_DUPLICATE.format(name=name))
        names.add(name)
    for n, leader in enumerate(leaders, start=1):
        if not (leader.get("name") or "").strip() or not (leader.get("post") or "").strip():
            errors.append(LEADER_INCOMPLETE.format(n=n))
    if errors:
        raise ValidationError(errors)
    org = Organization.objects.select_for_update().get(pk=org.pk)
    before = {
        "functions": org.functions,
        "units": [u.name for u in org.internal_units.all()],
        "leaders": [f"{x.post} {x.name}" for x in org.leaders.all()],
    }
    org.functions = functions.strip()
    org.save(update_fields=["functions", "updated_at"])
    org.internal_units.all().delete()
    org.leaders.all().delete()
    InternalUnit.objects.bulk_create(
        InternalUnit(
            organization=org,
            name=u["name"].strip(),
            functions=(u.get("functions") or "").strip(),
            phone=(u.get("phone") or "").strip(),
            position=(i + 1) * 10,
        )
        for i, u in enumerate(units)
    )
    Leader.objects.bulk_create(
        Leader(
            organization=org,
            name=x["name"].strip(),
            post=x["post"].strip(),
            duties=(x.get("duties") or "").strip(),
            position=(i + 1) * 10,
        )
        for i, x in enumerate(leaders)
    )
    after = {
        "functions": org.functions,
        "units": [u["name"].strip() for u in units],
        "leaders": [f"{x['post'].strip()} {x['name'].strip()}" for x in leaders],
    }
    record_event(
        actor=actor,
        verb="organ_profile_updated",
        obj=org,
        organization=org,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    public_structure_changed(org)
    return org
