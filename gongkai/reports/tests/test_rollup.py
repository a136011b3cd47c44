"""Roll-ups at a province's shape (ADR 0047): the whole subtree's report equals the sum of its
organs' own reports, cell by cell; the 本级 report covers the government and its own departments,
not the departments of the governments under it."""

from datetime import date

import pytest

from gongkai.orgs.models import Kind, Level
from gongkai.orgs.tests.factories import OrganizationFactory
from gongkai.reports import tables
from gongkai.reports.models import YearStatistics
from gongkai.reports.selectors import compute, rollup_org_ids
from gongkai.reports.tests.conftest import make
from gongkai.reports.tests.test_tables import two_orgs_with_staff

pytestmark = pytest.mark.django_db

S3 = "三、收到和处理政府信息公开申请情况"
S2 = "二、主动公开政府信息情况"


@pytest.fixture
def province(two_orgs):
    """gov_a (a 市) with its department A1, a county under it with one department of its own."""
    county = OrganizationFactory(
        parent=two_orgs.gov_a, name="甲市某县人民政府", slug="jia-county", level=Level.COUNTY
    )
    county_dept = OrganizationFactory(
        parent=county, kind=Kind.DEPARTMENT, name="甲市某县财政局", slug="jia-county-cz", level=Level.COUNTY
    )
    world = two_orgs_with_staff(two_orgs, county)
    from gongkai.accounts.models import Role
    from gongkai.accounts.tests.factories import make_staff

    world.members[county_dept.pk] = {
        Role.REQUEST_HANDLER: make_staff(county_dept, Role.REQUEST_HANDLER, username="cz")
    }
    organs = [two_orgs.gov_a, two_orgs.dept_a1, county, county_dept]
    for i, org in enumerate(organs):
        make(
            world, org, "natural_person", date(2025, 3, 1 + i), replied=date(2025, 3, 20), outcome="disclose"
        )
        make(world, org, "commercial", date(2025, 11, 1 + i))
        make(
            world,
            org,
            "research",
            date(2024, 12, 1 + i),
            replied=date(2025, 1, 5),
            outcome="partial",
            ground="third_party",
        )
        YearStatistics.objects.create(organization=org, year=2025, licensing=10 * (i + 1), penalties=i)
    return world, organs


def _cells(table):
    return {(row, column): n for row, cells in table.items() for column, n in cells.items()}


def test_the_whole_subtree_equals_the_sum_of_its_organs(province):
    world, organs = province
    whole = compute(world.gov_a, 2025, rollup=True, townships=True)
    parts = [compute(org, 2025) for org in organs]
    for section in (S3, S2):
        summed = {}
        for part in parts:
            for key, n in _cells(part[section]).items():
                summed[key] = summed.get(key, 0) + n
        assert _cells(whole[section]) == summed
    assert whole[S3][tables.NEW]["总计"] == 8
    assert whole[S2]["行政许可"]["本年处理决定数量"] == 10 + 20 + 30 + 40


def test_the_own_level_rollup_leaves_the_county_and_its_departments_out(province):
    _, organs = province
    gov_a, dept_a1, county, county_dept = organs
    assert sorted(rollup_org_ids(gov_a)) == sorted([gov_a.pk, dept_a1.pk])
    assert sorted(rollup_org_ids(gov_a, townships=True)) == sorted(o.pk for o in organs)
    assert sorted(rollup_org_ids(county)) == sorted([county.pk, county_dept.pk])
    assert compute(gov_a, 2025, rollup=True)[S3][tables.NEW]["总计"] == 4
