"""Past cases recorded in one batch (info_requests.history) count in the annual report like any
answered application; a bad case refuses the whole batch; nothing personal is invented."""

import random
import time
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.demo.reports import past_cases
from gongkai.info_requests.history import PastCase, record_past_cases
from gongkai.info_requests.models import InfoRequest, InfoRequestCounter
from gongkai.reports import tables
from gongkai.reports.selectors import compute

pytestmark = pytest.mark.django_db
S3 = "三、收到和处理政府信息公开申请情况"


def test_past_cases_count_in_table_3_with_gap_free_numbers(two_orgs):
    org, head = two_orgs.gov_a, two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    cases = [
        PastCase("natural_person", date(2025, 3, 1), date(2025, 3, 15), "disclose", "disclose"),
        PastCase("natural_person", date(2025, 4, 1), date(2025, 4, 20), "unavailable_not_held", "not_exist"),
        PastCase("commercial", date(2025, 5, 1), date(2025, 5, 9), "partial", "third_party"),
        PastCase("legal_service", date(2025, 12, 28), date(2026, 1, 12), "not_processed_petition"),
        PastCase("natural_person", date(2024, 12, 30), date(2025, 1, 6), "disclose"),
    ]
    assert record_past_cases(org=org, actor=head, cases=cases, note="导入旧登记簿") == 5
    section = compute(org, 2025)[S3]
    new = section[tables.NEW]
    assert new["自然人"] == 2
    assert new["总计"] == 4
    assert section[tables.CARRIED_IN]["总计"] == 1  # received 2024-12-30, answered in 2025
    assert section[tables.CARRIED_OUT]["总计"] == 1  # received 2025-12-28, answered in 2026
    assert section[f"{tables.RESULTS}·{tables.RESULTS_TOTAL}"]["总计"] == 4
    serials = sorted(InfoRequest.objects.filter(organization=org, year=2025).values_list("serial", flat=True))
    assert serials == [1, 2, 3, 4]
    assert InfoRequestCounter.objects.get(organization=org, year=2025).last_serial == 4
    # Nothing personal is invented for a past case.
    assert set(InfoRequest.objects.filter(organization=org).values_list("applicant_name", flat=True)) == {""}
    entry = AuditEntry.objects.get(verb="info_request_history_recorded")
    assert entry.changes["count"] == 5


def test_a_bad_case_refuses_the_batch_and_another_organ_cannot_record(two_orgs):
    org, head = two_orgs.gov_a, two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    good = PastCase("natural_person", date(2025, 3, 1), date(2025, 3, 15), "disclose")
    bad = PastCase("natural_person", date(2025, 3, 20), date(2025, 3, 1), "disclose")
    with pytest.raises(ValidationError, match="第2件历史案件：答复日期早于收到申请日期"):
        record_past_cases(org=org, actor=head, cases=[good, bad])
    with pytest.raises(ValidationError, match="没有"):
        record_past_cases(
            org=org,
            actor=head,
            cases=[PastCase("commercial", date(2025, 3, 1), date(2025, 3, 15), "partial", "x")],
        )
    assert not InfoRequest.objects.filter(organization=org).exists()
    with pytest.raises(PermissionDenied):
        record_past_cases(org=org, actor=two_orgs.staff(two_orgs.gov_b, Role.HEAD), cases=[good])


def test_a_demo_year_has_a_real_counties_volume_and_records_fast(two_orgs):
    org, head = two_orgs.gov_a, two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    cases = past_cases(random.Random(7), [2024, 2025])
    started = time.perf_counter()
    record_past_cases(org=org, actor=head, cases=cases)
    elapsed = time.perf_counter() - started
    section = compute(org, 2025)[S3]
    received = section[tables.NEW]["总计"]
    assert 25 <= received <= 95
    rows = [row for row, cells in section.items() if row.startswith(tables.RESULTS) and cells["总计"]]
    assert len(rows) >= 6  # spread over the outcomes, as a real table is
    assert elapsed < 5, elapsed
