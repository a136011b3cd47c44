from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.info_requests import letters, services
from gongkai.info_requests.tests.factories import applicant
from gongkai.orgs.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_the_reviewing_body_follows_the_2023_review_law(two_orgs):
    # A department of a government → that government (第二十四条第一款第（一）项).
    assert letters.review_body(two_orgs.dept_a1) == "甲市人民政府"
    # A township government → the government above it (第（二）项).
    town = DepartmentFactory(
        parent=two_orgs.gov_b, name="乙县某镇人民政府", slug="yi-town", kind="government"
    )
    assert letters.review_body(town) == "乙县人民政府"
    # The top of the tree reviews its own acts (第二十四条第二款).
    assert letters.review_body(two_orgs.gov_b) == "乙县人民政府"


@pytest.mark.parametrize(
    ("outcome", "present", "absent"),
    [
        ("disclose", "6个月内", "15日内"),
        ("unavailable_not_held", "6个月内", "15日内"),
        ("withhold_process", "15日内", "6个月内"),
        ("partial", "15日内", "6个月内"),
    ],
)
def test_refusals_go_to_review_before_a_lawsuit(two_orgs, outcome, present, absent):
    clause = letters.remedy_clause(two_orgs.dept_a1, outcome)
    assert "60日内向甲市人民政府申请行政复议" in clause
    assert present in clause
    assert absent not in clause


def test_the_reply_letter_states_receipt_request_decision_basis_and_remedy(two_orgs):
    org = two_orgs.dept_a1
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    application, _ = services.register(
        org=org,
        actor=handler,
        channel="letter",
        data=applicant(applicant_name="李四", description="某项目立项批复"),
        received_on=date(2026, 3, 2),
    )
    reply = services.reply(
        application=application,
        actor=handler,
        outcome="withhold_process",
        reasons="该信息属于研究过程中形成的讨论记录，不予公开",
        replied_on=date(2026, 3, 20),
        letter_number="甲发改公开答〔2026〕3号",
    )
    letter = letters.reply_letter(application, reply)
    text = "\n".join(letter.paragraphs)
    assert letter.addressee == "李四："
    assert letter.number == "甲发改公开答〔2026〕3号"
    assert "2026年3月2日收到" in text
    assert "“某项目立项批复”" in text
    assert "第十六条第二款" in text
    assert "不予公开。" in text
    assert "15日内" in text
    assert letters.chinese_date(letter.dated) == "2026年3月20日"


def test_an_edited_template_keeps_an_unknown_placeholder_visible(two_orgs):
    org = two_orgs.gov_a
    application, _ = services.register(
        org=org,
        actor=two_orgs.staff(org, Role.REQUEST_HANDLER),
        channel="in_person",
        data=applicant(),
        received_on=date(2026, 3, 2),
    )
    letter = letters.compose(
        "receipt", application, templates=["编号｛申请编号｝，｛不存在的字段｝"], dated=date(2026, 3, 2)
    )
    assert letter.paragraphs == [f"编号{application.number}，｛不存在的字段｝"]
