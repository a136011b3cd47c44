import pytest

from gongkai.search.analysis import compact, normalize, sub_words, tokens_for_index, tokens_for_query


@pytest.mark.parametrize(
    "term", ["政务公开", "依申请公开", "规范性文件", "放管服", "六稳六保", "政策解读", "主动公开"]
)
def test_government_terms_stay_whole(term):
    assert term in tokens_for_query(f"关于{term}的通知")
    assert term in tokens_for_index(f"关于做好{term}工作的通知")


def test_traditional_and_simplified_give_the_same_tokens():
    assert (
        tokens_for_query("朝陽市 政務公開") == tokens_for_query("朝阳市 政务公开") == ["朝阳市", "政务公开"]
    )


def test_full_width_letters_and_digits_are_folded():
    assert normalize("ＡＢＣ１２３") == "abc123"


@pytest.mark.parametrize(
    "variant",
    [
        "昌市政办发〔2020〕24号",
        "昌市政办发[2020]24号",
        "昌市政办发（2020）24号",
        "昌市政办发【2020】24号",
        "昌市政办发 (2020) 24号",
        "昌市政办发［２０２０］２４号",
    ],
)
def test_doc_number_bracket_variants_compare_equal(variant):
    assert compact(variant) == compact("昌市政办发〔2020〕24号")
    assert tokens_for_query(variant) == tokens_for_query("昌市政办发〔2020〕24号")


def test_two_character_words_are_tokens():
    assert tokens_for_query("低保") == ["低保"]
    assert "低保" in tokens_for_index("城乡低保对象名单")


def test_a_long_word_also_matches_through_its_parts():
    assert sub_words("财政预算") == ["财政", "预算"]
    assert sub_words("低保") == ["低保"]


@pytest.mark.parametrize("hostile", ['"', "*", "NEAR", "OR :", "\x00\x07", "😀😀", "' OR 1=1 --", "a" * 5000])
def test_hostile_input_never_raises(hostile):
    tokens = tokens_for_query(hostile)
    assert all(t.strip() for t in tokens)
    assert len("".join(tokens)) <= 200
