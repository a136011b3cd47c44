"""The statutory tables of the 政府信息公开工作年度报告 (国办公开办函〔2021〕30号; the 2019 试行 format
for reports on 2019 and 2020), computed from facts: pure functions, no ORM.

A table is ``{row label: {column label: number}}`` with the labels exactly as printed in the
national format, so the JSON, the HTML and the checks all speak the format's own words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from gongkai.info_requests.outcomes import OUTCOMES

# ---------------------------------------------------------------- section 三

APPLICANT_COLUMNS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_welfare": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
}
TOTAL_COLUMN = "总计"
SECTION_3_COLUMNS = [*APPLICANT_COLUMNS.values(), TOTAL_COLUMN]

NEW = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
RESULTS = "三、本年度办理结果"
RESULTS_TOTAL = "（七）总计"
CARRIED_OUT = "四、结转下年度继续办理"

GROUP_ROWS = {
    "disclose": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withhold": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}
MULTI_ROW_GROUPS = {"withhold", "unavailable", "not_processed", "other"}


def _outcome_row(code: str, version: int) -> str:
    """The row an outcome code is counted in (2019: 其他处理 was one row)."""
    outcome = next(o for o in OUTCOMES if o.code == code)
    group = GROUP_ROWS[outcome.group]
    if outcome.group not in MULTI_ROW_GROUPS or (version == 2019 and outcome.group == "other"):
        return group
    index = [o.code for o in OUTCOMES if o.group == outcome.group].index(code) + 1
    return f"{group}·{index}.{outcome.label}"


def section_3_rows(version: int = 2021) -> list[str]:
    rows = [NEW, CARRIED_IN]
    seen = []
    for outcome in OUTCOMES:
        row = _outcome_row(outcome.code, version)
        if row not in seen:
            seen.append(row)
    rows += [f"{RESULTS}·{row}" for row in seen]
    rows += [f"{RESULTS}·{RESULTS_TOTAL}", CARRIED_OUT]
    return rows


@dataclass(frozen=True)
class Application:
    applicant_kind: str
    received_on: date
    concluded_on: date | None
    outcome: str
    count: int = 1  # applications alike in all of the above (grouped by year; ADR 0047)


def section_3(applications: list[Application], year: int, version: int = 2021) -> dict[str, dict[str, int]]:
    """Counted by the dates the format implies: received in the year (一); received before it and
    not concluded before it (二); concluded in the year, by outcome (三); received by its end and not
    concluded by then (四). So 一 + 二 = 三（七） + 四 holds by construction."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    table = {row: dict.fromkeys(SECTION_3_COLUMNS, 0) for row in section_3_rows(version)}

    def add(row: str, kind: str, n: int) -> None:
        table[row][APPLICANT_COLUMNS[kind]] += n
        table[row][TOTAL_COLUMN] += n

    for a in applications:
        if first <= a.received_on <= last:
            add(NEW, a.applicant_kind, a.count)
        if a.received_on < first and (a.concluded_on is None or a.concluded_on >= first):
            add(CARRIED_IN, a.applicant_kind, a.count)
        if a.concluded_on and first <= a.concluded_on <= last:
            add(f"{RESULTS}·{_outcome_row(a.outcome, version)}", a.applicant_kind, a.count)
            add(f"{RESULTS}·{RESULTS_TOTAL}", a.applicant_kind, a.count)
        if a.received_on <= last and (a.concluded_on is None or a.concluded_on > last):
            add(CARRIED_OUT, a.applicant_kind, a.count)
    return table


# ---------------------------------------------------------------- section 四

APPEAL_RESULTS = {
    "maintained": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
}
APPEAL_GROUPS = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼·未经复议直接起诉",
    "litigation_after_review": "行政诉讼·复议后起诉",
}


@dataclass(frozen=True)
class Appeal:
    kind: str
    filed_on: date
    result: str
    decided_on: date | None


def section_4(appeals: list[Appeal], year: int) -> dict[str, dict[str, int]]:
    """Cases filed in the year, by their result at the year's end (undecided then = 尚未审结)."""
    last = date(year, 12, 31)
    table = {group: dict.fromkeys([*APPEAL_RESULTS.values(), "总计"], 0) for group in APPEAL_GROUPS.values()}
    for appeal in appeals:
        if appeal.filed_on.year != year:
            continue
        decided = appeal.decided_on is not None and appeal.decided_on <= last and appeal.result != "pending"
        column = APPEAL_RESULTS[appeal.result if decided else "pending"]
        row = table[APPEAL_GROUPS[appeal.kind]]
        row[column] += 1
        row["总计"] += 1
    return table


