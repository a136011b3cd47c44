from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.info_requests import services
from gongkai.info_requests.models import InfoRequest, Status
from gongkai.info_requests.tests.factories import applicant
from gongkai.orgs.codes import make_credit_code

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield


def handler(world, org):
    return world.staff(org, Role.REQUEST_HANDLER)


def registered(world, org=None, **data):
    org = org or world.gov_a
    application, _ = services.register(
        org=org, actor=handler(world, org), channel="in_person", data=applicant(**data), received_on=TODAY
    )
    return application


def test_online_application_gets_a_number_and_a_code_and_waits_for_confirmation(two_orgs):
    application, code = services.submit_online(org=two_orgs.gov_a, data=applicant(), token="tok-1")
    assert application.number == "2026-0001"
    assert application.status == Status.AWAITING_CONFIRMATION
    assert application.received_on is None
    assert len(code) == 14
    assert code.count("-") == 2
    # The code is not stored, only its blind index.
    assert code.replace("-", "") not in str(InfoRequest.objects.values().get(pk=application.pk))
    assert application.query_code_index == services.query_code_index(code)


def test_a_double_submit_with_the_same_token_creates_one_application(two_orgs):
    first, code = services.submit_online(org=two_orgs.gov_a, data=applicant(), token="tok-2")
    again, same_code = services.submit_online(org=two_orgs.gov_a, data=applicant(), token="tok-2")
    assert again.pk == first.pk
    assert same_code == code
    assert InfoRequest.objects.count() == 1


def test_numbers_are_per_organ_and_year_and_gap_free(two_orgs):
    numbers = [registered(two_orgs).number for _ in range(3)] + [
        registered(two_orgs, org=two_orgs.gov_b).number
    ]
    assert numbers == ["2026-0001", "2026-0002", "2026-0003", "2026-0001"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "110101199003071235", "居民身份证号码不正确"),
        ("id_number", "11010119900307123", "居民身份证号码不正确"),
        ("phone", "12", "联系电话不正确"),
        ("email", "not-an-address", "电子邮箱格式不正确"),
        ("postal_code", "83100", "邮政编码应为6位数字"),
    ],
)
def test_bad_applicant_data_is_refused_with_a_chinese_message(two_orgs, field, value, message):
    with pytest.raises(ValidationError) as error:
        services.submit_online(org=two_orgs.gov_a, data=applicant(**{field: value}), token="")
    assert message in str(error.value.message_dict[field])
    assert not InfoRequest.objects.exists()


def test_an_organisation_must_name_its_contact_person(two_orgs):
    data = applicant(
        applicant_kind="commercial", id_type="credit_code", id_number=make_credit_code("91652301MA77XXXX0")
    )
    with pytest.raises(ValidationError) as error:
        services.submit_online(org=two_orgs.gov_a, data=data, token="")
    assert "contact_person" in error.value.message_dict


def test_a_credit_code_with_a_wrong_check_character_is_refused(two_orgs):
    good = make_credit_code("91350100M000100Y4")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    data = applicant(
        applicant_kind="commercial", id_type="credit_code", contact_person="李四", id_number=wrong
    )
    with pytest.raises(ValidationError) as error:
        services.submit_online(org=two_orgs.gov_a, data=data, token="")
    assert "统一社会信用代码不正确" in str(error.value.message_dict["id_number"])
    application, _code = services.submit_online(org=two_orgs.gov_a, data=data | {"id_number": good}, token="")
    assert application.pk


def test_only_handlers_of_the_organ_may_register_or_handle(two_orgs):
    with pytest.raises(PermissionDenied):
        services.register(
            org=two_orgs.gov_a,
            actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
            channel="letter",
            data=applicant(),
            received_on=TODAY,
        )
    application = registered(two_orgs)
    with pytest.raises(PermissionDenied):
        services.add_note(application=application, actor=handler(two_orgs, two_orgs.gov_b), text="越权")
    # A superior's 政务公开办 oversees but does not handle a department's applications.
    dept_application = registered(two_orgs, org=two_orgs.dept_a1)
    with pytest.raises(PermissionDenied):
        services.add_note(
            application=dept_application, actor=two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN), text="x"
        )


