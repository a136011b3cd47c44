"""The import paths that parse uploads go through the bounded sandbox too (issue 17, finding 1)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from gongkai.reports.imports import read_statistics
from gongkai.textproc import bounded
from gongkai.textproc.tests import hostile


def test_a_statistics_workbook_over_the_entry_limit_is_reported_not_parsed():
    result = read_statistics("统计.xlsx", hostile.many_entries_xlsx(2100))
    assert result.rows == []
    assert any("文件无法读取" in p and "2000个的上限" in p for p in result.problems)


def test_a_workplan_docx_bomb_is_refused_by_the_command_with_the_reason(tmp_path):
    path = tmp_path / "要点.docx"
    path.write_bytes(hostile.bomb_docx(100))
    with pytest.raises(CommandError, match="未能从文件中读出文字（解压后约"):
        call_command("workplan", "parse", str(path))


def test_docx_tables_of_a_bomb_are_none_rather_than_an_exhausted_worker():
    assert bounded.docx_tables(hostile.bomb_docx(100)) == []


def test_a_damaged_file_is_unreadable_with_a_reason_not_an_exception():
    extraction = bounded.extract_text("pdf", b"%PDF-1.4\n garbage")
    assert extraction.status == bounded.STATUS_UNREADABLE
    assert extraction.reason, extraction  # "文件已损坏或格式无法识别" (or a limit, on a loaded machine)
