"""第三十五条: an application whose number or frequency clearly exceeds a reasonable range.

“申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由。行政机关认为
申请理由不合理的，告知申请人不予处理；行政机关认为申请理由合理，但是无法在本条例第三十三条规定的
期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人。” The tests check the letters, the staff
steps and the clock against that text (``statute.REGULATION[35]``). Dates are in March 2026
(received Monday 3-2: reply due 3-30).
"""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.info_requests import deadlines, services
from gongkai.info_requests.models import IssuedLetter, ReasonsRequest
from gongkai.info_requests.selectors import clock_of
from gongkai.info_requests.tests import statute
from gongkai.info_requests.tests.factories import applicant
from gongkai.workdays.testing import published_calendar

pytestmark = pytest.mark.django_db

D = date
CAL = published_calendar()
ARTICLE_35 = statute.REGULATION[35][0]


@pytest.fixture(autouse=True)
def _calendar(monkeypatch):
    monkeypatch.setattr("gongkai.workdays.selectors.current_calendar", lambda: CAL)


def at(day: str):
    return time_machine.travel(f"{day} 10:00 +0800", tick=False)


def handler(world):
    return world.staff(world.gov_a, Role.REQUEST_HANDLER)


def head(world):
    return world.staff(world.gov_a, Role.HEAD)


@pytest.fixture
def application(two_orgs):
    with at("2026-03-02"):
        created, _ = services.register(
            org=two_orgs.gov_a,
            actor=handler(two_orgs),
            channel="in_person",
            data=applicant(applicant_name="王五"),
            received_on=D(2026, 3, 2),
        )
    return created


ASKED_ON, REASONS_DUE, GIVEN_ON = D(2026, 3, 4), D(2026, 3, 13), D(2026, 3, 10)
DECIDED_ON, DELAYED_TO = D(2026, 3, 12), D(2026, 5, 29)


def ask(world, application, *, sent_on=ASKED_ON, due_on=REASONS_DUE):
    with at(sent_on.isoformat()):
        return services.ask_reasons(
            application=application,
            actor=handler(world),
            grounds="您本月已向本机关提出46件政府信息公开申请，其中38件内容相同",
            sent_on=sent_on,
            due_on=due_on,
        )


def give(world, application, *, given_on=GIVEN_ON):
    with at(given_on.isoformat()):
        return services.record_reasons(
            application=application, actor=handler(world), given_on=given_on, reasons="开展课题研究需要"
        )