# ---------------------------------------------------------------- section 二

NORMATIVE_ROWS = {"rule": "规章", "normative": "行政规范性文件"}
NORMATIVE_COLUMNS = ["本年制发件数", "本年废止件数", "现行有效件数"]
ENDED = {"repealed", "expired"}


@dataclass(frozen=True)
class Normative:
    genre: str
    issued_on: date
    changes: tuple[tuple[date, str], ...]


@dataclass(frozen=True)
class Statistics:
    """What the platform does not itself decide: entered or imported by the organ per year
    (the item counts are the 2019 format's)."""

    licensing: int = 0
    penalties: int = 0
    coercion: int = 0
    fees_wan: Decimal = Decimal(0)
    licensing_items: int = 0
    licensing_items_change: int = 0
    other_services_items: int = 0
    other_services_change: int = 0
    other_services: int = 0
    penalty_items: int = 0
    penalty_items_change: int = 0
    coercion_items: int = 0
    coercion_items_change: int = 0
    fee_items: int = 0
    fee_items_change: int = 0
    procurement_projects: int = 0
    procurement_wan: Decimal = Decimal(0)


NORMATIVE_COLUMNS_2019 = ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
ITEM_COLUMNS_2019 = ["上一年项目数量", "本年增/减", "处理决定数量"]


def section_2_2019(
    documents: list[Normative], statistics: Statistics, year: int
) -> dict[str, dict[str, object]]:
    """The 2019 试行 format's section 二: 规章 and 规范性文件 made and published in the year and in
    total; items and decisions as entered; 政府集中采购."""
    last = date(year, 12, 31)
    rows = {"规章": "rule", "规范性文件": "normative"}
    table: dict[str, dict[str, object]] = {label: dict.fromkeys(NORMATIVE_COLUMNS_2019, 0) for label in rows}
    for document in documents:
        label = "规章" if document.genre == "rule" else "规范性文件"
        if document.issued_on.year == year:
            table[label]["本年新制作数量"] += 1
            table[label]["本年新公开数量"] += 1
        if document.issued_on <= last:
            table[label]["对外公开总数量"] += 1
    s = statistics
    for label, values in (
        ("行政许可", (s.licensing_items, s.licensing_items_change, s.licensing)),
        ("其他对外管理服务事项", (s.other_services_items, s.other_services_change, s.other_services)),
        ("行政处罚", (s.penalty_items, s.penalty_items_change, s.penalties)),
        ("行政强制", (s.coercion_items, s.coercion_items_change, s.coercion)),
    ):
        table[label] = dict(zip(ITEM_COLUMNS_2019, values, strict=True))
    table["行政事业性收费"] = {"上一年项目数量": s.fee_items, "本年增/减": s.fee_items_change}
    table["政府集中采购"] = {"采购项目数量": s.procurement_projects, "采购总金额": s.procurement_wan}
    return table


def _in_force(document: Normative, on: date) -> bool:
    if document.issued_on > on:
        return False
    state = "valid"
    for effective_on, validity in document.changes:
        if effective_on <= on:
            state = validity
    return state not in ENDED


def section_2(documents: list[Normative], statistics: Statistics, year: int) -> dict[str, dict[str, object]]:
    """规章 and 行政规范性文件 from the validity history (废止 counts repeals and expiries taking
    effect in the year); the decision counts and fees as entered."""
    last = date(year, 12, 31)
    table: dict[str, dict[str, object]] = {
        row: dict.fromkeys(NORMATIVE_COLUMNS, 0) for row in NORMATIVE_ROWS.values()
    }
    for document in documents:
        row = table[NORMATIVE_ROWS[document.genre]]
        if document.issued_on.year == year:
            row["本年制发件数"] += 1
        if any(on.year == year and validity in ENDED for on, validity in document.changes):
            row["本年废止件数"] += 1
        if _in_force(document, last):
            row["现行有效件数"] += 1
    table["行政许可"] = {"本年处理决定数量": statistics.licensing}
    table["行政处罚"] = {"本年处理决定数量": statistics.penalties}
    table["行政强制"] = {"本年处理决定数量": statistics.coercion}
    table["行政事业性收费"] = {"本年收费金额（单位：万元）": statistics.fees_wan}
    return table


def add_tables(tables: list[dict]) -> dict:
    """Cell-by-cell sum (the roll-up of a government's report from its departments)."""
    total: dict = {}
    for table in tables:
        for row, cells in table.items():
            target = total.setdefault(row, defaultdict(int))
            for column, value in cells.items():
                target[column] += value
    return {row: dict(cells) for row, cells in total.items()}
