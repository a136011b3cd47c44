"""Old links keep working: a 404 for a path the old site served becomes a 301 to its new page."""

from __future__ import annotations

from django.http import HttpResponsePermanentRedirect


class OldLinkRedirectMiddleware:
    """Only on a 404 of GET/HEAD, so no live page is ever shadowed by an old path (issue 19)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        from gongkai.migration.services import redirect_target

        target = redirect_target(request.path, request.META.get("QUERY_STRING", ""))
        return HttpResponsePermanentRedirect(target) if target else response
