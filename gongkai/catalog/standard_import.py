"""Reading a 标准目录 spreadsheet (.xlsx or .csv) into rows (pure: no ORM).

Columns are matched by their header, not their position: a sheet with 公开时限 before 公开依据 reads
the same. Each row that cannot be read is named with its line; every other row is returned.
「同上」 in a cell takes the value of the row above, as printed catalogues write it.
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
    "level1": ("一级事项", "公开事项一级事项", "一级目录"),
    "level2": ("二级事项", "公开事项二级事项", "二级目录"),
    "content": ("公开内容要素", "公开内容", "要素"),
    "basis": ("公开依据",),
    "time_limit": ("公开时限",),
    "subject": ("公开主体",),
    "channels": ("公开渠道和载体", "公开渠道", "公开载体"),
    "audience": ("公开对象",),
    "method": ("公开方式",),
    "tier": ("公开层级",),
}
REQUIRED = ("domain", "level1")
MAX_ROWS = 5000
SAME_AS_ABOVE = "同上"

FILE_UNREADABLE = "无法读取文件：请上传 .xlsx 或 .csv（UTF-8 或 GB18030 编码）格式的标准目录。"
MISSING_HEADERS = "表头缺少必需的列：{names}（请在第一行写明列名，列的顺序不限）。"
TOO_MANY_ROWS = "一次最多导入{n}行，请分批导入。"
UNKNOWN_DOMAIN = "领域“{value}”不是国办发〔2019〕54号的26个试点领域之一。"
NO_LEVEL1 = "一级事项为空。"
DUPLICATE = "事项重复：与第{line}行的“{name}”相同。"
BAD_AUDIENCE = "公开对象“{value}”无法识别，应为“全社会”和/或“特定群体”。"
BAD_METHOD = "公开方式“{value}”无法识别，应为“主动”和/或“依申请”。"
BAD_TIER = "公开层级“{value}”无法识别，应为“县级”和/或“乡级”。"


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

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
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


def read_catalogue(name: str, data: bytes) -> ReadResult:
    result = ReadResult()
    try:
        table = _cells(name, data)
    except Exception as exc:  # a damaged .xlsx raises many kinds of errors
        result.error(None, exc.args[0] if isinstance(exc, ValueError) and exc.args else FILE_UNREADABLE)
        return result
    header_at = next(
        (i for i, row in enumerate(table[:10]) if any(_norm(c) == "一级事项" for c in row)), None
    )
    header = table[header_at] if header_at is not None else (table[0] if table else [])
    index: dict[str, int] = {}
    for position, cell in enumerate(header):
        key = _norm(cell)
        for field_name, names in HEADERS.items():
            if key in names and field_name not in index:
                index[field_name] = position
    missing = [HEADERS[f][0] for f in REQUIRED if f not in index]
    if missing:
        result.error(
            1 if header_at is None else header_at + 1, MISSING_HEADERS.format(names="、".join(missing))
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
        if not any(raw.values()):
            continue
        for f, v in raw.items():
            if v == SAME_AS_ABOVE and f in above:
                raw[f] = above[f]
        above = dict(raw)
        domain = domain_by_name(raw["domain"]) if raw.get("domain") else None
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
            "channels": raw.get("channels", "").replace("■", "")[:500],
        }
        problem = None
        for field_name, words, message in (
            ("audience", AUDIENCE, BAD_AUDIENCE),
            ("method", METHOD, BAD_METHOD),
            ("tier", TIER, BAD_TIER),
        ):
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
