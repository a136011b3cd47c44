"""`gongkai check FILE [--org] --json` prints {"findings": [...]} with exactly the issue's keys."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.inspection.models import WordRule
from gongkai.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
KEYS = {"kind", "text", "start", "end", "reason", "suggestion", "blocking"}
SEED_002 = "关于做好秸秆禁烧工作的通知\n各乡镇：btbt365me为切实做好秸秆禁烧工作，按步就班落实责任。"


def check(path, *args) -> tuple[dict, int]:
    out = io.StringIO()
    code = 0
    try:
        call_command("check_document", str(path), "--json", *args, stdout=out)
    except SystemExit as exit_:
        code = exit_.code
    return json.loads(out.getvalue()), code


def test_text_file_findings_in_the_issues_shape(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(SEED_002, encoding="utf-8")
    payload, code = check(path)
    assert list(payload) == ["findings"]
    assert all(set(f) == KEYS for f in payload["findings"])
    by_text = {f["text"]: f for f in payload["findings"]}
    assert by_text["btbt365me"]["blocking"] is True
    assert SEED_002[by_text["btbt365me"]["start"] : by_text["btbt365me"]["end"]] == "btbt365me"
    assert by_text["按步就班"]["suggestion"] == "按部就班"
    assert code == 1  # a blocking finding


def test_docx_goes_through_the_bounded_extraction(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("中华人民共合国政府信息公开条例")
    path = tmp_path / "draft.docx"
    document.save(path)
    payload, _ = check(path)
    assert [f["suggestion"] for f in payload["findings"]] == ["中华人民共和国"]


def test_a_clean_file_exits_zero(tmp_path):
    path = tmp_path / "ok.txt"
    path.write_text("关于做好2026年政务公开工作的通知", encoding="utf-8")
    assert check(path) == ({"findings": []}, 0)


def test_org_list_is_used_with_org(tmp_path):
    org = OrganizationFactory()
    WordRule.objects.create(organization=org, category="organ", pattern="城管大队", reason="已更名")
    path = tmp_path / "a.txt"
    path.write_text("城管大队开展巡查", encoding="utf-8")
    assert check(path)[0]["findings"] == []
    assert [f["text"] for f in check(path, "--org", org.slug)[0]["findings"]] == ["城管大队"]


def test_too_large_file_gets_a_clear_message(tmp_path, settings):
    settings.GONGKAI_CHECK_MAX_FILE_BYTES = 1000
    path = tmp_path / "big.txt"
    path.write_text("文" * 2000, encoding="utf-8")
    with pytest.raises(CommandError, match="超过检查上限"):
        call_command("check_document", str(path), "--json")


def test_cli_routes_check_with_a_file_to_the_document_check(tmp_path, monkeypatch):
    import gongkai.cli

    seen = {}
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: seen.setdefault("argv", argv)
    )
    path = tmp_path / "x.txt"
    path.write_text("x", encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["gongkai", "check", str(path), "--json"])
    gongkai.cli.main()
    assert seen["argv"][1] == "check_document"
    seen.clear()
    monkeypatch.setattr("sys.argv", ["gongkai", "check", "--deploy"])
    gongkai.cli.main()
    assert seen["argv"][1] == "check"  # Django's system check is untouched
