"""Relevance on the real set must not regress (issue 18): the measured figures of
``gongkai search evaluate tests/fixtures/search/real`` stay at or above these floors.

The floors sit a little under the figures measured when they were set (docs/benchmarks.md), so a
change that loses a few queries is seen here, in review, rather than by residents. Raise them when
the ranking improves; lowering one needs a reason in the commit message.
"""

from pathlib import Path

import pytest

from gongkai.search.evaluation import evaluate, evaluate_files

pytestmark = pytest.mark.django_db

REAL_SET = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "search" / "real"

FLOORS = {
    "all": {"top1": 0.975, "mrr": 0.98, "ndcg@10": 0.965, "success@10": 0.99},
    "title": {"top1": 0.99, "mrr": 0.99},
    "doc_number": {"top1": 1.0, "mrr": 1.0},
    "organ": {"top1": 0.95, "mrr": 0.97},
    "abbreviation": {"top1": 0.95, "mrr": 0.97},
    "question": {"top1": 0.95, "mrr": 0.97},
    # Real citizen questions found in the stored pages corpus (title of a Q&A page) (issue 18).
    "found": {"top1": 0.65, "mrr": 0.75},
    "topic_year": {"top1": 0.95, "mrr": 0.97},
}
MAX_ZERO_RESULTS = 0.01


# These floors were set on the 190 transcribed documents (``documents.jsonl``); they are measured
# there still, without the imported regulations, so that they keep meaning what they meant. The
# grown set (1,252 documents) has its own floors below.


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return evaluate(REAL_SET, shards=False).as_dict()


def test_the_real_set_is_the_one_described():
    lines = (REAL_SET / "documents.jsonl").read_text("utf-8").splitlines()
    assert len(lines) >= 185
    assert sum(1 for _ in (REAL_SET / "queries.jsonl").read_text("utf-8").splitlines()) >= 490
    assert sum(1 for _ in (REAL_SET / "queries_holdout.jsonl").read_text("utf-8").splitlines()) >= 85
    # The regulations imported by script (import_lawrefbook.py) and the queries written for them.
    assert len(evaluate_documents()) >= 1000
    assert sum(1 for _ in (REAL_SET / "queries_lawrefbook.jsonl").open(encoding="utf-8")) >= 190
    assert sum(1 for _ in (REAL_SET / "queries_lawrefbook_holdout.jsonl").open(encoding="utf-8")) >= 95
    # Real resident queries (question titles and search tags found in the stored pages corpus).
    citizen = [REAL_SET / "queries_citizen.jsonl", REAL_SET / "queries_citizen_holdout.jsonl"]
    assert sum(1 for path in citizen for _ in path.open(encoding="utf-8")) >= 80
    assert sum(1 for _ in (REAL_SET / "queries_citizen_blind.jsonl").open(encoding="utf-8")) >= 60
    # The second blind set (ADR 0058): the query types, with documents of new issuers.
    assert sum(1 for _ in (REAL_SET / "queries_blind_h18c.jsonl").open(encoding="utf-8")) >= 70


def evaluate_documents():
    from gongkai.search.evaluation import documents_of

    return documents_of(REAL_SET)


@pytest.mark.parametrize("group", sorted(FLOORS))
def test_relevance_stays_above_its_floors(report, group):
    scores = report["all"] if group == "all" else report["by_type"][group]
    below = {name: (scores[name], floor) for name, floor in FLOORS[group].items() if scores[name] < floor}
    assert not below, f"{group}: measured below floor {below}"


# The held-out queries (judged before any run, never used to tune): a floor against regressions
# only, a little under the figure measured when they were added.
HOLDOUT_FLOORS = {"top1": 0.93, "mrr": 0.94, "success@10": 0.96}


@pytest.fixture(scope="module")
def holdout(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return evaluate(REAL_SET / "queries_holdout.jsonl", shards=False).as_dict()


def test_the_held_out_queries_stay_above_their_floors(holdout):
    below = {n: (holdout["all"][n], f) for n, f in HOLDOUT_FLOORS.items() if holdout["all"][n] < f}
    assert not below, f"held out: measured below floor {below}"


def test_almost_no_query_finds_nothing(report):
    assert report["all"]["zero_results"] <= MAX_ZERO_RESULTS


# The grown set (issue 18, third pass): the 190 documents and 1,062 regulations of seven provinces,
# the State Council and its departments, imported by script. Floors a little under the figures
# measured when they were set (docs/benchmarks.md, "the set grown past 1,000 documents"). The
# issue's own floors (title fragments and 文号: top1 0.95, MRR 0.97; abbreviations, paraphrases,
# topic + year: top1 0.85) are asserted where this set has enough queries of the type.
GROWN_FLOORS = {
    "queries.jsonl": {"all": {"top1": 0.94, "mrr": 0.955, "success@10": 0.97}},
    "queries_lawrefbook.jsonl": {
        "all": {"top1": 0.97, "mrr": 0.975},
        "title": {"top1": 0.95, "mrr": 0.97},
        "doc_number": {"top1": 0.95, "mrr": 0.97},
        "abbreviation": {"top1": 0.85},
        "question": {"top1": 0.85},
        "topic_year": {"top1": 0.85},
    },
    # Held out: judged before any run, never used to choose a fix; a floor against regressions.
    "queries_holdout.jsonl": {"all": {"top1": 0.84, "success@10": 0.9}},
    "queries_lawrefbook_holdout.jsonl": {
        "all": {"top1": 0.88, "success@10": 0.92},
        "title": {"top1": 0.95, "mrr": 0.97},
        "doc_number": {"top1": 0.95, "mrr": 0.97},
    },
    # Real resident queries found in the stored pages corpus (fourth pass, ADR 0043): the half
    # used to choose the fixes, and the half held out before any run.
    "queries_citizen.jsonl": {"all": {"top1": 0.8, "mrr": 0.85, "success@10": 0.9}},
    "queries_citizen_holdout.jsonl": {"all": {"top1": 0.75, "mrr": 0.77}},
    # 62 real resident queries judged blind before any run of the fifth pass (ADR 0049), never used
    # to choose a fix: a floor against regressions at the level measured, far below the issue's.
    "queries_citizen_blind.jsonl": {"all": {"top1": 0.5, "mrr": 0.57, "success@10": 0.66}},
}


@pytest.fixture(scope="module")
def grown(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        reports = evaluate_files(REAL_SET, sorted(GROWN_FLOORS))
    return {name: report.as_dict() for name, report in reports.items()}


@pytest.mark.parametrize(
    ("name", "group"), [(name, group) for name, groups in sorted(GROWN_FLOORS.items()) for group in groups]
)
def test_the_grown_set_stays_above_its_floors(grown, name, group):
    report = grown[name]
    assert report["documents"] >= 1000
    scores = report["all"] if group == "all" else report["by_type"][group]
    floors = GROWN_FLOORS[name][group]
    below = {n: (scores[n], f) for n, f in floors.items() if scores[n] < f}
    assert not below, f"{name} {group}: measured below floor {below}"
