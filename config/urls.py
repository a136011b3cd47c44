from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import include, path

from gongkai.api.urls import api
from gongkai.portal.sitemaps import SITEMAPS


def healthz(request):
    """Liveness probe for the load balancer; also the bare-view baseline of bench/search.py."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("workbench/", include("gongkai.workbench.urls")),
    path("api/v1/", api.urls),
    path("search/", include("gongkai.search.urls")),
    path("hudong/zhengji/", include("gongkai.participation.urls_consultations")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("gongkai.portal.urls")),
]
if settings.DEBUG or getattr(settings, "GONGKAI_ADMIN_ENABLED", True):
    # The Django admin is an operators' tool; the production deployment may switch it off.
    urlpatterns.insert(0, path("ops-admin/", admin.site.urls))

handler404 = "gongkai.portal.views.page_not_found"
handler500 = "gongkai.portal.views.server_error"
