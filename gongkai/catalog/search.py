"""How a published 标准目录 item appears in the search index (registered with gongkai.search):
found by its 事项, content, 依据 and domain; drafts and superseded versions are never found."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.standard_models import CatalogueItem, CatalogueStatus, CatalogueVersion
from gongkai.search.fields import text_fields
from gongkai.search.registry import SearchableType, register


def _load(ids):
    return CatalogueItem.objects.filter(pk__in=ids).select_related("version", "organization", "column")


def _all_public():
    return CatalogueItem.objects.filter(version__status=CatalogueStatus.PUBLISHED)


def build_item(item: CatalogueItem) -> dict | None:
    version = item.version
    if version.status != CatalogueStatus.PUBLISHED or version.published_at is None:
        return None
    from gongkai.disclosure.search import _ancestor_ids

    published = version.published_at
    url = reverse("portal:catalogue", args=[item.organization.slug]) + f"#item-{item.key}"
    return {
        **text_fields(
            title=f"{item.level1} {item.level2}".strip(),
            keywords=f"{item.domain_name} 标准目录",
            summary=item.content,
            body=" ".join((item.basis, item.time_limit, item.subject, item.channels)),
        ),
        "org": item.organization_id,
        "orgs": _ancestor_ids(item.organization),
        "category": item.domain_code,
        "validity": "none",
        "genre": "catalogue",
        "year": published.year,
        "published": int(published.timestamp()),
        "boost": 0.0,
        "title_display": f"{item.domain_name}领域标准目录：{item.name}",
        "url": url,
        "organ": item.organization.name,
        "date": timezone.localtime(published).strftime("%Y-%m-%d"),
        "doc_number_display": "",
        "validity_label": "",
    }


def register_catalogue() -> None:
    register(
        SearchableType(
            name="catalogue_item",
            model=CatalogueItem,
            load=_load,
            all_public=_all_public,
            build=build_item,
            # Publishing a version (or superseding the old one) re-indexes its items.
            related={CatalogueVersion: lambda version: list(version.items.values_list("pk", flat=True))},
        )
    )
