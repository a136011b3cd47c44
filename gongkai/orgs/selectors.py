"""Reads of the organ tree that depend on who is looking."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404

from gongkai.orgs.models import Organization


def subtree(org: Organization) -> QuerySet[Organization]:
    """The organ and every organ below it (materialised-path prefix, one query)."""
    return Organization.objects.filter(path__startswith=org.path, depth__gte=org.depth)


def active_organ_or_404(slug: str) -> Organization:
    """The organ in service at ``/org/<slug>/`` (its public platform, forms and API), else 404."""
    org = active_organ(slug)
    if org is None:
        raise Http404("机关不存在")
    return org


def active_organ(slug: str) -> Organization | None:
    """The organ in service with this slug, if any.

    Every public page of an organ starts with this read; it is kept in the shared cache under the
    portal generation (ADR 0056), which any committed change to an organ bumps
    (``orgs.services.public_structure_changed``, called by every write path, ADR 0057), so a
    renamed or deactivated organ is read afresh on the next request.
    Kept only while the fragments are (``GONGKAI_FRAGMENT_CACHE_SECONDS``; tests run with 0)."""
    from gongkai.core.pagecache import current_generation

    if not slug:
        return None
    ttl = settings.GONGKAI_FRAGMENT_CACHE_SECONDS
    if not ttl or len(slug) > 100:
        return Organization.objects.active().filter(slug=slug).first()
    key = f"portal:organ:{current_generation()}:{slug}"
    org = cache.get(key)
    if org is None:
        org = Organization.objects.active().filter(slug=slug).first()
        if org is not None:
            cache.set(key, org, ttl)
    return org


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


def organ_short_forms(core_shorts: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(简称, 全称) of every active organ, generated from the tree, and the aliases kept for them."""
    from gongkai.orgs.abbreviations import short_forms
    from gongkai.orgs.models import Kind, OrganizationAlias

    organs = list(Organization.objects.active().order_by("path").values_list("path", "name", "kind"))
    governments = {path: name for path, name, kind in organs if kind == Kind.GOVERNMENT}
    step = Organization.steplen
    pairs: list[tuple[str, str]] = []
    for path, name, _kind in organs:
        # The nearest government at or above this organ, by its materialised path.
        government = next(
            (governments[path[:end]] for end in range(len(path), 0, -step) if path[:end] in governments), ""
        )
        if government:
            pairs += short_forms(name, government, core_shorts)
    pairs += [
        (alias, organ)
        for alias, organ in OrganizationAlias.objects.filter(organization__is_active=True).values_list(
            "alias", "organization__name"
        )
        if alias != organ
    ]
    return list(dict.fromkeys(pairs))


@dataclass(frozen=True)
class OrganProfile:
    """机构职能 of an organ as the platform page, the 指南 and the annual report print it."""

    name: str
    functions: str
    units: tuple
    leaders: tuple
    address: str
    office_hours: str
    phone: str

    @property
    def is_empty(self) -> bool:
        return not (self.functions or self.units or self.leaders)

    def contact_line(self) -> str:
        parts = [
            f"办公地址：{self.address}" if self.address else "",
            f"办公时间：{self.office_hours}" if self.office_hours else "",
            f"联系电话：{self.phone}" if self.phone else "",
        ]
        return "；".join(p for p in parts if p)


def organ_profile(org: Organization) -> OrganProfile:
    """The one read of 机构职能 (《政府信息公开条例》第二十条第（一）项)."""
    return OrganProfile(
        name=org.name,
        functions=org.functions.strip(),
        units=tuple(org.internal_units.all()),
        leaders=tuple(org.leaders.all()),
        address=org.address,
        office_hours=org.office_hours,
        phone=org.phone,
    )
