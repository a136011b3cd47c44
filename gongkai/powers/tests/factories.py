"""Helpers for the lists' tests: workbooks built in memory, and a list walked to publication."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from gongkai.accounts.models import Role
from gongkai.powers import services

REAL = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "powers" / "real"


def real_bytes(name: str) -> bytes:
    return (REAL / name).read_bytes()


def workbook_bytes(*sheets: tuple[str, list[list]]) -> bytes:
    """An .xlsx with one sheet per (title, rows)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def publish_import(
    two_orgs, org, data: bytes, *, kind: str = "powers", name: str = "清单.xlsx", reason: str = ""
):
    """Import as the organ's 信息员, submit, and publish as its 审核人."""
    version = services.import_list(
        org=org, actor=two_orgs.staff(org, Role.EDITOR), kind=kind, name=name, data=data, reason=reason
    )
    services.submit_version(version=version, actor=two_orgs.staff(org, Role.EDITOR))
    return services.publish_version(version=version, actor=two_orgs.staff(org, Role.REVIEWER))
