"""意见征集 test helpers: a consultation opened through the service, comments through the service."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.participation import services_consultations as services

DRAFT = "\n".join(
    [
        "甲市停车收费管理办法（征求意见稿）",
        "第一条 为规范停车收费行为，制定本办法。",
        "第二条 本办法适用于本市行政区域内的停车场。",
        "第三条 中心城区路内停车收费标准上调至每小时6元。",
    ]
)


def open_consultation(two_orgs, org=None, *, starts_on: date | None = None, days: int = 30, **fields):
    org = org or two_orgs.gov_a
    starts_on = starts_on or timezone.localdate()
    fields.setdefault("title", "甲市停车收费管理办法（征求意见稿）公开征求意见")
    fields.setdefault("contact", "甲市发展改革委价格科 0991-1234567")
    fields.setdefault("draft_text", DRAFT)
    return services.open_consultation(
        org=org,
        actor=two_orgs.staff(org, Role.EDITOR),
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days - 1),
        **fields,
    )


def comment(consultation, text: str, **fields):
    return services.submit_comment(consultation=consultation, text=text, **fields)
