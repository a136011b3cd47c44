"""Ranking on a labelled set: each query's expected first result over the full demo.

The score (share of queries whose expected record comes first, and the mean reciprocal rank)
is printed; the test fails below 90 % top-1.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils.html import strip_tags

from gongkai.search import engine
from gongkai.search.indexer import apply_outbox
from gongkai.search.query import SearchRequest, search

pytestmark = pytest.mark.django_db

LABELLED = [
    line.split("\t")
    for line in (Path(__file__).parent / "ranking_set.tsv").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


@pytest.fixture(scope="module")
def demo_index(django_db_setup, django_db_blocker, tmp_path_factory):

    var = tmp_path_factory.mktemp("ranking")
    with (
        django_db_blocker.unblock(),
        override_settings(VAR_DIR=var, MEDIA_ROOT=var / "media", GONGKAI_SEARCH_INDEX_DIR=str(var / "index")),
        transaction.atomic(),
    ):
        engine.forget_indexes()
        call_command("seed_demo", "--password", "Rank#2026pass", stdout=io.StringIO(), stderr=io.StringIO())
        apply_outbox()
        yield
        transaction.set_rollback(True)
    engine.forget_indexes()


def test_the_labelled_queries_find_their_document_first(demo_index):
    assert len(LABELLED) >= 30
    ranks = []
    misses = []
    for query, expected in LABELLED:
        titles = [strip_tags(str(hit.title)) for hit in search(SearchRequest(q=query)).hits]
        rank = titles.index(expected) + 1 if expected in titles else None
        ranks.append(rank)
        if rank != 1:
            misses.append(f"{query!r}: rank {rank}, first {titles[:1]}")
    top1 = sum(r == 1 for r in ranks) / len(ranks)
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    print(f"ranking set: {len(ranks)} queries, top-1 {top1:.0%}, MRR {mrr:.3f}")
    assert top1 >= 0.9, "\n".join(misses)
