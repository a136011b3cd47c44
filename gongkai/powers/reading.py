"""Read the rows of a 权责清单 or 公共服务事项清单 from the .xlsx an organ already keeps (no ORM).

Real lists have a title row or two, headers over one to three rows (事项名称 over 主项/子项),
merged cells (a 事项 spanning its 子项 rows, a category heading across the whole row), and
columns in any order. Every row that cannot be kept is named with its sheet and line; the rest
are returned to become a draft.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from gongkai.powers import headers

HEADER_SCAN_ROWS = 12
MAX_HEADER_ROWS = 3
MAX_ROWS = 20_000
# Field length limits of PowerListItem; a longer cell is named rather than cut.
MAX_LENGTHS = {
    "code": 80,
    "name": 300,
    "sub_name": 300,
    "implementer": 200,
    "time_limit": 200,
    "fees": 300,
    "service_object": 200,
    "location": 300,
    "hours": 200,
    "phone": 100,
}

UNREADABLE_FILE = "无法读取该文件：请上传 Excel 2007 及以上版本的 .xlsx 文件。"
NO_HEADER = "未找到表头（需要“事项名称”或“权力名称”等列），已跳过该工作表。"
NO_CATEGORY_COLUMN = "未找到“类别”列（或“权力类型”“职权类型”），也没有“一、行政许可”之类的分类标题行。"
UNKNOWN_CATEGORY = (
    "类别“{value}”无法识别（应为行政许可、行政处罚、行政强制、行政征收、行政给付、"
    "行政检查、行政确认、行政奖励、行政裁决或其他）。"
)
CATEGORY_EMPTY = "类别为空。"
NAME_MISSING = "有内容但事项名称为空。"
DUPLICATE = "事项“{name}”与第{first}行重复，未导入。"
TOO_LONG = "“{label}”超过{limit}个字，请核对是否串行。"
TOO_MANY_ROWS = "行数超过{limit}行，其余未读取。"


@dataclass(frozen=True)
class Problem:
    sheet: str
    line: int | None
    message: str

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "line": self.line, "message": self.message}

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”" + (f"第{self.line}行" if self.line else "")
        return f"{where}：{self.message}"


@dataclass
class ReadList:
    rows: list[dict[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Header cells that matched no field (kept out, listed so the reviewer knows).
    ignored_columns: list[str] = field(default_factory=list)


def item_key(row: dict[str, str]) -> tuple[str, str]:
    """What makes two rows the same 事项: the name and 子项 (the 编码 is often blank or reissued)."""
    return (headers.normalize(row.get("name", "")), headers.normalize(row.get("sub_name", "")))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _grid(sheet) -> list[list[str]]:
    """The sheet's values with every merged range filled by its top-left value."""
    # iter_rows pads to max_row with empty rows: never ask for more than the sheet has.
    last = min(sheet.max_row or 0, MAX_ROWS + HEADER_SCAN_ROWS)
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True, max_row=last)]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    for merged in (getattr(sheet, "merged_cells", None) and sheet.merged_cells.ranges) or ():
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(rows) or left >= width:
            continue
        value = rows[top][left]
        for r in range(top, min(merged.max_row, len(rows))):
            for c in range(left, min(merged.max_col, width)):
                rows[r][c] = value
    return rows


def _header(grid: list[list[str]]) -> tuple[int, int, dict[int, str], list[str]] | None:
    """(first header row, first data row, column → field, ignored labels) or None.

    The header starts at the first row naming ≥ 2 fields, one of them the name; it continues
    over the next rows while they still name fields (事项名称 over 主项/子项). A lower row's
    label wins over the one above it, so 主项/子项 under a merged 事项名称 are told apart.
    """
    for start in range(min(HEADER_SCAN_ROWS, len(grid))):
        found = {i: headers.field_for_header(v) for i, v in enumerate(grid[start])}
        if list(found.values()).count(None) == len(found) or "name" not in found.values():
            continue
        if sum(1 for f in set(found.values()) if f) < 2:
            continue
        end = start + 1
        while end < min(start + MAX_HEADER_ROWS, len(grid)):
            below = grid[end]
            named = [headers.field_for_header(v) for v in below]
            differs = any(v and v != grid[end - 1][i] for i, v in enumerate(below))
            short = all(len(v) <= 16 for v in below if v)  # header labels, not a data row's text
            if not differs or not short or not any(named) or any(v.isdigit() for v in below[:1]):
                break
            end += 1
        columns: dict[int, str] = {}
        ignored: list[str] = []
        for i in range(len(grid[start])):
            labels = [grid[r][i] for r in range(end - 1, start - 1, -1) if grid[r][i]]
            chosen = next(
                (headers.field_for_header(label) for label in labels if headers.field_for_header(label)), None
            )
            # 主项 under 事项名称 is the name; a second “name” column under the same merged
            # header is the 子项 (lists that write 事项名称 / 事项名称 over 主项 / 子项 name it so).
            if chosen == "name" and "name" in columns.values():
                chosen = "sub_name" if "sub_name" not in columns.values() else None
            if chosen and chosen not in columns.values():
                columns[i] = chosen
            elif labels and not chosen:
                ignored.append(labels[-1])
        return start, end, columns, list(dict.fromkeys(ignored))
    return None


