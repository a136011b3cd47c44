"""How residents actually ask (issue 18, fourth pass): the shapes the real resident queries of
``queries_citizen*.jsonl`` showed — the city named where the province's regulation applies, a page
of passing mentions while the document about the subject lacks a side word, the scaffolding of a
question (最新, 规定, 流程 …), a colloquial short form the segmenter cut apart — each on a small
index built through the evaluation's loader (the same field builder and query path as the site),
and the place data (pure)."""

import tempfile

import pytest
from django.test import override_settings

from gongkai.search import engine, places
from gongkai.search.analysis import scaffold_weight
from gongkai.search.evaluation import index_documents
from gongkai.search.query import SearchRequest, search

pytestmark = pytest.mark.django_db

DOCUMENTS = [
    {
        "id": "zj-ebike",
        "title": "浙江省电动自行车管理条例",
        "organ": "浙江省人民代表大会常务委员会",
        "published_on": "2020-05-15",
        "body": "第一条 为了加强电动自行车管理，制定本条例。第十条 电动自行车应当登记，悬挂号牌。"
        "第三十条 未悬挂号牌上道路行驶的，处五十元罚款。",
    },
    # Three of the city's own regulations mention the words in passing: strict matching alone puts
    # them first.
    {
        "id": "hz-lift",
        "title": "杭州市电梯安全管理条例",
        "organ": "杭州市人民代表大会常务委员会",
        "published_on": "2019-01-01",
        "body": "杭州市行政区域内电梯的安全管理适用本条例。电动自行车不得进入电梯轿厢，违者处二百元罚款。",
    },
    {
        "id": "hz-tour",
        "title": "杭州市旅游条例",
        "organ": "杭州市人民代表大会常务委员会",
        "published_on": "2018-01-01",
        "body": "杭州市旅游景区内禁止电动自行车通行，违反规定的，处一百元罚款。",
    },
    {
        "id": "hz-bus",
        "title": "杭州市公共汽车客运管理条例",
        "organ": "杭州市人民代表大会常务委员会",
        "published_on": "2017-01-01",
        "body": "杭州市公交站台不得停放电动自行车，违者责令改正，处五十元罚款。",
    },
    {
        "id": "gd-unemp",
        "title": "广东省失业保险条例",
        "organ": "广东省人民代表大会常务委员会",
        "published_on": "2022-06-01",
        "body": "第十八条 失业人员符合下列条件的，可以申请领取失业保险金：按照规定参加失业保险，"
        "所在单位和本人已按照规定履行缴费义务满一年。",
    },
    {
        "id": "sz-land",
        "title": "深圳经济特区房地产登记条例",
        "organ": "深圳市人民代表大会常务委员会",
        "published_on": "2021-10-30",
        "body": "深圳经济特区内房地产登记适用本条例。权利人应当交纳登记费，领取房地产证书。",
    },
    {
        "id": "bj-dog",
        "title": "北京市养犬管理规定",
        "organ": "北京市人民代表大会常务委员会",
        "published_on": "2003-09-05",
        "body": "第九条 本市对养犬实行登记和年检制度。未经登记和年检，任何单位和个人不得养犬。",
    },
    {
        "id": "bj-other",
        "title": "北京市公园条例",
        "organ": "北京市人民代表大会常务委员会",
        "published_on": "2015-01-01",
        "body": "公园管理机构应当公布最新的游园规定和办理流程。",
    },
]
# Other places' rules, so that 杭州 is as rare as a city's name is in a real index.
DOCUMENTS += [
    {
        "id": f"other-{n}",
        "title": f"{place}{subject}条例",
        "organ": f"{place}人民代表大会常务委员会",
        "published_on": "2016-01-01",
        "body": f"{place}行政区域内的{subject}工作适用本条例。",
    }
    for n, (place, subject) in enumerate(
        [
            ("河南省", "森林防火"),
            ("重庆市", "河长制"),
            ("青岛市", "城市绿化"),
            ("济南市", "名泉保护"),
            ("洛阳市", "古城保护"),
            ("郑州市", "节约用水"),
            ("宁波市", "地名管理"),
            ("温州市", "市容"),
        ]
    )
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


def test_a_citys_resident_finds_the_provinces_regulation_before_passing_mentions(index):
    # As fengdujob.net/go/杭州电动自行车怎么交罚款.html asks: every word is in three of 杭州's
    # own regulations, none of them about electric bicycles; the province's regulation names the
    # subject in its title and applies in 杭州.
    response = search(SearchRequest(q="杭州电动自行车怎么罚款", page_size=5))
    assert response.hits[0].key == "zj-ebike"
    assert {"hz-lift", "hz-tour", "hz-bus"} <= {h.key for h in response.hits}
    assert "标题" in response.message


def test_the_place_typed_still_comes_first_where_its_documents_answer(index):
    # The wider division is a fallback, not an equal: 杭州 电梯 is 杭州's regulation.
    assert keys_of("杭州 电梯 罚款")[0] == "hz-lift"


def test_a_colloquial_short_form_cut_apart_is_rejoined_and_the_province_answers(index):
    # 失业金 is cut 失业 + 金 by the segmenter; rejoined, it is matched as 失业保险金, and 深圳's
    # resident is shown 广东's regulation (no 深圳 document is about it), which the words as cut
    # never reached: no document holds 深圳 and 失业 together.
    response = search(SearchRequest(q="深圳交的失业金如何才能领取", page_size=5))
    assert "失业金" in response.tokens
    assert "gd-unemp" in [h.key for h in response.hits[:3]]


def test_the_scaffolding_of_a_question_is_wished_for_not_required(index):
    # 流程 and 最新 are not in the regulation that answers; they must not turn a full match into a
    # partial one, nor let a park's rules that happen to say 最新 … 流程 come first.
    response = search(SearchRequest(q="北京养犬登记流程最新规定", page_size=5))
    assert response.hits[0].key == "bj-dog"
    assert not response.missing
    assert not response.partial


def test_scaffolding_weighs_less_than_the_subject():
    assert scaffold_weight("养犬") == 1.0
    assert scaffold_weight("最新") < scaffold_weight("规定") < scaffold_weight("条件") < 1.0


def test_places_know_their_province_and_cities():
    assert places.resolve("杭州") == "杭州市"
    assert places.ancestors("深圳") == ["广东省"]
    assert places.ancestors("金湖县") == ["淮安市", "江苏省"]
    assert "青岛市" in places.prefectures("山东")
    # A 直辖市's districts are not looked for; a county has no cities under it.
    assert places.prefectures("北京") == []
    assert places.prefectures("金湖") == []
    # A name two divisions share says nothing about which is meant.
    assert places.resolve("朝阳区") == ""
    assert places.ancestors("鼓楼区") == []
    assert places.bare("广西壮族自治区") == "广西"
    assert places.bare("忠县") == "忠县"
