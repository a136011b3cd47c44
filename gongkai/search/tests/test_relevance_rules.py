"""Ranking rules over small indexes: 文号 in every form, years as wishes, and a fallback that
keeps the most specific word when no document holds every word."""

from datetime import datetime

import pytest
from django.utils import timezone

from gongkai.search.query import SearchRequest, search

pytestmark = pytest.mark.django_db


def first_titles(q, n=3, **kw):
    return [
        str(h.title).replace("<mark>", "").replace("</mark>", "")
        for h in search(SearchRequest(q=q, **kw)).hits[:n]
    ]


@pytest.mark.parametrize(
    "q", ["伊州政办发〔2021〕第35号", "伊州政办发(2021)35", "伊州政办发35号", "伊州政办发〔２０２１〕３５号"]
)
def test_a_doc_number_in_any_form_finds_its_document_first(two_orgs, search_index, q):
    org = two_orgs.gov_a
    for n in (3, 35, 135):
        two_orgs.publish(two_orgs.draft(org, title=f"文件之{n}", doc_number=f"伊州政办发〔2021〕{n}号"))
    search_index()
    response = search(SearchRequest(q=q))
    assert response.exact
    assert response.hits[0].doc_number == "伊州政办发〔2021〕35号"


def test_either_number_of_a_double_doc_number_finds_it(two_orgs, search_index):
    record = two_orgs.draft(two_orgs.gov_a, title="两号合并的文件", doc_number="伊政发〔2016〕5、6号")
    two_orgs.publish(record)
    search_index()
    assert first_titles("伊政发〔2016〕6号", 1) == ["两号合并的文件"]


def test_a_year_in_the_query_prefers_that_years_document_without_needing_the_digits(two_orgs, search_index):
    org = two_orgs.gov_a
    tz = timezone.get_current_timezone()
    two_orgs.publish(two_orgs.draft(org, title="河长制工作要点的通知"), at=datetime(2024, 3, 1, 9, tzinfo=tz))
    two_orgs.publish(two_orgs.draft(org, title="河长制年度工作要点"), at=datetime(2025, 3, 1, 9, tzinfo=tz))
    search_index()
    response = search(SearchRequest(q="河长 2025"))
    assert response.total == 2
    assert first_titles("河长 2025", 1) == ["河长制年度工作要点"]
    assert response.year == 2025
    assert first_titles("河长 2024", 1) == ["河长制工作要点的通知"]


def test_the_fallback_keeps_the_most_specific_word(two_orgs, search_index):
    org = two_orgs.gov_a
    for title in (
        "甲市十四五全民健身发展规划",
        "甲市十四五教育发展规划",
        "甲市十四五交通发展规划",
        "甲市体育事业发展规划",
        "甲市体育场馆开放时间的通知",
    ):
        two_orgs.publish(two_orgs.draft(org, title=title))
    search_index()
    response = search(SearchRequest(q="第十四个五年体育发展规划"))
    assert first_titles("第十四个五年体育发展规划", 1) == ["甲市体育事业发展规划"]
    assert "体育" not in response.partial
    assert "十四五" in response.partial
    assert "没有同时包含全部检索词" in response.message


def test_words_found_nowhere_are_named_and_a_weak_word_alone_finds_nothing(two_orgs, search_index):
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="关于做好政务公开工作的通知"))
    search_index()
    assert search(SearchRequest(q="完全不存在的词语组合")).total == 0
    response = search(SearchRequest(q="政务公开 麒麟瓜"))
    assert response.missing == ["麒麟瓜"]
    assert "未找到“麒麟瓜”" in response.message
    assert first_titles("政务公开 麒麟瓜", 1) == ["关于做好政务公开工作的通知"]


def test_the_long_and_short_names_of_a_five_year_plan_are_one(two_orgs, search_index):
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="甲市国民经济和社会发展第十四个五年规划纲要"))
    search_index()
    assert first_titles("十四五规划纲要", 1) == ["甲市国民经济和社会发展第十四个五年规划纲要"]


@pytest.mark.parametrize("q", ["zhengwu gongkai", "zwgk", "ZhengWuGongKai"])
def test_pinyin_and_initials_find_the_title_and_suggest_the_chinese(two_orgs, search_index, q):
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="2026年政务公开工作要点"))
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="城乡低保标准调整的通知"))
    search_index()
    response = search(SearchRequest(q=q))
    assert first_titles(q) == ["2026年政务公开工作要点"]
    assert response.suggestions == ["政务公开"]


def test_the_page_offers_the_year_back_as_a_filter_and_keeps_chinese_punctuation(
    client, two_orgs, search_index
):
    two_orgs.publish(
        two_orgs.draft(
            two_orgs.gov_a,
            title="河长制年度工作要点",
            body="<p>一、总体要求：全面推行河长制，加强河湖管理。</p>",
        )
    )
    search_index()
    body = client.get("/search/", {"q": "河长制 2025"}).content.decode()
    assert "year_from=2025&amp;year_to=2025" in body
    assert "总体要求：全面推行" in body  # the snippet keeps the full-width colon and comma
