"""The 文号 and the year a query names, read without the index (pure)."""

from datetime import date

import pytest

from gongkai.search.intent import read
from gongkai.textproc.docnumbers import keys

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    "typed",
    [
        "伊州政办发〔2021〕35号",
        "伊州政办发[2021]35号",
        "伊州政办发（2021）第35号",
        "伊州政办发【2021】35",
        "伊州政办发 〔2021〕 35 号",
        "伊州政办发〔２０２１〕３５号",
        "关于伊州政办发(2021)35号",
    ],
)
def test_every_form_of_a_doc_number_has_the_canonical_key(typed):
    assert "伊州政办发〔2021〕35号" in keys(typed)


def test_a_doc_number_without_its_year_meets_the_document_under_its_short_key():
    assert keys("伊州政办发35号") == ["伊州政办发35号"]
    assert "伊州政办发35号" in keys("伊州政办发〔2021〕35号")


def test_two_numbers_at_once_are_both_doc_numbers():
    found = keys("伊政发〔2016〕5、6号")
    assert {"伊政发〔2016〕5号", "伊政发〔2016〕6号", "伊政发〔2016〕5、6号"} <= set(found)


@pytest.mark.parametrize("text", ["三年行动2号", "2024年度部门决算", "河长 2025", "3000元", ""])
def test_text_without_a_doc_number_has_no_key(text):
    assert keys(text) == []


@pytest.mark.parametrize(
    ("query", "words", "years"),
    [
        ("河长 2025", "河长", [2025]),
        ("2025年政务公开工作要点", "政务公开工作要点", [2025]),
        ("2024年度部门决算", "部门决算", [2024, 2025]),  # a 年度 document is published the year after
        ("去年 预算执行", "预算执行", [2025]),
        ("今年 招聘", "招聘", [2026]),
        ("停电 2012", "停电", [2012]),
    ],
)
def test_a_year_in_the_query_is_a_date_wish_not_a_word(query, words, years):
    wish = read(query, today=TODAY)
    assert wish.text.split() == [words]
    assert wish.years == years
    assert wish.year == years[0]


def test_a_year_alone_stays_a_word_and_a_doc_numbers_year_is_part_of_it():
    assert read("2024", today=TODAY).text == "2024"
    wish = read("昌市政办发[2020]24号", today=TODAY)
    assert wish.years == []
    assert wish.doc_number_keys[0] == "昌市政办发〔2020〕24号"


def test_numbers_that_are_not_years_stay_words():
    assert read("20250101", today=TODAY).years == []
    assert read("补贴3000元", today=TODAY).years == []
