"""Eight publishers press 发布 at the same moment: the 索引号 serials must be exactly 1..8.

``allocate_index_number`` locks the organ's counter row for the rest of the publishing
transaction. Only a real multi-connection database shows whether that holds, so these tests use
real threads, each with its own connection, released behind a barrier.

On PostgreSQL the record lock in ``_transition`` (``select_for_update`` with
``select_related("organization")``) also locks the organ's row, which queues publishers of one
organ as well; the test was checked to pass with either lock alone and to fail with neither.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import make_staff
from gongkai.disclosure import services
from gongkai.disclosure.models import IndexCounter, Record, Status
from gongkai.disclosure.tests.factories import RecordFactory
from gongkai.orgs.tests.factories import OrganizationFactory

N = 8


def publish_all_at_once(n: int = N) -> tuple[list[Record], list[BaseException]]:
    org = OrganizationFactory()
    head = make_staff(org, Role.HEAD)
    pks = [RecordFactory(organization=org, status=Status.APPROVED).pk for _ in range(n)]
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def publish(pk: int) -> None:
        try:
            record = Record.objects.get(pk=pk)
            barrier.wait(timeout=30)
            services.publish_record(record=record, actor=head)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(pk,)) for pk in pks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a publisher hung"
    return list(Record.objects.filter(pk__in=pks)), errors


def assert_gap_free(records: list[Record], errors: list[BaseException]) -> None:
    assert errors == []
    assert all(r.status == Status.PUBLISHED for r in records)
    serials = sorted(r.index_serial for r in records)
    assert serials == list(range(1, N + 1))
    assert len({r.index_number for r in records}) == N
    (year,) = {r.index_year for r in records}
    org = records[0].organization
    assert IndexCounter.objects.get(organization=org, year=year).last_serial == N


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_publications_get_serials_one_to_eight_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks across threads need PostgreSQL (run with DATABASE_URL=postgres://…)")
    assert_gap_free(*publish_all_at_once())


@pytest.mark.django_db(transaction=True)
def test_simultaneous_publications_get_serials_one_to_eight_on_sqlite_file():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite variant; PostgreSQL has its own test")
    if connection.is_in_memory_db():
        # Threads share an in-memory test database through SQLite's shared cache, which has
        # table locks that fail at once ("database table is locked") instead of waiting on
        # busy_timeout, so it cannot model the WAL file the application runs on. Give the test
        # database a file name (DATABASES["default"]["TEST"]["NAME"]) to run this.
        pytest.skip("in-memory SQLite test database: shared-cache table locks do not wait")
    assert_gap_free(*publish_all_at_once())