def test_correction_is_sent_once_and_stops_the_clock_until_supplied(two_orgs):
    application = registered(two_orgs)
    services.request_correction(
        application=application,
        actor=handler(two_orgs, two_orgs.gov_a),
        items="1. 请明确所需信息的年份",
        due_on=TODAY + timedelta(days=15),
        sent_on=TODAY,
    )
    application.refresh_from_db()
    assert application.status == Status.AWAITING_CORRECTION
    with pytest.raises(ValidationError, match="只能告知一次"):
        services.request_correction(
            application=application,
            actor=handler(two_orgs, two_orgs.gov_a),
            items="再补",
            due_on=TODAY + timedelta(days=20),
            sent_on=TODAY,
        )
    services.record_supplement(
        application=application, actor=handler(two_orgs, two_orgs.gov_a), supplied_on=TODAY
    )
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS


def test_extension_needs_the_head_and_at_most_twenty_days(two_orgs):
    application = registered(two_orgs)
    with pytest.raises(PermissionDenied):
        services.extend(
            application=application,
            actor=handler(two_orgs, two_orgs.gov_a),
            reason="材料多",
            approved_on=TODAY,
        )
    head = two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    with pytest.raises(ValidationError, match="20个工作日"):
        services.extend(
            application=application, actor=head, reason="材料多", working_days=21, approved_on=TODAY
        )
    services.extend(application=application, actor=head, reason="材料多", approved_on=TODAY)
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.extend(application=application, actor=head, reason="再延", approved_on=TODAY)


def test_reply_then_delivery_closes_the_application_and_everything_is_audited(two_orgs):
    application = registered(two_orgs)
    staff = handler(two_orgs, two_orgs.gov_a)
    services.reply(
        application=application,
        actor=staff,
        outcome="disclose",
        reasons="予以公开，见附件。",
        replied_on=TODAY,
    )
    with pytest.raises(ValidationError, match="不能再办理"):
        services.reply(
            application=application, actor=staff, outcome="disclose", reasons="再答", replied_on=TODAY
        )
    services.record_delivery(
        application=application, actor=staff, method="email", delivered_on=TODAY, receipt="邮件回执"
    )
    application.refresh_from_db()
    assert application.status == Status.CLOSED
    verbs = list(AuditEntry.objects.filter(object_id=str(application.pk)).values_list("verb", flat=True))
    assert {"info_request_registered", "info_request_replied", "info_request_delivered"} <= set(verbs)
    # The audit log names the application, never the applicant.
    logged = str(list(AuditEntry.objects.values()))
    assert application.applicant_name not in logged
    assert application.id_number not in logged


def test_dates_in_the_future_or_before_receipt_are_refused(two_orgs):
    application = registered(two_orgs)
    staff = handler(two_orgs, two_orgs.gov_a)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.reply(
            application=application,
            actor=staff,
            outcome="disclose",
            reasons="x",
            replied_on=TODAY + timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="不能早于"):
        services.start_consultation(
            application=application,
            actor=staff,
            kind="third_party",
            party="某公司",
            sent_on=TODAY - timedelta(days=3),
        )


