"""A scratch search index of a few documents for shape tests, and the keys a query finds in it."""

from __future__ import annotations

import contextlib
import tempfile

from django.test import override_settings

from gongkai.search import engine, shortforms
from gongkai.search.evaluation import index_documents
from gongkai.search.query import SearchRequest, search


@contextlib.contextmanager
def scratch_index(documents: list[dict]):
    """``documents`` indexed in a temporary directory; the per-process index handles and the
    short-form lookups are forgotten before and after, so no other test sees them."""
    with tempfile.TemporaryDirectory() as scratch, override_settings(GONGKAI_SEARCH_INDEX_DIR=scratch):
        engine.forget_indexes()
        shortforms.forget()
        index_documents(documents)
        try:
            yield
        finally:
            engine.forget_indexes()
            shortforms.forget()


def keys_of(q: str) -> list[str]:
    return [hit.key for hit in search(SearchRequest(q=q, page_size=5)).hits]
