"""Issue 15, ADR 0054: what the screen objects to is held for staff, never lost; and each organ's
答复时限, set by the 政务公开办, drives the clock, the reminders and 督办 — to the day."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.participation import selectors_consultations as consultation_selectors
from gongkai.participation import services_consultations as consultation_services
from gongkai.participation.models import CommentStatus, ConsultationComment, Question, QuestionStatus
from gongkai.participation.questions import jobs, selectors, services, statistics
from gongkai.participation.tests.consultation_factories import comment, open_consultation
from gongkai.textproc.pii import make_id_number

pytestmark = pytest.mark.django_db

ID = make_id_number("652301", date(1985, 6, 1), 17)
LINK_TEXT = "反对上调，理由详见 http://example.com/parking 的测算。"
OPINION = "反对上调停车收费标准，建议维持现行收费标准不变，并增加老旧小区周边的免费停车泊位。"


def ask(org, **fields):
    fields.setdefault("title", "灵活就业人员社保补贴怎么申请")
    fields.setdefault("text", "请问灵活就业人员社会保险补贴的申请条件是什么？")
    fields.setdefault("asker_name", "欧阳明华")
    return services.ask_question(organization=org, **fields)


def verbs(obj) -> list[str]:
    prefix = "question_" if isinstance(obj, Question) else "consultation_comment_"
    entries = AuditEntry.objects.filter(object_id=str(obj.pk), verb__startswith=prefix).order_by("id")
    return list(entries.values_list("verb", flat=True))


# --- held questions ------------------------------------------------------------------------------


def test_a_held_question_waits_for_staff_who_release_it_with_a_reason(two_orgs):
    q = ask(two_orgs.gov_a, text=f"我的身份证是{ID}，低保怎么申请？")
    assert q.status == QuestionStatus.HELD
    assert q.text == f"我的身份证是{ID}，低保怎么申请？"  # kept as typed, for the organ's staff
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    with pytest.raises(ValidationError, match="已答复或已办结"):
        services.answer_question(question=q, text="可以申请。", actor=editor)
    with pytest.raises(ValidationError) as no_reason:
        services.review_held_question(question=q, actor=editor, release=True, reason=" ")
    assert "理由" in str(no_reason.value)
    released = services.review_held_question(question=q, actor=editor, release=True, reason="正常咨询")
    assert (released.status, released.review_reason) == (QuestionStatus.OPEN, "正常咨询")
    assert verbs(q) == ["question_held", "question_released"]
    services.answer_question(question=q, text="可以申请。", actor=editor)
    with pytest.raises(ValidationError, match="不在待审核"):
        services.review_held_question(question=q, actor=editor, release=False, reason="重复")


def test_a_rejected_question_is_not_counted_as_received_and_never_public(client, two_orgs):
    spam = ask(two_orgs.gov_a, title="优惠 www.example.com", text="点击领取优惠券，加微信了解。")
    kept = ask(two_orgs.gov_a)
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    services.review_held_question(question=spam, actor=editor, release=False, reason="广告信息")
    assert Question.objects.get(pk=spam.pk).status == QuestionStatus.REJECTED
    figures = statistics.question_figures([two_orgs.gov_a.pk], kept.received_on.year)[two_orgs.gov_a.pk]
    assert (figures.received, figures.rejected, figures.open) == (1, 1, 1)
    assert client.get(reverse("questions:detail", args=[spam.number])).status_code == 404
    assert "优惠" not in client.get(reverse("questions:list")).content.decode()


def test_a_held_question_is_on_the_clock_from_receipt_and_reminded(two_orgs):
    staff = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    staff.email = "gov@example.com"
    staff.save()
    q = ask(two_orgs.gov_a, text=f"身份证{ID}，请核实", received_on=date(2026, 1, 9))  # due 01-16
    assert jobs.run_daily(date(2026, 1, 15)).reminded == 1
    assert q.number in mail.outbox[-1].body
    assert ID not in mail.outbox[-1].body
    assert jobs.run_daily(date(2026, 1, 19)).escalated == 1
    assert [c.state for _q, c in selectors.questions_needing_attention(org=two_orgs.gov_a)] == ["overdue"]


def test_staff_review_a_held_question_in_the_workbench_and_another_organ_gets_404(client, two_orgs):
    q = ask(two_orgs.gov_a, text=f"身份证{ID}，请核实")
    url = reverse("workbench:question_action", args=[q.pk, "review"])
    client.force_login(two_orgs.staff(two_orgs.gov_b, Role.COMPETENT_ADMIN))
    assert client.post(url, {"decision": "release", "reason": "x"}).status_code == 404
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    detail = client.get(reverse("workbench:question_detail", args=[q.pk])).content.decode()
    assert "待审核" in detail
    assert "身份证号码" in detail
    assert "放行办理" in detail
    refused = client.post(url, {"decision": "release", "reason": ""})
    assert refused.status_code == 200
    assert Question.objects.get(pk=q.pk).status == QuestionStatus.HELD
    assert client.post(url, {"decision": "release", "reason": "正常咨询"}).status_code == 302
    assert Question.objects.get(pk=q.pk).status == QuestionStatus.OPEN


# --- held comments -------------------------------------------------------------------------------


def test_a_held_comment_stays_out_of_groups_and_public_until_released(two_orgs):
    consultation = open_consultation(two_orgs)
    leader = comment(consultation, OPINION)
    held = comment(consultation, f"<b>{OPINION}</b>")
    assert held.status == CommentStatus.HELD
    assert held.duplicate_of is None
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    with pytest.raises(ValidationError, match="待复核"):
        consultation_services.moderate_comment(comment=held, actor=editor, publish=True)
    consultation_services.moderate_comment(comment=leader, actor=editor, publish=True)
    assert [c.text for c in consultation_selectors.public_comments(consultation)] == [leader.text]
    released = consultation_services.review_held_comment(
        comment=held, actor=editor, release=True, reason="链接为政府网站测算说明"
    )
    assert released.status == CommentStatus.PENDING
    assert released.duplicate_of_id == leader.pk  # grouped once released
    assert "consultation_comment_released" in verbs(held)


def test_hiding_a_held_comment_needs_a_reason_and_held_ones_block_the_feedback(two_orgs):
    consultation = open_consultation(two_orgs)
    held = comment(consultation, "<script>alert(1)</script>反对上调停车费")
    assert "还有1条意见待复核。" in consultation_services.feedback_problems(consultation)
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    with pytest.raises(ValidationError):
        consultation_services.review_held_comment(comment=held, actor=editor, release=False, reason="")
    with pytest.raises(PermissionDenied):
        consultation_services.review_held_comment(
            comment=held, actor=two_orgs.staff(two_orgs.gov_b, Role.EDITOR), release=False, reason="脚本"
        )
    hidden = consultation_services.review_held_comment(
        comment=held, actor=editor, release=False, reason="脚本"
    )
    assert (hidden.status, hidden.hide_reason) == (CommentStatus.HIDDEN, "脚本")
    assert not any("待复核" in p for p in consultation_services.feedback_problems(consultation))


def test_the_page_tells_the_commenter_why_the_comment_is_held(client, two_orgs):
    consultation = open_consultation(two_orgs)
    response = client.post(consultation.get_absolute_url(), {"text": LINK_TEXT})
    page = response.content.decode()
    assert response.status_code == 200
    assert "需经工作人员复核" in page
    assert "网址链接" in page
    stored = ConsultationComment.objects.get()
    assert (stored.status, stored.text) == (CommentStatus.HELD, LINK_TEXT)
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    url = reverse("workbench:consultation_comment", args=[consultation.pk, stored.pk])
    wb = client.get(reverse("workbench:consultation_detail", args=[consultation.pk])).content.decode()
    assert "待复核" in wb
    assert "放行（进入审核）" in wb
    client.post(url, {"op": "review", "decision": "release", "reason": "可信链接"})
    assert ConsultationComment.objects.get().status == CommentStatus.PENDING


# --- per-organ answer limits ---------------------------------------------------------------------


def test_an_organ_takes_its_own_limit_else_its_governments_else_the_default(two_orgs, settings):
    settings.GONGKAI_QUESTION_ANSWER_DAYS = 5
    office = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    assert services.answer_days(two_orgs.dept_a1) == 5
    services.set_answer_limit(organization=two_orgs.gov_a, actor=office, days=3)
    assert services.answer_days(two_orgs.dept_a1) == 3
    services.set_answer_limit(organization=two_orgs.dept_a1, actor=office, days=8)
    assert (services.answer_days(two_orgs.dept_a1), services.answer_days(two_orgs.gov_a)) == (8, 3)
    services.set_answer_limit(organization=two_orgs.dept_a1, actor=office, days=None)
    assert services.answer_days(two_orgs.dept_a1) == 3
    assert services.answer_days(two_orgs.gov_b) == 5
    entry = AuditEntry.objects.filter(verb="question_answer_limit_set").order_by("id").last()
    assert entry.changes["answer_days"] == [8, 3]


def test_only_the_governments_office_sets_a_limit_and_within_range(two_orgs):
    with pytest.raises(PermissionDenied):
        services.set_answer_limit(
            organization=two_orgs.dept_a1, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD), days=3
        )
    with pytest.raises(PermissionDenied):
        services.set_answer_limit(
            organization=two_orgs.dept_a1, actor=two_orgs.staff(two_orgs.gov_b, Role.COMPETENT_ADMIN), days=3
        )
    office = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    for bad in (0, 61):
        with pytest.raises(ValidationError, match="1至60个工作日"):
            services.set_answer_limit(organization=two_orgs.dept_a1, actor=office, days=bad)


def test_the_limit_boundary_drives_reminder_due_day_and_escalation(two_orgs):
    office = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    office.email = "office@example.com"
    office.save()
    services.set_answer_limit(organization=two_orgs.dept_a1, actor=office, days=3)
    # Received Friday 2026-01-09; three working days, the day of receipt not counted: due Wed 01-14.
    q = ask(two_orgs.dept_a1, received_on=date(2026, 1, 9))
    other = ask(two_orgs.gov_b, received_on=date(2026, 1, 9))  # default 5: due Fri 01-16
    assert q.answer_days == 3
    assert selectors.clock_of(q).due_on == date(2026, 1, 14)
    assert selectors.clock_of(other).due_on == date(2026, 1, 16)
    assert jobs.run_daily(date(2026, 1, 12)).reminded == 0  # two working days left
    day_before = jobs.run_daily(date(2026, 1, 13))
    assert (day_before.reminded, day_before.escalated) == (1, 0)
    due_day = jobs.run_daily(date(2026, 1, 14))
    assert (due_day.reminded, due_day.escalated) == (1, 0)  # due today is not yet overdue
    mail.outbox.clear()
    day_after = jobs.run_daily(date(2026, 1, 15))
    assert day_after.escalated == 1
    [escalation] = [m for m in mail.outbox if "督办" in m.subject]
    assert q.number in escalation.body
    assert other.number not in escalation.body
    assert Question.objects.get(pk=other.pk).escalated_at is None


def test_an_answer_on_the_due_day_is_on_time_and_a_day_later_is_late(two_orgs):
    office = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    services.set_answer_limit(organization=two_orgs.gov_a, actor=office, days=3)
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    on_time = ask(two_orgs.gov_a, received_on=date(2026, 1, 9))
    late = ask(two_orgs.gov_a, received_on=date(2026, 1, 9))
    services.answer_question(question=on_time, text="可以。", actor=editor, answered_on=date(2026, 1, 14))
    services.answer_question(question=late, text="可以。", actor=editor, answered_on=date(2026, 1, 15))
    f = statistics.question_figures([two_orgs.gov_a.pk], 2026, today=date(2026, 2, 1))[two_orgs.gov_a.pk]
    assert (f.answered_in_time, f.answered_late, f.overdue) == (1, 1, 1)


def test_a_changed_limit_applies_to_questions_received_afterwards_only(two_orgs):
    office = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    before = ask(two_orgs.gov_a, received_on=date(2026, 1, 9))
    services.set_answer_limit(organization=two_orgs.gov_a, actor=office, days=2)
    after = ask(two_orgs.gov_a, received_on=date(2026, 1, 9))
    assert (before.answer_days, after.answer_days) == (5, 2)
    assert selectors.clock_of(Question.objects.get(pk=before.pk)).due_on == date(2026, 1, 16)
    assert selectors.clock_of(after).due_on == date(2026, 1, 13)


def test_the_office_sets_limits_in_the_workbench_and_a_bad_value_keeps_the_form(client, two_orgs):
    url = reverse("workbench:question_limits")
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    assert client.get(url).status_code == 403
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    page = client.get(url).content.decode()
    assert "甲市发展和改革委员会" in page
    assert "乙县" not in page
    bad = client.post(url, {"organization": two_orgs.dept_a1.pk, "answer_days": "0"})
    assert bad.status_code == 400
    assert "has-error" in bad.content.decode()
    assert 'value="0"' in bad.content.decode()
    assert client.post(url, {"organization": two_orgs.gov_b.pk, "answer_days": "3"}).status_code == 404
    assert client.post(url, {"organization": two_orgs.dept_a1.pk, "answer_days": "4"}).status_code == 302
    assert services.answer_days(two_orgs.dept_a1) == 4
    ask_page = client.get(reverse("questions:ask"), {"org": two_orgs.dept_a1.slug}).content.decode()
    assert "4个工作日内答复" in ask_page


def test_a_question_left_held_for_three_months_is_the_19hao_veto_too(two_orgs):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from gongkai.inspection import selfcheck

    ask(two_orgs.gov_a, text=f"身份证{ID}，请核实", received_on=date(2026, 1, 9))
    now = datetime.combine(date(2026, 4, 10), time(9), tzinfo=ZoneInfo("Asia/Shanghai"))
    report = selfcheck.inspect([two_orgs.gov_a], now=now)
    assert any(v["indicator"] == selfcheck.INTERACTION for v in report.scores[two_orgs.gov_a.pk].vetoes)


def test_the_annual_reports_draft_cites_the_years_interaction_figures(two_orgs):
    from gongkai.reports import services as reports

    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    q = ask(two_orgs.gov_a, received_on=date(2025, 3, 3))
    services.answer_question(question=q, text="可以申请。", actor=editor, answered_on=date(2025, 3, 5))
    ask(two_orgs.gov_a, received_on=date(2024, 3, 3))  # another year: not counted
    report = reports.prepare(org=two_orgs.gov_a, actor=admin, year=2025)
    assert "本年度政民互动情况：2025年共收到政策咨询1件，已答复1件，其中按时答复1件" in report.overview
    quiet = reports.prepare(
        org=two_orgs.gov_b, actor=two_orgs.staff(two_orgs.gov_b, Role.COMPETENT_ADMIN), year=2025
    )
    assert "政民互动" not in quiet.overview


def test_held_questions_wait_on_the_dashboard_and_the_office_links_its_pages(client, two_orgs):
    q = ask(two_orgs.gov_a, text=f"身份证{ID}，请核实")
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    page = client.get(reverse("workbench:dashboard")).content.decode()
    assert "政策咨询：待审核" in page
    assert reverse("workbench:question_detail", args=[q.pk]) in page
    assert reverse("workbench:question_limits") in page
    assert reverse("workbench:question_statistics") in page


def test_a_released_question_with_an_id_number_is_published_masked(two_orgs):
    q = ask(two_orgs.gov_a, text=f"我的身份证是{ID}，低保怎么申请？", consent_to_publish=True)
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    services.review_held_question(question=q, actor=editor, release=True, reason="正常咨询")
    services.answer_question(question=q, text="请到社区申请。", actor=editor)
    published = services.publish_question(
        question=Question.objects.get(pk=q.pk), actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    )
    assert ID not in published.public_text
    assert "低保怎么申请" in published.public_text


def test_a_published_answer_links_the_policies_it_concerns_and_only_published_ones(client, two_orgs, publish):
    policy = publish(two_orgs.draft(two_orgs.gov_a, title="甲市灵活就业社会保险补贴实施办法"))
    draft = two_orgs.draft(two_orgs.gov_a, title="尚未公开的草稿")
    q = ask(two_orgs.gov_a, consent_to_publish=True)
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    with pytest.raises(ValidationError, match="只能关联已公开的政府信息"):
        services.answer_question(question=q, text="详见办法。", actor=editor, related_records=[draft.pk])
    services.answer_question(question=q, text="详见办法。", actor=editor, related_records=[policy.pk])
    services.publish_question(
        question=Question.objects.get(pk=q.pk), actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    )
    page = client.get(reverse("questions:detail", args=[q.number])).content.decode()
    assert "相关政策" in page
    assert policy.get_absolute_url() in page
    assert "尚未公开的草稿" not in page
