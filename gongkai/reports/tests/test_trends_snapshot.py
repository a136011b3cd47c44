"""The 历年对比 of a published report is a snapshot (ADR 0045): taken by the annual-report services,
retaken when another report of the organ is locked or published, never recomputed per request."""

import random
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.accounts.models import Role
from gongkai.demo.reports import finished_texts
from gongkai.info_requests import services as requests
from gongkai.info_requests.tests.factories import applicant
from gongkai.reports import services

pytestmark = pytest.mark.django_db


def _application(world, org, received: date, replied: date) -> None:
    handler = world.staff(org, Role.REQUEST_HANDLER)
    application, _ = requests.register(
        org=org, actor=handler, channel="letter", data=applicant(), received_on=received
    )
    requests.reply(
        application=application, actor=handler, outcome="disclose", reasons="公开", replied_on=replied
    )


def _outcomes_of(page: str, year: int) -> list[int]:
    """The row of ``year`` in the data table of the first chart (依申请公开办理结果)."""
    table = page[page.index("chart-data") :]
    row = re.search(rf'<th scope="row">{year}年</th>(.*?)</tr>', table).group(1)
    return [int(v) for v in re.findall(r"<td>(\d+)</td>", row)]


@pytest.fixture(params=[0, 60], ids=["no-fragments", "fragments"])
def fragment_cache(request, settings):
    from django.core.cache import cache

    settings.GONGKAI_FRAGMENT_CACHE_SECONDS = request.param
    cache.clear()
    yield
    cache.clear()


def test_the_charts_change_when_another_report_of_the_organ_is_locked(
    client, two_orgs, fragment_cache, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    admin = two_orgs.staff(org, Role.COMPETENT_ADMIN)
    _application(two_orgs, org, date(2025, 3, 3), date(2025, 3, 10))
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.prepare(org=org, actor=admin, year=2025)
        report = services.update_texts(report=draft, actor=admin, **finished_texts(draft, random.Random(1)))
        services.publish(report=services.lock(report=report, actor=admin), actor=admin)
    report.refresh_from_db()
    assert report.trends["years"] == [2021, 2022, 2023, 2024, 2025]
    url = f"/org/{org.slug}/annual-reports/2025/"
    page = client.get(url).content.decode()
    assert sum(_outcomes_of(page, 2025)) == 1
    assert sum(_outcomes_of(page, 2024)) == 0

    # A 2024 application registered late does not move the published charts by itself …
    with django_capture_on_commit_callbacks(execute=True):
        _application(two_orgs, org, date(2024, 5, 6), date(2024, 5, 20))
    assert sum(_outcomes_of(client.get(url).content.decode(), 2024)) == 0
    # … but the organ's 2024 report, once locked, is what the 2025 charts read, at once.
    with django_capture_on_commit_callbacks(execute=True):
        services.lock(report=services.prepare(org=org, actor=admin, year=2024), actor=admin)
    page = client.get(url).content.decode()
    assert sum(_outcomes_of(page, 2024)) == 1
    assert sum(_outcomes_of(page, 2025)) == 1


def test_the_report_page_reads_the_snapshot_not_the_data(client, two_orgs):
    """A handful of queries, however many years the charts cover (five reports were computed per
    request before the snapshot: dozens of queries)."""
    org = two_orgs.gov_a
    admin = two_orgs.staff(org, Role.COMPETENT_ADMIN)
    _application(two_orgs, org, date(2025, 3, 3), date(2025, 3, 10))
    draft = services.prepare(org=org, actor=admin, year=2025)
    report = services.update_texts(report=draft, actor=admin, **finished_texts(draft, random.Random(1)))
    services.publish(report=services.lock(report=report, actor=admin), actor=admin)
    url = f"/org/{org.slug}/annual-reports/2025/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 4
