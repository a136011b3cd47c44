"""A year of known facts (2025) for the report tests."""

from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.disclosure import services as disclosure
from gongkai.info_requests import services
from gongkai.info_requests.tests.factories import applicant
from gongkai.reports.models import YearStatistics


def make(world, org, kind, received, *, replied=None, outcome=None, ground="", **data):
    handler = world.staff(org, Role.REQUEST_HANDLER)
    extra = {"contact_person": "联系人"} if kind != "natural_person" else {}
    if kind != "natural_person":
        extra |= {"id_type": "credit_code", "id_number": "91652301MA7700000P"}
    application, _ = services.register(
        org=org,
        actor=handler,
        channel="letter",
        data=applicant(applicant_kind=kind, **extra, **data),
        received_on=received,
    )
    if replied:
        services.reply(
            application=application,
            actor=handler,
            outcome=outcome,
            ground=ground,
            reasons="理由",
            replied_on=replied,
        )
    return application


@pytest.fixture
def year_2025(two_orgs):
    org = two_orgs.gov_a
    make(two_orgs, org, "natural_person", date(2024, 12, 20), replied=date(2025, 1, 10), outcome="disclose")
    make(two_orgs, org, "commercial", date(2024, 11, 1), replied=date(2024, 12, 1), outcome="disclose")
    c = make(
        two_orgs, org, "research", date(2025, 3, 1), replied=date(2025, 3, 20), outcome="withhold_process"
    )
    make(two_orgs, org, "legal_service", date(2025, 12, 20))
    make(two_orgs, org, "public_welfare", date(2025, 7, 1), replied=date(2026, 1, 5), outcome="disclose")
    make(
        two_orgs, org, "other_org", date(2025, 2, 2), replied=date(2025, 2, 10), outcome="other_no_correction"
    )
    make(
        two_orgs,
        org,
        "natural_person",
        date(2025, 5, 5),
        replied=date(2025, 5, 6),
        outcome="partial",
        ground="third_party",
    )
    make(
        two_orgs,
        org,
        "natural_person",
        date(2025, 8, 8),
        replied=date(2025, 8, 9),
        outcome="unavailable_not_held",
        ground="not_exist",
    )
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    review = services.record_review(
        application=c, actor=handler, body="甲市人民政府", filed_on=date(2025, 4, 1)
    )
    services.decide(case=review, actor=handler, result="corrected", decided_on=date(2025, 6, 1))
    services.record_litigation(
        application=c, actor=handler, court="甲市中级人民法院", filed_on=date(2025, 7, 1), after_review=True
    )
    # 规范性文件: one issued in 2025; one of 2024 repealed in 2025; one of 2023 still in force.
    for written, repeal in (
        (date(2025, 3, 3), None),
        (date(2024, 5, 5), date(2025, 9, 1)),
        (date(2023, 1, 1), None),
    ):
        record = two_orgs.publish(
            two_orgs.draft(org, title=f"规范性文件{written}", genre="normative", written_on=written)
        )
        if repeal:
            disclosure.change_validity(
                record=record,
                actor=two_orgs.staff(org, Role.REVIEWER),
                validity="repealed",
                effective_on=repeal,
            )
    YearStatistics.objects.create(
        organization=org, year=2025, licensing=120, penalties=7, coercion=1, fees_wan=12.5
    )
    # A department's application, for the roll-up.
    make(
        two_orgs,
        two_orgs.dept_a1,
        "natural_person",
        date(2025, 4, 4),
        replied=date(2025, 4, 30),
        outcome="disclose",
    )
    return org