def test_the_reasons_letter_states_the_statutes_request_and_both_consequences(
    two_orgs, application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(two_orgs, application)
    issued = IssuedLetter.objects.get(request=application, kind="reasons")
    assert issued.title == "甲市人民政府政府信息公开申请说明理由告知书"
    assert issued.number == "甲市政府公开理〔2026〕1号"
    assert issued.dated == D(2026, 3, 4)
    text = issued.text
    # The statute's own words: the situation, the request, and its two consequences.
    for words in ("数量、频次明显超过合理范围", "说明理由", "不予处理", "确定延迟答复的合理期限并告知"):
        assert words in ARTICLE_35
        assert words in text
    assert "《中华人民共和国政府信息公开条例》第三十五条" in text
    assert "第三十三条规定的期限内答复" in text
    assert "您本月已向本机关提出46件政府信息公开申请" in text
    assert "请您于2026年3月13日前向本机关说明理由" in text
    assert "您（单位）" not in text
    assert "2026-03-13" in mailoutbox[-1].body
    assert "第三十五条" in mailoutbox[-1].body


def test_asking_for_reasons_does_not_stop_the_clock(two_orgs, application):
    ask(two_orgs, application)
    view = clock_of(application, today=D(2026, 3, 5), calendar=CAL)
    assert view.clock.reply_due == D(2026, 3, 30)
    assert not view.clock.paused
    assert any("第三十五条" in step and "答复期限照常计算" in step for step in view.clock.trail)


@pytest.mark.parametrize(
    ("sent_on", "due_on", "message"),
    [
        (D(2026, 3, 4), D(2026, 3, 31), "说明理由期限应不晚于答复期限2026-03-30"),
        (D(2026, 3, 4), D(2026, 3, 4), "说明理由期限应晚于告知日期"),
        (D(2026, 3, 31), D(2026, 4, 3), "答复期限已于2026-03-30届满"),
    ],
)
def test_a_request_for_reasons_the_period_cannot_hold_is_refused(
    two_orgs, application, sent_on, due_on, message
):
    with pytest.raises(ValidationError, match=message):
        ask(two_orgs, application, sent_on=sent_on, due_on=due_on)
    assert not ReasonsRequest.objects.exists()
    assert not IssuedLetter.objects.filter(kind="reasons").exists()


def test_reasons_are_asked_once_with_grounds_and_received_after_the_request(two_orgs, application):
    with at("2026-03-04"), pytest.raises(ValidationError, match="尚未要求申请人说明理由"):
        services.record_reasons(
            application=application, actor=handler(two_orgs), given_on=D(2026, 3, 4), reasons="x"
        )
    with at("2026-03-04"), pytest.raises(ValidationError, match="具体情况"):
        services.ask_reasons(
            application=application,
            actor=handler(two_orgs),
            grounds=" ",
            sent_on=D(2026, 3, 4),
            due_on=D(2026, 3, 13),
        )
    ask(two_orgs, application)
    with pytest.raises(ValidationError, match="不能重复告知"):
        ask(two_orgs, application)
    with pytest.raises(ValidationError, match="收到理由日期不能早于2026-03-04"):
        give(two_orgs, application, given_on=D(2026, 3, 3))
    give(two_orgs, application)
    with pytest.raises(ValidationError, match="已登记"):
        give(two_orgs, application)


def _reply_excessive(world, application, replied_on):
    with at(replied_on.isoformat()):
        return services.reply(
            application=application,
            actor=handler(world),
            outcome="not_processed_excessive",
            reasons="您未说明理由",
            replied_on=replied_on,
        )


def test_no_processing_only_after_reasons_were_asked_and_given_or_their_period_passed(two_orgs, application):
    with pytest.raises(ValidationError, match="须先要求申请人说明理由"):
        _reply_excessive(two_orgs, application, D(2026, 3, 5))
    ask(two_orgs, application)
    with pytest.raises(ValidationError, match="说明理由期限2026-03-13尚未届满"):
        _reply_excessive(two_orgs, application, D(2026, 3, 13))
    _reply_excessive(two_orgs, application, D(2026, 3, 16))
    letter = IssuedLetter.objects.get(request=application, kind="reply")
    assert "根据《中华人民共和国政府信息公开条例》第三十五条的规定" in letter.text
    assert "决定不予处理" in letter.text


def test_unreasonable_reasons_may_be_answered_with_no_processing_at_once(two_orgs, application):
    ask(two_orgs, application)
    give(two_orgs, application)
    _reply_excessive(two_orgs, application, D(2026, 3, 11))
    assert application.reply.outcome == "not_processed_excessive"


def _delay(world, application, *, decided_on=DECIDED_ON, new_due_on=DELAYED_TO):
    with at(decided_on.isoformat()):
        return services.delay_reply(
            application=application,
            actor=head(world),
            new_due_on=new_due_on,
            reason="所申请的46件信息涉及12个项目的档案，需逐件调取审查",
            decided_on=decided_on,
        )


def test_a_delay_needs_reasons_received_and_issues_its_letter(
    two_orgs, application, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError, match="须先要求申请人说明理由"):
        _delay(two_orgs, application)
    ask(two_orgs, application)
    with pytest.raises(ValidationError, match="须先要求申请人说明理由"):
        _delay(two_orgs, application)
    give(two_orgs, application)
    with django_capture_on_commit_callbacks(execute=True):
        _delay(two_orgs, application)
    issued = IssuedLetter.objects.get(request=application, kind="delay")
    assert issued.number == "甲市政府公开迟〔2026〕1号"
    assert issued.title == "甲市人民政府政府信息公开申请延迟答复告知书"
    text = issued.text
    assert "本机关认为申请理由合理" in text
    assert "无法在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复" in text
    assert (
        "根据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关确定延迟答复的期限为2026年5月29日"
        in text
    )
    assert "2026-05-29" in mailoutbox[-1].body
    view = clock_of(application, today=D(2026, 3, 12), calendar=CAL)
    assert view.clock.statutory_reply_due == D(2026, 3, 30)
    assert view.clock.reply_due == D(2026, 5, 29)
    # A delay is not an extension: the 第三十三条 letter is not offered.
    from gongkai.info_requests import letters

    assert letters.available_kinds(application) == ["receipt", "reasons", "delay"]


def test_a_delay_after_the_reply_period_is_refused(two_orgs, application):
    ask(two_orgs, application)
    give(two_orgs, application)
    with pytest.raises(ValidationError, match="第三十五条"):
        _delay(two_orgs, application, decided_on=D(2026, 3, 31))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (dict(reasons_given_on=D(2026, 3, 5)), "尚未要求申请人说明理由"),
        (dict(reasons_requested_on=D(2026, 3, 6), reasons_given_on=D(2026, 3, 5)), "收到理由日期"),
        (dict(reasons_requested_on=D(2026, 2, 27)), "要求说明理由日期"),
        (
            dict(
                reasons_requested_on=D(2026, 3, 4), delayed_to=D(2026, 5, 29), delay_decided_on=D(2026, 3, 12)
            ),
            "尚未收到申请人说明的理由",
        ),
        (
            dict(
                reasons_requested_on=D(2026, 3, 4),
                reasons_given_on=D(2026, 3, 12),
                delayed_to=D(2026, 5, 29),
                delay_decided_on=D(2026, 3, 11),
            ),
            "延迟答复决定日期",
        ),
    ],
)
def test_article_35_dates_out_of_order_are_named(data, message):
    errors = deadlines.order_errors(deadlines.ClockInput(received_on=D(2026, 3, 2), **data))
    assert any(message in error for error in errors)


