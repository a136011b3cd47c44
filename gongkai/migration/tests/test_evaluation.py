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
    "repeals": 1.0,
    "amends": 1.0,
    "attachments": 1.0,
    "body": 1.0,
}


def test_development_set_has_three_templates():
    hosts = {path.relative_to(REAL).parts[0] for path in page_files(REAL)}
    assert len(hosts) >= 3
    assert (REAL / "SOURCES.md").exists()


def test_field_floors_on_real_pages():
    result = evaluate(REAL)
    assert result.pages >= 56
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


def test_real_page_with_its_full_site_header_restored():
    """The excerpts cut the site header; a header of the same kind (menus, text, search) put back
    must not move the content region or leak into the body."""
    path = REAL / "www.pingtan.gov.cn" / "zwgk" / "gsgg" / "202608" / "t20260826_108588.htm"
    page = path.read_text(encoding="utf-8")
    header = (
        '<div class="header"><span>网站支持IPV6</span><p>闽政通APP</p><a href="#">长者模式</a>'
        + "".join(f'<a href="/c{i}/">栏目{i}</a>' for i in range(200))
        + "<div><span>热门搜索：</span><span>旅游</span><span>渔业</span></div>"
        + "<p>平潭综合实验区党工委管委会门户网站欢迎您，今天是2026年8月26日</p></div>"
    )
    full = page.replace('<div class="wrap">', '<div class="wrap">' + header, 1)
    from gongkai.migration.extraction import extract_article, learn_profile

    other = full.replace("中恒佰利融资租赁有限公司等7家企业", "某某有限公司等3家企业").replace(
        "108588", "108589"
    )
    url = "https://www.pingtan.gov.cn/zwgk/gsgg/202608/t20260826_108588.htm"
    profile = learn_profile([(url, full), (url.replace("108588", "108589"), other)])
    doc = extract_article(full, url, profile)
    assert doc.body_text.startswith("中恒佰利融资租赁有限公司等7家企业：")
    for leaked in ("网站支持IPV6", "热门搜索", "栏目1", "欢迎您"):
        assert leaked not in doc.body_text
    assert doc.written_on.value.isoformat() == "2026-08-25"
    alone = extract_article(full, url)  # no profile: the page alone decides
    assert alone.body_text.startswith("中恒佰利融资租赁有限公司等7家企业：")


def test_every_real_article_page_is_an_article():
    from gongkai.migration.extraction import page_kind

    for path in page_files(REAL):
        assert page_kind(path.read_bytes()) == "article", path
