"""政民互动统计 counted from groups in the database (issue 20: the page at an organ's full size)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.participation.models import Answer, Question, QuestionStatus
from gongkai.participation.questions import rules, statistics
from gongkai.workdays.selectors import current_calendar

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


def _questions(orgs, count: int, seed: int = 7) -> None:
    """``count`` questions over few distinct days and limits, so that many share a clock's group,
    in every status, answered ones on or after their limit."""
    rng = random.Random(seed)
    for n in range(count):
        status = rng.choice(QuestionStatus.values)
        # A few days in January (overdue if still open) and a few near TODAY (still running).
        received = rng.choice((date(2026, 1, 5), date(2026, 2, 26))) + timedelta(days=rng.randint(0, 3))
        question = Question.objects.create(
            organization=rng.choice(orgs),
            number=f"ZXT{n:06d}",
            title="社保补贴怎么申请",
            text="请问申请条件是什么？",
            status=status,
            received_on=received,
            answer_days=rng.choice((3, 5)),
        )
        if status in (QuestionStatus.ANSWERED, QuestionStatus.PUBLISHED) or rng.random() < 0.1:
            # An answer on a question since closed (rare) must not count as answered.
            Answer.objects.create(
                question=question, text="答复", answered_on=received + timedelta(days=rng.choice((1, 4, 9)))
            )
    # Another year: counted in neither.
    Question.objects.create(
        organization=orgs[0],
        number="ZXT-2025",
        title="旧咨询",
        text="去年的咨询",
        received_on=date(2025, 12, 31),
        answer_days=5,
    )


def _one_by_one(org_ids, year):
    """The figures as the page counted them before: every question read and clocked alone."""
    calendar = current_calendar()
    figures = {pk: statistics.OrganFigures(pk) for pk in org_ids}
    used: dict[int, list[int]] = {pk: [] for pk in org_ids}
    for q in Question.objects.filter(organization_id__in=org_ids, received_on__year=year).select_related(
        "answer"
    ):
        f = figures[q.organization_id]
        if q.status == QuestionStatus.REJECTED:
            f.rejected += 1
            continue
        f.received += 1
        if q.status == QuestionStatus.CLOSED:
            f.closed += 1
            continue
        answered_on = (
            q.answer.answered_on if q.status in (QuestionStatus.ANSWERED, QuestionStatus.PUBLISHED) else None
        )
        c = rules.clock(q.received_on, q.answer_days, today=TODAY, calendar=calendar, answered_on=answered_on)
        if answered_on is not None:
            f.answered += 1
            used[q.organization_id].append(c.working_days_used or 0)
            f.answered_in_time += c.state == "answered"
            f.answered_late += c.state != "answered"
            f.published += q.status == QuestionStatus.PUBLISHED
        else:
            f.open += 1
            f.overdue_open += c.state == "overdue"
    means = {pk: round(sum(d) / len(d), 1) if d else None for pk, d in used.items()}
    return figures, means


def test_grouped_figures_equal_the_question_by_question_count(two_orgs):
    orgs = [two_orgs.gov_a, two_orgs.dept_a1, two_orgs.gov_b]
    _questions(orgs, 300)
    ids = [o.pk for o in orgs]
    expected, means = _one_by_one(ids, 2026)
    got = statistics.question_figures(ids, 2026, today=TODAY)
    counted = (
        "received",
        "answered",
        "answered_in_time",
        "answered_late",
        "open",
        "overdue_open",
        "closed",
        "rejected",
        "published",
    )
    for pk in ids:
        assert {n: getattr(got[pk], n) for n in counted} == {n: getattr(expected[pk], n) for n in counted}
        assert got[pk].mean_working_days == means[pk]
    # The sample answers enough, in time and late, and leaves some open within and past the limit.
    assert all(sum(getattr(f, n) for f in got.values()) > 5 for n in counted)
    # The sum of the organs' means is the mean of all their answers, not a mean of means.
    t = statistics.total(got)
    all_used = sum(got[pk].working_days_total for pk in ids)
    assert t.mean_working_days == round(all_used / t.answered, 1)


def test_the_page_counts_the_year_once_and_its_narrative_covers_organs_out_of_service(client, two_orgs):
    _questions([two_orgs.gov_a, two_orgs.dept_a1], 60)
    two_orgs.dept_a1.is_active = False
    two_orgs.dept_a1.save(update_fields=["is_active"])
    told = statistics.narrative(two_orgs.gov_a, 2026)  # the annual report's sentence: every organ
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workbench:question_statistics") + "?year=2026")
    assert response.status_code == 200
    page = response.content.decode()
    assert told["sentence"] in page
    assert two_orgs.dept_a1.name not in page  # out of service: not a row of the table
    shown = statistics.question_figures([two_orgs.gov_a.pk], 2026)[two_orgs.gov_a.pk]
    assert response.context["total"].received == shown.received < told["received"]
    question_reads = [q for q in queries if 'FROM "participation_question"' in q["sql"]]
    assert len(question_reads) == 1, [q["sql"] for q in question_reads]
