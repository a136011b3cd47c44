"""A visitor's reading preferences, kept in cookies so they work without JavaScript (issue 16).

- 长者模式 (``gk_elder=1``): large type, high contrast, larger targets, no motion and one column
  (工业和信息化部《互联网网站适老化通用设计规范》; GB/T 37668—2019). The page carries ``class="elder"``
  on ``<html>`` and site.css does the rest.
- 繁體 (``gk_script=hant``): the page is converted to traditional characters on the server with
  OpenCC's ``s2t`` (characters only, no vocabulary: the 《政府信息公开条例》 keeps its name), the
  result cached by the content's hash in the project's cache, so a page the whole-page cache serves
  is converted once.

- 民汉双语 (``gk_lang=ug``, Django's language cookie): LocaleMiddleware activates Uyghur for the
  public pages; base.html then says ``<html lang="ug" dir="rtl">`` (ADR 0040). The workbench, the
  API and the operators' admin always stay in Chinese. 繁體 is a form of Chinese: a Uyghur page is
  never converted.

Only what the visitor reads is converted: text between tags and the readable attributes (title,
alt, placeholder, aria-label, meta content). Form values, ``<textarea>``, scripts and styles stay as
they are, so what an applicant typed is sent back exactly as typed.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.cache import patch_vary_headers

ELDER_COOKIE = "gk_elder"
SCRIPT_COOKIE = "gk_script"
SCRIPTS = ("hans", "hant")
COOKIE_MAX_AGE = 365 * 24 * 3600
# Staff pages and machine answers stay as they are: the workbench is for the organ's own staff.
UNCONVERTED_PREFIXES = ("/workbench/", "/api/", "/ops-admin/", "/static/", "/media/")
CONVERSION_TTL = 7 * 24 * 3600

_TAG_OR_TEXT = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_RAW_ELEMENTS = re.compile(r"<(script|style|textarea)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_READABLE_ATTRIBUTE = re.compile(r'\b(title|alt|placeholder|aria-label|content)="([^"]*)"')
_LANG = re.compile(r'<html lang="zh-Hans"')


def elder_mode(request) -> bool:
    return request.COOKIES.get(ELDER_COOKIE) == "1"


def script(request) -> str:
    value = request.COOKIES.get(SCRIPT_COOKIE)
    return value if value in SCRIPTS else "hans"


def language() -> str:
    """The language the page is being rendered in (LocaleMiddleware activated it from the cookie)."""
    return translation.get_language() or settings.LANGUAGE_CODE


def is_uyghur() -> bool:
    return language() == "ug"


def page_variant(request) -> str:
    """What the preferences change in a rendered page; part of the whole-page cache key."""
    return f"{'elder' if elder_mode(request) else 'plain'}-{script(request)}-{language()}"


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional_text(text: str) -> str:
    return _converter().convert(text)


def to_traditional_html(html: str) -> str:
    """Convert the readable text of an HTML page; keep markup, form values and raw elements."""
    convert = _converter().convert
    out: list[str] = []
    position = 0
    for raw in _RAW_ELEMENTS.finditer(html):
        out.append(_convert_markup(html[position : raw.start()], convert))
        out.append(raw.group(0))
        position = raw.end()
    out.append(_convert_markup(html[position:], convert))
    return _LANG.sub('<html lang="zh-Hant"', "".join(out), count=1)


def _convert_markup(html: str, convert) -> str:
    parts = _TAG_OR_TEXT.split(html)
    for i, part in enumerate(parts):
        if not part:
            continue
        if i % 2 == 0:
            parts[i] = convert(part)
        elif not part.startswith("<!--"):
            parts[i] = _READABLE_ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{convert(m.group(2))}"', part)
    return "".join(parts)


def converted_page(content: bytes) -> bytes:
    key = "hant:" + hashlib.sha256(content).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = to_traditional_html(content.decode("utf-8")).encode("utf-8")
        cache.set(key, cached, CONVERSION_TTL)
    return cached


class ReadingPreferencesMiddleware:
    """Serves public HTML pages in 繁體 for a visitor who chose it; marks every HTML answer as
    varying by cookie, so no shared cache hands one visitor's variant to another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        staff_or_machine = request.path.startswith(UNCONVERTED_PREFIXES)
        if staff_or_machine and translation.get_language() != settings.LANGUAGE_CODE:
            # The workbench and the API are Chinese whatever language a visitor chose for the portal.
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
            return response
        patch_vary_headers(response, ["Cookie"])
        if script(request) == "hant" and not staff_or_machine and not is_uyghur():
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            response.content = converted_page(response.content)
            if response.has_header("Content-Length"):  # set by CommonMiddleware for the simplified page
                response["Content-Length"] = str(len(response.content))
        return response
