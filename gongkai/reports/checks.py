"""The annual report's own arithmetic (regulations.md §2.4–2.5), checked before publication and on
imported reports. Every failure names the cell, in the format's words."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.reports.tables import (
    APPLICANT_COLUMNS,
    CARRIED_IN,
    CARRIED_OUT,
    NEW,
    RESULTS,
    RESULTS_TOTAL,
    TOTAL_COLUMN,
)


@dataclass(frozen=True)
class Failure:
    section: str
    cell: str
    message: str

    def __str__(self) -> str:
        return f"{self.section}：{self.cell}——{self.message}"


def check_section_3(
    table: dict[str, dict[str, int]], previous: dict[str, dict[str, int]] | None = None
) -> list[Failure]:
    failures = []
    total_row = f"{RESULTS}·{RESULTS_TOTAL}"
    result_rows = [r for r in table if r.startswith(RESULTS) and r != total_row]
    for column in [*APPLICANT_COLUMNS.values(), TOTAL_COLUMN]:
        left = table[NEW][column] + table[CARRIED_IN][column]
        right = table[total_row][column] + table[CARRIED_OUT][column]
        if left != right:
            failures.append(
                Failure("三", f"{column}列", f"第一项加第二项（{left}）不等于第三项总计加第四项（{right}）")
            )
        parts = sum(table[row][column] for row in result_rows)
        if parts != table[total_row][column]:
            failures.append(
                Failure(
                    "三",
                    f"{RESULTS_TOTAL}·{column}",
                    f"总计{table[total_row][column]}不等于各项办理结果之和{parts}",
                )
            )
    for row, cells in table.items():
        parts = sum(cells[c] for c in APPLICANT_COLUMNS.values())
        if parts != cells[TOTAL_COLUMN]:
            failures.append(
                Failure(
                    "三",
                    f"{row.split('·')[-1]}·总计",
                    f"总计列{cells[TOTAL_COLUMN]}不等于六类申请人之和{parts}",
                )
            )
    if previous is not None:
        for column in [*APPLICANT_COLUMNS.values(), TOTAL_COLUMN]:
            if table[CARRIED_IN][column] != previous[CARRIED_OUT][column]:
                failures.append(
                    Failure(
                        "三",
                        f"{CARRIED_IN}·{column}",
                        f"本年上年结转{table[CARRIED_IN][column]}不等于上年结转下年度{previous[CARRIED_OUT][column]}",
                    )
                )
    return failures


def check_section_4(table: dict[str, dict[str, int]]) -> list[Failure]:
    failures = []
    for group, cells in table.items():
        parts = sum(value for column, value in cells.items() if column != "总计")
        if parts != cells["总计"]:
            failures.append(Failure("四", f"{group}·总计", f"总计{cells['总计']}不等于各结果之和{parts}"))
    return failures
