"""Demo 依申请公开 applications in every state, some over 春节 and 国庆, through the real services.

Dates are fixed where a holiday matters (春节 2026, 国庆 2025 and 2026) and relative to today for
the open ones, so the workbench always shows something due soon, something overdue, something
waiting for a correction and something paused for a consultation.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.info_requests import services
from gongkai.info_requests.models import ApplicantKind, IdType, InfoRequest
from gongkai.orgs.codes import make_credit_code
from gongkai.textproc.pii import make_id_number

DESCRIPTIONS = [
    "{year}年本单位部门预算、决算及“三公”经费说明",
    "{organ}关于老旧小区改造项目的立项批复和资金安排文件",
    "某路段道路拓宽工程的征收补偿安置方案及批准文件",
    "{organ}{year}年行政处罚决定书（涉及本人经营的门店）",
    "本村土地征收的批准文件、征地补偿标准和安置途径",
    "{organ}办理的人大代表建议答复全文（{year}年第15号）",
    "{year}年城乡低保资金发放情况及审核标准",
    "本小区周边垃圾中转站环境影响评价报告及批复",
]
ORGANISATIONS = {
    ApplicantKind.COMMERCIAL: [
        "新疆天山绿洲商贸有限公司",
        "朝阳恒通建材有限责任公司",
        "昌吉市丰源物流有限公司",
    ],
    ApplicantKind.RESEARCH: ["某大学公共管理学院课题组", "吉林省社会科学研究所"],
    ApplicantKind.PUBLIC_WELFARE: ["绿色家园环保志愿者协会"],
    ApplicantKind.LEGAL_SERVICE: ["天平律师事务所", "正义法律服务所"],
    ApplicantKind.OTHER_ORG: ["某小区业主委员会"],
}


def _credit_code(rng: random.Random) -> str:
    return make_credit_code("91" + "".join(rng.choice("0123456789") for _ in range(15)))


def _contact(rng: random.Random, place: str) -> dict:
    return {
        "email": f"demo{rng.randint(1000, 9999)}@example.com",
        "address": f"{place}人民路{rng.randint(1, 300)}号{rng.randint(1, 20)}单元",
        "postal_code": f"{rng.randint(100000, 899999)}",
    }


def _applicant(rng: random.Random, names, kind: str, organ_name: str, place: str, year: int) -> dict:
    description = rng.choice(DESCRIPTIONS).format(organ=organ_name, year=year)
    if kind == ApplicantKind.NATURAL_PERSON:
        return {
            "applicant_kind": kind,
            "applicant_name": names(),
            "id_type": IdType.RESIDENT_ID,
            "id_number": make_id_number(
                rng.choice(["652301", "211302", "654003", "220102"]),
                date(rng.randint(1955, 2003), rng.randint(1, 12), rng.randint(1, 28)),
                rng.randint(0, 999),
            ),
            "phone": f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}",
            "description": description,
            "provision_form": rng.choice(["paper", "electronic", "either"]),
            "obtain_method": rng.choice(["post", "email", "collect", "online"]),
        } | _contact(rng, place)
    return {
        "applicant_kind": kind,
        "applicant_name": rng.choice(ORGANISATIONS[kind]),
        "id_type": IdType.CREDIT_CODE,
        "id_number": _credit_code(rng),
        "legal_representative": names(),
        "contact_person": names(),
        "phone": f"0{rng.randint(10, 999)}-{rng.randint(2000000, 8999999)}",
        "description": description,
        "provision_form": "electronic",
        "obtain_method": "email",
    } | _contact(rng, place)


def _working_days_ago(day: date, count: int) -> date:
    while count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def seed_requests(organs, names, *, seed: int = 2026, log=print) -> int:
    """Applications for every government and a few departments; returns how many were made."""
    rng = random.Random(seed)
    today = timezone.localdate()
    kinds = [ApplicantKind.NATURAL_PERSON] * 5 + [
        k for k in ApplicantKind.values if k != ApplicantKind.NATURAL_PERSON
    ]
    made = 0
    chosen = [o for o in organs if o.org.is_government] + [o for o in organs if not o.org.is_government][::4]
    for index, organ in enumerate(chosen):
        made += _seed_organ(organ, index, rng, names, kinds, today)
    log(f"依申请公开申请 {made} 件")
    return made


def _seed_organ(organ, index, rng, names, kinds, today) -> int:
    made = 0
    org = organ.org
    handler, head = organ.staff.get(Role.REQUEST_HANDLER), organ.staff.get(Role.HEAD)
    if handler is None or head is None:
        return 0

    def registered(received: date, channel: str = "in_person", kind: str | None = None) -> InfoRequest:
        data = _applicant(
            rng, names, kind or rng.choice(kinds), org.short_name or org.name, organ.place, received.year
        )
        return services.register(org=org, actor=handler, channel=channel, data=data, received_on=received)[0]

    scenarios = [
        # 春节 2026: received the Friday before, 补正 on the make-up Saturday, answered in March.
        lambda: _replied(
            registered(date(2026, 2, 13)),
            handler,
            "disclose",
            date(2026, 3, 18),
            correction=(date(2026, 2, 14), date(2026, 2, 25)),
        ),
        # 国庆 2025: received 9-26, partly disclosed after the holiday.
        lambda: _replied(registered(date(2025, 9, 26), "post"), handler, "partial", date(2025, 10, 28)),
        # 国庆 2026: consultation of a third party, then an extension approved by the head.
        lambda: _extended(registered(date(2026, 9, 1), "letter"), handler, head),
        lambda: _replied(
            registered(date(2026, 5, 11)),
            handler,
            rng.choice(["unavailable_not_held", "withhold_process", "not_processed_petition", "disclose"]),
            date(2026, 6, 2),
        ),
        lambda: registered(_working_days_ago(today, 16)),  # due soon
        lambda: registered(_working_days_ago(today, 26), "fax"),  # overdue
        lambda: _awaiting_correction(registered(_working_days_ago(today, 3)), handler, today),
        lambda: _consulting(registered(_working_days_ago(today, 8), "letter"), handler, today),
    ]
    for scenario in scenarios[: 8 if org.is_government else 3]:
        scenario()
        made += 1
    # And one online application waiting for confirmation of receipt (第三十一条).
    data = _applicant(
        rng, names, ApplicantKind.NATURAL_PERSON, org.short_name or org.name, organ.place, today.year
    )
    services.submit_online(org=org, data=data, token=f"demo-{org.slug}-{index}")
    made += 1
    return made


def _replied(application, handler, outcome, replied_on, correction=None):
    if correction:
        sent_on, supplied_on = correction
        services.request_correction(
            application=application,
            actor=handler,
            items="1. 请明确所需信息的具体年份和项目名称；2. 请补充联系电话。",
            sent_on=sent_on,
            due_on=sent_on + timedelta(days=21),
        )
        services.record_supplement(
            application=application,
            actor=handler,
            supplied_on=supplied_on,
            supplement="已补充项目名称和年份。",
        )
    services.reply(
        application=application,
        actor=handler,
        outcome=outcome,
        # The legal situation inside rows that cover several (outcomes.Ground).
        ground={"partial": "third_party", "unavailable_not_held": "not_exist"}.get(outcome, ""),
        reasons="经审查，现依据相关规定答复如下："
        + {
            "disclose": "所申请信息予以公开，见附件。",
            "partial": "所申请信息中涉及第三方商业秘密的部分不予公开，其余部分予以公开。",
        }.get(outcome, "详见答复书。"),
        replied_on=replied_on,
    )
    services.record_delivery(
        application=application,
        actor=handler,
        method="post",
        delivered_on=replied_on + timedelta(days=2),
        receipt="EMS 回执",
    )
    return application


def _extended(application, handler, head):
    consultation = services.start_consultation(
        application=application,
        actor=handler,
        kind="third_party",
        party="相关企业（第三方）",
        sent_on=date(2026, 9, 8),
    )
    services.end_consultation(
        consultation=consultation,
        actor=handler,
        answered_on=date(2026, 9, 24),
        answer="不同意公开涉及本企业经营数据的部分。",
    )
    services.extend(
        application=application,
        actor=head,
        reason="申请内容涉及多个年度档案，需调阅核查。",
        approved_on=date(2026, 9, 28),
    )
    return application


def _awaiting_correction(application, handler, today):
    services.request_correction(
        application=application,
        actor=handler,
        items="1. 所需信息描述不明确，请写明文件名称或文号；2. 请说明获取信息的方式。",
        sent_on=today,
        due_on=today + timedelta(days=15),
    )
    return application


def _consulting(application, handler, today):
    services.start_consultation(
        application=application,
        actor=handler,
        kind="organ",
        party="共同制作机关",
        sent_on=_working_days_ago(today, 2),
    )
    return application
