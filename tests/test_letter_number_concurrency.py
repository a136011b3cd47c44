"""Replies issued at the same moment get distinct, gap-free 文号 (ADR 0009).

Twenty threads, each with its own database connection, are released together by a barrier and
each replies to its own application through the service: every reply issues its letter inside the
transaction, taking the organ's letter counter row lock.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import make_staff
from gongkai.info_requests import services
from gongkai.info_requests.models import IssuedLetter, LetterCounter
from gongkai.info_requests.tests.factories import applicant
from gongkai.orgs.tests.factories import OrganizationFactory

THREADS = 20


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_replies_get_letter_numbers_one_to_twenty():
    if connection.vendor != "postgresql":
        pytest.skip("row locks across threads need PostgreSQL (run with DATABASE_URL=postgres://…)")
    org = OrganizationFactory(name="丙市人民政府", short_name="丙市政府", review_government="丙州人民政府")
    handler = make_staff(org, Role.REQUEST_HANDLER, username="bing_handler")
    applications = [
        services.register(
            org=org, actor=handler, channel="letter", data=applicant(), received_on=date(2026, 3, 2)
        )[0]
        for _ in range(THREADS)
    ]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def reply(n: int) -> None:
        try:
            barrier.wait(timeout=60)
            services.reply(
                application=applications[n],
                actor=handler,
                outcome="disclose",
                reasons="现将该信息提供给您",
                replied_on=date(2026, 3, 20),
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=reply, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a reply hung"
    assert errors == []
    numbers = sorted(IssuedLetter.objects.filter(kind="reply").values_list("number", flat=True))
    assert numbers == sorted(f"丙市政府公开答〔2026〕{n}号" for n in range(1, THREADS + 1))
    assert LetterCounter.objects.get(organization=org, year=2026, series="reply").last_serial == THREADS
