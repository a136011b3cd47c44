"""Past 依申请公开 cases recorded in one batch: the applications an organ answered before it used the
platform (or the demo's years of volume), so that its 年度报告 table 三 and the roll-ups count
them (《政府信息公开条例》第五十条: the report states the applications received and how each was
handled).

A past case carries only what the report counts: the applicant's kind (the table's column), the
dates of receipt and reply, and the outcome (the table's row, ``outcomes.py``). It is recorded as
answered and closed; no letter is issued, no applicant is notified and no personal data is invented
(the applicant's name, identity document and contact stay empty). Its query code is never issued,
so its index is a random value nobody can present. One audit entry records the batch.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import require_role
from gongkai.audit.services import record_event
from gongkai.core.counters import next_serial
from gongkai.info_requests import outcomes
from gongkai.info_requests.models import (
    ApplicantKind,
    Channel,
    InfoRequest,
    InfoRequestCounter,
    ObtainMethod,
    ProvisionForm,
    Reply,
    Status,
)

HISTORY_ROLES = {Role.REQUEST_HANDLER, Role.HEAD}
BATCH_LIMIT = 5000  # one call; a larger history is recorded year by year


@dataclass(frozen=True)
class PastCase:
    applicant_kind: str
    received_on: date
    replied_on: date
    outcome: str  # an outcomes.py code = a row of table 三
    ground: str = ""
    description: str = ""


def _check(case: PastCase, today: date) -> str | None:
    if case.applicant_kind not in ApplicantKind.values:
        return f"申请人类型“{case.applicant_kind}”不正确"
    outcome = outcomes.BY_CODE.get(case.outcome)
    if outcome is None:
        return f"办理结果“{case.outcome}”不正确"
    if case.ground and case.ground not in {g.code for g in outcome.grounds}:
        return f"办理结果“{outcome.label}”没有“{case.ground}”这一情形"
    if case.replied_on < case.received_on:
        return "答复日期早于收到申请日期"
    if case.replied_on > today:
        return "答复日期晚于今天"
    return None


@transaction.atomic
def record_past_cases(*, org, actor, cases: Iterable[PastCase], note: str = "") -> int:
    """Record ``cases`` of ``org`` as answered applications; returns how many. All or nothing: a
    single bad case refuses the batch and names it (nothing half-saved)."""
    require_role(actor, org, HISTORY_ROLES)
    cases = list(cases)
    if not cases:
        return 0
    if len(cases) > BATCH_LIMIT:
        raise ValidationError(f"一次最多登记{BATCH_LIMIT}件历史案件，请按年度分批登记。")
    today = timezone.localdate()
    for number, case in enumerate(cases, start=1):
        problem = _check(case, today)
        if problem:
            raise ValidationError(f"第{number}件历史案件：{problem}，未登记任何案件。")
    # Gap-free numbers per year of receipt, reserved in one step per year (the counter stays
    # locked until the batch commits, like one registration at a time).
    per_year = Counter(case.received_on.year for case in cases)
    serials = {}
    for year, count in per_year.items():
        first = next_serial(InfoRequestCounter, organization=org, year=year)
        InfoRequestCounter.objects.filter(organization=org, year=year).update(
            last_serial=F("last_serial") + count - 1
        )
        serials[year] = iter(range(first, first + count))
    zone = timezone.get_current_timezone()
    applications = []
    for case in sorted(cases, key=lambda c: c.received_on):
        applications.append(
            InfoRequest(
                organization=org,
                year=case.received_on.year,
                serial=next(serials[case.received_on.year]),
                query_code_index=secrets.token_hex(32),
                submission_token=secrets.token_hex(32),
                channel=Channel.LETTER,
                submitted_at=datetime.combine(case.received_on, time(9), zone),
                received_on=case.received_on,
                status=Status.CLOSED,
                applicant_kind=case.applicant_kind,
                applicant_name="",
                id_type="",
                id_number="",
                id_number_index="",
                phone="",
                description=case.description or f"{case.received_on.year}年历史案件（按原登记簿录入）",
                provision_form=ProvisionForm.EITHER,
                obtain_method=ObtainMethod.POST,
                registered_by=actor,
            )
        )
    created = InfoRequest.objects.bulk_create(applications, batch_size=500)
    replies = [
        Reply(
            request=application,
            outcome=case.outcome,
            ground=case.ground,
            reasons="历史案件，按原答复书登记。",
            replied_on=case.replied_on,
            replied_by=actor,
        )
        for application, case in zip(created, sorted(cases, key=lambda c: c.received_on), strict=True)
    ]
    Reply.objects.bulk_create(replies, batch_size=500)
    record_event(
        actor=actor,
        verb="info_request_history_recorded",
        organization=org,
        changes={"count": len(cases), "years": dict(sorted(per_year.items()))},
        reason=note,
    )
    return len(cases)
