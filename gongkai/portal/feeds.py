"""Atom feeds per organ and per column: only published records, never drafts or withdrawn ones."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai.catalog.models import Column
from gongkai.disclosure import selectors
from gongkai.orgs.models import Organization

FEED_SIZE = 50


class OrganizationFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, org):
        return get_object_or_404(Organization.objects.active(), slug=org)

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
        organization = get_object_or_404(Organization.objects.active(), slug=org)
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
