"""民汉双语 (issue 16 item 3, ADR 0040): a record's Uyghur version is found by a Uyghur query, and
Uyghur words are kept whole (rjieba alone would cut them into single letters)."""

import unicodedata

import pytest
from django.utils import translation

from gongkai.search.analysis import tokens_for_index, tokens_for_query, uyghur_stem, uyghur_words
from gongkai.search.query import SearchRequest, search

TITLE_UG = "ھۆكۈمەت ئۇچۇرلىرىنى ئاشكارىلاش خىزمىتىنىڭ 2026-يىللىق نۇقتىلىرى"
BODY_UG = "<p>ئاممىنىڭ ئىلتىماس قىلىشى بويىچە ئۇچۇر ئاشكارىلاش، يېزا ئىگىلىك تولۇقلىمىسى.</p>"


def plain(hit_title) -> str:
    return str(hit_title).replace("<mark>", "").replace("</mark>", "")


def test_uyghur_words_are_whole_tokens_beside_chinese_ones():
    tokens = tokens_for_query("ئاشكارىلاش 政务公开")
    assert "ئاشكارىلاش" in tokens
    assert "政务公开" in tokens
    assert not any(len(t) == 1 and "\u0600" <= t <= "\u06ff" for t in tokens)


def test_punctuation_splits_and_presentation_forms_fold():
    assert uyghur_words("ئۇچۇر، ئاشكارىلاش؛ «ھۆكۈمەت»؟") == ["ئۇچۇر", "ئاشكارىلاش", "ھۆكۈمەت"]
    # The same word typed with Arabic presentation forms (as old PDFs and some keyboards give it).
    word = "ئۇچۇر"
    presentation = "".join(unicodedata.normalize("NFKC", c) and _presentation(c) for c in word)
    assert presentation != word
    assert tokens_for_index(presentation) == [word]


def test_inflected_forms_meet_at_their_stem():
    assert uyghur_stem("ئۇچۇرلىرىنى") == "ئۇچۇر"
    assert uyghur_stem("ئۇچۇر") == "ئۇچۇر"
    assert uyghur_stem("خىزمىتىنىڭ") == uyghur_stem("خىزمىتى")
    assert tokens_for_index("ئۇچۇرلىرىنى") == ["ئۇچۇرلىرىنى", "ئۇچۇر"]
    assert tokens_for_query("ئۇچۇرلىرىنى") == ["ئۇچۇر"]
    # Short words keep their letters.
    assert uyghur_stem("نان") == "نان"


def _presentation(letter: str) -> str:
    """An isolated presentation form of ``letter`` (U+FE70–U+FEFF / U+FB50–U+FDFF) if one exists."""
    for code in list(range(0xFB50, 0xFDFF)) + list(range(0xFE70, 0xFEFF)):
        char = chr(code)
        if unicodedata.normalize("NFKC", char) == letter and "ISOLATED" in unicodedata.name(char, ""):
            return char
    return letter


@pytest.mark.django_db
def test_a_uyghur_query_finds_the_uyghur_record_and_a_chinese_one_still_does(two_orgs, search_index):
    org = two_orgs.gov_a
    two_orgs.publish(two_orgs.draft(org, title="2026年政务公开工作要点", title_ug=TITLE_UG, body_ug=BODY_UG))
    two_orgs.publish(two_orgs.draft(org, title="关于农业补贴的通知"))
    search_index()
    assert [plain(h.title) for h in search(SearchRequest(q="ئاشكارىلاش")).hits] == ["2026年政务公开工作要点"]
    # A word only in the Uyghur body.
    assert len(search(SearchRequest(q="تولۇقلىمىسى")).hits) == 1
    # The bare word finds its inflected form in the title (ئۇچۇرلىرىنى), and the other way round.
    assert [plain(h.title) for h in search(SearchRequest(q="ئۇچۇر")).hits] == ["2026年政务公开工作要点"]
    assert len(search(SearchRequest(q="ئاشكارىلاشنى")).hits) == 1
    assert plain(search(SearchRequest(q="政务公开")).hits[0].title) == "2026年政务公开工作要点"
    # Read in Uyghur, the hit shows the Uyghur title and text.
    with translation.override("ug"):
        hit = search(SearchRequest(q="ئاشكارىلاش")).hits[0]
    assert plain(hit.title) == TITLE_UG
    assert "ئاممىنىڭ" in str(hit.snippet)


@pytest.mark.django_db
def test_the_search_page_in_uyghur(client, two_orgs, search_index):
    org = two_orgs.gov_a
    two_orgs.publish(two_orgs.draft(org, title="2026年政务公开工作要点", title_ug=TITLE_UG, body_ug=BODY_UG))
    search_index()
    client.cookies["gk_lang"] = "ug"
    page = client.get("/search/", {"q": "ئۇچۇرلىرىنى"}).content.decode()
    assert '<html lang="ug" dir="rtl"' in page
    assert "ئۇچۇرلىرىنى" in page
    assert "ھۆكۈمەت" in page
