"""政民互动 figures per organ and year: response times, overdue counts, adoption rates (issue 15
item 4), for the 政务公开办's dashboard and the annual report's narrative.

Questions are counted here. 意见征集 (consultations) plug in through ``CONSULTATION_FIGURES``: a
function ``(org_ids, year) -> {org_id: {"consultations", "comments", "adopted"}}`` the consultation
half registers with ``register_consultation_figures``; until then those figures are absent, not 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils import timezone

from gongkai.participation.models import Question, QuestionStatus
from gongkai.participation.questions import rules
from gongkai.workdays.selectors import current_calendar

ConsultationFigures = Callable[[list[int], int], dict[int, dict]]
CONSULTATION_FIGURES: list[ConsultationFigures] = []


def register_consultation_figures(function: ConsultationFigures) -> None:
    """The one place consultation figures (意见征集: comments, adopted) join these statistics."""
    if function not in CONSULTATION_FIGURES:
        CONSULTATION_FIGURES.append(function)


@dataclass
class OrganFigures:
    organization_id: int
    received: int = 0
    answered: int = 0
    answered_in_time: int = 0
    answered_late: int = 0
    open: int = 0
    overdue_open: int = 0
    closed: int = 0
    rejected: int = 0  # held and rejected as spam: not a question, so not "received" (ADR 0054)
    published: int = 0
    # The working days each answered question took, summed, for the mean (not a list of one entry
    # per question: an organ answers thousands a year).
    working_days_total: int = 0
    consultations: dict | None = None

    @property
    def overdue(self) -> int:
        """Answered late plus still open past the limit."""
        return self.answered_late + self.overdue_open

    @property
    def mean_working_days(self) -> float | None:
        return round(self.working_days_total / self.answered, 1) if self.answered else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.answered_in_time / self.answered, 1) if self.answered else None

    @property
    def adoption_rate(self) -> float | None:
        c = self.consultations or {}
        return round(100 * c["adopted"] / c["comments"], 1) if c.get("comments") else None


def question_figures(org_ids: list[int], year: int, *, today: date | None = None) -> dict[int, OrganFigures]:
    """Figures of questions received in ``year`` by each organ (the organ answering them now)."""
    today = today or timezone.localdate()
    calendar = current_calendar()
    figures = {pk: OrganFigures(pk) for pk in org_ids}
    # The database groups the year's questions by what their clock depends on (received, limit,
    # answered) and counts each group: one clock per distinct group instead of one per question,
    # and no row per question crosses into Python (issue 20: the page at an organ's full size).
    groups = (
        Question.objects.filter(organization_id__in=org_ids, received_on__year=year)
        .order_by()
        .values("organization_id", "status", "received_on", "answer_days", "answer__answered_on")
        .annotate(n=Count("id"))
    )
    clocks: dict[tuple, rules.Clock] = {}
    for group in groups:
        f, n, status = figures[group["organization_id"]], group["n"], group["status"]
        if status == QuestionStatus.REJECTED:
            f.rejected += n
            continue
        f.received += n
        if status == QuestionStatus.CLOSED:
            f.closed += n
            continue
        answered_on = (
            group["answer__answered_on"]
            if status in (QuestionStatus.ANSWERED, QuestionStatus.PUBLISHED)
            else None
        )
        key = (group["received_on"], group["answer_days"], answered_on)
        c = clocks.get(key)
        if c is None:
            c = clocks[key] = rules.clock(*key[:2], today=today, calendar=calendar, answered_on=answered_on)
        if answered_on is not None:
            f.answered += n
            f.working_days_total += (c.working_days_used or 0) * n
            if c.state == "answered":
                f.answered_in_time += n
            else:
                f.answered_late += n
            if status == QuestionStatus.PUBLISHED:
                f.published += n
        else:
            f.open += n
            if c.state == "overdue":
                f.overdue_open += n
    for function in CONSULTATION_FIGURES:
        for pk, data in function(org_ids, year).items():
            if pk in figures:
                figures[pk].consultations = data
    return figures


def total(figures: dict[int, OrganFigures]) -> OrganFigures:
    t = OrganFigures(0)
    consultations: dict = defaultdict(int)
    for f in figures.values():
        for name in (
            "received",
            "answered",
            "answered_in_time",
            "answered_late",
            "open",
            "overdue_open",
            "closed",
            "rejected",
            "published",
            "working_days_total",
        ):
            setattr(t, name, getattr(t, name) + getattr(f, name))
        for k, v in (f.consultations or {}).items():
            consultations[k] += v
    t.consultations = dict(consultations) or None
    return t


def narrative(org, year: int, *, today: date | None = None) -> dict:
    """Figures the annual report's narrative cites for ``org`` and every organ under it, with the
    sentence that states them."""
    from gongkai.orgs.selectors import subtree

    return narrative_for(list(subtree(org).values_list("pk", flat=True)), year, today=today)


def narrative_for(org_ids: list[int], year: int, *, today: date | None = None) -> dict:
    """The same for exactly ``org_ids`` (an organ's own report, or a government's roll-up)."""
    return narrative_of(total(question_figures(org_ids, year, today=today)), year)


def narrative_of(t: OrganFigures, year: int) -> dict:
    """The narrative of figures already summed (``total``): the statistics page states the
    sentence of the figures it shows without counting the year's questions a second time."""
    sentence = (
        f"{year}年共收到政策咨询{t.received}件，已答复{t.answered}件，"
        f"其中按时答复{t.answered_in_time}件"
        + (f"（按时答复率{t.on_time_rate}%）" if t.on_time_rate is not None else "")
        + (f"，平均{t.mean_working_days}个工作日答复" if t.mean_working_days is not None else "")
        + f"；超期{t.overdue}件；公开问答{t.published}条。"
    )
    c = t.consultations or {}
    if c.get("consultations"):
        sentence += f"开展意见征集{c['consultations']}次"
        sentence += (
            f"，收到意见{c['comments']}条，采纳{c['adopted']}条（采纳率{t.adoption_rate}%）。"
            if t.adoption_rate is not None
            else "。"
        )
    return {
        "year": year,
        "consultations": (t.consultations or {}).get("consultations", 0),
        "received": t.received,
        "answered": t.answered,
        "answered_in_time": t.answered_in_time,
        "overdue": t.overdue,
        "open": t.open,
        "published": t.published,
        "mean_working_days": t.mean_working_days,
        "on_time_rate": t.on_time_rate,
        "adoption_rate": t.adoption_rate,
        "sentence": sentence,
    }
