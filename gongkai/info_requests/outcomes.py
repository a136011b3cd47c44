"""The reply outcomes: exactly the rows of the annual report's section 三 (国办公开办函〔2021〕30号),
each with the decision its reply letter states, the articles it cites and the remedy clause it needs.

Pure data, no ORM: the annual report counts replies by these codes, so they never change meaning.
Where one row covers two legal situations the handler picks a ``Ground`` (stored on the reply):
予以公开 under 第三十六条第（一）项 or 第（二）项, 本机关不掌握 as 信息不存在 (第（四）项) or 非本机关
负责 (第（五）项), 部分公开 with its withholding article, 要求确认或重新出具 as 第三十八条 or
第三十六条第（六）项. Article texts: 《中华人民共和国政府信息公开条例》(国务院令第711号).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
# 《最高人民法院关于审理政府信息公开行政案件若干问题的规定》(法释〔2011〕17号) 第二条: refusing to
# provide 公开出版物 (第（二）项) or to compile, collect or analyse information (第（三）项) is outside
# 行政诉讼; 行政复议 stays open (行政复议法 第十一条第（十四）项).
JUDICIAL_INTERPRETATION = "《最高人民法院关于审理政府信息公开行政案件若干问题的规定》（法释〔2011〕17号）"


class Remedy(StrEnum):
    REVIEW_OR_SUIT = "review_or_suit"  # 行政复议 (60 days) or 行政诉讼 (6 months)
    # 行政复议法（2023）第二十三条第一款第（四）项: a refusal must go to review before a lawsuit.
    REVIEW_FIRST = "review_first"
    REVIEW_ONLY = "review_only"  # 法释〔2011〕17号 第二条: no lawsuit lies
    NONE = "none"


REMEDY_LABELS = {
    Remedy.REVIEW_OR_SUIT: "行政复议或者行政诉讼",
    Remedy.REVIEW_FIRST: "复议前置（行政复议法第二十三条）",
    Remedy.REVIEW_ONLY: "行政复议（法释〔2011〕17号第二条，不属行政诉讼受案范围）",
    Remedy.NONE: "无",
}


@dataclass(frozen=True)
class Ground:
    """One legal situation inside an outcome row: the articles it adds and, if it differs from
    the outcome's, its own decision sentence."""

    code: str
    label: str
    articles: tuple[str, ...]
    decision: str = ""


WITHHOLDING_GROUNDS = (
    Ground("state_secret", "国家秘密（第十四条）", ("第十四条",)),
    Ground("law", "法律、行政法规禁止公开（第十四条）", ("第十四条",)),
    Ground("security", "危及“三安全一稳定”（第十四条）", ("第十四条",)),
    Ground("third_party", "商业秘密、个人隐私等第三方合法权益（第十五条）", ("第十五条",)),
    Ground("internal", "三类内部事务信息（第十六条第一款）", ("第十六条第一款",)),
    Ground("process", "四类过程性信息（第十六条第二款）", ("第十六条第二款",)),
    Ground("enforcement", "行政执法案卷信息（第十六条第二款）", ("第十六条第二款",)),
)


