"""专题专栏 on the public site: the list and each column's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from gongkai.catalog import topics
from gongkai.core.pagecache import cache_public_page


@require_safe
@cache_public_page
def topic_list(request):
    return render(
        request,
        "catalog/topic_list.html",
        {"columns": topics.public_topic_columns(), "today": timezone.localdate()},
    )


@require_safe
@cache_public_page
def topic_page(request, slug):
    column = topics.public_topic_columns().filter(slug=slug).first()
    if column is None:
        raise Http404("专栏不存在")
    page = Paginator(topics.gathered(column), 20).get_page(request.GET.get("page"))
    return render(
        request, "catalog/topic_page.html", {"column": column, "page": page, "today": timezone.localdate()}
    )
