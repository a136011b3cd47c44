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
