"""What the clock refuses (dates the law forbids or that cannot be true together), what it flags
(periods already missed, registered knowingly), the fee period from the notice's delivery, and
the applicant's online 补正. Dates are in March–April 2026 (清明 4-4…4-6 is the only holiday)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.info_requests import services
from gongkai.info_requests.models import CorrectionNotice, Status, SupplementFile
from gongkai.info_requests.selectors import clock_of, public_view_by_code
from gongkai.info_requests.tests.factories import applicant
from gongkai.workdays.testing import published_calendar

pytestmark = pytest.mark.django_db

D = date
RECEIVED = D(2026, 3, 2)  # Monday: 补正 notice due 3-11, reply due 3-30
CAL = published_calendar()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _calendar(monkeypatch):
    # The services and selectors read the installation's calendar; pin the published one.
    monkeypatch.setattr("gongkai.workdays.selectors.current_calendar", lambda: CAL)


def at(day: str):
    return time_machine.travel(f"{day} 10:00 +0800", tick=False)


def handler(world):
    return world.staff(world.gov_a, Role.REQUEST_HANDLER)


def head(world):
    return world.staff(world.gov_a, Role.HEAD)


def registered(world, **data):
    with at("2026-03-02"):
        application, code = services.register(
            org=world.gov_a,
            actor=handler(world),
            channel="in_person",
            data=applicant(**data),
            received_on=RECEIVED,
        )
    return application, code


# 1. Refused: a 补正 notice after 第三十条's 7 working days, unless knowingly registered.


def test_a_correction_notice_after_seven_working_days_is_refused_with_the_article(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-03-20"), pytest.raises(ValidationError) as error:
        services.request_correction(
            application=application,
            actor=handler(two_orgs),
            items="写明文号",
            sent_on=D(2026, 3, 12),
            due_on=D(2026, 3, 27),
        )
    message = error.value.messages[0]
    assert "2026年3月11日" in message
    assert "第三十条" in message
    assert "逾期登记说明" in message
    assert not CorrectionNotice.objects.exists()


def test_a_correction_on_the_seventh_working_day_is_accepted(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-03-20"):
        services.request_correction(
            application=application,
            actor=handler(two_orgs),
            items="写明文号",
            sent_on=D(2026, 3, 11),
            due_on=D(2026, 3, 27),
        )
        assert clock_of(application, today=D(2026, 3, 20)).breaches == []


def test_a_late_correction_registered_knowingly_is_recorded_and_flagged_not_cured(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-03-20"):
        notice = services.request_correction(
            application=application,
            actor=handler(two_orgs),
            items="写明文号",
            sent_on=D(2026, 3, 12),
            due_on=D(2026, 3, 27),
            acknowledge_breach="补登纸质档案：告知书3月12日寄出",
        )
        assert notice.breach_reason == "补登纸质档案：告知书3月12日寄出"
        view = clock_of(application, today=D(2026, 3, 20))
    assert [b.code for b in view.breaches] == ["correction_late"]
    assert view.breaches[0].reason.startswith("补登纸质档案")
    assert any(step.startswith("【违反法定期限】") for step in view.clock.trail)
    entry = AuditEntry.objects.filter(verb="info_request_correction_requested").get()
    assert entry.reason.startswith("补登纸质档案")


def test_an_acknowledgement_without_a_breach_is_not_stored(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-03-05"):
        notice = services.request_correction(
            application=application,
            actor=handler(two_orgs),
            items="写明文号",
            sent_on=D(2026, 3, 4),
            due_on=D(2026, 3, 20),
            acknowledge_breach="无关说明",
        )
    assert notice.breach_reason == ""


# 2. Refused: an extension (第三十三条) or delay (第三十五条) after the reply was due.


def test_an_extension_approved_after_the_due_date_is_refused_then_flagged_when_acknowledged(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-04-01"):
        with pytest.raises(ValidationError) as error:
            services.extend(
                application=application, actor=head(two_orgs), reason="材料多", approved_on=D(2026, 3, 31)
            )
        assert "2026年3月30日" in error.value.messages[0]
        assert "第三十三条第二款" in error.value.messages[0]
        services.extend(
            application=application,
            actor=head(two_orgs),
            reason="材料多",
            approved_on=D(2026, 3, 31),
            acknowledge_breach="负责人3月31日签批，纸质审批单补登",
        )
        view = clock_of(application, today=D(2026, 4, 1))
    assert [b.code for b in view.breaches] == ["extension_late"]
    assert view.clock.statutory_reply_due == D(2026, 3, 30)


def test_an_extension_approved_on_the_due_date_is_accepted(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-03-30"):
        services.extend(
            application=application, actor=head(two_orgs), reason="材料多", approved_on=D(2026, 3, 30)
        )
        assert clock_of(application, today=D(2026, 3, 30)).breaches == []


def test_an_article_35_delay_must_be_set_within_the_period_and_later_than_the_statutory_date(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-03-05"):
        services.ask_reasons(
            application=application,
            actor=handler(two_orgs),
            grounds="本月已提出40件申请",
            sent_on=D(2026, 3, 3),
            due_on=D(2026, 3, 13),
        )
        services.record_reasons(
            application=application, actor=handler(two_orgs), given_on=D(2026, 3, 5), reasons="课题研究"
        )
    with at("2026-04-01"), pytest.raises(ValidationError, match="第三十五条"):
        services.delay_reply(
            application=application,
            actor=head(two_orgs),
            new_due_on=D(2026, 5, 29),
            reason="数量明显超过合理范围",
            decided_on=D(2026, 3, 31),
        )
    with at("2026-03-10"), pytest.raises(ValidationError, match="应晚于法定答复期限2026-03-30"):
        services.delay_reply(
            application=application,
            actor=head(two_orgs),
            new_due_on=D(2026, 3, 27),
            reason="数量明显超过合理范围",
            decided_on=D(2026, 3, 10),
        )


# 3. Refused: dates out of order.


def test_a_supplement_before_the_notice_is_refused(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-03-10"):
        services.request_correction(
            application=application,
            actor=handler(two_orgs),
            items="写明文号",
            sent_on=D(2026, 3, 4),
            due_on=D(2026, 3, 20),
        )
        with pytest.raises(ValidationError, match="不能早于"):
            services.record_supplement(
                application=application, actor=handler(two_orgs), supplied_on=D(2026, 3, 3)
            )


def test_a_reply_before_the_supplement_was_received_is_refused(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-03-10"):
        services.request_correction(
            application=application,
            actor=handler(two_orgs),
            items="写明文号",
            sent_on=D(2026, 3, 4),
            due_on=D(2026, 3, 20),
        )
        services.record_supplement(
            application=application, actor=handler(two_orgs), supplied_on=D(2026, 3, 9)
        )
        with pytest.raises(ValidationError) as error:
            services.reply(
                application=application,
                actor=handler(two_orgs),
                outcome="disclose",
                reasons="予以公开",
                replied_on=D(2026, 3, 6),
            )
    assert "答复日期（2026年3月6日）不能早于收到补正日期（2026年3月9日）" in error.value.messages[0]


def test_a_consultation_cannot_end_before_it_started(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-03-10"):
        consultation = services.start_consultation(
            application=application,
            actor=handler(two_orgs),
            kind="third_party",
            party="某公司",
            sent_on=D(2026, 3, 5),
        )
        with pytest.raises(ValidationError, match="不能早于2026-03-05"):
            services.end_consultation(
                consultation=consultation, actor=handler(two_orgs), answered_on=D(2026, 3, 4)
            )


def test_delivery_before_the_reply_is_refused(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-03-10"):
        services.reply(
            application=application,
            actor=handler(two_orgs),
            outcome="disclose",
            reasons="予以公开",
            replied_on=D(2026, 3, 9),
        )
        with pytest.raises(ValidationError, match="不能早于2026-03-09"):
            services.record_delivery(
                application=application, actor=handler(two_orgs), method="post", delivered_on=D(2026, 3, 8)
            )


# 4. Fees: the period runs from the day after the applicant receives the notice.


def _fee(world, application, **extra):
    return services.send_fee_notice(
        application=application,
        actor=handler(world),
        method="per_page",
        pages=120,
        sent_on=D(2026, 3, 6),
        **extra,
    )


def test_the_fee_period_starts_from_the_notices_delivery_and_mail_page_and_clock_agree(
    two_orgs, mailoutbox, django_capture_on_commit_callbacks
):
    application, code = registered(two_orgs, email="payer@example.com")
    with at("2026-03-13"):
        with django_capture_on_commit_callbacks(execute=True):
            _fee(two_orgs, application)
        assert "自收到收费通知书之次日起20个工作日内" in mailoutbox[-1].body
        assert services.fee_payment_due(application) is None
        with pytest.raises(ValidationError, match="收费通知送达日期不能早于2026-03-06"):
            services.record_fee_delivery(
                application=application,
                actor=handler(two_orgs),
                delivered_on=D(2026, 3, 5),
                delivery_method="post",
            )
        with django_capture_on_commit_callbacks(execute=True):
            services.record_fee_delivery(
                application=application,
                actor=handler(two_orgs),
                delivered_on=D(2026, 3, 12),
                delivery_method="post",
            )
        # 3-13 is day 1: 3-13 … 4-3 is 16 working days; 4-4…4-6 清明; 4-7 … 4-10 → 2026-04-10.
        assert services.fee_payment_due(application) == D(2026, 4, 10)
        assert "请于2026年4月10日前缴纳" in mailoutbox[-1].body
        view = public_view_by_code(org=two_orgs.gov_a, code=code)
    assert view.fee.payment_due == D(2026, 4, 10)
    assert clock_of(application, today=D(2026, 3, 13)).clock.fee_payment_due == D(2026, 4, 10)


def test_a_fee_notice_handed_over_states_its_due_date_at_once(
    two_orgs, mailoutbox, django_capture_on_commit_callbacks
):
    application, _ = registered(two_orgs, email="payer@example.com")
    with at("2026-03-06"), django_capture_on_commit_callbacks(execute=True):
        fee = _fee(two_orgs, application, delivered_on=D(2026, 3, 6), delivery_method="collect")
    assert fee.delivered_on == D(2026, 3, 6)
    # 3-9 is day 1 … the 20th working day is 4-3.
    assert "请于2026年4月3日前缴纳" in mailoutbox[-1].body


def test_payment_before_the_notice_was_received_is_refused(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-03-13"):
        _fee(two_orgs, application, delivered_on=D(2026, 3, 9), delivery_method="post")
        with pytest.raises(ValidationError, match="缴费日期（2026年3月7日）不能早于收费通知送达日期"):
            services.record_payment(application=application, actor=handler(two_orgs), paid_on=D(2026, 3, 7))


def test_an_unpaid_fee_lapses_the_application(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-03-06"):
        _fee(two_orgs, application, delivered_on=D(2026, 3, 6), delivery_method="collect")
    assert clock_of(application, today=D(2026, 4, 3)).state == "paused"
    lapsed = clock_of(application, today=D(2026, 4, 7))
    assert lapsed.state == "lapsed"
    assert "第四十二条" in lapsed.clock.trail[-1]


# 5. The applicant answers the 补正 online.


def _awaiting_correction(world, **data):
    application, code = registered(world, **data)
    with at("2026-03-04"):
        services.request_correction(
            application=application,
            actor=handler(world),
            items="1. 写明文号",
            sent_on=D(2026, 3, 4),
            due_on=D(2026, 3, 20),
        )
    return application, code


def test_an_online_supplement_restarts_the_clock_on_its_day_is_audited_and_notifies(
    two_orgs, mailoutbox, django_capture_on_commit_callbacks
):
    staff = handler(two_orgs)
    staff.email = "handler@example.com"
    staff.save()
    application, _code = _awaiting_correction(two_orgs, email="applicant@example.com")
    with at("2026-03-09"):
        with django_capture_on_commit_callbacks(execute=True):
            notice = services.supplement_online(
                application=application,
                text="文号：甲政办〔2025〕3号",
                files=[("身份证明.pdf", PDF)],
                ip_address="203.0.113.9",
            )
        view = clock_of(application, today=D(2026, 3, 9))
    assert notice.supplied_on == D(2026, 3, 9)
    assert notice.supplied_channel == "online"
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    # From 3-9: 3-10 is day 1; the 20th working day is 4-7 (清明 4-4…4-6 skipped).
    assert view.clock.reply_due == D(2026, 4, 7)
    stored = SupplementFile.objects.get()
    assert stored.sha256
    assert stored.extension == "pdf"
    entry = AuditEntry.objects.get(verb="info_request_supplemented_online")
    assert entry.actor is None
    assert entry.ip_address == "203.0.113.9"
    to_handler = [m for m in mailoutbox if "handler@example.com" in m.to]
    assert to_handler
    assert "2026年4月7日" in to_handler[-1].body
    assert application.applicant_name not in to_handler[-1].body
    to_applicant = [m for m in mailoutbox if m.to == ["applicant@example.com"]]
    assert "2026年4月7日" in to_applicant[-1].body


@pytest.mark.parametrize(
    ("text", "files", "message"),
    [
        ("", [], "请填写补正内容或上传补正材料"),
        ("说明", [("脚本.pdf", b"<script>alert(1)</script>")], "不是允许的类型"),
        ("说明", [("a.docx", PDF)], "扩展名与实际内容"),
        ("说明", [(f"{i}.pdf", PDF) for i in range(6)], "最多上传5个文件"),
        ("字" * 5001, [], "不能超过5000字"),
    ],
)
def test_bad_supplements_are_refused_and_nothing_is_kept(two_orgs, text, files, message):
    application, _ = _awaiting_correction(two_orgs)
    with at("2026-03-09"), pytest.raises(ValidationError, match=message):
        services.supplement_online(application=application, text=text, files=files)
    assert not SupplementFile.objects.exists()
    assert CorrectionNotice.objects.get().supplied_on is None


def test_a_supplement_after_the_deadline_is_still_received_and_noted(two_orgs):
    application, _ = _awaiting_correction(two_orgs)
    with at("2026-03-23"):
        services.supplement_online(application=application, text="迟到的补正，因住院未能按期", files=[])
        view = clock_of(application, today=D(2026, 3, 23))
    assert view.clock.reply_due is not None
    assert any("晚于补正期限" in step for step in view.clock.trail)


def test_material_sent_after_the_supplement_was_registered_is_kept_without_moving_the_clock(two_orgs):
    application, _ = _awaiting_correction(two_orgs)
    with at("2026-03-09"):
        services.supplement_online(application=application, text="补正", files=[])
    with at("2026-03-10"):
        services.supplement_online(application=application, text="再补一份", files=[("补充.pdf", PDF)])
        assert clock_of(application, today=D(2026, 3, 10)).clock.reply_due == D(2026, 4, 7)
    assert SupplementFile.objects.count() == 1
    assert "再补一份" in application.notes.get().text


def test_no_supplement_without_a_correction(two_orgs):
    application, _ = registered(two_orgs)
    with at("2026-03-09"), pytest.raises(ValidationError, match="没有待补正的事项"):
        services.supplement_online(application=application, text="补正", files=[])
