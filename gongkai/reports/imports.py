"""Imports into the annual report: the year's decision and fee statistics (CSV/XLSX), and past
reports pasted as text or HTML. A line that cannot be read is reported by number and the rest is
kept; nothing is silently dropped."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gongkai.reports import reader

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


def imported_data(reading: reader.Reading, source: str) -> dict:
    """What an import stores: the tables as read (``None`` for a cell left to a person), the checks
    of what was published, and beside them every flagged cell with its candidates and the source."""
    s3_version = 2021 if any("（六）其他处理·" in c.row for c in reading.cells) else 2019
    return {
        reader.S2: {
            r: v for r, v in reading.table(reader.S2).items() if any(x is not None for x in v.values())
        },
        reader.S3: {
            r: v for r, v in reading.table(reader.S3).items() if any(x is not None for x in v.values())
        },
        reader.S4: reading.table(reader.S4)
        if any(c.value is not None for c in reading.cells if c.table == reader.S4)
        else {},
        "checks": [{"text": f"{c['cell']}——{c['message']}", **c} for c in reading.checks],
        "imported": True,
        "import": {
            "format": reading.format,
            "section_3_format": s3_version,
            "flagged": [
                {**c.as_dict(), "id": i}
                for i, c in enumerate(c for c in reading.cells if c.status in ("ambiguous", "unread"))
                if c.source or c.status == "ambiguous"
            ],
            "problems": reading.problems,
            "source": source[:50000],
        },
    }


def read_past_report(pasted: str, year: int, previous: dict | None = None) -> tuple[dict, list[str]]:
    """Tables of a published report (any shape: see ``reader``), and what could not be read."""
    reading = reader.read_report(pasted, year, previous=previous)
    return imported_data(reading, pasted), reading.problems
