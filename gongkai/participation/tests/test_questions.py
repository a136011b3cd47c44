"""政策咨询 through the services and pages: routing and transfers, answering, publication with
consent and masking, the daily reminders and 督办, statistics, suggestions and privacy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.disclosure.models import Topic
from gongkai.participation.models import Question, QuestionStatus
from gongkai.participation.questions import jobs, search, selectors, services, statistics
from gongkai.textproc.pii import make_id_number

pytestmark = pytest.mark.django_db

ID = make_id_number("652301", date(1985, 6, 1), 17)
ASKER = "欧阳明华"
PHONE = "13987654321"


def ask(org=None, **fields):
    fields.setdefault("title", "灵活就业人员社保补贴怎么申请")
    fields.setdefault("text", "请问灵活就业人员社会保险补贴的申请条件是什么？")
    fields.setdefault("asker_name", ASKER)
    fields.setdefault("asker_contact", PHONE)
    return services.ask_question(organization=org, **fields)


def answered(two_orgs, *, consent=True, text="", **fields):
    q = ask(two_orgs.gov_a, consent_to_publish=consent, **fields)
    services.answer_question(
        question=q,
        text=text or "符合条件的灵活就业人员可在线申请，详见相关通知。",
        actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
    )
    return Question.objects.get(pk=q.pk)


def test_a_question_to_a_named_organ_gets_a_number_the_limit_and_an_audit_entry_without_the_asker(two_orgs):
    q = ask(two_orgs.dept_a1)
    assert q.organization == two_orgs.dept_a1
    assert q.asked_organization == two_orgs.dept_a1
    assert q.number == f"ZX{q.received_on:%Y}{q.pk:06d}"
    assert q.answer_days == 5
    assert not q.routed
    assert not q.transfers.exists()
    entry = AuditEntry.objects.get(verb="question_asked", object_id=str(q.pk))
    assert ASKER not in str(entry.changes)
    assert PHONE not in str(entry.changes)


def test_asker_name_and_contact_are_sealed_at_rest(two_orgs):
    from django.db import connection

    q = ask(two_orgs.gov_a)
    with connection.cursor() as cursor:
        cursor.execute("SELECT asker_name, asker_contact FROM participation_question WHERE id = %s", [q.pk])
        name, contact = cursor.fetchone()
    assert ASKER not in name
    assert PHONE not in contact


def test_not_knowing_whom_to_ask_routes_by_topic_and_records_the_routing(two_orgs, publish):
    publish(two_orgs.draft(two_orgs.dept_a1, title="关于降低物流成本的若干措施", topic=Topic.ECONOMY))
    q = services.ask_question(
        government=two_orgs.gov_a, topic=Topic.ECONOMY, title="物流补贴", text="物流企业有什么补贴政策？"
    )
    assert q.organization == two_orgs.dept_a1
    assert q.routed
    assert q.asked_organization is None
    [routing] = q.transfers.all()
    assert routing.from_organization is None
    assert routing.to_organization == two_orgs.dept_a1
    assert "国民经济管理" in routing.reason
    # A topic no organ has published under goes to the government itself.
    other = services.ask_question(
        government=two_orgs.gov_a, topic=Topic.DEFENCE, title="征兵", text="征兵体检在哪里？"
    )
    assert other.organization == two_orgs.gov_a


def test_a_transfer_moves_the_question_keeps_its_clock_and_history_and_is_audited(two_orgs):
    q = ask(two_orgs.gov_a)
    actor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    services.transfer_question(
        question=q, to_organization=two_orgs.dept_a1, reason="属发改委职责", actor=actor
    )
    services.transfer_question(
        question=Question.objects.get(pk=q.pk),
        to_organization=two_orgs.gov_b,
        reason="属乙县事项",
        actor=two_orgs.staff(two_orgs.dept_a1, Role.EDITOR),
    )
    q.refresh_from_db()
    assert q.organization == two_orgs.gov_b
    assert q.received_on == timezone.localdate()
    hops = [(t.from_organization, t.to_organization) for t in q.transfers.all()]
    assert hops == [(two_orgs.gov_a, two_orgs.dept_a1), (two_orgs.dept_a1, two_orgs.gov_b)]
    assert AuditEntry.objects.filter(verb="question_transferred", object_id=str(q.pk)).count() == 2
    with pytest.raises(ValidationError):
        services.transfer_question(question=q, to_organization=two_orgs.gov_b, reason="同机关", actor=actor)
    with pytest.raises(ValidationError):
        services.transfer_question(question=q, to_organization=two_orgs.gov_a, reason="  ", actor=actor)


def test_bad_input_is_refused_with_the_field_named(two_orgs):
    with pytest.raises(ValidationError) as caught:
        ask(two_orgs.gov_a, text="  ")
    assert "请填写咨询内容" in str(caught.value.message_dict["text"])
    with pytest.raises(ValidationError) as caught:
        ask(two_orgs.gov_a, title="长" * 101)
    assert "不超过100字" in str(caught.value.message_dict["title"])
    assert not Question.objects.exists()


def test_an_id_number_or_a_link_holds_the_question_with_the_reason(two_orgs):
    by_id = ask(two_orgs.gov_a, text=f"身份证{ID}，请核实")
    assert by_id.status == QuestionStatus.HELD
    assert "身份证号码" in by_id.held_reasons[0]
    assert ID not in str(by_id.held_reasons)  # the reason shows it masked only
    link = ask(two_orgs.gov_a, title="看这里 http://spam.example.com")
    assert link.status == QuestionStatus.HELD
    assert "网址" in link.held_reasons[0]


def test_publication_needs_consent(two_orgs):
    q = answered(two_orgs, consent=False)
    with pytest.raises(ValidationError, match="未同意公开"):
        services.publish_question(question=q, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    assert Question.objects.get(pk=q.pk).status == QuestionStatus.ANSWERED


def test_published_question_and_answer_are_masked_and_the_original_is_kept(two_orgs):
    q = ask(
        two_orgs.gov_a,
        consent_to_publish=True,
        title=f"{ASKER}咨询补贴",
        text=f"我是{ASKER}，电话{PHONE}，想问补贴。",
    )
    services.answer_question(
        question=q,
        text=f"{ASKER}您好，经核实您（电话{PHONE}）符合条件，家庭住址：甲市人民路12号3单元501室所在社区可代办。",
        actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
    )
    services.publish_question(
        question=Question.objects.get(pk=q.pk), actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    )
    q = Question.objects.get(pk=q.pk)
    public = " ".join([q.public_title, q.public_text, q.answer.public_text])
    assert ASKER not in public
    assert PHONE not in public
    assert "12号3单元501室" not in public
    assert "欧***" in public
    assert "想问补贴" in public
    assert ASKER in q.answer.text  # the organ's own record is unchanged


def test_staff_edits_that_put_personal_data_back_are_masked_again(two_orgs):
    q = answered(two_orgs)
    services.publish_question(
        question=q,
        actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD),
        public_answer=f"请拨打{PHONE}，身份证{ID}",
    )
    q = Question.objects.get(pk=q.pk)
    assert PHONE not in q.answer.public_text
    assert ID not in q.answer.public_text


def test_the_index_gets_only_the_masked_texts_and_nothing_before_publication(two_orgs):
    q = answered(two_orgs)
    assert search.build_question(q) is None
    services.publish_question(question=q, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    fields = search.build_question(Question.objects.get(pk=q.pk))
    assert fields["genre"] == "question"
    assert fields["url"].endswith(f"/{q.number}/")
    assert ASKER not in str(fields)
    assert PHONE not in str(fields)


def test_public_pages_never_show_the_asker_and_unpublished_questions_are_404(client, two_orgs):
    hidden = answered(two_orgs)
    assert client.get(reverse("questions:detail", args=[hidden.number])).status_code == 404
    services.publish_question(question=hidden, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    for url in (reverse("questions:list"), reverse("questions:detail", args=[hidden.number])):
        page = client.get(url).content.decode()
        assert "灵活就业人员社保补贴怎么申请" in page
        assert ASKER not in page
        assert PHONE not in page


def test_the_form_holds_a_question_with_an_id_number_and_says_why(client, two_orgs):
    text = f"我想问低保申请，我的身份证是{ID}"
    response = client.post(
        reverse("questions:ask"),
        {
            "organization": two_orgs.gov_a.pk,
            "title": "低保申请",
            "text": text,
            "asker_name": "张三",
            "action": "submit",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "待审核" in page
    assert "身份证号码" in page
    assert text in page  # shown back to the asker: nothing typed is lost
    held = Question.objects.get()
    assert held.status == QuestionStatus.HELD
    assert (held.text, held.asker_name) == (text, "张三")
    assert held.number in page


def test_the_honeypot_and_the_rate_limit_stop_scripts(client, two_orgs):
    data = {"organization": two_orgs.gov_a.pk, "title": "咨询", "text": "请问办理时间？", "action": "submit"}
    response = client.post(reverse("questions:ask"), {**data, "website": "http://x"})
    assert "提交失败" in response.content.decode()
    assert not Question.objects.exists()
    for _ in range(4):  # the honeypot's attempt counted too: five in ten minutes
        assert client.post(reverse("questions:ask"), data).status_code == 200
    throttled = client.post(reverse("questions:ask"), {**data, "text": "第六次的内容"})
    assert throttled.status_code == 429
    assert "第六次的内容" in throttled.content.decode()
    assert Question.objects.count() == 4


def test_a_question_through_the_form_says_its_number_and_due_date(client, two_orgs):
    response = client.post(
        reverse("questions:ask"),
        {
            "government": two_orgs.gov_a.pk,
            "topic": "general",
            "title": "咨询",
            "text": "请问办理时间？",
            "action": "submit",
        },
    )
    q = Question.objects.get()
    assert q.organization == two_orgs.gov_a
    assert q.routed
    assert q.number in response.content.decode()


def test_suggestions_come_from_published_answers_and_policies(client, two_orgs, publish, search_index):
    policy = publish(two_orgs.draft(two_orgs.gov_a, title="甲市灵活就业社会保险补贴实施办法"))
    q = answered(two_orgs)
    services.publish_question(question=q, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    search_index()
    fragment = client.get(reverse("questions:suggest"), {"q": "灵活就业 社保补贴"}).content.decode()
    assert policy.get_absolute_url() in fragment  # the title itself comes back highlighted
    assert reverse("questions:detail", args=[q.number]) in fragment
    # Without JavaScript: the check button shows the same list and keeps the text.
    page = client.post(
        reverse("questions:ask"), {"title": "灵活就业补贴", "text": "社保补贴怎么领", "action": "check"}
    )
    assert policy.get_absolute_url() in page.content.decode()
    assert "社保补贴怎么领" in page.content.decode()


def test_frequent_questions_show_on_the_policy_page(client, two_orgs, publish):
    policy = publish(two_orgs.draft(two_orgs.gov_a, title="甲市社保补贴办法"))
    q = answered(two_orgs)
    with pytest.raises(ValidationError):
        services.add_frequent_question(
            record=policy, question=q, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD)
        )
    services.publish_question(question=q, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    services.add_frequent_question(
        record=policy, question=Question.objects.get(pk=q.pk), actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    )
    assert [x.pk for x in selectors.frequent_questions_for(policy)] == [q.pk]
    page = client.get(policy.get_absolute_url()).content.decode()
    assert "常见问题" in page
    assert "灵活就业人员社保补贴怎么申请" in page


def test_the_daily_job_reminds_then_escalates_once_to_the_competent_office(two_orgs):
    staff = two_orgs.staff(two_orgs.dept_a1, Role.EDITOR)
    staff.email, office = "a1@example.com", two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    staff.save()
    office.email = "office@example.com"
    office.save()
    q = ask(two_orgs.dept_a1, received_on=date(2026, 1, 9))  # due 2026-01-16
    assert jobs.run_daily(date(2026, 1, 12)).reminded == 0
    soon = jobs.run_daily(date(2026, 1, 15))
    assert (soon.reminded, soon.escalated) == (1, 0)
    assert "a1@example.com" in mail.outbox[-1].to
    assert q.number in mail.outbox[-1].body
    assert "office@example.com" not in mail.outbox[-1].to
    mail.outbox.clear()
    late = jobs.run_daily(date(2026, 1, 19))
    assert (late.reminded, late.escalated) == (1, 1)
    [escalation] = [m for m in mail.outbox if "督办" in m.subject]
    assert escalation.to == ["office@example.com"]
    assert q.number in escalation.body
    assert all(ASKER not in m.body and PHONE not in m.body for m in mail.outbox)
    assert jobs.run_daily(date(2026, 1, 20)).escalated == 0  # once
    assert AuditEntry.objects.filter(verb="question_escalated", object_id=str(q.pk)).count() == 1


def test_the_daily_command_runs_the_question_job(two_orgs):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("request_digest", stdout=out)
    assert "政策咨询：提醒" in out.getvalue()


def test_statistics_per_organ_and_year_and_the_narrative(two_orgs):
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    on_time = ask(two_orgs.gov_a, received_on=date(2026, 1, 9))
    services.answer_question(question=on_time, text="答复", actor=editor, answered_on=date(2026, 1, 14))
    late = ask(two_orgs.gov_a, received_on=date(2026, 1, 9))
    services.answer_question(question=late, text="答复", actor=editor, answered_on=date(2026, 1, 20))
    ask(two_orgs.gov_a, received_on=date(2026, 2, 2))  # open, overdue by 2026-03-01
    ask(two_orgs.dept_a1, received_on=date(2026, 2, 25))  # open, not yet due
    ask(two_orgs.gov_a, received_on=date(2025, 6, 2))  # another year
    figures = statistics.question_figures(
        [two_orgs.gov_a.pk, two_orgs.dept_a1.pk], 2026, today=date(2026, 3, 1)
    )
    a = figures[two_orgs.gov_a.pk]
    assert (a.received, a.answered, a.answered_in_time, a.overdue, a.open) == (3, 2, 1, 2, 1)
    assert a.mean_working_days == 5.0
    assert a.on_time_rate == 50.0
    assert a.adoption_rate is None
    assert figures[two_orgs.dept_a1.pk].overdue == 0
    told = statistics.narrative(two_orgs.gov_a, 2026, today=date(2026, 3, 1))
    assert told["received"] == 4
    assert "共收到政策咨询4件" in told["sentence"]
    assert "超期2件" in told["sentence"]


def test_consultation_figures_plug_in_through_one_function(two_orgs, monkeypatch):
    monkeypatch.setattr(statistics, "CONSULTATION_FIGURES", [])
    statistics.register_consultation_figures(
        lambda ids, year: {two_orgs.gov_a.pk: {"consultations": 1, "comments": 8, "adopted": 2}}
    )
    f = statistics.question_figures([two_orgs.gov_a.pk], 2026)[two_orgs.gov_a.pk]
    assert f.adoption_rate == 25.0
    assert "采纳率25.0%" in statistics.narrative(two_orgs.gov_a, 2026)["sentence"]


def test_staff_answer_publish_and_see_statistics_in_the_workbench(client, two_orgs):
    q = ask(two_orgs.gov_a, consent_to_publish=True)
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    detail = client.get(reverse("workbench:question_detail", args=[q.pk])).content.decode()
    assert ASKER in detail  # the handling organ's staff see who asked
    client.post(reverse("workbench:question_action", args=[q.pk, "answer"]), {"text": "可以申请。"})
    client.post(reverse("workbench:question_action", args=[q.pk, "publish"]), {})
    assert Question.objects.get(pk=q.pk).status == QuestionStatus.PUBLISHED
    empty = client.post(reverse("workbench:question_action", args=[q.pk, "transfer"]), {"reason": ""})
    assert empty.status_code == 200
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    stats = client.get(reverse("workbench:question_statistics")).content.decode()
    assert "政民互动统计" in stats
    assert "甲市发展和改革委员会" in stats
    assert "乙县" not in stats


def test_the_api_lists_published_questions_without_the_asker(client, two_orgs):
    q = answered(two_orgs)
    assert client.get("/api/v1/questions").json()["items"] == []
    services.publish_question(question=q, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    payload = client.get("/api/v1/questions").json()
    [item] = payload["items"]
    assert item["number"] == q.number
    assert item["answer"]
    assert ASKER not in str(payload)
    assert PHONE not in str(payload)
    assert client.get(f"/api/v1/questions/{q.number}").status_code == 200
    assert client.get("/api/v1/questions/ZX0000").status_code == 404


def test_overdue_before_three_months_deducts_and_after_is_a_veto(two_orgs):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from gongkai.inspection import selfcheck

    ask(two_orgs.gov_a, received_on=date(2026, 1, 9))
    at = lambda d: datetime.combine(d, time(9), tzinfo=ZoneInfo("Asia/Shanghai"))  # noqa: E731
    report = selfcheck.inspect([two_orgs.gov_a], now=at(date(2026, 2, 2)))
    found = [f for f in report.findings if f.indicator == selfcheck.INTERACTION]
    assert [f.severity for f in found] == ["deduct"]
    assert not any(v["indicator"] == selfcheck.INTERACTION for v in report.scores[two_orgs.gov_a.pk].vetoes)
    report = selfcheck.inspect([two_orgs.gov_a], now=at(date(2026, 4, 10)))
    assert any(v["indicator"] == selfcheck.INTERACTION for v in report.scores[two_orgs.gov_a.pk].vetoes)
    assert not any(i["indicator"] == selfcheck.INTERACTION for i in report.not_measured)


def test_an_answer_given_only_after_three_months_within_the_year_is_a_veto_too(two_orgs):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from gongkai.inspection import selfcheck

    q = ask(two_orgs.gov_a, received_on=date(2026, 1, 9))
    services.answer_question(
        question=q,
        text="答复",
        actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
        answered_on=date(2026, 4, 20),
    )
    at = datetime.combine(date(2026, 6, 1), time(9), tzinfo=ZoneInfo("Asia/Shanghai"))

    def interaction_vetoes(now):
        vetoes = selfcheck.inspect([two_orgs.gov_a], now=now).scores[two_orgs.gov_a.pk].vetoes
        return [v for v in vetoes if v["indicator"] == selfcheck.INTERACTION]

    assert len(interaction_vetoes(at)) == 1
    next_year = datetime.combine(date(2027, 2, 1), time(9), tzinfo=ZoneInfo("Asia/Shanghai"))
    assert interaction_vetoes(next_year) == []


def test_the_dashboard_lists_questions_due_soon_or_overdue(client, two_orgs):
    q = ask(two_orgs.gov_a, received_on=timezone.localdate() - timedelta(days=20))
    ask(two_orgs.gov_a)  # just arrived: not yet a 待办 of the dashboard
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    page = client.get(reverse("workbench:dashboard")).content.decode()
    assert "政策咨询：即将到期或已超期" in page
    assert q.number in page
    assert page.count("已超期") >= 1


def test_the_sitemap_lists_published_questions_only(client, two_orgs):
    hidden = answered(two_orgs)
    assert hidden.number not in client.get("/sitemap-questions.xml").content.decode()
    services.publish_question(question=hidden, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    assert (
        reverse("questions:detail", args=[hidden.number])
        in client.get("/sitemap-questions.xml").content.decode()
    )


def test_the_limit_is_configuration_and_kept_on_each_question(client, two_orgs, settings):
    settings.GONGKAI_QUESTION_ANSWER_DAYS = 7
    assert "7个工作日内答复" in client.get(reverse("questions:ask")).content.decode()
    q = ask(two_orgs.gov_a, received_on=date(2026, 1, 9))
    settings.GONGKAI_QUESTION_ANSWER_DAYS = 3
    assert q.answer_days == 7
    assert selectors.clock_of(Question.objects.get(pk=q.pk)).due_on == date(2026, 1, 20)
