"""Questions as residents ask them (issue 18, ADR 0065): the frame of a question is taken out
before segmentation, and the first page of a question is led by the documents whose title holds
its subject, not by a text that mentions its words in passing."""

import pytest

from gongkai.search import questions
from gongkai.search.analysis import content_tokens, tokens_for_query
from gongkai.search.tests.scratch import keys_of, scratch_index

pytestmark = pytest.mark.django_db


def words_of(typed: str) -> list[str]:
    text = questions.strip_frames(typed) if questions.is_question(typed) else typed
    return questions.without_particles(content_tokens(tokens_for_query(text)))


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        # Before: 能不能允许 was cut 能 + 不能允许, a word no document holds.
        ("过年期间能不能允许燃放烟花爆竹", ["允许"]),
        ("投诉物业向哪个部门", ["投诉", "物业"]),
        ("火化需要什么手续和证件?", ["火化", "证件"]),
        ("信访诉求多久给答复", ["信访", "诉求", "答复"]),
        ("办公室有人抽烟怎么办", ["办公室", "抽烟"]),
    ],
)
def test_the_frame_of_a_question_does_not_glue_to_its_words(typed, words):
    kept = words_of(typed)
    assert all(w in kept for w in words), kept
    assert not any(w in kept for w in ["不能允许", "哪个", "什么", "多久", "后", "有人", "怎么办"]), kept


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("狗证怎么办理", True),
        ("能否解禁烟花爆竹", True),
        ("65岁以上坐公交车免费吗?", True),
        ("工伤多久才能鉴定", True),
        ("北京市物业管理条例", False),
        ("京政办发〔2021〕5号", False),
        ("河长 2025", False),
    ],
)
def test_a_question_is_known_by_its_frame(typed, asked):
    assert questions.is_question(typed) is asked


def test_a_question_without_other_words_is_searched_as_typed():
    assert questions.strip_frames("怎么办") == "怎么办"


DOCUMENTS = [
    {
        "id": "lifts",
        "title": "某市电梯安全条例",
        "organ": "某市人民代表大会常务委员会",
        "published_on": "2019-01-01",
        "body": "电梯使用单位应当对电梯进行日常维护保养，电梯安全由市场监督管理部门监督。",
    },
    {
        # Holds 小区, 电梯 and 管理 in passing: what came first when no document held every word.
        "id": "manners",
        "title": "某市文明行为促进条例",
        "organ": "某市人民代表大会常务委员会",
        "published_on": "2020-01-01",
        "body": "在小区内文明乘坐电梯，爱护全体业主的公共设施，服从管理。",
    },
    *[
        {
            "id": f"other-{n}",
            "title": f"某市第{n}项工作管理办法",
            "organ": "某市人民政府",
            "published_on": "2018-01-01",
            "body": "本办法所称事项属于本市管理事项，由有关部门依法管理。",
        }
        for n in range(6)
    ],
]


@pytest.fixture
def index():
    with scratch_index(DOCUMENTS):
        yield


def test_a_question_is_answered_by_the_document_whose_title_holds_its_subject(index):
    # No document holds every word (电梯 and 小区 and 属于 and 管理); the one about lifts says 电梯 in
    # its title, the other holds more of the words in passing.
    assert keys_of("小区电梯属于哪个部门管理的?")[0] == "lifts"
