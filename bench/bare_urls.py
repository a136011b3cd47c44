"""URLconf of config.settings.bench only: every production URL plus the bare view the benchmarks
compare pages with (bench/cache_miss.py). Production settings never name this module; gunicorn runs
from the checkout, so ``bench.bare_urls`` imports."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, handler500
from config.urls import urlpatterns as production_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def bare(request):
    """The smallest Django view: the same middleware as every page, no template, no query."""
    return HttpResponse("ok")


urlpatterns = [path("bench/bare", bare), *production_urlpatterns]
