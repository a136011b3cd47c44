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
    sections = ("platform", "guide", "rules", "records", "annual_reports")

    def items(self):
        return [
            (org.slug, s) for org in Organization.objects.active().order_by("path") for s in self.sections
        ]

    def location(self, item):
        slug, section = item
        return reverse(f"portal:{section}", kwargs={"org": slug})


SITEMAPS = {"platform": PlatformSitemap, "records": RecordSitemap}
