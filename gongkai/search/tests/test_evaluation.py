"""`gongkai search evaluate`: the metrics over a labelled set, through the site's own ranking."""

import io
import json

import pytest
from django.core.management import call_command

from gongkai.search.evaluation import QueryResult, evaluate

pytestmark = pytest.mark.django_db

DOCUMENTS = [
    {
        "id": "a",
        "title": "镇巴县人民政府工作规则",
        "doc_number": "镇政发〔2024〕7号",
        "organ": "镇巴县人民政府",
        "published_on": "2024-04-06",
        "body": "县政府实行县长负责制。",
    },
    {
        "id": "b",
        "title": "山东省人民政府关于深化预算管理制度改革的实施意见",
        "doc_number": "鲁政发〔2014〕20号",
        "organ": "山东省人民政府",
        "published_on": "2014-12-01",
        "body": "建立全面规范、公开透明的现代预算制度。",
    },
    {
        "id": "c",
        "title": "2023年新余市政务公开工作要点",
        "organ": "新余市人民政府",
        "published_on": "2023-08-07",
        "body": "扎实推进政务公开标准化规范化建设。",
    },
    {
        "id": "d",
        "title": "北京市2016年政务公开工作要点",
        "doc_number": "京政办发〔2016〕26号",
        "organ": "北京市人民政府",
        "published_on": "2016-05-28",
        "body": "进一步推进权力清单和责任清单公开。",
    },
]
QUERIES = [
    {"q": "镇政发(2024)第7号", "type": "doc_number", "relevant": ["a"]},
    {"q": "预算管理制度改革", "type": "title", "relevant": ["b"]},
    {"q": "政务公开工作要点 2016", "type": "topic_year", "relevant": ["d"]},
    {"q": "zwgk gzyd", "type": "pinyin", "relevant": ["c", "d"]},
]


@pytest.fixture
def relevance_set(tmp_path):
    (tmp_path / "documents.jsonl").write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCUMENTS))
    (tmp_path / "queries.jsonl").write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUERIES))
    return tmp_path


def test_metrics_of_one_query():
    result = QueryResult(q="x", type="t", relevant=["b", "c"], ranked=["a", "b", "c"])
    assert result.rank == 2
    assert result.ndcg == pytest.approx((1 / 1.585 + 1 / 2) / (1 + 1 / 1.585), rel=1e-3)
    assert QueryResult(q="x", type="t", relevant=["z"], ranked=["a"]).rank is None


def test_the_set_is_ranked_by_the_sites_own_search(relevance_set):
    report = evaluate(relevance_set).as_dict()
    assert report["documents"] == 4
    assert report["all"]["queries"] == 4
    assert set(report["by_type"]) == {"doc_number", "title", "topic_year", "pinyin"}
    assert report["by_type"]["doc_number"]["top1"] == 1.0
    assert report["by_type"]["title"]["top1"] == 1.0
    assert report["by_type"]["topic_year"]["top1"] == 1.0


def test_the_command_prints_json(relevance_set):
    out = io.StringIO()
    call_command("search", "evaluate", str(relevance_set / "queries.jsonl"), "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert {"documents", "all", "by_type", "misses"} <= set(printed)
