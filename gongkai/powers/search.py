"""How an item of a published list appears in the search index (registered with gongkai.search).

Only items of the current published version are found; when a new version is published the
items of the one it replaced drop out (their version is saved, which re-queues them).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from gongkai.powers.models import ListVersion, PowerListItem, VersionStatus
from gongkai.search.fields import text_fields
from gongkai.search.registry import SearchableType, register


def _load(ids: list[str]):
    return PowerListItem.objects.filter(pk__in=ids).select_related("version", "version__organization")


def _all_public():
    return PowerListItem.objects.filter(version__status=VersionStatus.PUBLISHED)


def build_item(item: PowerListItem) -> dict | None:
    from gongkai.disclosure.search import _ancestor_ids

    version = item.version
    org = version.organization
    if version.status != VersionStatus.PUBLISHED or version.published_at is None or not org.is_active:
        return None
    url = reverse("portal:power_list", kwargs={"org": org.slug, "kind": version.kind})
    title = f"{item}（{item.get_category_display()}）"
    return {
        **text_fields(
            title=title,
            keywords=f"{version.get_kind_display()} {item.code}",
            doc_number="",
            summary=item.basis,
            body=" ".join(
                filter(None, [item.implementer, item.responsibilities, item.service_object, item.location])
            ),
        ),
        "org": org.pk,
        "orgs": _ancestor_ids(org),
        "category": f"list-{version.kind}",
        "validity": "none",
        "genre": "",
        "year": version.published_at.year,
        "published": int(version.published_at.timestamp()),
        "boost": 0.0,
        "title_display": f"{version.get_kind_display()}：{title}",
        "url": f"{url}?{urlencode({'q': item.name[:40]})}",
        "organ": org.name,
        "date": timezone.localtime(version.published_at).strftime("%Y-%m-%d"),
        "doc_number_display": "",
        "validity_label": "",
    }


def register_items() -> None:
    register(
        SearchableType(
            name="power_item",
            model=PowerListItem,
            load=_load,
            all_public=_all_public,
            build=build_item,
            related={ListVersion: lambda version: list(version.items.values_list("pk", flat=True))},
        )
    )
