"""简称 made of characters of a title's phrase (控烟 → 控制吸烟, 业委会 → 业主委员会), read from the
index's own titles at query time, and question words recognised by their shape (几次, 多少天,
什么样) — ADR 0049. The index is built through the evaluation's loader (the site's field builder
and query path)."""

import pytest

from gongkai.search import engine, shortforms
from gongkai.search.analysis import content_tokens, tokens_for_query
from gongkai.search.query import SearchRequest, search
from gongkai.search.tests.scratch import keys_of, scratch_index

pytestmark = pytest.mark.django_db

DOCUMENTS = [
    {
        "id": "smoking",
        "title": "北京市控制吸烟条例",
        "organ": "北京市人民代表大会常务委员会",
        "published_on": "2014-11-28",
        "body": "第一条 为了减少吸烟造成的危害，维护公众健康权益，制定本条例。公共场所禁止吸烟。",
    },
    {
        # Mentions 控烟 and 吸烟 in passing: strict matching on 控烟 alone finds only this one.
        "id": "civility",
        "title": "北京市文明行为促进条例",
        "organ": "北京市人民代表大会常务委员会",
        "published_on": "2020-04-24",
        "body": "倡导文明行为，不在禁止吸烟场所吸烟，支持控烟志愿服务。",
    },
    {
        "id": "owners",
        "title": "某市业主委员会选举办法",
        "organ": "某市住房和城乡建设局",
        "published_on": "2021-03-01",
        "body": "业主大会选举产生委员，委员任期五年。",
    },
    {
        "id": "unemployment",
        "title": "广东省失业保险条例",
        "organ": "广东省人民代表大会常务委员会",
        "published_on": "2019-01-01",
        "body": "失业人员符合条件的，可以领取失业保险金。缴费满一年不足五年的，领取期限最长为十二个月。",
    },
    {
        "id": "pilot-zone",
        "title": "某市先行示范区建设条例",
        "organ": "某市人民代表大会常务委员会",
        "published_on": "2021-01-01",
        "body": "先行示范区建设应当坚持改革创新。",
    },
]


@pytest.fixture
def index():
    with scratch_index(DOCUMENTS):
        yield


@pytest.mark.parametrize(
    ("token", "title", "phrase"),
    [
        ("控烟", "北京市控制吸烟条例", "控制 吸烟"),
        ("医保", "浙江省医疗保障条例", "医疗 保障"),
        ("业委会", "业主委员会选举办法", "业主 委员会"),
        ("公租房", "北京市公共租赁住房管理办法", "公共 租赁 住房"),
        ("婚检", "婚前医学检查服务规范", "婚前 医学 检查"),
        ("失业险", "广东省失业保险条例", "失业 保险"),
        ("自贸区", "中国（浙江）自由贸易试验区条例", "自由 贸易 试验区"),
        ("环评", "山东省实施《中华人民共和国环境影响评价法》办法", "环境 影响 评价"),
    ],
)
def test_a_short_form_is_read_out_of_a_title_phrase(token, title, phrase):
    assert shortforms.phrases(token, shortforms.title_words(title)) == [phrase]


@pytest.mark.parametrize(
    ("token", "title"),
    [
        # A skipped word that is a name of its own (示范区): chance, not a short form.
        ("先建", "某市先行示范区建设条例"),
        # A character inside a word rather than at its edge (行 of 服务业 … 行动 is at an edge, but
        # 服务业 is too long to be skipped).
        ("现行", "现代服务业行动计划"),
        # The token is simply inside the title: it is a word, not a short form.
        ("吸烟", "北京市控制吸烟条例"),
        # The first character must begin the phrase.
        ("烟控", "北京市控制吸烟条例"),
    ],
)
def test_chance_phrases_are_not_short_forms(token, title):
    assert shortforms.phrases(token, shortforms.title_words(title)) == []


def test_a_short_form_the_index_never_holds_finds_the_title_it_shortens(index):
    # Before: 北京 控烟 条例 found nothing together; 控烟 alone only the passing mention.
    assert keys_of("北京控烟条例")[0] == "smoking"
    assert keys_of("控烟")[0] == "smoking"
    assert keys_of("业委会 选举")[0] == "owners"


def test_a_character_the_segmenter_cut_off_is_rejoined_into_the_short_form(index):
    response = search(SearchRequest(q="失业险领取期限", page_size=5))
    assert "失业险" in response.tokens
    assert response.hits[0].key == "unemployment"


def test_a_word_a_title_holds_is_searched_as_typed(index):
    engine.forget_indexes()
    searcher = engine.searcher()
    assert not shortforms.is_candidate("吸烟", searcher)  # a title word
    assert shortforms.expansions("吸烟", searcher) == ()
    assert shortforms.expansions("控烟", searcher) == ("控制 吸烟",)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("献血间隔几个月", ["献血", "间隔"]),
        ("产假有多少天", ["产假", "有"]),
        ("公积金每年调整几次", ["公积金", "每年", "调整"]),
        ("低保房的条件是什么样的", ["低保", "房", "条件"]),
    ],
)
def test_question_words_are_recognised_by_their_shape(typed, kept):
    assert content_tokens(tokens_for_query(typed)) == kept
