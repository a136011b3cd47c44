"""Demo annual reports: each government's 2025 report and roll-up published, with statistics,
and half of the departments' reports published (the 政务公开办 sees who is late).

A published demo report is a finished one: the draft's （请补充：…） and （请填写。） are replaced by
text of the kind a real report carries (chosen deterministically from the seed), since
``services.publish`` refuses an unfinished report."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from decimal import Decimal

from gongkai.accounts.models import Role
from gongkai.info_requests.history import PastCase, record_past_cases
from gongkai.info_requests.models import ApplicantKind
from gongkai.reports import services
from gongkai.reports.models import YearStatistics

YEAR = 2025

FILL = {
    "政府信息管理": [
        "严格落实公文公开属性源头认定和发布前保密审查，全年对拟公开信息逐条审查；"
        "对现行有效的规范性文件开展清理，及时标注失效、废止文件并动态更新政府信息公开目录。",
        "健全政府信息公开审查机制，坚持“先审查、后公开”和“一事一审”；"
        "按季度对主动公开目录进行动态调整，对已失效文件作出明确标注。",
    ],
    "平台建设": [
        "依托政府门户网站政府信息公开专栏集中发布法定主动公开内容，优化栏目设置和检索功能；"
        "政务新媒体账号同步推送政策解读，做好适老化和无障碍改造。",
        "持续规范政府信息公开平台栏目，统一发布标准；在政务服务中心设置政府信息公开查阅点，"
        "方便群众现场查阅和申请。",
    ],
    "监督保障": [
        "将政务公开工作纳入年度绩效考核，组织专题业务培训两次；本年度未发生因政府信息公开工作被追究责任的情况。",
        "开展政务公开自查和社会评议，对发现的问题建立台账、限期整改；本年度未发生政府信息公开责任追究情况。",
    ],
}
PROBLEMS = [
    (
        "（一）存在的主要问题。一是部分政策解读形式较为单一，图解、视频等解读方式运用不够；"
        "二是基层政务公开专区的内容更新不够及时。",
        "（二）改进情况。下一步将丰富解读形式，重要政策同步推出图解和问答；"
        "建立专区内容更新提醒机制，按月检查更新情况。",
    ),
    (
        "（一）存在的主要问题。一是依申请公开答复文书的说理还需加强；二是公开目录的动态更新有时滞后。",
        "（二）改进情况。组织答复文书专题培训，推行答复文书合法性审核；明确目录更新责任人和时限。",
    ),
]


def finished_texts(report, rng: random.Random) -> dict[str, str]:
    """The draft's text with every placeholder written out."""

    def fill(match: re.Match) -> str:
        for topic, options in FILL.items():
            if topic in match.group(0) or topic in match.string[max(0, match.start() - 12) : match.start()]:
                return rng.choice(options)
        return rng.choice(FILL["监督保障"])

    overview = re.sub(r"（请补充：[^）]*）", fill, report.overview)
    problem, improvement = rng.choice(PROBLEMS)
    return {
        "overview": overview,
        "problems": f"{problem}\n{improvement}",
        "other_matters": report.other_matters,
    }


# A county or city government's year (published reports of 2021–2024: tens to a few hundred
# applications, most from natural persons; about half disclosed, a fifth 本机关不掌握).
VOLUME = (25, 95)
KINDS = [
    (ApplicantKind.NATURAL_PERSON, 86),
    (ApplicantKind.COMMERCIAL, 7),
    (ApplicantKind.LEGAL_SERVICE, 4),
    (ApplicantKind.OTHER_ORG, 2),
    (ApplicantKind.RESEARCH, 1),
]
OUTCOMES = [
    ("disclose", 44),
    ("partial", 7),
    ("unavailable_not_held", 20),
    ("unavailable_needs_creation", 4),
    ("unavailable_unclear", 3),
    ("withhold_process", 3),
    ("withhold_third_party", 2),
    ("withhold_internal", 2),
    ("withhold_query_matter", 1),
    ("not_processed_petition", 5),
    ("not_processed_repeat", 3),
    ("not_processed_confirmation", 1),
    ("other_no_correction", 3),
    ("other", 2),
]
GROUNDS = {"disclose": "disclose", "partial": "third_party", "unavailable_not_held": "not_exist"}


def past_cases(rng: random.Random, years: list[int]) -> list[PastCase]:
    """One government's applications of ``years``: received over the year, answered within the
    statutory period (a few received in late December are answered in January, so some are
    carried over to the next year, as in a real table 三)."""
    kinds, kind_weights = zip(*KINDS, strict=True)
    codes, code_weights = zip(*OUTCOMES, strict=True)
    cases = []
    for year in years:
        for _ in range(rng.randint(*VOLUME)):
            received = date(year, 1, 2) + timedelta(days=rng.randint(0, 362))
            outcome = rng.choices(codes, code_weights)[0]
            cases.append(
                PastCase(
                    applicant_kind=rng.choices(kinds, kind_weights)[0],
                    received_on=received,
                    replied_on=received + timedelta(days=rng.randint(5, 28)),
                    outcome=outcome,
                    ground=GROUNDS.get(outcome, ""),
                )
            )
    return cases


def seed_past_cases(organs, rng: random.Random, log=print) -> int:
    """The governments' past years of applications, so the demo report has a real one's volume."""
    made = 0
    for organ in organs:
        handler = organ.staff.get(Role.REQUEST_HANDLER) or organ.staff.get(Role.HEAD)
        if handler is None or not organ.org.is_government:
            continue
        made += record_past_cases(
            org=organ.org, actor=handler, cases=past_cases(rng, [YEAR - 1, YEAR]), note="演示数据：历史案件"
        )
    log(f"历史依申请公开案件 {made} 件")
    return made


def seed_reports(organs, *, seed: int = 2026, log=print) -> int:
    rng = random.Random(seed)
    seed_past_cases(organs, rng, log)
    published = 0
    for index, organ in enumerate(organs):
        org, head = organ.org, organ.staff.get(Role.HEAD)
        if head is None or (not org.is_government and index % 2):
            continue
        YearStatistics.objects.create(
            organization=org,
            year=YEAR,
            licensing=rng.randint(20, 900),
            penalties=rng.randint(0, 120),
            coercion=rng.randint(0, 15),
            fees_wan=Decimal(rng.randint(0, 50000)) / 100,
        )
        scopes = [False, True] if org.is_government else [False]
        for rollup in scopes:
            report = services.prepare(org=org, actor=head, year=YEAR, rollup=rollup)
            report = services.update_texts(report=report, actor=head, **finished_texts(report, rng))
            report = services.lock(report=report, actor=head)
            reason = "演示数据：统计口径已核实。" if report.data["checks"] else ""
            services.publish(report=report, actor=head, override_reason=reason)
            published += 1
    log(f"年度报告 {published} 份")
    return published
