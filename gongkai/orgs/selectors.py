"""Reads of the organ tree that depend on who is looking."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.orgs.models import Organization


def subtree(org: Organization) -> QuerySet[Organization]:
    """The organ and every organ below it (materialised-path prefix, one query)."""
    return Organization.objects.filter(path__startswith=org.path, depth__gte=org.depth)


def visible_to(user) -> QuerySet[Organization]:
    """Organs a staff member may open in the workbench.

    Example tree::

        昌吉市人民政府 (Ann: 政务公开办管理员)
        ├── 昌吉市发展和改革委员会 (Bo: 信息员)
        └── 昌吉市财政局 (Cy: 审核人)

    Ann sees all three (oversight of subordinates); Bo sees only 发改委; Cy only 财政局.
    """
    if not user.is_authenticated:
        return Organization.objects.none()
    memberships = list(user.memberships.select_related("organization"))
    condition = Q(pk__in=[m.organization_id for m in memberships])
    for membership in memberships:
        if membership.role == "competent_admin":
            org = membership.organization
            condition |= Q(path__startswith=org.path, depth__gte=org.depth)
    return Organization.objects.filter(condition).active().order_by("path")


def organization_by_name(name: str) -> Organization | None:
    """Find an organ by full name, short name or alias (市发改委 → 昌吉市发展和改革委员会)."""
    name = name.strip()
    return (
        Organization.objects.filter(Q(name=name) | Q(short_name=name) | Q(aliases__alias=name))
        .distinct()
        .first()
    )
