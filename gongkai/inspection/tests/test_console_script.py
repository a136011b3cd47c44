"""`gongkai check` and `gongkai inspect` through the installed console script, as an operator runs
them (issue 13 item 6): a separate process with its own settings and database connection, reading
the database this test committed. The in-process tests (test_command.py, test_selfcheck.py) cover
the rules; these prove the command line prints the issue's shapes and exit statuses."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from gongkai.disclosure.models import Record
from gongkai.inspection import selfcheck
from gongkai.inspection.models import WordRule
from gongkai.inspection.tests.test_selfcheck import explain_all_empty, published

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db(transaction=True)
# The issue's keys, in the issue's order.
KEYS = ["kind", "text", "start", "end", "reason", "suggestion", "blocking"]
SEED_002 = "关于做好秸秆禁烧工作的通知\n各乡镇：btbt365me为切实做好秸秆禁烧工作，按步就班落实责任。"


def installation(tmp_path: Path) -> dict:
    """The environment of a process that sees this test's committed database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        # This checkout's code, whichever checkout the editable install points at.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    if connection.vendor == "sqlite":
        # The test database lives in this process's memory: hand the other process a copy.
        path = tmp_path / f"installation-{len(list(tmp_path.glob('installation-*')))}.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        db = connection.settings_dict
        password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
        env["DATABASE_URL"] = f"postgres://{quote(db['USER'])}{password}@{host}/{db['NAME']}"
    return env


def gongkai(env: dict, *args: str) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("gongkai")
    assert script.exists(), "the `gongkai` console script is installed by `pip install -e .` (make install)"
    return subprocess.run(
        [str(script), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def seed_002_files(tmp_path: Path) -> dict[str, Path]:
    import docx
    from weasyprint import HTML

    text = tmp_path / "notice.txt"
    text.write_text(SEED_002, encoding="utf-8")
    word = docx.Document()
    for line in SEED_002.split("\n"):
        word.add_paragraph(line)
    word.save(tmp_path / "notice.docx")
    paragraphs = "".join(f"<p>{line}</p>" for line in SEED_002.split("\n"))
    HTML(
        string=f"<html><body style=\"font-family: 'Noto Serif CJK SC', serif\">{paragraphs}</body></html>"
    ).write_pdf(tmp_path / "notice.pdf")
    return {"txt": text, "docx": tmp_path / "notice.docx", "pdf": tmp_path / "notice.pdf"}


def test_check_prints_the_issues_findings_for_a_text_a_docx_and_a_pdf(tmp_path):
    env = installation(tmp_path)
    for kind, path in seed_002_files(tmp_path).items():
        done = gongkai(env, "check", str(path), "--json")
        assert done.returncode == 1, (kind, done.stderr)  # a blocking finding
        payload = json.loads(done.stdout)
        assert list(payload) == ["findings"], kind
        assert payload["findings"], kind
        assert all(list(f) == KEYS for f in payload["findings"]), kind
        by_text = {f["text"]: f for f in payload["findings"]}
        injected = by_text["btbt365me"]
        assert (injected["kind"], injected["blocking"]) == ("injected", True), kind
        assert injected["end"] - injected["start"] == len("btbt365me"), kind
        assert by_text["按步就班"]["suggestion"] == "按部就班", kind
        assert by_text["按步就班"]["reason"], kind
        if kind == "txt":  # offsets are into the text as read
            assert SEED_002[injected["start"] : injected["end"]] == "btbt365me"


def test_check_exits_zero_on_a_clean_file_and_uses_the_organs_own_list(tmp_path, two_orgs):
    WordRule.objects.create(
        organization=two_orgs.gov_a, category="organ", pattern="城管大队", reason="已更名"
    )
    env = installation(tmp_path)
    path = tmp_path / "clean.txt"
    path.write_text("城管大队开展市容巡查。", encoding="utf-8")
    done = gongkai(env, "check", str(path), "--json")
    assert (done.returncode, json.loads(done.stdout)) == (0, {"findings": []})
    done = gongkai(env, "check", str(path), "--org", two_orgs.gov_a.slug, "--json")
    assert [f["text"] for f in json.loads(done.stdout)["findings"]] == ["城管大队"]


def test_what_cannot_be_checked_is_refused_with_a_message_in_chinese(tmp_path):
    env = installation(tmp_path)
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # 51 MB (sparse): over the default limit of 50 MB
        handle.truncate(51 * 1024 * 1024)
    done = gongkai(env, "check", str(big), "--json")
    assert (done.returncode, done.stdout) == (2, "")
    assert "文件“big.txt”大小为51.0 MB，超过检查上限50 MB，未检查。" in done.stderr
    for command in (["check", str(big)], ["inspect"]):
        done = gongkai(env, *command, "--org", "nowhere", "--json")
        assert (done.returncode, done.stdout) == (2, ""), command
        assert "找不到机关：nowhere" in done.stderr, command


def test_inspect_prints_score_vetoes_and_findings_and_a_tampered_page_is_a_veto(tmp_path, two_orgs, publish):
    for org in (two_orgs.gov_a, two_orgs.dept_a1, two_orgs.gov_b):
        explain_all_empty(org)
    record = published(
        two_orgs, publish, days_ago=2, body="<p>为进一步做好秸秆禁烧工作，现将有关事项通知如下。</p>"
    )
    done = gongkai(installation(tmp_path), "inspect", "--json", "--no-save")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert list(payload) == ["score", "vetoes", "findings"]
    assert (payload["score"], payload["vetoes"]) == (100.0, [])

    # Seed 002's string written past the services, as an intruder with database access would.
    Record.objects.filter(pk=record.pk).update(
        body="<p>为进一步做好秸秆禁烧工作，btbt365me现将有关事项通知如下。</p>"
    )
    env = installation(tmp_path)
    done = gongkai(env, "inspect", "--org", two_orgs.gov_a.slug, "--json", "--no-save")
    assert done.returncode == 1, done.stderr  # 单项否决
    payload = json.loads(done.stdout)
    assert payload["score"] == 0
    # Found twice in one run: the served page differs from its seal, and the engine reads the string.
    assert {(v["indicator"], v["organization"]) for v in payload["vetoes"]} == {
        (selfcheck.SERVED_DIFFERS, two_orgs.gov_a.name),
        (selfcheck.INJECTED, two_orgs.gov_a.name),
    }
    [tampered] = [f for f in payload["findings"] if f["indicator"] == selfcheck.SERVED_DIFFERS]
    assert (tampered["record_id"], tampered["severity"]) == (record.pk, "veto")
    assert "btbt365me" in tampered["text"]
    # The other government is untouched.
    done = gongkai(env, "inspect", "--org", two_orgs.gov_b.slug, "--json", "--no-save")
    assert (done.returncode, json.loads(done.stdout)["vetoes"]) == (0, [])
