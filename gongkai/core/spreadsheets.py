"""User text in exported spreadsheets stays text (formula / CSV injection, OWASP).

A cell whose text starts with ``= + - @``, a tab or a carriage return is read by Excel, WPS and
LibreOffice as a formula: a unit's progress note ``=HYPERLINK("http://…","点此")`` would become
a live link in the ledger export. In .xlsx such a value is written as a string cell with the
quote-prefix style (shown without the quote, kept as text when edited); in .csv it is prefixed
with ``'``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A value for csv.writer: formula-like text gets a leading apostrophe."""
    return f"'{value}" if is_formula_like(value) else value


def append_row(sheet, values: Iterable[Any]) -> None:
    """``sheet.append(values)``, with every str written as text (never a formula)."""
    values = list(values)
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            cell = sheet.cell(row=row, column=column)
            cell.value = value
            cell.data_type = "s"
            if is_formula_like(value):
                cell.quotePrefix = True