def test_the_workbench_steps(client, two_orgs, application):
    detail = reverse("workbench:request_detail", args=[application.pk])
    step = reverse("workbench:request_step", args=[application.pk, "reasons"])
    with at("2026-03-10"):
        client.force_login(handler(two_orgs))
        assert step in client.get(detail).content.decode()
        client.post(
            step,
            {
                "reasons-grounds": "本月已提出46件申请",
                "reasons-sent_on": "2026-03-04",
                "reasons-due_on": "2026-03-13",
            },
        )
        assert ReasonsRequest.objects.get(request=application).due_on == D(2026, 3, 13)
        page = client.get(detail).content.decode()
        assert "说明理由（第三十五条）" in page
        assert step not in page  # asked once
        client.post(
            reverse("workbench:request_step", args=[application.pk, "reasons_given"]),
            {"reasons_given-given_on": "2026-03-10", "reasons_given-reasons": "课题研究"},
        )
    assert ReasonsRequest.objects.get(request=application).given_on == D(2026, 3, 10)


def test_the_head_is_offered_the_delay_only_once_reasons_are_in(client, two_orgs, application):
    detail = reverse("workbench:request_detail", args=[application.pk])
    delay = reverse("workbench:request_step", args=[application.pk, "delay"])
    with at("2026-03-04"):
        client.force_login(head(two_orgs))
        assert delay not in client.get(detail).content.decode()
    ask(two_orgs, application)
    with at("2026-03-05"):
        client.force_login(head(two_orgs))
        assert delay not in client.get(detail).content.decode()
    give(two_orgs, application)
    with at("2026-03-10"):
        client.force_login(head(two_orgs))
        assert delay in client.get(detail).content.decode()
        client.post(
            delay,
            {
                "delay-new_due_on": "2026-05-29",
                "delay-reason": "涉及12个项目的档案",
                "delay-decided_on": "2026-03-10",
            },
        )
    assert IssuedLetter.objects.filter(request=application, kind="delay").exists()


def test_the_applicant_downloads_the_reasons_letter_with_the_query_code(client, two_orgs):
    with at("2026-03-02"):
        created, code = services.register(
            org=two_orgs.gov_a,
            actor=handler(two_orgs),
            channel="in_person",
            data=applicant(),
            received_on=D(2026, 3, 2),
        )
    ask(two_orgs, created)
    issued = IssuedLetter.objects.get(request=created, kind="reasons")
    with at("2026-03-05"):
        page = client.post(reverse("portal:apply_track", args=[two_orgs.gov_a.slug]), {"code": code})
        assert "下载说明理由告知书（PDF）" in page.content.decode()
        response = client.post(
            reverse("portal:apply_track_download", args=[two_orgs.gov_a.slug]),
            {"code": code, "what": "reasons"},
        )
    assert response.status_code == 200
    from gongkai.info_requests import issuing

    assert response.content == issuing.stored_bytes(issued, "pdf")


def _tracked(two_orgs):
    with at("2026-03-02"):
        created, code = services.register(
            org=two_orgs.gov_a,
            actor=handler(two_orgs),
            channel="in_person",
            data=applicant(),
            received_on=D(2026, 3, 2),
        )
    return created, code


def test_the_applicant_gives_reasons_online_and_the_organ_sees_them(
    client, two_orgs, mailoutbox, django_capture_on_commit_callbacks
):
    created, code = _tracked(two_orgs)
    track = reverse("portal:apply_track", args=[two_orgs.gov_a.slug])
    answer = reverse("portal:apply_track_reasons", args=[two_orgs.gov_a.slug])
    with at("2026-03-05"):
        assert answer not in client.post(track, {"code": code}).content.decode()  # nothing asked yet
    ask(two_orgs, created)
    with at("2026-03-06"):
        page = client.post(track, {"code": code}).content.decode()
        assert answer in page
        assert "请于2026年3月13日前说明理由" in page
        # Refused input keeps the page and stores nothing.
        refused = client.post(answer, {"code": code, "text": "  "}).content.decode()
        assert "申请理由" in refused
        assert ReasonsRequest.objects.get(request=created).given_on is None
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(answer, {"code": code, "text": "撰写硕士论文需要逐年数据"}).content.decode()
    assert "已收到您说明的理由" in done
    assert "已于2026年3月6日收到您说明的理由" in done
    asked = ReasonsRequest.objects.get(request=created)
    assert asked.given_on == D(2026, 3, 6)
    assert asked.reasons == "撰写硕士论文需要逐年数据"
    assert any("在线说明理由（第三十五条）" in m.body for m in mailoutbox)
    # Answered once: a second answer is refused.
    with at("2026-03-07"), pytest.raises(ValidationError, match="没有需要说明理由的事项"):
        services.reasons_online(application=created, text="再说一次")


def test_reasons_with_a_wrong_code_are_given_back_not_stored(client, two_orgs):
    created, _ = _tracked(two_orgs)
    ask(two_orgs, created)
    with at("2026-03-06"):
        page = client.post(
            reverse("portal:apply_track_reasons", args=[two_orgs.gov_a.slug]),
            {"code": "AAAA-BBBB-CCCC", "text": "课题研究"},
        ).content.decode()
    assert "理由未能提交" in page
    assert "课题研究" in page
    assert ReasonsRequest.objects.get(request=created).given_on is None
