"""The remedy clause of a reply letter: which organ reviews it (行政复议) and how a lawsuit lies.

《中华人民共和国行政复议法》(2023修订, in force 2024-01-01):
- 第二十条第一款: 行政复议 within 60 days of knowing of the act; 第二十条第三款: a letter that does
  not name the right, the 复议机关 and the period lets the period run up to one year — so the
  clause always names the 复议机关.
- 第二十三条第一款第（四）项 and 第二款: 「申请政府信息公开，行政机关不予公开」 must go to review
  before a lawsuit, and the organ must say so (outcomes.Remedy.REVIEW_FIRST).
- 第二十四条: a county-or-higher government reviews its own departments (第一款第（一）项) and the
  government one level below (第（二）项); a province also reviews its own acts (第二款).
- 第二十七条: 海关, 金融, 外汇管理 and other vertically led organs, 税务 and 国家安全 → 上一级主管部门.
- 第二十八条: a 司法行政部门 → the applicant chooses 本级人民政府 or 上一级司法行政部门.

《中华人民共和国行政诉讼法》: 第四十六条第一款 six months from knowing of the act; 第四十五条
fifteen days from receiving the review decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.info_requests import outcomes
from gongkai.orgs.models import VERTICAL_SYSTEMS, Kind, Level, ReviewSystem

REVIEW_LAW = "《中华人民共和国行政复议法》"
# An organ whose reviewing government is neither on the platform nor configured: the clause still
# names the 复议机关 by its legal description, and the workbench asks for the name (see README).
UNCONFIGURED_GOVERNMENT = "上一级人民政府"


@dataclass(frozen=True)
class ReviewBody:
    names: tuple[str, ...]  # two when the applicant may choose (第二十八条)
    basis: str  # the article of the 行政复议法 that designates it
    configured: bool = True

    @property
    def phrase(self) -> str:
        return "或者".join(self.names)


def _government_above(org):
    """The nearest government above ``org`` on the platform, or None."""
    for ancestor in reversed(type(org).objects.get_ancestors(org)):
        if ancestor.is_government:
            return ancestor
    return None


def _own_government(org) -> tuple[str, bool]:
    """本级人民政府 of a department: on the platform, or the configured name."""
    above = _government_above(org)
    if above is not None:
        return above.name, True
    if org.review_government.strip():
        return org.review_government.strip(), True
    return "本级人民政府", False


def review_body(org) -> ReviewBody:
    if org.review_system in VERTICAL_SYSTEMS:
        return ReviewBody((org.superior_authority,), f"{REVIEW_LAW}第二十七条")
    if org.review_system == ReviewSystem.JUSTICE:
        own, configured = _own_government(org)
        return ReviewBody((own, org.superior_authority), f"{REVIEW_LAW}第二十八条", configured)
    if org.is_government:
        if org.level == Level.PROVINCE:
            return ReviewBody((org.name,), f"{REVIEW_LAW}第二十四条第二款")
        # 第（二）项: 下一级人民政府; 第（三）项: a 派出机关 set up by the government that reviews it.
        item = "第（三）项" if org.dispatched else "第（二）项"
        above = _government_above(org)
        if above is not None:
            return ReviewBody((above.name,), f"{REVIEW_LAW}第二十四条第一款{item}")
        if org.review_government.strip():
            return ReviewBody((org.review_government.strip(),), f"{REVIEW_LAW}第二十四条第一款{item}")
        return ReviewBody((UNCONFIGURED_GOVERNMENT,), f"{REVIEW_LAW}第二十四条第一款{item}", False)
    own, configured = _own_government(org)
    # 第（一）项: 工作部门; 第（四）项: organisations authorised by law and managed by the government.
    item = "第（一）项" if org.kind == Kind.DEPARTMENT else "第（四）项"
    return ReviewBody((own,), f"{REVIEW_LAW}第二十四条第一款{item}", configured)


def court_phrase(org) -> str:
    """行政诉讼法 第十八条 (the organ's seat) and 第十五条 (a county-or-higher government as
    defendant → 中级人民法院), plus local 集中管辖: the organ names its court, or the letter says
    “有管辖权的人民法院”."""
    return org.court.strip() or "有管辖权的人民法院"


def remedy_clause(org, outcome_code: str) -> str:
    """The clause for a reply of ``outcome_code`` (empty when the outcome carries none)."""
    remedy = outcomes.BY_CODE[outcome_code].remedy
    body = review_body(org).phrase
    court = court_phrase(org)
    if remedy == outcomes.Remedy.NONE:
        return ""
    if remedy == outcomes.Remedy.REVIEW_FIRST:
        return (
            f"如对本答复不服，应当先自收到本答复之日起60日内向{body}申请行政复议（{REVIEW_LAW}第二十三条）；"
            f"对行政复议决定不服的，可以自收到行政复议决定书之日起15日内依法向{court}提起行政诉讼。"
        )
    if remedy == outcomes.Remedy.REVIEW_ONLY:
        return f"如对本答复不服，可以自收到本答复之日起60日内向{body}申请行政复议。"
    return (
        f"如对本答复不服，可以自收到本答复之日起60日内向{body}申请行政复议，"
        f"或者自收到本答复之日起6个月内依法向{court}提起行政诉讼。"
    )
