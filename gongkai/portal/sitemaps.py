from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.disclosure import selectors
from gongkai.orgs.models import Organization


class RecordSitemap(Sitemap):
    limit = 5000

    def items(self):
        return selectors.public_records().order_by("-published_at", "-id")

    def lastmod(self, item):
        return item.updated_at


class PlatformSitemap(Sitemap):
    sections = ("platform", "guide", "rules", "records", "annual_reports", "organ_profile")

    def items(self):
        return [
            (org.slug, s) for org in Organization.objects.active().order_by("path") for s in self.sections
        ]

    def location(self, item):
        slug, section = item
        return reverse(f"portal:{section}", kwargs={"org": slug})


class ListSitemap(Sitemap):
    """The published 权责清单 and 公共服务事项清单 and their 调整记录 (ADR 0039)."""

    def items(self):
        from gongkai.powers.models import ListVersion, VersionStatus

        published = ListVersion.objects.filter(
            status=VersionStatus.PUBLISHED, organization__is_active=True
        ).select_related("organization")
        return [
            (v.organization.slug, v.kind, name, v.published_at)
            for v in published.order_by("organization__path", "kind")
            for name in ("power_list", "power_changes")
        ]

    def location(self, item):
        slug, kind, name, _ = item
        return reverse(f"portal:{name}", kwargs={"org": slug, "kind": kind})

    def lastmod(self, item):
        return item[3]


SITEMAPS = {"platform": PlatformSitemap, "records": RecordSitemap, "lists": ListSitemap}
