"""Public pages of the lists: the current (or any earlier) version, filtered and searched, and the
changes between two versions (动态调整)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from gongkai.core.pagecache import cache_public_page
from gongkai.orgs.models import Organization
from gongkai.powers import selectors
from gongkai.powers.models import Category, ListKind

PAGE_SIZE = 50
KIND_SLUGS = {"powers": ListKind.POWERS, "services": ListKind.SERVICES}


def _context(org_slug: str, kind_slug: str) -> tuple[Organization, str, dict]:
    org = get_object_or_404(Organization.objects.active(), slug=org_slug)
    kind = KIND_SLUGS.get(kind_slug)
    if kind is None:
        raise Http404("清单不存在")
    context = {
        "org": org,
        "kind": kind,
        "kind_slug": kind_slug,
        "kind_label": ListKind(kind).label,
        "section": "lists",
        "column_name": ListKind(kind).label,  # the ColumnName meta tag (portal_site._column)
        "breadcrumbs": Organization.objects.get_ancestors(org),
    }
    return org, kind, context


def _number(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_safe
@cache_public_page
def item_list(request, org, kind):
    org, kind, context = _context(org, kind)
    versions = list(selectors.public_versions(org=org, kind=kind))
    wanted = _number(request.GET.get("version"))
    version = (
        next((v for v in versions if v.number == wanted), None)
        if wanted
        else (versions[0] if versions else None)
    )
    if wanted and version is None:
        raise Http404("该版本不存在或尚未公布")
    category = request.GET.get("category", "")
    query = request.GET.get("q", "").strip()[:100]
    items = selectors.public_items(version, category=category, query=query) if version else []
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    keep = {k: v for k, v in (("version", wanted or ""), ("category", category), ("q", query)) if v}
    context.update(
        version=version,
        versions=versions,
        page=page,
        category=category,
        query=query,
        querystring=urlencode(keep),
        categories=[(v, str(label)) for v, label in Category.choices],
        counts=selectors.category_counts(version) if version else [],
    )
    return render(request, "powers/portal/list.html", context)


@require_safe
@cache_public_page
def changes(request, org, kind):
    """Change history with reasons, and a side-by-side diff of any two public versions."""
    org, kind, context = _context(org, kind)
    versions = list(selectors.public_versions(org=org, kind=kind))
    by_number = {v.number: v for v in versions}
    new = (
        by_number.get(_number(request.GET.get("to")))
        if request.GET.get("to")
        else (versions[0] if versions else None)
    )
    old_number = _number(request.GET.get("from"))
    old = (
        by_number.get(old_number)
        if old_number
        else (
            by_number.get(new.based_on.number) if new and new.based_on_id and new.based_on.is_public else None
        )
    )
    if (request.GET.get("to") and new is None) or (old_number and old is None):
        raise Http404("该版本不存在或尚未公布")
    context.update(
        versions=versions,
        new=new,
        old=old,
        diff=selectors.versions_diff(old, new) if new else None,
    )
    return render(request, "powers/portal/changes.html", context)
