from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import include, path, reverse

from gongkai.api.urls import api
from gongkai.portal.sitemaps import SITEMAPS, record_sitemap


def healthz(request):
    """Liveness probe for the load balancer; also the bare-view baseline of bench/search.py."""
    return HttpResponse("ok", content_type="text/plain")


def robots_txt(request):
    """Crawlers may read the public platform, not the workbench, the API or the forms; the
    sitemap index lists what there is (sitemaps.org, ADR 0047)."""
    lines = [
        "User-agent: *",
        "Disallow: /workbench/",
        "Disallow: /ops-admin/",
        "Disallow: /prefs/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("workbench/", include("gongkai.workbench.urls")),
    path("api/v1/", api.urls),
    path("search/", include("gongkai.search.urls")),
    path("hudong/zhengji/", include("gongkai.participation.urls_consultations")),
    path("hudong/zixun/", include("gongkai.participation.questions.urls_portal")),
    path("topics/", include("gongkai.catalog.urls_topics")),
    # A sitemap index of parts of at most GONGKAI_SITEMAP_LIMIT URLs each (ADR 0047).
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-records.xml", record_sitemap, name="sitemap_records"),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("gongkai.portal.urls")),
]
if settings.DEBUG or getattr(settings, "GONGKAI_ADMIN_ENABLED", True):
    # The Django admin is an operators' tool; the production deployment may switch it off.
    urlpatterns.insert(0, path("ops-admin/", admin.site.urls))

handler404 = "gongkai.portal.views.page_not_found"
handler500 = "gongkai.portal.views.server_error"