def _is_section_title(row: list[str]) -> str | None:
    """A row whose non-empty cells all hold the same text (a merged heading across the table)."""
    values = {v for v in row if v}
    if len(values) == 1:
        value = values.pop()
        if headers.category_of_section_title(value):
            return value
    return None


def read_sheet(sheet, *, kind: str, result: ReadList, seen: dict[tuple[str, str], tuple[str, int]]) -> None:
    grid = _grid(sheet)
    if not any(any(r) for r in grid):
        return
    found = _header(grid)
    if found is None:
        result.problems.append(Problem(sheet.title, None, NO_HEADER))
        return
    _start, first_data, columns, ignored = found
    result.ignored_columns += [i for i in ignored if i not in result.ignored_columns]
    has_category = "category" in columns.values()
    section_category: str | None = "public_service" if kind == "services" else None
    warned_no_category = False
    for index in range(first_data, min(len(grid), first_data + MAX_ROWS)):
        line = index + 1
        cells = grid[index]
        if not any(cells):
            continue
        title = _is_section_title(cells)
        if title:
            section_category = headers.category_of_section_title(title)
            continue
        row = {field: cells[i] for i, field in columns.items() if field != "seq"}
        if not any(v for f, v in row.items()):
            continue
        if not row.get("name"):
            result.problems.append(Problem(sheet.title, line, NAME_MISSING))
            continue
        if row.get("sub_name") == row.get("name"):
            row["sub_name"] = ""  # a 事项 without 子项, its name merged across both columns
        raw_category = row.get("category", "")
        if has_category and raw_category:
            category = headers.category_for(raw_category)
            if category is None:
                result.problems.append(
                    Problem(sheet.title, line, UNKNOWN_CATEGORY.format(value=raw_category))
                )
                continue
        else:
            category = section_category
        if category is None and has_category:
            result.problems.append(Problem(sheet.title, line, CATEGORY_EMPTY))
            continue
        if category is None:
            if not warned_no_category:
                result.problems.append(Problem(sheet.title, line, NO_CATEGORY_COLUMN))
                warned_no_category = True
            continue
        row["category"] = category
        too_long = next(
            (f for f, limit in MAX_LENGTHS.items() if len(row.get(f, "")) > limit),
            None,
        )
        if too_long:
            result.problems.append(
                Problem(
                    sheet.title,
                    line,
                    TOO_LONG.format(label=headers.LABELS[too_long], limit=MAX_LENGTHS[too_long]),
                )
            )
            continue
        key = item_key(row)
        if key in seen:
            first_sheet, first_line = seen[key]
            where = first_line if first_sheet == sheet.title else f"“{first_sheet}”第{first_line}"
            result.problems.append(
                Problem(sheet.title, line, DUPLICATE.format(name=_display(row), first=where))
            )
            continue
        seen[key] = (sheet.title, line)
        result.rows.append(row)
    if (sheet.max_row or 0) > first_data + MAX_ROWS:
        result.problems.append(Problem(sheet.title, None, TOO_MANY_ROWS.format(limit=MAX_ROWS)))


def _display(row: dict[str, str]) -> str:
    return f"{row['name']}（{row['sub_name']}）" if row.get("sub_name") else row["name"]


def read_workbook(data: bytes, *, kind: str) -> ReadList:
    """Every sheet of the workbook; a file that is not a readable .xlsx is one problem."""
    import openpyxl

    result = ReadList()
    try:
        # Not read_only: merged ranges are only known to a fully loaded worksheet.
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        result.problems.append(Problem("", None, f"{UNREADABLE_FILE}（{type(exc).__name__}）"))
        return result
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for sheet in book.worksheets:
        read_sheet(sheet, kind=kind, result=result, seen=seen)
    return result
