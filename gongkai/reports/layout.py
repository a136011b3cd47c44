"""The national format's tables as grids of cells with their merges (colspan/rowspan), so HTML,
.docx and PDF print exactly the same headers. Pure: data in, grid out."""

from __future__ import annotations

from gongkai.core.gongwen import Cell, Grid
from gongkai.reports import tables

# Fixed column widths (relative): the label columns get what their longest label needs, the
# number columns share the rest evenly, so no header wraps one character per line.
S2_WIDTHS = [40, 20, 20, 20]
S3_WIDTHS = [7, 9, 21, *[9] * 7]
SECTION_3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _num(value) -> str:
    if value is None:  # an imported cell not yet confirmed by a person
        return "？"
    if isinstance(value, float) or hasattr(value, "quantize"):
        text = f"{float(value):.4f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


def section_2(table: dict) -> Grid:
    rows: list[list[Cell]] = []
    rows.append([Cell("第二十条第（一）项", colspan=4, header=True)])
    rows.append([Cell("信息内容", header=True)] + [Cell(c, header=True) for c in tables.NORMATIVE_COLUMNS])
    for label in tables.NORMATIVE_ROWS.values():
        rows.append(
            [Cell(label, label=True)] + [Cell(_num(table[label][c])) for c in tables.NORMATIVE_COLUMNS]
        )
    for item, labels, column in (
        ("第二十条第（五）项", ["行政许可"], "本年处理决定数量"),
        ("第二十条第（六）项", ["行政处罚", "行政强制"], "本年处理决定数量"),
        ("第二十条第（八）项", ["行政事业性收费"], "本年收费金额（单位：万元）"),
    ):
        rows.append([Cell(item, colspan=4, header=True)])
        rows.append([Cell("信息内容", header=True), Cell(column, colspan=3, header=True)])
        for label in labels:
            rows.append([Cell(label, label=True), Cell(_num(table[label][column]), colspan=3)])
    return Grid(rows=rows, columns=4, widths=S2_WIDTHS)


def section_2_2019(table: dict) -> Grid:
    """The 2019 试行 format's section 二 (国办公开办函〔2019〕60号)."""
    rows: list[list[Cell]] = [
        [Cell("第二十条第（一）项", colspan=4, header=True)],
        [Cell("信息内容", header=True), *(Cell(c, header=True) for c in tables.NORMATIVE_COLUMNS_2019)],
    ]
    for label in ("规章", "规范性文件"):
        rows.append(
            [Cell(label, label=True), *(Cell(_num(table[label][c])) for c in tables.NORMATIVE_COLUMNS_2019)]
        )
    for item, labels in (
        ("第二十条第（五）项", ["行政许可", "其他对外管理服务事项"]),
        ("第二十条第（六）项", ["行政处罚", "行政强制"]),
    ):
        rows.append([Cell(item, colspan=4, header=True)])
        rows.append(
            [Cell("信息内容", header=True), *(Cell(c, header=True) for c in tables.ITEM_COLUMNS_2019)]
        )
        rows += [
            [Cell(label, label=True), *(Cell(_num(table[label][c])) for c in tables.ITEM_COLUMNS_2019)]
            for label in labels
        ]
    rows.append([Cell("第二十条第（八）项", colspan=4, header=True)])
    rows.append(
        [
            Cell("信息内容", header=True),
            Cell("上一年项目数量", header=True),
            Cell("本年增/减", colspan=2, header=True),
        ]
    )
    fee = table["行政事业性收费"]
    rows.append(
        [
            Cell("行政事业性收费", label=True),
            Cell(_num(fee["上一年项目数量"])),
            Cell(_num(fee["本年增/减"]), colspan=2),
        ]
    )
    rows.append([Cell("第二十条第（九）项", colspan=4, header=True)])
    rows.append(
        [
            Cell("信息内容", header=True),
            Cell("采购项目数量", header=True),
            Cell("采购总金额", colspan=2, header=True),
        ]
    )
    buy = table["政府集中采购"]
    rows.append(
        [
            Cell("政府集中采购", label=True),
            Cell(_num(buy["采购项目数量"])),
            Cell(_num(buy["采购总金额"]), colspan=2),
        ]
    )
    return Grid(rows=rows, columns=4, widths=S2_WIDTHS)


def section_3(table: dict, version: int = 2021) -> Grid:
    columns = tables.SECTION_3_COLUMNS
    rows: list[list[Cell]] = [
        [
            Cell(SECTION_3_NOTE, colspan=3, rowspan=3, header=True),
            Cell("申请人情况", colspan=7, header=True),
        ],
        [
            Cell("自然人", rowspan=2, header=True),
            Cell("法人或其他组织", colspan=5, header=True),
            Cell("总计", rowspan=2, header=True),
        ],
        [Cell(c, header=True) for c in columns[1:6]],
    ]

    def values(row: str) -> list[Cell]:
        # A row an imported report lacked is shown as such, not as zeros.
        cells = table.get(row)
        return [Cell(_num(cells[c]) if cells else "—") for c in columns]

    rows.append([Cell(tables.NEW, colspan=3, label=True), *values(tables.NEW)])
    rows.append([Cell(tables.CARRIED_IN, colspan=3, label=True), *values(tables.CARRIED_IN)])
    result_rows = [r for r in tables.section_3_rows(version) if r.startswith(tables.RESULTS)]
    first = True
    groups_done: set[str] = set()
    for row in result_rows:
        parts = row.split("·")[1:]  # (group[, sub-row])
        cells: list[Cell] = []
        if first:
            cells.append(Cell(tables.RESULTS, rowspan=len(result_rows), label=True))
            first = False
        if len(parts) == 1:
            cells.append(Cell(parts[0], colspan=2, label=True))
        else:
            group, sub = parts
            if group not in groups_done:
                span = sum(1 for r in result_rows if r.split("·")[1:2] == [group])
                cells.append(Cell(group, rowspan=span, label=True))
                groups_done.add(group)
            cells.append(Cell(sub, label=True))
        rows.append(cells + values(row))
    rows.append([Cell(tables.CARRIED_OUT, colspan=3, label=True), *values(tables.CARRIED_OUT)])
    return Grid(rows=rows, columns=10, widths=S3_WIDTHS)


def section_4(table: dict) -> Grid:
    results = [*tables.APPEAL_RESULTS.values(), "总计"]
    rows = [
        [Cell("行政复议", colspan=5, header=True), Cell("行政诉讼", colspan=10, header=True)],
        [Cell(r, rowspan=2, header=True) for r in results]
        + [Cell("未经复议直接起诉", colspan=5, header=True), Cell("复议后起诉", colspan=5, header=True)],
        [Cell(r, header=True) for r in results] * 2,
        [Cell(_num(table[group][r])) for group in tables.APPEAL_GROUPS.values() for r in results],
    ]
    return Grid(rows=rows, columns=15, widths=[1] * 15)
