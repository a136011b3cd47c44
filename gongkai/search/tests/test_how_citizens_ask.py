"""How residents type a query (issue 18): question words, a place without its level, an organ's
name, colloquial words, a year, a rare side word — each ranked on a small index built through the
evaluation's loader (the same field builder and query path as the site)."""

import tempfile

import pytest
from django.test import override_settings

from gongkai.search import engine
from gongkai.search.analysis import content_tokens, place_stem, sub_words, with_place_stems
from gongkai.search.evaluation import index_documents
from gongkai.search.query import SearchRequest, search

pytestmark = pytest.mark.django_db

DOCUMENTS = [
    {
        "id": "jinhu",
        "title": "关于调整城乡最低生活保障标准的通知",
        "organ": "金湖县人民政府办公室",
        "written_on": "2019-03-27",
        "body": "调整我县城乡居民最低生活保障标准，城市居民最低生活保障标准由每人每月580元提高到610元。",
    },
    {
        "id": "panji",
        "title": "潘集区人民政府关于印发国民经济和社会发展第十四个五年规划纲要的通知",
        "organ": "潘集区人民政府",
        "published_on": "2021-09-23",
        "body": "区发改委要发挥综合协调职能。",
    },
    {
        "id": "huangping",
        "title": "关于春节期间安全规范燃放烟花爆竹的通告",
        "organ": "黄平县人民政府",
        "body": "除每年除夕、正月初一、初二和正月十四、正月十五之外，其他时间均为禁放时间。",
    },
    {
        "id": "water-2019",
        "title": "今晚孝南区这些区域将暂停供水",
        "organ": "孝感市自来水有限公司",
        "published_on": "2019-09-24",
        "body": "市自来水公司将进行管道迁移施工作业，长兴路沿线暂停供水，请提前储水备用。",
    },
    {
        "id": "water-2021",
        "title": "孝感城区及高新区等区域暂停供水 暂停供水时间 供水恢复",
        "organ": "孝感市自来水有限公司",
        "published_on": "2021-12-20",
        "body": "因主管网碰头连接，孝感城区暂停供水，请广大客户提前储水备用，暂停供水期间供水压力下降。",
    },
    {
        "id": "gushi",
        "title": "关于印发《固始县城乡困难群众住院医疗保险实施方案》的通知",
        "organ": "固始县人民政府",
        "written_on": "2007-01-07",
        "body": "纳入城市低保范围的城镇居民，由民政部门确认后参加住院医疗保险。",
    },
    {
        "id": "gansu",
        "title": "关于全省公立医疗机构先看病后付费、一站式结报监测情况的通报",
        "organ": "甘肃省卫生和计划生育委员会",
        "written_on": "2018-07-02",
        "body": "建档立卡贫困户先看病后付费、一站式结报、85%报销比例等相关数据监测通报如下。",
    },
    {
        "id": "plan-points",
        "title": "北京市人民政府办公厅关于印发《北京市2016年政务公开工作要点》的通知",
        "organ": "北京市人民政府办公厅",
        "written_on": "2016-05-28",
        "body": "进一步推进权力清单和责任清单公开。",
    },
    {
        "id": "annual-report",
        "title": "福州市晋安区2016年政府信息公开工作年度报告",
        "organ": "福州市晋安区人民政府办公室",
        "published_on": "2017-01-12",
        "body": "根据关于做好2016年政务公开工作要点落实情况自查及年度报告有关事项的通知编制。",
    },
]


@pytest.fixture
def index():
    with tempfile.TemporaryDirectory() as scratch, override_settings(GONGKAI_SEARCH_INDEX_DIR=scratch):
        engine.forget_indexes()
        index_documents(DOCUMENTS)
        yield
        engine.forget_indexes()


def keys(q: str) -> list[str]:
    return [hit.key for hit in search(SearchRequest(q=q, page_size=5)).hits]


def test_question_words_are_not_searched_for():
    assert content_tokens(["城镇居民", "如何", "申请", "低保"]) == ["城镇居民", "申请", "低保"]
    assert content_tokens(["孝感", "什么", "时候", "停水"]) == ["孝感", "停水"]
    # Nothing but a question word: searched as typed rather than not at all.
    assert content_tokens(["什么"]) == ["什么"]


@pytest.mark.parametrize(
    ("word", "stem"),
    [("潘集区", "潘集"), ("金湖县", "金湖"), ("湖北省", "湖北"), ("开发区", ""), ("自治州", "")],
)
def test_a_place_is_also_its_bare_name_but_a_compound_is_not(word, stem):
    assert place_stem(word) == stem


def test_bare_place_names_are_added_once():
    assert with_place_stems(["潘集区", "人民政府", "潘集区"]) == ["潘集区", "潘集", "人民政府", "潘集区"]


def test_a_word_without_a_one_character_ending_but_not_any_last_character():
    assert sub_words("低保户") == ["低保"]
    assert sub_words("流程图") == ["流程图"]


def test_a_question_about_a_place_finds_the_organs_notice_that_says_only_our_county(index):
    # The notice says 我县; 金湖 is only in the organ's name.
    assert keys("金湖县低保标准是多少")[:1] == ["jinhu"]
    assert keys("金湖 最低生活保障")[:1] == ["jinhu"]


def test_a_bare_place_name_finds_the_title_with_its_level(index):
    assert keys("潘集 十四五规划")[:1] == ["panji"]


def test_colloquial_words_meet_the_documents_words(index):
    assert keys("黄平县过年哪几天可以放鞭炮")[:1] == ["huangping"]
    assert set(keys("孝感什么时候停水")) == {"water-2019", "water-2021"}


def test_a_typed_year_decides_between_two_notices_either_way(index):
    assert keys("孝感 暂停供水 2019")[:1] == ["water-2019"]
    assert keys("孝感 暂停供水 2021")[:1] == ["water-2021"]


def test_a_rare_side_word_does_not_hide_the_document_holding_the_rest(index):
    # 报销 is in another document only; 固始 + 低保户 (低保) + 住院 are in one, which comes first, and
    # the page says the results are ordered by whether they hold 报销.
    response = search(SearchRequest(q="固始低保户住院能报销吗", page_size=5))
    assert [h.key for h in response.hits][:1] == ["gushi"]
    assert response.partial == ["报销"]
    assert "“报销”" in response.message


def test_the_words_as_typed_outrank_a_document_matching_only_their_variant_better(index):
    # 政务公开 ↔ 政府信息公开: the 工作要点 itself comes before the report that matches the variant too.
    assert keys("政务公开工作要点 2016")[:1] == ["plan-points"]


def test_pages_of_a_query_with_a_year_neither_repeat_nor_skip(index):
    pages = [
        [hit.key for hit in search(SearchRequest(q="孝感 暂停供水 2019", page=page, page_size=1)).hits]
        for page in (1, 2, 3)
    ]
    seen = [key for page in pages for key in page]
    assert seen[:1] == ["water-2019"]
    assert len(seen) == len(set(seen)) == 2
