"""Matching the unit names printed in a notice to organs of the installation.

Notices name units relative to their issuer (自然资源局 in 轮台县's notice is 轮台县自然资源局), so
matching is confined to the issuing government's subtree, tries the name as printed (full name,
short name, alias), then with the place prefixed; an ambiguous or unknown name stays unmatched.
"""

from __future__ import annotations

from django.db.models import Q

from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import subtree


def _place(government: Organization) -> str:
    return government.name.removesuffix("人民政府")


def match_unit(name: str, government: Organization | None) -> Organization | None:
    name = name.strip()
    if not name:
        return None
    scope = subtree(government) if government is not None else Organization.objects.all()
    scope = scope.filter(is_active=True)
    candidates = [name]
    if government is not None:
        place = _place(government)
        # 县发改委 / 市财政局 / 自然资源局 → 轮台县发改委, 轮台县自然资源局 …
        stem = name[1:] if name[:1] in "省市县区州" and not name.startswith(place) else name
        if not name.startswith(place):
            candidates += [place + stem, place + name]
    for candidate in dict.fromkeys(candidates):
        hits = list(
            scope.filter(
                Q(name=candidate) | Q(short_name=candidate) | Q(aliases__alias=candidate)
            ).distinct()[:2]
        )
        if len(hits) == 1:
            return hits[0]
    return None


def infer_government(title: str, issuer: str) -> Organization | None:
    """The government a notice comes from, by its place name in the issuer or the title."""
    text = f"{issuer} {title}"
    governments = [g for g in Organization.objects.governments().filter(is_active=True) if _place(g) in text]
    # The most specific place wins (昌吉市 over 昌吉州 when both appear).
    return max(governments, key=lambda g: (len(_place(g)), g.depth), default=None)


def plan_completion(*, org_ids: list[int], year: int) -> tuple[int, int] | None:
    """(tasks, completed) of the year's ledgers of these organs, or None when there is none."""
    from gongkai.workplans.models import Task

    tasks = Task.objects.filter(plan__organization_id__in=org_ids, plan__year=year)
    total = tasks.count()
    return (total, tasks.filter(completed_on__isnull=False).count()) if total else None


def text_fingerprint(text: str) -> str:
    """The notice's text without whitespace, hashed: the same notice pasted or uploaded again
    (other line breaks, spaces, a BOM) has the same fingerprint."""
    import hashlib

    return hashlib.sha256("".join(text.lstrip("\ufeff").split()).encode("utf-8")).hexdigest()


def duplicate_plans(*, org, doc_number: str, source_text: str):
    """This organ's ledgers made from the same notice: the same 发文字号, or the same text."""
    from gongkai.textproc.cleanup import normalize_brackets
    from gongkai.workplans.models import WorkPlan

    plans = list(WorkPlan.objects.filter(organization=org, carried_from__isnull=True).order_by("pk"))
    number = "".join(normalize_brackets(doc_number).split())
    fingerprint = text_fingerprint(source_text) if source_text.strip() else ""
    return [
        plan
        for plan in plans
        if (number and "".join(normalize_brackets(plan.doc_number).split()) == number)
        or (fingerprint and text_fingerprint(plan.source_text) == fingerprint)
    ]


def expand_collective(name: str, government: Organization | None) -> list[Organization]:
    """The organs a collective phrase of the notice denotes in the issuing government's tree
    (各乡镇人民政府 → its township governments, 各部门 / 市直各单位 → its own departments, 各县区政府
    → the county-level governments below it); empty when the phrase is no collective one, names
    sections the tree does not hold (各科室), or there is no government to read it against. The
    official confirms the expansion before it is used (workbench import)."""
    from gongkai.orgs.models import Kind
    from gongkai.workplans.assessment import collective_scope

    scope = collective_scope(name)
    if scope is None or scope.kind == "sections" or government is None:
        return []
    below = subtree(government).filter(is_active=True).exclude(pk=government.pk)
    found = Organization.objects.none()
    if scope.kind in {"governments", "all"}:
        governments = below.filter(kind=Kind.GOVERNMENT)
        # 各乡镇 under a city are its counties' townships; with no level named, the next level down.
        governments = (
            governments.filter(level__in=scope.levels)
            if scope.levels
            else governments.filter(depth=government.depth + 1)
        )
        found |= governments
    if scope.kind in {"departments", "all"}:
        found |= below.filter(depth=government.depth + 1).exclude(kind=Kind.GOVERNMENT)
    return list(found.order_by("kind", "path"))
