"""Search among long regulations and short notices (issue 18, third pass): the shapes the
1,000-document set showed — a 令 number typed in any form, the place a resident names, a long text
that holds every word in passing, a particle stuck to a word — each on a small index built through
the evaluation's loader (the same field builder and query path as the site)."""

import tempfile

import pytest
from django.test import override_settings

from gongkai.search import engine
from gongkai.search.evaluation import index_documents, load
from gongkai.search.query import SearchRequest, is_place, search
from gongkai.textproc.docnumbers import keys

pytestmark = pytest.mark.django_db

# A long regulation that mentions the words of short queries in passing, so that strict matching
# alone would put it first.
PASSING = (
    "第一条 为了保障粮食安全，保护耕地，提高耕地地力，制定本条例。"
    "第二条 县级以上人民政府应当落实耕地保护补贴，制定实施方案。"
    "第三条 春节期间加强市场供应。第四条 燃放烟花爆竹应当遵守有关规定。"
)
DOCUMENTS = [
    {
        "id": "river-law",
        "title": "中华人民共和国河道管理条例",
        "doc_number": "中华人民共和国国务院令第3号",
        "organ": "国务院",
        "published_on": "2018-03-19",
        "body": "第一条 为加强河道管理，保障防洪安全，发挥江河湖泊的综合效益，制定本条例。",
    },
    {
        "id": "price-rule",
        "title": "明码标价和禁止价格欺诈规定",
        "doc_number": "国家市场监督管理总局令第56号",
        "organ": "国家市场监督管理总局",
        "published_on": "2022-04-14",
        "body": "经营者销售商品或者提供服务应当明码标价。",
    },
    {
        "id": "grain-law",
        "title": "浙江省粮食安全保障条例",
        "organ": "浙江省人民代表大会常务委员会",
        "published_on": "2018-01-01",
        "body": PASSING,
    },
    {
        "id": "subsidy-plan",
        "title": "2021年耕地地力保护补贴工作方案",
        "organ": "某县农业农村局",
        "published_on": "2021-05-01",
        "body": "",
    },
    {
        "id": "county-fireworks",
        "title": "关于春节期间安全规范燃放烟花爆竹的通告",
        "organ": "黄平县人民政府",
        "body": "过年期间，除夕、正月初一允许燃放烟花爆竹，其他时间禁放。春节快乐。",
    },
    {
        "id": "beijing-fireworks",
        "title": "北京市烟花爆竹安全管理规定",
        "organ": "北京市人民代表大会常务委员会",
        "published_on": "2017-11-24",
        "body": "本市五环路以内为禁止燃放烟花爆竹区域。",
    },
    {
        "id": "beijing-parks",
        "title": "北京市公园条例",
        "organ": "北京市人民代表大会常务委员会",
        "published_on": "2019-01-01",
        "body": "公园管理机构应当做好节假日游园服务。",
    },
    *[
        {
            "id": f"beijing-{name}",
            "title": f"北京市{name}条例",
            "organ": "北京市人民代表大会常务委员会",
            "body": f"为了加强本市{name}工作，制定本条例。",
        }
        for name in ("绿化", "献血", "信访", "统计", "节水", "消防")
    ],
    {
        "id": "qingdao-dogs",
        "title": "青岛市养犬管理条例",
        "organ": "青岛市人民代表大会常务委员会",
        "published_on": "2016-01-01",
        "body": "养犬人应当为犬只办理登记，取得养犬登记证。",
    },
]


@pytest.fixture
def index():
    with tempfile.TemporaryDirectory() as scratch, override_settings(GONGKAI_SEARCH_INDEX_DIR=scratch):
        engine.forget_indexes()
        index_documents(DOCUMENTS)
        yield
        engine.forget_indexes()


def keys_of(q: str) -> list[str]:
    return [hit.key for hit in search(SearchRequest(q=q, page_size=5)).hits]


@pytest.mark.parametrize(
    "typed", ["国务院令第3号", "国务院令 3号", "国务院第3号令", "国令第3号", "中华人民共和国国务院令第3号"]
)
def test_an_order_number_is_found_in_every_form_it_is_typed(typed):
    assert "国务院令3号" in keys(typed)
    assert "中华人民共和国国务院令3号" in keys(typed)


def test_a_departments_order_typed_after_its_number():
    assert keys("公安部127号令")[0] == "公安部令127号"
    assert keys("第577号令") == []  # no issuer, no 文号


def test_an_order_number_meets_the_document_printed_with_the_states_name(index):
    assert keys_of("国务院令第3号")[0] == "river-law"
    assert keys_of("国令3号")[0] == "river-law"


def test_an_order_number_with_the_issuers_short_name(index):
    # 市场监管总局 ↔ 国家市场监督管理总局 is a pair of the abbreviation table.
    assert keys_of("市场监管总局令第56号")[0] == "price-rule"


def test_the_place_a_resident_names_is_given_up_last(index):
    # No document holds 北京, 过年 and 放鞭炮: the county's notice holds the last two, Beijing's
    # rule holds the place and fireworks. 北京 is in most documents and weighs least, yet the
    # place decides.
    assert keys_of("北京 过年能放鞭炮吗")[0] == "beijing-fireworks"


def test_places_are_told_from_compounds(index):
    searcher = engine.searcher()
    assert is_place("北京", searcher)
    assert is_place("青岛市", searcher)
    assert not is_place("烟花爆竹", searcher)
    assert not is_place("春节", searcher)


def test_a_title_that_says_what_is_asked_goes_before_a_text_holding_the_words_in_passing(index):
    # Only the regulation holds 耕地, 地力, 保护, 补贴 and 实施方案 (in its articles); the plan's
    # title holds all but 实施方案 and comes first among the few results.
    response = search(SearchRequest(q="耕地地力保护补贴实施方案", page_size=5))
    assert [hit.key for hit in response.hits][:2] == ["subsidy-plan", "grain-law"]


def test_a_particle_stuck_to_a_word_is_dropped_and_the_colloquial_word_meets_the_official_one(index):
    # 养狗要 is one token to the segmenter; 养狗 ↔ 养犬 is a pair of the abbreviation table.
    response = search(SearchRequest(q="青岛养狗要办证吗", page_size=5))
    assert "养狗" in response.tokens
    assert [hit.key for hit in response.hits][:1] == ["qingdao-dogs"]


def test_the_set_reads_its_compressed_shards(tmp_path):
    import gzip
    import json

    (tmp_path / "documents.jsonl").write_text(json.dumps({"id": "a", "title": "甲"}) + "\n", "utf-8")
    (tmp_path / "documents_more.jsonl.gz").write_bytes(
        gzip.compress((json.dumps({"id": "b", "title": "乙"}) + "\n").encode("utf-8"))
    )
    (tmp_path / "queries.jsonl").write_text(json.dumps({"q": "甲", "relevant": ["a"]}) + "\n", "utf-8")
    documents, queries = load(tmp_path)
    assert [d["id"] for d in documents] == ["a", "b"]
    assert queries[0]["relevant"] == ["a"]
