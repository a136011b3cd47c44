"""Imports into the annual report: the year's decision and fee statistics (CSV/XLSX), and past
reports pasted as text or HTML. A line that cannot be read is reported by number and the rest is
kept; nothing is silently dropped."""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gongkai.reports import checks, tables

STAT_HEADERS = {
    "年度": "year",
    "行政许可": "licensing",
    "行政处罚": "penalties",
    "行政强制": "coercion",
    "行政事业性收费（万元）": "fees_wan",
    "行政事业性收费": "fees_wan",
}


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class UnreadableUpload(ValueError):
    pass


def _cells_from_upload(name: str, data: bytes) -> list[list[str]]:
    if name.lower().endswith(".xlsx"):
        from gongkai.textproc.bounded import xlsx_rows

        # Parsed in the bounded child process (ADR 0011): a zip bomb costs it, not the worker.
        outcome = xlsx_rows(data)
        if not outcome.ok:
            raise UnreadableUpload(outcome.reason)
        return outcome.value
    text = data.decode("utf-8-sig", errors="replace")
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def read_statistics(name: str, data: bytes) -> ImportResult:
    """Rows of 年度, 行政许可, 行政处罚, 行政强制, 行政事业性收费（万元） (a header row names them)."""
    result = ImportResult()
    try:
        rows = _cells_from_upload(name, data)
    except UnreadableUpload as exc:
        result.problems.append(f"文件无法读取：{exc}。请上传 CSV 或 XLSX 文件。")
        return result
    except Exception:  # a damaged workbook: say so rather than fail
        result.problems.append("文件无法读取，请上传 CSV 或 XLSX 文件。")
        return result
    if not rows:
        result.problems.append("文件是空的。")
        return result
    header = [STAT_HEADERS.get(h.replace(" ", "").replace("(", "（").replace(")", "）")) for h in rows[0]]
    if "year" not in header:
        result.problems.append("第1行应是表头，并包含“年度”列。")
        return result
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        values = {key: row[i] if i < len(row) else "" for i, key in enumerate(header) if key}
        try:
            parsed = {
                "year": int(values["year"]),
                "licensing": int(values.get("licensing") or 0),
                "penalties": int(values.get("penalties") or 0),
                "coercion": int(values.get("coercion") or 0),
                "fees_wan": Decimal(values.get("fees_wan") or 0),
            }
            if (
                not 2008 <= parsed["year"] <= 2100
                or min(parsed[k] for k in ("licensing", "penalties", "coercion")) < 0
            ):
                raise ValueError
        except (ValueError, InvalidOperation):
            result.problems.append(f"第{number}行无法读取（应为年度和非负数字）：{'，'.join(row)}")
            continue
        result.rows.append(parsed)
    return result


# ---------------------------------------------------------------- past reports

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _text_of(pasted: str) -> str:
    """HTML tables become lines of cells; plain text stays as it is."""
    if "<" in pasted and ">" in pasted:
        pasted = re.sub(r"(?is)<(script|style).*?</\1>", " ", pasted)
        pasted = re.sub(r"(?i)</tr\s*>", "\n", pasted)
        pasted = re.sub(r"(?i)<br\s*/?>|</p\s*>", "\n", pasted)
        pasted = re.sub(r"<[^>]+>", " ", pasted)
        pasted = html.unescape(pasted)
    pasted = pasted.replace("\u3000", " ").replace("\xa0", " ")
    return "\n".join(" ".join(line.split()) for line in pasted.splitlines() if line.strip())


def _key(label: str) -> str:
    """What identifies a row however a site prints it: its words without numbering or brackets."""
    label = label.split("·")[-1]
    label = re.sub(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|^\d+[.．、]", "", label)
    return re.sub(r"[（(].*?[)）]|[\s“”\"'，,。、]", "", label)[:8]


def _numbers_if_row(line: str, key: str, count: int) -> list[float] | None:
    """The row's last ``count`` numbers when ``line`` is the row named by ``key``."""
    if key not in re.sub(r"[\s“”\"'，,。、]", "", line):
        return None
    numbers = [float(n) for n in NUMBER.findall(line)]
    return numbers[-count:] if len(numbers) >= count else None


def read_past_report(pasted: str, year: int) -> tuple[dict, list[str]]:
    """Section 三 (and 四) of a published report, as data, and what could not be read."""
    version = 2021 if year >= 2021 else 2019
    lines = _text_of(pasted).splitlines()
    problems: list[str] = []
    section_3: dict[str, dict[str, int]] = {}
    used: set[int] = set()
    start = 0  # rows come in the format's order: look after the last one found
    for row in tables.section_3_rows(version):
        key = _key(row)
        found = None
        for number in range(start, len(lines)):
            values = _numbers_if_row(lines[number], key, len(tables.SECTION_3_COLUMNS))
            if values is not None:
                found = (number, values)
                start = number + 1
                break
        if found is None:
            problems.append(f"未能读取第三部分“{row.split('·')[-1]}”一行。")
            continue
        used.add(found[0])
        section_3[row] = {c: int(v) for c, v in zip(tables.SECTION_3_COLUMNS, found[1], strict=True)}
    section_4 = {}
    for number, line in enumerate(lines):
        numbers = NUMBER.findall(line)
        if number not in used and len(numbers) == 15 and not any(w in line for w in ("申请", "公开")):
            values = [int(float(n)) for n in numbers]
            for i, group in enumerate(tables.APPEAL_GROUPS.values()):
                section_4[group] = dict(
                    zip([*tables.APPEAL_RESULTS.values(), "总计"], values[i * 5 : i * 5 + 5], strict=True)
                )
            break
    if not section_4:
        problems.append("未能读取第四部分（行政复议、行政诉讼）的15个数字。")
    failures: list[str] = []
    if len(section_3) == len(tables.section_3_rows(version)):
        failures = [str(f) for f in checks.check_section_3(section_3)]
    if section_4:
        failures += [str(f) for f in checks.check_section_4(section_4)]
    data = {
        "三、收到和处理政府信息公开申请情况": section_3,
        "四、政府信息公开行政复议、行政诉讼情况": section_4,
        "checks": [{"text": f} for f in failures],
        "imported": True,
    }
    return data, problems
