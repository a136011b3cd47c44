"""``{% fragment "name" var … [unless condition] %}…{% endfragment %}``: parts of the public pages
that many URLs share (the organ tree, an organ's platform head and menus, its category counts, a
published report's tables) rendered once and kept in the shared cache (ADR 0045).

The key carries the portal generation (gongkai.core.pagecache), so any committed change to public
content renders every fragment afresh on the next request — the same invalidation the whole-page
cache relies on — plus the reading variant (长者模式, 简繁, language) and the ``var`` values. Entries
also expire after ``GONGKAI_FRAGMENT_CACHE_SECONDS`` (0 = off), which bounds how late a scheduled
publication appears, as for the page cache. Nothing personal may go inside a fragment: no CSRF
token, no messages, nothing of the signed-in user.
"""

from __future__ import annotations

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.defaultfilters import urlencode
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

from gongkai.core import preferences
from gongkai.core.pagecache import current_generation

register = template.Library()


def fragment_scope(request) -> str:
    """The generation and reading variant of this request, read once per request."""
    scope = getattr(request, "_gongkai_fragment_scope", None)
    if scope is None:
        scope = f"{current_generation()}:{preferences.page_variant(request)}"
        request._gongkai_fragment_scope = scope
    return scope


class FragmentNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list, unless=None):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.unless = unless

    def render(self, context):
        request = context.get("request")
        ttl = settings.GONGKAI_FRAGMENT_CACHE_SECONDS
        # ``gongkai_fresh``: the tamper check renders what is stored now (ADR 0032).
        if (
            not ttl
            or request is None
            or getattr(request, "gongkai_fresh", False)
            or (self.unless is not None and self.unless.resolve(context))
        ):
            return self.nodelist.render(context)
        parts = "\x1f".join(str(var.resolve(context)) for var in self.vary_on)
        digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
        key = f"portal:fragment:{fragment_scope(request)}:{self.name}:{digest}"
        value = cache.get(key)
        if value is None:
            value = self.nodelist.render(context)
            cache.set(key, str(value), ttl)
        return mark_safe(value)


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('{% fragment "name" var … %} needs a quoted name')
    unless = None
    if len(bits) > 3 and bits[-2] == "unless":  # e.g. ``unless form.is_bound``: a visitor's input
        unless = parser.compile_filter(bits[-1])
        bits = bits[:-2]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]], unless)


# Rendered once per worker; the current page's address goes in at each request (see below).
_variant_fragments: dict[tuple, str] = {}
# Stands for the page's own address inside a kept variant fragment: letters only, so it passes
# through escaping and ``urlencode`` unchanged and cannot be part of a real address's encoding.
NEXT_PATH_MARK = "GKNEXTPATHMARK"


class VariantFragmentNode(template.Node):
    """What varies only with the named values (the reading variant) and the page's own address.

    The address is the one part that changes from page to page, so it is never kept: the body is
    rendered with ``next_path`` set to NEXT_PATH_MARK and the mark replaced with this request's
    ``urlencode``d path — the same text ``{{ request.get_full_path|urlencode }}`` gives.
    """

    def __init__(self, nodelist, name: str, vary_on: list):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        next_path = urlencode(request.get_full_path()) if request is not None else ""
        if not settings.GONGKAI_FRAGMENT_CACHE_SECONDS or request is None:
            with context.push(next_path=next_path):
                return self.nodelist.render(context)
        # The script prefix: the same worker may answer under another mount point.
        key = (self.name, get_script_prefix(), *(str(var.resolve(context)) for var in self.vary_on))
        value = _variant_fragments.get(key)
        if value is None:
            with context.push(next_path=NEXT_PATH_MARK):
                value = str(self.nodelist.render(context))
            _variant_fragments[key] = value
        return mark_safe(value.replace(NEXT_PATH_MARK, next_path))


@register.tag
def variant_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('{% variant_fragment "name" var … %} needs a quoted name')
    nodelist = parser.parse(("endvariant_fragment",))
    parser.delete_first_token()
    return VariantFragmentNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])


_static_urls: dict[tuple[str, str], str] = {}


@register.simple_tag
def static_url(path: str) -> str:
    """``{% static path %}`` worked out once per worker: the storage's answer does not change while
    it runs (CompressedStaticFilesStorage adds no hash; a hashing storage reads its manifest once)."""
    key = (settings.STATIC_URL, path)
    url = _static_urls.get(key)
    if url is None:
        url = _static_urls[key] = static(path)
    return url
