"""bench/workbench.py times every page of the workbench urlconf (issue 20: every workbench page p95
≤ 100 ms at an organ's full size), so a new workbench page cannot be left out of its figures."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

pytestmark = pytest.mark.django_db

BENCH = Path(__file__).resolve().parents[3] / "bench" / "workbench.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_workbench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bench_times_every_workbench_page_or_says_why_not(client):
    bench = _bench()
    # The bench's own generator, at a size a test affords: every object a page needs by its id.
    args = SimpleNamespace(records=150, applications=40, questions=40, seed=20)
    bench.generate(args)
    bench.generate_questions(args)
    bench.generate_extras(args)
    timed = bench.targets()
    names = bench.workbench_url_names()
    assert {"dashboard", "record_detail", "question_statistics", "consultation_detail"} <= names
    timed_names = {name.split(" ")[0] for _, name, _ in timed}
    exempt = set(bench.NOT_PAGES)
    assert exempt <= names, exempt - names  # no stale exemption
    assert not exempt & timed_names, exempt & timed_names
    assert names - timed_names - exempt == set()
    # Each page of one object is asked with an id that exists, as a role that may open it.
    from gongkai.accounts.models import User

    refused = []
    for role, name, path in timed:
        if "page " in name:  # deep pages of the full-size lists: past the end of this small one
            continue
        client.logout()
        if role is not None:
            client.force_login(User.objects.get(username=f"bench_{role}"))
        status = client.get(path).status_code
        if status != 200:
            refused.append((role, name, path, status))
    assert refused == []