@dataclass(frozen=True)
class Outcome:
    code: str
    group: str  # the row group of section 三: （一）…（六）
    label: str  # the row label as printed in the format
    articles: tuple[str, ...]  # of the 条例, cited whatever the ground
    decision: str  # the decision sentence of the reply letter
    remedy: Remedy = Remedy.REVIEW_OR_SUIT
    grounds: tuple[Ground, ...] = ()  # the handler picks one when there are several
    other_basis: tuple[str, ...] = ()  # documents cited after the 条例
    reasons_first: bool = True  # refusals give the reason, then the decision
    releases_information: bool = False

    @property
    def review_first(self) -> bool:
        return self.remedy == Remedy.REVIEW_FIRST

    def ground(self, code: str = "") -> Ground | None:
        """The chosen ground; the only one when there is just one; None if none applies."""
        for ground in self.grounds:
            if ground.code == code:
                return ground
        return self.grounds[0] if len(self.grounds) == 1 else None

    def cited_articles(self, ground_code: str = "") -> tuple[str, ...]:
        ground = self.ground(ground_code)
        extra = ground.articles if ground else ()
        # 第三十七条 first, then the withholding article, then 第三十六条 (partial disclosure).
        if self.code == "partial":
            return (self.articles[0], *extra, *self.articles[1:])
        return (*self.articles, *extra)

    def basis(self, ground_code: str = "") -> str:
        """``《…条例》第三十六条第（三）项、第十四条`` plus any other document."""
        articles = self.cited_articles(ground_code)
        parts = [f"{REGULATION}{'、'.join(articles)}"] if articles else []
        return "和".join([*parts, *self.other_basis])

    def decision_for(self, ground_code: str = "") -> str:
        """The decision sentence; ｛您｝ stands for 您 or 贵单位 (``letters.you``)."""
        ground = self.ground(ground_code)
        return (ground.decision if ground and ground.decision else "") or self.decision

    @property
    def needs_ground(self) -> bool:
        return len(self.grounds) > 1

    @property
    def basis_summary(self) -> str:
        """The basis as the outcome list prints it (every ground's articles)."""
        if not self.grounds:
            return self.basis()
        return REGULATION + "；".join(
            f"{'、'.join(self.cited_articles(g.code))}（{g.code}）" for g in self.grounds
        )


GROUPS = {
    "disclose": "（一）予以公开",
    "partial": "（二）部分公开",
    "withhold": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}

WITHHOLD = "本机关决定不予公开。"
ITEM_3 = "第三十六条第（三）项"


def _withhold(code: str, label: str, ground: Ground) -> Outcome:
    # 第三十六条第（三）项: 行政机关依据本条例的规定决定不予公开的，告知申请人不予公开并说明理由.
    return Outcome(code, "withhold", label, (ITEM_3, *ground.articles), WITHHOLD, Remedy.REVIEW_FIRST)


OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "disclose",
        "disclose",
        "予以公开",
        (),
        "本机关决定予以公开。",
        grounds=(
            Ground(
                "proactive",
                "已主动公开（第三十六条第（一）项）",
                ("第三十六条第（一）项",),
                "｛您｝申请获取的政府信息已经主动公开，现告知｛您｝获取该政府信息的方式和途径。",
            ),
            Ground("disclose", "可以公开（第三十六条第（二）项）", ("第三十六条第（二）项",)),
        ),
        reasons_first=False,
        releases_information=True,
    ),
    Outcome(
        "partial",
        "partial",
        "部分公开",
        # 第三十七条: the separable part is provided (第三十六条第（二）项), the rest withheld with reasons.
        ("第三十七条", "第三十六条第（二）项"),
        "本机关决定部分公开：可以公开的部分予以提供，其余部分不予公开。",
        Remedy.REVIEW_FIRST,
        grounds=WITHHOLDING_GROUNDS,
        releases_information=True,
    ),
    _withhold("withhold_state_secret", "属于国家秘密", WITHHOLDING_GROUNDS[0]),
    _withhold("withhold_law", "其他法律行政法规禁止公开", WITHHOLDING_GROUNDS[1]),
    _withhold("withhold_security", "危及“三安全一稳定”", WITHHOLDING_GROUNDS[2]),
    _withhold("withhold_third_party", "保护第三方合法权益", WITHHOLDING_GROUNDS[3]),
    _withhold("withhold_internal", "属于三类内部事务信息", WITHHOLDING_GROUNDS[4]),
    _withhold("withhold_process", "属于四类过程性信息", WITHHOLDING_GROUNDS[5]),
    _withhold("withhold_enforcement", "属于行政执法案卷", WITHHOLDING_GROUNDS[6]),
    Outcome(
        "withhold_query_matter",
        "withhold",
        "属于行政查询事项",
        # 第三十六条第（七）项: 工商、不动产登记资料等, where a law or administrative regulation sets
        # its own access rules: the applicant proceeds under those rules.
        ("第三十六条第（七）项",),
        "本机关决定不作为政府信息公开申请提供，请｛您｝依照有关法律、行政法规的规定办理。",
        Remedy.REVIEW_FIRST,
    ),
    Outcome(
        "unavailable_not_held",
        "unavailable",
        "本机关不掌握相关政府信息",
        (),
        "",
        grounds=(
            Ground(
                "not_exist",
                "信息不存在（第三十六条第（四）项）",
                ("第三十六条第（四）项",),
                "经检索，该政府信息不存在。",
            ),
            Ground(
                "not_responsible",
                "不属于本机关负责公开（第三十六条第（五）项）",
                ("第三十六条第（五）项",),
                "｛您｝申请获取的政府信息不属于本机关负责公开。",
            ),
        ),
    ),
    Outcome(
        "unavailable_needs_creation",
        "unavailable",
        "没有现成信息需要另行制作",
        # 第三十八条: only existing information; no duty to compile, process or analyse.
        ("第三十八条",),
        "本机关决定不予提供。",
        Remedy.REVIEW_ONLY,
    ),
    Outcome(
        "unavailable_unclear",
        "unavailable",
        "补正后申请内容仍不明确",
        ("第二十九条第二款第（二）项", "第三十条"),
        "经补正，｛您｝的申请内容仍不明确，本机关无法确定｛您｝所申请的政府信息，决定不予提供。",
    ),
    Outcome(
        "not_processed_petition",
        "not_processed",
        "信访举报投诉类申请",
        ("第三十九条第一款",),
        "本机关不作为政府信息公开申请处理。",
    ),
    Outcome(
        "not_processed_repeat",
        "not_processed",
        "重复申请",
        ("第三十六条第（六）项",),
        "本机关决定不予重复处理。",
    ),
    Outcome(
        "not_processed_publication",
        "not_processed",
        "要求提供公开出版物",
        ("第三十九条第二款",),
        "本机关不作为政府信息公开申请处理，现告知｛您｝获取该出版物的途径。",
        Remedy.REVIEW_ONLY,
    ),
    Outcome(
        "not_processed_excessive",
        "not_processed",
        "无正当理由大量反复申请",
        ("第三十五条",),
        "本机关认为｛您｝的申请理由不合理，决定不予处理。",
    ),
    Outcome(
        "not_processed_confirmation",
        "not_processed",
        "要求行政机关确认或重新出具已获取信息",
        (),
        "本机关决定不予处理。",
        grounds=(
            # Confirming information already obtained means making new information (第三十八条).
            Ground("confirm", "要求确认已获取的信息（第三十八条）", ("第三十八条",)),
            # Re-issuing what was already provided in an earlier reply: 不予重复处理.
            Ground("reissue", "要求重新出具已获取的信息（第三十六条第（六）项）", ("第三十六条第（六）项",)),
        ),
    ),
    Outcome(
        "other_no_correction",
        "other",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        # 第三十条 (one paragraph, no items): 申请人无正当理由，逾期不补正的，视为放弃申请.
        ("第三十条",),
        "｛您｝无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    Outcome(
        "other_no_fee",
        "other",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("第四十二条第一款",),
        "｛您｝逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。",
        other_basis=(FEE_MEASURES,),
    ),
    Outcome("other", "other", "其他", (), ""),
)

BY_CODE = {outcome.code: outcome for outcome in OUTCOMES}
ALL_GROUNDS = {g.code: g.label for o in OUTCOMES for g in o.grounds}
GROUND_CHOICES = [("", "——按办理结果——"), *ALL_GROUNDS.items()]
CHOICES = [
    (
        o.code,
        f"{GROUPS[o.group]} · {o.label}"
        if o.group in ("withhold", "unavailable", "not_processed", "other")
        else GROUPS[o.group],
    )
    for o in OUTCOMES
]


def annual_report_row(code: str) -> str:
    """The row of section 三 (2021 format) an outcome is counted in, e.g.
    （三）不予公开·6.属于四类过程性信息."""
    outcome = BY_CODE[code]
    if outcome.group in ("disclose", "partial"):
        return GROUPS[outcome.group]
    index = [o.code for o in OUTCOMES if o.group == outcome.group].index(code) + 1
    return f"{GROUPS[outcome.group]}·{index}.{outcome.label}"
