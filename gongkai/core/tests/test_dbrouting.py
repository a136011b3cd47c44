"""Which requests may read the replica, and that none of them reads after a write (ADR 0048).

The two-node test (tests/multinode) shows a real server using the replica connection; these tests
pin down the decisions: anonymous public GETs only, never staff or the workbench, never a client that
just posted, never while a public change is younger than the replica's lag, never after a write or
inside a transaction.
"""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from gongkai.core import dbrouting
from gongkai.core.pagecache import bump_generation
from gongkai.orgs.models import Organization


@pytest.fixture
def with_replica(settings):
    # Only the decisions are tested here: no query is run against the alias.
    settings.GONGKAI_READ_REPLICA = "replica"
    settings.GONGKAI_REPLICA_LAG_SECONDS = 5
    settings.GONGKAI_REPLICA_PIN_SECONDS = 30


def routes_seen(request, *, during=None):
    """Run ``request`` through the middleware; returns (read alias before, after ``during``), response."""
    seen = {}
    router = dbrouting.PrimaryReplicaRouter()

    def view(req):
        seen["before"] = router.db_for_read(Organization)
        if during:
            during(router)
        seen["after"] = router.db_for_read(Organization)
        return HttpResponse("ok")

    response = dbrouting.ReplicaRoutingMiddleware(view)(request)
    return seen, response


rf = RequestFactory()


def test_without_a_replica_everything_reads_the_primary():
    seen, response = routes_seen(rf.get("/org/jia/"))
    assert seen == {"before": "default", "after": "default"}
    assert dbrouting.PIN_COOKIE not in response.cookies


def test_anonymous_public_get_reads_the_replica_until_it_writes(with_replica):
    seen, _ = routes_seen(rf.get("/org/jia/records/"), during=lambda r: r.db_for_write(Organization))
    assert seen == {"before": "replica", "after": "default"}


def test_staff_and_sessions_read_the_primary(with_replica, settings):
    request = rf.get("/org/jia/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert routes_seen(request)[0]["before"] == "default"
    assert routes_seen(rf.get("/workbench/login/"))[0]["before"] == "default"
    assert routes_seen(rf.get("/ops-admin/"))[0]["before"] == "default"


def test_a_post_pins_the_client_to_the_primary_for_the_pin_window(with_replica):
    seen, response = routes_seen(rf.post("/org/jia/apply/", {"a": "b"}))
    assert seen["before"] == "default"
    pin = response.cookies[dbrouting.PIN_COOKIE]
    assert int(pin["max-age"]) == 30
    assert pin["httponly"]
    follow = rf.get("/org/jia/apply/track/")
    follow.COOKIES[dbrouting.PIN_COOKIE] = "1"
    assert routes_seen(follow)[0]["before"] == "default"


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_reads_the_primary(with_replica):
    def in_atomic(router):
        with transaction.atomic():
            assert router.db_for_read(Organization) == "default"

    seen, _ = routes_seen(rf.get("/"), during=in_atomic)
    assert seen["after"] == "replica"


def test_a_public_change_sends_every_reader_to_the_primary_for_the_lag_window(with_replica, settings):
    cache.delete(dbrouting.PUBLIC_CHANGE_KEY)
    assert routes_seen(rf.get("/"))[0]["before"] == "replica"
    bump_generation()  # what every committed public change (and every index commit) does
    assert routes_seen(rf.get("/"))[0]["before"] == "default"
    cache.set(dbrouting.PUBLIC_CHANGE_KEY, time.time() - settings.GONGKAI_REPLICA_LAG_SECONDS - 0.1)
    assert routes_seen(rf.get("/"))[0]["before"] == "replica"


def test_outside_a_request_everything_reads_the_primary(with_replica):
    assert dbrouting.PrimaryReplicaRouter().db_for_read(Organization) == "default"


def test_only_the_primary_is_migrated():
    router = dbrouting.PrimaryReplicaRouter()
    assert router.allow_migrate("default", "orgs")
    assert not router.allow_migrate("replica", "orgs")


def test_index_dir_inside_the_shared_media_is_an_error(tmp_path):
    from gongkai.core.checks import findings

    common = {"database_engine": "django.db.backends.sqlite3", "cache_backend": "x"}
    common["media_root"] = tmp_path / "m"
    assert [c.id for c in findings(index_dir=tmp_path / "m" / "index", **common)] == ["gongkai.E048"]
    assert findings(index_dir=tmp_path / "index", **common) == []


def test_postgresql_without_redis_warns_that_nodes_would_not_share_caches(tmp_path):
    from gongkai.core.checks import findings

    common = {"index_dir": tmp_path / "index", "media_root": tmp_path / "m"}
    postgres = "django.db.backends.postgresql"
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    warned = findings(database_engine=postgres, cache_backend=locmem, **common)
    assert [c.id for c in warned] == ["gongkai.W048"]
    redis = "django_redis.cache.RedisCache"
    assert findings(database_engine=postgres, cache_backend=redis, **common) == []
    assert findings(database_engine="django.db.backends.sqlite3", cache_backend=locmem, **common) == []
