"""Atom feeds per organ and per column: only published records, never drafts or withdrawn ones.

On a page-cache miss the feed's XML is kept (ADR 0062) under the portal generation, the feed's
absolute address and the ids and versions of the entries it lists: those are read on every request
(one narrow query), so a scheduled record that falls due, a correction or a withdrawal changes the
key at once; an organ or column renamed bumps the generation (``public_structure_changed``).
"""

import hashlib

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai.catalog.models import Column
from gongkai.core.pagecache import current_generation
from gongkai.disclosure import selectors
from gongkai.orgs.selectors import active_organ_or_404

FEED_SIZE = 50


class OrganizationFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        ttl = settings.GONGKAI_FRAGMENT_CACHE_SECONDS
        if not ttl or getattr(request, "gongkai_fresh", False):
            return super().__call__(request, *args, **kwargs)
        obj = self.get_object(request, *args, **kwargs)
        # The entries' ids and versions: what the feed lists now, read on every request.
        versions = "\x1f".join(f"{pk}:{updated.isoformat()}" for pk, updated in self._versions(obj))
        parts = f"{request.build_absolute_uri()}\x1e{versions}"
        digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
        key = f"portal:feed:{current_generation()}:{digest}"
        kept = cache.get(key)
        if kept is None:
            response = super().__call__(request, *args, **kwargs)
            cache.set(key, (response.content, response["Content-Type"], response["Last-Modified"]), ttl)
            return response
        content, content_type, last_modified = kept
        response = HttpResponse(content, content_type=content_type)
        response.headers["Last-Modified"] = last_modified
        return response

    def _versions(self, obj):
        return self.items(obj).values_list("pk", "updated_at")

    def get_object(self, request, org):
        return active_organ_or_404(org)

    def title(self, obj):
        return f"{obj.name} 政府信息公开"

    def link(self, obj):
        return reverse("portal:platform", kwargs={"org": obj.slug})

    def subtitle(self, obj):
        return f"{obj.name}最新主动公开的政府信息"

    def items(self, obj):
        return selectors.public_records(org=obj).order_by("-published_at", "-id")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or ""

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organization.name

    def item_categories(self, item):
        return [item.column.name]


class ColumnFeed(OrganizationFeed):
    def get_object(self, request, org, column):
        organization = active_organ_or_404(org)
        return get_object_or_404(Column.objects.for_org(organization), slug=column)

    def title(self, obj):
        return f"{obj.organization.name} · {obj.name}"

    def link(self, obj):
        return reverse("portal:records", kwargs={"org": obj.organization.slug}) + f"?column={obj.slug}"

    def subtitle(self, obj):
        return f"{obj.organization.name}“{obj.name}”栏目"

    def items(self, obj):
        filters = selectors.RecordFilters(column=obj)
        return selectors.filtered_public_records(org=obj.organization, filters=filters)[:FEED_SIZE]
