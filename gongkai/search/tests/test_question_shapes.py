"""Shapes of resident queries read in the misses of the blind sets (issue 18, sixth pass, ADR 0058):
a quantity the asker states about himself (交5年失业险, 隔多久提取一次) is not a word the document
must hold, and a short form skips the conjunction of the full form it shortens (药械 for
药品和医疗器械). The index is built through the evaluation's loader (the site's field builder and
query path)."""

from datetime import date

import pytest

from gongkai.search import shortforms
from gongkai.search.intent import read
from gongkai.search.query import SearchRequest, search
from gongkai.search.tests.scratch import keys_of, scratch_index

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)

DOCUMENTS = [
    {
        "id": "unemployment",
        "title": "广东省失业保险条例",
        "organ": "广东省人民代表大会常务委员会",
        "published_on": "2019-01-01",
        # Written with Chinese numerals, as the 条例 are: the resident's 5 is not in it.
        "body": (
            "失业人员符合条件的，可以领取失业保险金。"
            "累计缴费满一年不足五年的，领取失业保险金的期限最长为十二个月。"
        ),
    },
    {
        # Holds 5 and 年 and 领 but is about something else: a required 5 made it the answer.
        "id": "volunteers",
        "title": "某省志愿服务条例",
        "organ": "某省人民代表大会常务委员会",
        "published_on": "2020-01-01",
        "body": "志愿服务满5年的志愿者，可以领取荣誉证书。失业人员参加志愿服务的，不影响其领取失业保险金。",
    },
    {
        "id": "allowance-short",
        "title": "某县高温津贴发放办法",
        "organ": "某县人力资源和社会保障局",
        "published_on": "2021-01-01",
        "body": "高温津贴按月发放。",
    },
    {
        "id": "allowance-five",
        "title": "某市高温津贴发放办法",
        "organ": "某市人力资源和社会保障局",
        "published_on": "2021-01-01",
        "body": "高温津贴按月发放，连续工作满5年的另加发放。",
    },
    {
        # Holds 失业, 保险 and the asker's 交 in passing; the 条例 write 缴纳, never 交.
        "id": "subsistence",
        "title": "某市城乡居民最低生活保障条例",
        "organ": "某市人民代表大会常务委员会",
        "published_on": "2017-01-01",
        "body": "家庭成员领取的失业保险金计入家庭收入。申请材料交社区居委会，参加社会保险。",
    },
    {
        "id": "drugs",
        "title": "上海市药品和医疗器械管理条例",
        "organ": "上海市人民代表大会常务委员会",
        "published_on": "2024-12-31",
        "body": "为了加强药品和医疗器械管理，保障公众用药用械安全，制定本条例。",
    },
    {
        "id": "emergency",
        "title": "上海市公共卫生应急管理条例",
        "organ": "上海市人民代表大会常务委员会",
        "published_on": "2020-10-01",
        "body": "为了加强公共卫生应急管理，制定本条例。",
    },
    {
        "id": "water",
        "title": "上海市供水管理条例",
        "organ": "上海市人民代表大会常务委员会",
        "published_on": "2018-01-01",
        "body": "为了加强供水管理，制定本条例。",
    },
]


@pytest.fixture
def index():
    with scratch_index(DOCUMENTS):
        yield


@pytest.mark.parametrize(
    ("typed", "words", "numbers"),
    [
        ("5年失业险可以领几个月", " 失业险可以领几个月", ["5"]),
        ("上5年半的保险能领几个月失业金", "上 的保险能领几个月失业金", ["5"]),
        ("交一年的失业保险能领几个月", "交 的失业保险能领几个月", []),
        ("公积金租房提取隔多久一次", "公积金租房提取隔多久 ", []),
        ("城乡居民养老保险交800元政府补贴多少", "城乡居民养老保险交 政府补贴多少", ["800"]),
    ],
)
def test_a_stated_quantity_is_taken_out_of_the_words(typed, words, numbers):
    wish = read(typed, today=TODAY)
    assert (wish.text, wish.quantities) == (words, numbers)


@pytest.mark.parametrize(
    "typed",
    [
        "80岁以上城乡低保老年人高龄补贴",  # an age is what the 高龄补贴 title says
        "小学一年级招生",
        "一次性就业补助金",
        "学前一年保育教育费",
        "上半年工作总结",
        "第3次全国国土调查",
        "5年",  # nothing else typed: searched as typed
        "12345政务服务便民热线",
    ],
)
def test_names_and_counts_that_are_no_stated_quantity_stay_words(typed):
    wish = read(typed, today=TODAY)
    assert (wish.text, wish.quantities) == (typed, [])


def test_a_stated_quantity_does_not_make_its_number_a_required_word(index):
    # Before: 5 was the rarest word and required, so the 志愿服务条例 (满5年 … 领取) came first.
    assert keys_of("5年失业险可以领几个月")[0] == "unemployment"
    # The number still raises a document that holds it, among those holding the words.
    # (the shorter text would come first on the words alone).
    assert keys_of("高温津贴 5年")[:2] == ["allowance-five", "allowance-short"]


def test_a_short_form_skips_the_conjunction_of_its_full_form():
    words = shortforms.title_words("上海市药品和医疗器械管理条例")
    assert shortforms.phrases("药械", words) == ["药品 和 医疗 器械"]
    assert shortforms.phrases("文旅", shortforms.title_words("某省文化和旅游发展条例")) == ["文化 和 旅游"]
    # A conjunction does not let a second silent word in (卫健 is no short form of 卫生 和 X 健身).
    assert shortforms.phrases("卫健", shortforms.title_words("全民卫生和群众体育健身条例")) == []


def test_a_short_form_without_its_conjunction_finds_the_title(index):
    assert keys_of("上海药械管理条例")[0] == "drugs"


def test_a_one_character_verb_of_the_asker_does_not_narrow_the_answers(index):
    # 交 (the rules say 缴纳) was required with 失业 and 保险: only the 低保条例 that holds all three
    # was shown.
    response = search(SearchRequest(q="交一年的失业保险能领几个月", page_size=5))
    assert response.hits[0].key == "unemployment"
