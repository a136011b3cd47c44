"""Fixtures shared by the portal's cache tests: the tests run with every cache off (config.settings.test);
these switch one on for a test, on an empty cache, and leave the cache empty for the next."""

import pytest
from django.core.cache import cache


def _switched_on(settings, name: str):
    setattr(settings, name, 60)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache (``cache_public_page``) for 60 s."""
    yield from _switched_on(settings, "GONGKAI_PORTAL_CACHE_SECONDS")


@pytest.fixture
def fragments(settings):
    """The shared fragments (``{% fragment %}``, ADR 0045) for 60 s."""
    yield from _switched_on(settings, "GONGKAI_FRAGMENT_CACHE_SECONDS")
