"""The reply outcomes: exactly the rows of the annual report's section 三 (国办公开办函〔2021〕30号),
each with the article a reply letter cites and the remedy clause it needs.

Pure data, no ORM: the annual report counts replies by these codes, so they never change meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

REGULATION = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class Outcome:
    code: str
    group: str  # the row group of section 三: （一）…（六）
    label: str  # the row label as printed in the format
    basis: str  # what the reply letter cites
    # 行政复议法（2023）第二十三条第一款第（四）项: a refusal must go to review before a lawsuit.
    review_first: bool = False
    releases_information: bool = False


GROUPS = {
    "disclose": "（一）予以公开",
    "partial": "（二）部分公开",
    "withhold": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}

OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "disclose",
        "disclose",
        "予以公开",
        f"{REGULATION}第三十六条第（一）项、第（二）项",
        releases_information=True,
    ),
    Outcome(
        "partial",
        "partial",
        "部分公开",
        f"{REGULATION}第三十七条",
        review_first=True,
        releases_information=True,
    ),
    Outcome("withhold_state_secret", "withhold", "属于国家秘密", f"{REGULATION}第十四条", review_first=True),
    Outcome(
        "withhold_law", "withhold", "其他法律行政法规禁止公开", f"{REGULATION}第十四条", review_first=True
    ),
    Outcome(
        "withhold_security", "withhold", "危及“三安全一稳定”", f"{REGULATION}第十四条", review_first=True
    ),
    Outcome(
        "withhold_third_party",
        "withhold",
        "保护第三方合法权益",
        f"{REGULATION}第十五条、第三十二条",
        review_first=True,
    ),
    Outcome(
        "withhold_internal",
        "withhold",
        "属于三类内部事务信息",
        f"{REGULATION}第十六条第一款",
        review_first=True,
    ),
    Outcome(
        "withhold_process", "withhold", "属于四类过程性信息", f"{REGULATION}第十六条第二款", review_first=True
    ),
    Outcome(
        "withhold_enforcement",
        "withhold",
        "属于行政执法案卷",
        f"{REGULATION}第十六条第二款",
        review_first=True,
    ),
    Outcome(
        "withhold_query_matter",
        "withhold",
        "属于行政查询事项",
        f"{REGULATION}第三十六条第（七）项",
        review_first=True,
    ),
    Outcome(
        "unavailable_not_held",
        "unavailable",
        "本机关不掌握相关政府信息",
        f"{REGULATION}第三十六条第（四）项、第（五）项",
    ),
    Outcome(
        "unavailable_needs_creation", "unavailable", "没有现成信息需要另行制作", f"{REGULATION}第三十八条"
    ),
    Outcome("unavailable_unclear", "unavailable", "补正后申请内容仍不明确", f"{REGULATION}第三十条"),
    Outcome("not_processed_petition", "not_processed", "信访举报投诉类申请", f"{REGULATION}第三十九条第一款"),
    Outcome("not_processed_repeat", "not_processed", "重复申请", f"{REGULATION}第三十六条第（六）项"),
    Outcome(
        "not_processed_publication", "not_processed", "要求提供公开出版物", f"{REGULATION}第三十九条第二款"
    ),
    Outcome("not_processed_excessive", "not_processed", "无正当理由大量反复申请", f"{REGULATION}第三十五条"),
    Outcome(
        "not_processed_confirmation",
        "not_processed",
        "要求行政机关确认或重新出具已获取信息",
        f"{REGULATION}第三十六条、第三十八条",
    ),
    Outcome(
        "other_no_correction",
        "other",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        f"{REGULATION}第三十条",
    ),
    Outcome(
        "other_no_fee",
        "other",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    ),
    Outcome("other", "other", "其他", REGULATION),
)

BY_CODE = {outcome.code: outcome for outcome in OUTCOMES}
CHOICES = [
    (
        o.code,
        f"{GROUPS[o.group]} · {o.label}"
        if o.group in ("withhold", "unavailable", "not_processed", "other")
        else GROUPS[o.group],
    )
    for o in OUTCOMES
]
