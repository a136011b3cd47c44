"""Reading a 标准目录 spreadsheet (.xlsx or .csv) into rows (pure: no ORM).

Columns are matched by their header, not their position: a sheet with 公开时限 before 公开依据 reads
the same. Each row that cannot be read is named with its line; every other row is returned.
「同上」 in a cell takes the value of the row above, as printed catalogues write it.

Published catalogues (one per domain) are read as they are printed (ADR 0053): the domain named in the
title above the header (「安全生产领域基层政务公开标准目录」) or in the file name when there is no 领域
column; a two-row header (公开事项 over 一级事项/二级事项, 公开对象 over 全社会/特定群体 …); √ in the
全社会/特定群体/主动/依申请/县级/乡级 columns; merged cells (an 一级事项 over its 二级事项 rows) filled
from their top-left cell; and 渠道 printed as a checklist (■政府网站 □政府公报 …) keeps the ■ ones.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from gongkai.catalog.categories import domain_by_name

# Our field ← the headers real catalogues print (regulations §5.2), compared without spaces/brackets.
HEADERS = {
    "domain": ("领域", "公开领域", "所属领域", "试点领域"),
    "level1": ("一级事项", "公开事项一级事项", "一级目录", "一级"),
    "level2": ("二级事项", "公开事项二级事项", "二级目录", "二级"),
    "content": ("公开内容要素", "公开内容", "要素"),
    "basis": ("公开依据",),
    "time_limit": ("公开时限",),
    "subject": ("公开主体",),
    "channels": ("公开渠道和载体", "公开渠道", "公开载体"),
    "audience": ("公开对象",),
    "method": ("公开方式",),
    "tier": ("公开层级",),
}
# Columns of marks (√) under 公开对象 / 公开方式 / 公开层级, as most catalogues print them.
MARK_HEADERS = {
    "audience_public": ("全社会",),
    "audience_specific": ("特定群体", "特定群众", "特定群体请写明", "特定对象"),
    "proactive": ("主动", "主动公开"),
    "on_request": ("依申请", "依申请公开", "申请公开"),
    "tier_county": ("县级", "区级", "县区级", "县市区级"),
    "tier_township": ("乡级", "乡、村级", "乡村级", "乡镇级", "镇级", "镇街级", "乡镇街道级", "街道级"),
}
MARK_GROUPS = {
    "audience": ("audience_public", "audience_specific"),
    "method": ("proactive", "on_request"),
    "tier": ("tier_county", "tier_township"),
}
MARKS = {"√", "✓", "✔", "☑", "■", "●", "是"}
REQUIRED = ("domain", "level1")
MAX_ROWS = 5000
SAME_AS_ABOVE = "同上"

FILE_UNREADABLE = "无法读取文件：请上传 .xlsx 或 .csv（UTF-8 或 GB18030 编码）格式的标准目录。"
MISSING_HEADERS = "表头缺少必需的列：{names}（请在第一行写明列名，列的顺序不限）。"
MISSING_DOMAIN = (
    "表头没有“领域”列，表头上方的标题和文件名中也没有写明领域（例如“安全生产领域基层政务公开标准目录”）。"
)
NO_MARK = "{group}一栏没有勾选（应在{names}中至少一栏打√）。"
BAD_MARK = "“{header}”一栏的“{value}”无法识别，应打√或留空。"
TOO_MANY_ROWS = "一次最多导入{n}行，请分批导入。"
UNKNOWN_DOMAIN = "领域“{value}”不是国办发〔2019〕54号的26个试点领域之一。"
NO_LEVEL1 = "一级事项为空。"
DUPLICATE = "事项重复：与第{line}行的“{name}”相同。"
BAD_AUDIENCE = "公开对象“{value}”无法识别，应为“全社会”和/或“特定群体”。"
BAD_METHOD = "公开方式“{value}”无法识别，应为“主动”和/或“依申请”。"
BAD_TIER = "公开层级“{value}”无法识别，应为“县级”和/或“乡级”。"


GROUP_NAMES = {"audience": "公开对象", "method": "公开方式", "tier": "公开层级"}


def _read_marks(ticks: dict[str, str], values: dict) -> str | None:
    """Set the flags of each group printed as columns of √; a problem when a group has no tick or a
    cell holds something else (特定群体 may name the group instead of a tick, as 「请写明」 asks)."""
    for group, flags in MARK_GROUPS.items():
        present = [f for f in flags if f in ticks]
        if not present:
            continue
        for flag in present:
            cell = ticks[flag]
            if cell and cell not in MARKS and flag != "audience_specific":
                return BAD_MARK.format(header=MARK_HEADERS[flag][0], value=cell)
            values[flag] = bool(cell)
        if not any(values[f] for f in present):
            names = "、".join(f"“{MARK_HEADERS[f][0]}”" for f in present)
            return NO_MARK.format(group=GROUP_NAMES[group], names=names)
        for flag in flags:
            values.setdefault(flag, False)
    return None


@dataclass
class ReadRow:
    line: int
    values: dict


@dataclass
class ReadResult:
    rows: list[ReadRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"line": n or None, "message": "…"}

    def error(self, line: int | None, message: str) -> None:
        self.errors.append({"line": line, "message": message})


def _norm(header: str) -> str:
    return re.sub(r"[\s（）()【】\[\]:：]", "", str(header or ""))


def _cells(name: str, data: bytes) -> list[list[str]]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        # Not read_only: merged ranges (an 一级事项 over its rows) are only known to a loaded sheet.
        sheet = load_workbook(io.BytesIO(data), data_only=True).worksheets[0]
        last = min(sheet.max_row or 0, MAX_ROWS + 20)
        rows = [
            ["" if v is None else str(v) for v in row]
            for row in sheet.iter_rows(values_only=True, max_row=last)
        ]
        for merged in sheet.merged_cells.ranges:
            top, left = merged.min_row - 1, merged.min_col - 1
            if top >= len(rows) or left >= len(rows[top]):
                continue
            for r in range(top, min(merged.max_row, len(rows))):
                for c in range(left, min(merged.max_col, len(rows[r]))):
                    rows[r][c] = rows[top][left]
        return rows
    if name.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return list(csv.reader(io.StringIO(text)))
    raise ValueError(FILE_UNREADABLE)


def _flags(value: str, words: dict[str, tuple[str, ...]]) -> dict[str, bool] | None:
    """'全社会、特定群体' → {public: True, specific: True}; None when a part is not recognised."""
    parts = [p for p in re.split(r"[、,，/；;\s]+", value.replace("■", " ").replace("√", " ")) if p]
    found = dict.fromkeys(words, False)
    for part in parts:
        key = next((k for k, names in words.items() if part in names), None)
        if key is None:
            return None
        found[key] = True
    return found


AUDIENCE = {"audience_public": ("全社会", "社会"), "audience_specific": ("特定群体", "特定群众", "特定对象")}
METHOD = {"proactive": ("主动", "主动公开"), "on_request": ("依申请", "依申请公开", "申请")}
TIER = {
    "tier_county": ("县级", "县", "区级"),
    "tier_township": ("乡级", "乡镇级", "镇级", "街道", "乡、村级", "村级", "乡村级"),
}


def _domain_named_in(text: str):
    """The domain a title or file name names: 「（二十二）沙湾区安全生产领域基层政务公开标准目录」."""
    from gongkai.catalog.categories import BASE_LEVEL_DOMAINS, DOMAIN_ALIASES

    names = [(d.name, d.name) for d in BASE_LEVEL_DOMAINS] + list(DOMAIN_ALIASES.items())
    for alias, name in sorted(names, key=lambda n: -len(n[0])):  # 救灾生产 before 救灾
        if f"{alias}领域" in text:
            return domain_by_name(name)
    return None


def _channels(text: str) -> str:
    """A checklist (■政府网站 □政府公报 ■两微一端) keeps what is ticked; plain text stays as it is."""
    if "□" not in text and "■" not in text:
        return text
    return "、".join(p.strip(" 　、，,;；") for p in re.findall(r"■\s*([^■□]+)", text) if p.strip())


def _is_heading(row: list[str]) -> bool:
    """A row merged across the table (「一、政策文件」): every non-empty cell holds the same text."""
    cells = [c.strip() for c in row if c and c.strip()]
    return len(cells) >= 3 and len(set(cells)) == 1


def read_catalogue(name: str, data: bytes) -> ReadResult:
    result = ReadResult()
    try:
        table = _cells(name, data)
    except Exception as exc:  # a damaged .xlsx raises many kinds of errors
        result.error(None, exc.args[0] if isinstance(exc, ValueError) and exc.args else FILE_UNREADABLE)
        return result
    header_at = next(
        (i for i, row in enumerate(table[:10]) if any(_norm(c) in HEADERS["level1"] for c in row)), None
    )
    header = list(table[header_at]) if header_at is not None else (list(table[0]) if table else [])
    if header_at:
        # A two-row header: 公开内容 etc. stand in the row above, merged down over the second row.
        above_row = table[header_at - 1]
        header = [
            cell if _norm(cell) else (above_row[i] if i < len(above_row) else "")
            for i, cell in enumerate(header)
        ]
    index: dict[str, int] = {}
    marks: dict[str, int] = {}
    for position, cell in enumerate(header):
        key = _norm(cell)
        for field_name, names in HEADERS.items():
            if key in names and field_name not in index:
                index[field_name] = position
        for flag, names in MARK_HEADERS.items():
            if key in names and flag not in marks:
                marks[flag] = position
    title_domain = None
    if "domain" not in index:
        title = " ".join(c for row in table[: header_at or 0] for c in row if c) + " " + name
        title_domain = _domain_named_in(title)
    missing = [HEADERS[f][0] for f in REQUIRED if f not in index and not (f == "domain" and title_domain)]
    if missing:
        line = 1 if header_at is None else header_at + 1
        result.error(
            line, MISSING_DOMAIN if missing == ["领域"] else MISSING_HEADERS.format(names="、".join(missing))
        )
        return result
    body = table[(header_at or 0) + 1 :]
    if len(body) > MAX_ROWS:
        result.error(None, TOO_MANY_ROWS.format(n=MAX_ROWS))
        return result
    above: dict[str, str] = {}
    seen: dict[tuple, tuple[int, str]] = {}
    for offset, row in enumerate(body):
        line = (header_at or 0) + 2 + offset
        raw = {f: (row[i].strip() if i < len(row) and row[i] is not None else "") for f, i in index.items()}
        ticks = {f: (row[i].strip() if i < len(row) and row[i] is not None else "") for f, i in marks.items()}
        if not any(raw.values()) or _is_heading(row):
            continue
        for f, v in raw.items():
            if v == SAME_AS_ABOVE and f in above:
                raw[f] = above[f]
        above = dict(raw)
        domain = domain_by_name(raw["domain"]) if raw.get("domain") else title_domain
        if domain is None:
            result.error(line, UNKNOWN_DOMAIN.format(value=raw.get("domain", "")))
            continue
        if not raw.get("level1"):
            result.error(line, NO_LEVEL1)
            continue
        values = {
            "domain_code": domain.code,
            "level1": raw["level1"][:120],
            "level2": raw.get("level2", "")[:200],
            "content": raw.get("content", ""),
            "basis": raw.get("basis", ""),
            "time_limit": raw.get("time_limit", "")[:300],
            "subject": raw.get("subject", "")[:300],
            "channels": _channels(raw.get("channels", ""))[:500],
        }
        problem = _read_marks(ticks, values)
        for field_name, words, message in (
            ("audience", AUDIENCE, BAD_AUDIENCE),
            ("method", METHOD, BAD_METHOD),
            ("tier", TIER, BAD_TIER),
        ):
            if problem:
                break
            if raw.get(field_name):
                flags = _flags(raw[field_name], words)
                if flags is None:
                    problem = message.format(value=raw[field_name])
                    break
                values.update(flags)
        if problem:
            result.error(line, problem)
            continue
        identity = (values["domain_code"], values["level1"], values["level2"])
        if identity in seen:
            first_line, first_name = seen[identity]
            result.error(line, DUPLICATE.format(line=first_line, name=first_name))
            continue
        seen[identity] = (
            line,
            f"{values['level1']}—{values['level2']}" if values["level2"] else values["level1"],
        )
        result.rows.append(ReadRow(line, values))
    return result
