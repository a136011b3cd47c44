"""The 长者模式 and 简繁 switches in the header: plain links, so they work without JavaScript.

Each sets its cookie and redirects back to the page the visitor was on (``next``), which the
middleware in gongkai.core.preferences then serves in the chosen form.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gongkai.core import preferences


def _back(request) -> HttpResponseRedirect:
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    if not target.startswith("/"):  # only paths of this site, never another host
        target = "/"
    return HttpResponseRedirect(target)


def _keep(response, name: str, value: str | None) -> None:
    if value is None:
        response.delete_cookie(name, samesite="Lax")
    else:
        response.set_cookie(name, value, max_age=preferences.COOKIE_MAX_AGE, samesite="Lax", httponly=True)


@require_safe
@never_cache
def elder_mode(request):
    """``?on=1`` turns 长者模式 on, ``?on=0`` off."""
    response = _back(request)
    _keep(response, preferences.ELDER_COOKIE, "1" if request.GET.get("on") == "1" else None)
    return response


@require_safe
@never_cache
def script(request):
    """``?to=hant`` serves the site in 繁體, ``?to=hans`` in 简体 (the default)."""
    response = _back(request)
    _keep(response, preferences.SCRIPT_COOKIE, "hant" if request.GET.get("to") == "hant" else None)
    return response


@require_safe
@never_cache
def language(request):
    """``?to=ug`` serves the public pages in Uyghur, ``?to=zh-hans`` in Chinese (the default); the
    visitor stays on the same page (ADR 0040). A plain link, like Django's set_language but a GET, as
    the other switches: it changes only presentation."""
    response = _back(request)
    chosen = request.GET.get("to")
    if chosen not in dict(settings.LANGUAGES):
        chosen = settings.LANGUAGE_CODE
    # Kept also for Chinese, so a browser asking for Uyghur first can still choose Chinese.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        chosen,
        max_age=preferences.COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
    )
    return response
