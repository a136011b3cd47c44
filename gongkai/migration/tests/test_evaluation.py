"""The development set of real saved pages: per-field floors, and the evaluate command."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gongkai.migration.evaluation import evaluate, page_files

REAL = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "migration" / "real"

# Measured on the development set (three CMS templates); a change that lowers one fails here.
FLOORS = {
    "title": 1.0,
    "index_number": 1.0,
    "doc_number": 1.0,
    "issuer": 1.0,
    "genre": 1.0,
    "validity": 1.0,
    "written_on": 1.0,
    "published_on": 1.0,
    "column_path": 1.0,
    "related_doc_numbers": 1.0,
    "attachments": 1.0,
    "body": 1.0,
}


def test_development_set_has_three_templates():
    hosts = {path.relative_to(REAL).parts[0] for path in page_files(REAL)}
    assert len(hosts) >= 3
    assert (REAL / "SOURCES.md").exists()


def test_field_floors_on_real_pages():
    result = evaluate(REAL)
    assert result.pages >= 4
    for name, floor in FLOORS.items():
        score = result.scores[name]
        assert score.checked, name
        assert score.accuracy >= floor, (name, result.mismatches)


def test_a_wrong_expectation_is_reported(tmp_path):
    page = tmp_path / "www.x.gov.cn" / "a" / "t20200305_1.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        "<html><head><meta name='ArticleTitle' content='某县关于某事的通知'></head><body>"
        "<div id='zoom'><p>县政发〔2020〕5号</p><p>正文。</p></div></body></html>",
        encoding="utf-8",
    )
    Path(str(page) + ".expected.json").write_text(
        json.dumps({"title": "某县关于某事的通知", "doc_number": "县政发〔2020〕6号"}), encoding="utf-8"
    )
    result = evaluate(tmp_path)
    assert result.scores["title"].correct == 1
    assert result.scores["doc_number"].correct == 0
    assert result.mismatches[0]["got"] == "县政发〔2020〕5号"


def test_evaluate_command_json_and_text():
    out = StringIO()
    call_command("migration", "evaluate", str(REAL), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["pages"] >= 4
    assert report["fields"]["doc_number"]["checked"] >= 4
    out = StringIO()
    call_command("migration", "evaluate", str(REAL), stdout=out)
    assert "页面数" in out.getvalue()


def test_evaluate_command_refuses_an_empty_directory(tmp_path):
    with pytest.raises(CommandError):
        call_command("migration", "evaluate", str(tmp_path))
    with pytest.raises(CommandError):
        call_command("migration", "evaluate", str(tmp_path / "missing"))
