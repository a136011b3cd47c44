"""The public 事项查询: an organ's published 标准目录 by domain, with each item linked to its records."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from gongkai.catalog import categories
from gongkai.catalog import standard_selectors as selectors
from gongkai.disclosure.models import Record
from gongkai.orgs.models import Organization

KEYWORD_MAX = 50


@require_safe
def catalogue(request, org):
    org = get_object_or_404(Organization.objects.active(), slug=org)
    domain = request.GET.get("domain", "")
    if domain not in {d.code for d in categories.BASE_LEVEL_DOMAINS}:
        domain = ""
    q = " ".join(request.GET.get("q", "").split())[:KEYWORD_MAX]
    version = selectors.published_version(org)
    all_items = list(selectors.public_items(org))
    items = list(selectors.public_items(org, domain=domain, q=q)) if (domain or q) else all_items
    column_ids = {i.column_id for i in items if i.column_id}
    stats = {
        row["column"]: row
        for row in Record.objects.published()
        .filter(Q(column_id__in=column_ids))
        .values("column")
        .annotate(n=Count("id"), last=Max("published_at"))
    }
    for item in items:
        item.public_records = stats.get(item.column_id, {}).get("n", 0)
        item.last_published = stats.get(item.column_id, {}).get("last")
    changes = []
    if version is not None:
        from gongkai.catalog.standard_models import CatalogueChange, CatalogueStatus

        changes = list(
            CatalogueChange.objects.filter(
                organization=org,
                version__status__in=[CatalogueStatus.PUBLISHED, CatalogueStatus.SUPERSEDED],
                version__number__gt=1,
            ).select_related("version")[:50]
        )
    return render(
        request,
        "catalog/portal_catalogue.html",
        {
            "org": org,
            "section": "catalogue",
            "breadcrumbs": Organization.objects.get_ancestors(org),
            "version": version,
            "domains": selectors.domains_of(items),
            "domain_choices": [(c, n, len(i)) for c, n, i in selectors.domains_of(all_items)],
            "domain": domain,
            "q": q,
            "found": len(items),
            "filtered": bool(domain or q),
            "changes": changes,
        },
    )