def test_the_applicant_is_mailed_at_each_step_after_commit(
    two_orgs, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application, code = services.submit_online(
            org=two_orgs.gov_a, data=applicant(email="applicant@example.com"), token="mail"
        )
    assert mailoutbox[-1].to == ["applicant@example.com"]
    assert code in mailoutbox[-1].body
    assert application.number in mailoutbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_receipt(
            application=application, actor=handler(two_orgs, two_orgs.gov_a), received_on=TODAY
        )
    assert "2026-03-02" in mailoutbox[-1].body
    assert "第三十三条" in mailoutbox[-1].body


def test_no_mail_when_the_step_fails_or_no_address_was_given(
    two_orgs, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_online(org=two_orgs.gov_a, data=applicant(email=""), token="nomail")
        with pytest.raises(ValidationError):
            services.submit_online(org=two_orgs.gov_a, data=applicant(phone="1"), token="bad")
    assert mailoutbox == []


def test_reviews_and_lawsuits_are_recorded_against_a_reply_and_decided(two_orgs):
    from gongkai.info_requests.models import ReviewResult

    application = registered(two_orgs)
    staff = handler(two_orgs, two_orgs.gov_a)
    with pytest.raises(ValidationError, match="已答复"):
        services.record_review(application=application, actor=staff, body="甲市人民政府", filed_on=TODAY)
    services.reply(
        application=application,
        actor=staff,
        outcome="withhold_process",
        reasons="过程性信息。",
        replied_on=TODAY,
    )
    review = services.record_review(application=application, actor=staff, body="甲市人民政府", filed_on=TODAY)
    case = services.record_litigation(
        application=application, actor=staff, court="甲市中级人民法院", filed_on=TODAY, after_review=True
    )
    assert review.result == case.result == ReviewResult.PENDING
    with pytest.raises(ValidationError, match="审结结果"):
        services.decide(case=review, actor=staff, result=ReviewResult.PENDING, decided_on=TODAY)
    services.decide(
        case=review, actor=staff, result=ReviewResult.CORRECTED, decided_on=TODAY, note="责令重新答复"
    )
    review.refresh_from_db()
    assert review.result == ReviewResult.CORRECTED


def test_only_a_closed_application_is_archived(two_orgs):
    application = registered(two_orgs)
    staff = handler(two_orgs, two_orgs.gov_a)
    with pytest.raises(ValidationError, match="已办结"):
        services.archive(application=application, actor=staff)
    services.reply(
        application=application, actor=staff, outcome="disclose", reasons="公开。", replied_on=TODAY
    )
    services.record_delivery(application=application, actor=staff, method="post", delivered_on=TODAY)
    assert services.archive(application=application, actor=staff).status == Status.ARCHIVED


def test_information_several_applicants_obtained_is_suggested_for_proactive_disclosure(two_orgs):
    from gongkai.info_requests.selectors import proactive_suggestions

    staff = handler(two_orgs, two_orgs.gov_a)
    same = [
        "2025年老旧小区改造项目资金安排文件",
        "老旧小区改造项目2025年资金安排的文件",
        "2025年老旧小区改造资金安排文件",
    ]
    for description in [*same, "某路段道路拓宽工程征收补偿方案"]:
        application = registered(two_orgs, description=description)
        services.reply(
            application=application, actor=staff, outcome="disclose", reasons="公开。", replied_on=TODAY
        )
    suggestions = proactive_suggestions(org=two_orgs.gov_a)
    assert len(suggestions) == 1
    assert suggestions[0].applicants == 3
    assert {a.description for a in suggestions[0].applications} == set(same)


def test_the_fee_is_computed_by_item_from_the_applicants_month_or_by_pages(two_orgs):
    from decimal import Decimal

    staff = handler(two_orgs, two_orgs.gov_a)
    person = applicant()
    eleven = [registered(two_orgs, **person) for _ in range(11)]
    with pytest.raises(ValidationError, match="无需收费"):
        services.send_fee_notice(application=eleven[0], actor=staff, method="per_item", sent_on=TODAY)
    fee = services.send_fee_notice(application=eleven[-1], actor=staff, method="per_item", sent_on=TODAY)
    assert (fee.quantity, fee.amount) == (11, Decimal(100))
    other = registered(two_orgs)
    fee = services.send_fee_notice(
        application=other, actor=staff, method="per_page", pages=120, sent_on=TODAY
    )
    assert fee.amount == Decimal(700 + 400)
    services.record_payment(application=other, actor=staff, paid_on=TODAY)


def test_an_article_35_delay_sets_the_due_date_and_needs_the_head(two_orgs):
    from datetime import date as day

    from gongkai.info_requests.selectors import clock_of
    from gongkai.workdays.testing import published_calendar

    application = registered(two_orgs)
    # 第三十五条: the delay follows the applicant's reasons, found reasonable.
    services.ask_reasons(
        application=application,
        actor=handler(two_orgs, two_orgs.gov_a),
        grounds="本月已提出40件申请",
        sent_on=TODAY,
        due_on=day(2026, 3, 9),
    )
    services.record_reasons(
        application=application,
        actor=handler(two_orgs, two_orgs.gov_a),
        given_on=TODAY,
        reasons="开展课题研究需要",
    )
    with pytest.raises(PermissionDenied):
        services.delay_reply(
            application=application,
            actor=handler(two_orgs, two_orgs.gov_a),
            new_due_on=day(2026, 5, 29),
            reason="数量明显超过合理范围",
            decided_on=TODAY,
        )
    services.delay_reply(
        application=application,
        actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD),
        new_due_on=day(2026, 5, 29),
        reason="数量明显超过合理范围",
        decided_on=TODAY,
    )
    clock = clock_of(application, today=TODAY, calendar=published_calendar()).clock
    assert clock.reply_due == day(2026, 5, 29)
    assert "第三十五条" in clock.trail[-1]


def test_a_withdrawn_application_is_closed_with_a_note(two_orgs):
    application = registered(two_orgs)
    services.withdraw(
        application=application, actor=handler(two_orgs, two_orgs.gov_a), reason="申请人电话告知撤回"
    )
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert "撤回" in application.notes.get().text
