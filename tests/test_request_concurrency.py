"""200 applications submitted at the same moment get 200 distinct, gap-free numbers.

Fifty threads, each with its own database connection, are released together by a barrier and
submit four applications each through the public service (PostgreSQL allows 100 connections, so
two hundred threads would test the server's limit rather than ours).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from gongkai.info_requests import services
from gongkai.info_requests.models import InfoRequest, InfoRequestCounter
from gongkai.info_requests.tests.factories import applicant
from gongkai.orgs.tests.factories import OrganizationFactory

THREADS, EACH = 50, 4


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_hundred_simultaneous_submissions_get_numbers_one_to_two_hundred():
    if connection.vendor != "postgresql":
        pytest.skip("row locks across threads need PostgreSQL (run with DATABASE_URL=postgres://…)")
    org = OrganizationFactory()
    forms = [[applicant() for _ in range(EACH)] for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def submit(batch: int) -> None:
        try:
            barrier.wait(timeout=60)
            for i, data in enumerate(forms[batch]):
                services.submit_online(org=org, data=data, token=f"t-{batch}-{i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a submission hung"
    assert errors == []
    applications = list(InfoRequest.objects.filter(organization=org))
    total = THREADS * EACH
    assert sorted(a.serial for a in applications) == list(range(1, total + 1))
    assert len({a.number for a in applications}) == total
    assert len({a.query_code_index for a in applications}) == total
    (year,) = {a.year for a in applications}
    assert InfoRequestCounter.objects.get(organization=org, year=year).last_serial == total
