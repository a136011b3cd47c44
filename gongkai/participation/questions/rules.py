"""Pure rules of 政策咨询 (no ORM): the answer clock, what a question may contain, masking for
publication, and routing by topic.

The clock: a question received on day D is due on the ``answer_days``-th working day after D (the
day of receipt is not counted, as for every period of the 条例); a reminder goes out from
``REMIND_BEFORE`` working days before the due date; past it the question is overdue and escalated
to the 政务公开办 of its government. 国办秘函〔2019〕19号 fails a site outright (单项否决, 互动回应差)
when a message stays unanswered for more than 3 months: ``VETO_MONTHS``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from gongkai.inspection import engine
from gongkai.textproc.cleanup import find_spam
from gongkai.textproc.pii import ID_NUMBER, is_valid_id_number, mask_id_number, mask_name
from gongkai.workdays.rules import Calendar, add_working_days, working_days_between

DEFAULT_ANSWER_DAYS = 5  # working days; GONGKAI_QUESTION_ANSWER_DAYS overrides
REMIND_BEFORE = 1  # working days before the due date
VETO_MONTHS = 3  # 国办秘函〔2019〕19号: 互动回应差 — 留言超过3个月未答复

LINK = re.compile(r"https?://|www\.|<\s*a\b", re.I)


@dataclass(frozen=True)
class Clock:
    received_on: date
    due_on: date
    state: str  # "open" | "due_soon" | "overdue" | "answered" | "answered_late"
    working_days_used: int | None = None  # receipt → answer, for answered ones

    @property
    def label(self) -> str:
        return {
            "open": "办理中",
            "due_soon": "即将到期",
            "overdue": "已超期",
            "answered": "按时答复",
            "answered_late": "超期答复",
        }[self.state]


def due_on(received_on: date, answer_days: int, calendar: Calendar) -> date:
    return add_working_days(received_on, answer_days, calendar)


def clock(
    received_on: date, answer_days: int, *, today: date, calendar: Calendar, answered_on: date | None = None
) -> Clock:
    due = due_on(received_on, answer_days, calendar)
    if answered_on is not None:
        used = working_days_between(received_on, answered_on, calendar)
        return Clock(received_on, due, "answered" if answered_on <= due else "answered_late", used)
    if today > due:
        return Clock(received_on, due, "overdue")
    if working_days_between(today, due, calendar) <= REMIND_BEFORE:
        return Clock(received_on, due, "due_soon")
    return Clock(received_on, due, "open")


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the last day of a shorter month)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def is_unanswered_too_long(received_on: date, today: date) -> bool:
    """互动回应差: still unanswered more than three months after it arrived."""
    return received_on < months_before(today, VETO_MONTHS)


# --- What the public may send -------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    field: str
    message: str


def screen(title: str, text: str) -> list[Refusal]:
    """Reasons to refuse a question as typed: scripts, links, spam, and an ID number (which a
    question never needs and must not be stored in a text that may be published)."""
    refusals: list[Refusal] = []
    for name, value in (("title", title), ("text", text)):
        if engine.ACTIVE_CONTENT.search(value):
            refusals.append(Refusal(name, _("内容含有脚本或网页代码，请删除后再提交。")))
        elif LINK.search(value) or engine.URL.search(value):
            refusals.append(Refusal(name, _("为防止垃圾信息，咨询内容中不能包含网址链接，请删除后再提交。")))
        elif find_spam(value):
            tokens = "、".join(find_spam(value)[:3])
            refusals.append(
                Refusal(name, _("内容疑似广告或垃圾信息（%(words)s），请修改后再提交。") % {"words": tokens})
            )
        ids = [m.group(1) for m in ID_NUMBER.finditer(value) if is_valid_id_number(m.group(1))]
        if ids:
            refusals.append(
                Refusal(
                    name,
                    _(
                        "内容中含有身份证号码（%(masked)s），为保护您的个人信息，请删除后再提交；"
                        "如需核实身份，答复机关会通过您留下的联系方式与您联系。"
                    )
                    % {"masked": mask_id_number(ids[0])},
                )
            )
    return refusals


# --- Masking for publication --------------------------------------------------------------------


def mask_personal_data(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with ID numbers, bank cards, phone numbers and home addresses replaced by their
    masked forms (the pre-publication checks' detectors), and each of ``names`` masked (张三 → 张*)."""
    findings = sorted(
        (f for f in engine.personal_findings("", text) if f.end > f.start and "名单" not in f.text),
        key=lambda f: f.start,
    )
    out, last = [], 0
    for f in findings:
        if f.start < last:
            continue
        out.append(text[last : f.start])
        out.append(f.text)
        last = f.end
    out.append(text[last:])
    masked = "".join(out)
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        masked = masked.replace(name, mask_name(name))
    return masked


# --- Routing ------------------------------------------------------------------------------------


def route(topic_counts: Mapping[int, int], fallback: int) -> int:
    """The organ to answer a question nobody was named for: the one that published most records
    of the question's 主题分类 (ties: the smaller id, i.e. the older organ), else ``fallback``."""
    best = [(n, -pk) for pk, n in topic_counts.items() if n > 0]
    if not best:
        return fallback
    return -max(best)[1]
