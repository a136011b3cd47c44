"""The spam scanner against real shapes (tests/fixtures/scanner/real, SOURCES.md; issue 19):
every injected spam example flagged, no ordinary government code flagged or deleted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.textproc import govcodes
from gongkai.textproc.cleanup import clean_scraped_text, find_spam
from gongkai.textproc.scan import KIND_HIDDEN_LINK, KIND_REDIRECT_SCRIPT, KIND_SPAM, scan_for_report

EXAMPLES = json.loads(
    (Path(__file__).resolve().parents[3] / "tests/fixtures/scanner/real/examples.json").read_text("utf-8")
)
SPAM = EXAMPLES["spam"]
CODES = EXAMPLES["codes"]


def test_the_shapes_set_is_large_enough():
    assert len(SPAM) >= 12
    assert len(CODES) >= 18


@pytest.mark.parametrize("example", SPAM, ids=lambda e: e["source"])
def test_every_real_spam_example_is_flagged(example):
    findings = scan_for_report("", example["text"], {}, body_html=example.get("html", ""))
    spam = {f.detail for f in findings if f.kind == KIND_SPAM}
    for token in example["expect"]:
        assert token in spam, (token, spam)
    if "expect_hidden_link" in example:
        hidden = [f.detail for f in findings if f.kind == KIND_HIDDEN_LINK]
        assert any(example["expect_hidden_link"] in h for h in hidden), hidden


@pytest.mark.parametrize("example", CODES, ids=lambda e: e["code"])
def test_no_government_code_is_flagged_or_deleted(example):
    flagged = find_spam(example["text"])
    assert not any(token in example["code"] or example["code"] in token for token in flagged), flagged
    assert example["code"] in clean_scraped_text(example["text"]).text


@pytest.mark.parametrize("example", [e for e in CODES if e["kind"]], ids=lambda e: e["code"])
def test_codes_are_recognised_for_what_they_are(example):
    text, code = example["text"], example["code"]
    start = text.index(code)
    assert govcodes.code_at(text, start, start + len(code)) == example["kind"]


def test_bare_codes_in_prose_are_recognised_without_a_label():
    text = "经评审，确定中标供应商为91440300708461136T，采购品目A02010105，涉及宗地2020G003。"
    assert find_spam(text) == []


def test_a_credit_code_with_a_wrong_check_character_is_not_exempt_without_a_label():
    assert find_spam("供应商为91440300708461137T。") == ["91440300708461137T"]


def test_a_labelled_code_is_exempt_even_in_an_odd_shape():
    assert find_spam("项目编号：ZJ2023cg015，") == []


def test_a_gambling_root_is_never_a_code_even_after_a_label():
    assert "amjs8888" in find_spam("编号：amjs8888")
    assert "A888BET" in find_spam("型号A888BET设备")


def test_spam_next_to_a_code_is_still_removed_and_the_code_kept():
    result = clean_scraped_text("宗地编号2020G003位于城南，详见btbt365me。")
    assert "2020G003" in result.text
    assert "btbt365me" not in result.text
    assert result.removed_spam == ["btbt365me"]


def test_a_gov_cn_domain_is_never_spam_and_a_gambling_domain_is():
    assert find_spam("详见www.bet.gov.cn与www.163.com、中国西藏网www.tibet.cn") == []
    assert "www.lotus365bet.co" in find_spam("访问www.lotus365bet.co")


def test_a_redirecting_script_and_an_offscreen_link_are_reported():
    html = (
        "<p>正文</p><div style='position:absolute;left:-9999px'><a href='http://x.example/'>彩票</a></div>"
        "<script>if(/baidu|sogou/.test(document.referrer)){window.location.href='http://x.example/';}</script>"
    )
    kinds = {f.kind for f in scan_for_report("通知", "正文", {}, body_html=html)}
    assert {KIND_HIDDEN_LINK, KIND_REDIRECT_SCRIPT} <= kinds


def test_an_ordinary_visible_link_is_not_a_hidden_link():
    html = "<p>详见<a href='http://www.gov.cn/'>中国政府网</a></p><div style='display:none'>无链接</div>"
    assert scan_for_report("", "", {}, body_html=html) == []


def test_findings_name_the_attachment_and_personal_data_is_masked():
    findings = scan_for_report(
        "关于2020G003地块出让的公告",
        "联系电话13812345678",
        {"附件1.xls": "btbt365me"},
    )
    places = {(f.where, f.kind) for f in findings}
    assert ("附件“附件1.xls”", KIND_SPAM) in places
    assert not any(f.where == "信息名称" for f in findings)
    assert all("13812345678" not in f.detail for f in findings)


def test_a_spam_token_is_not_cut_out_of_a_code_that_contains_it():
    # The same run is spam in prose and part of a labelled code: only the prose one goes.
    result = clean_scraped_text("项目编号：ab12cd-001。详见ab12cd。")
    assert "项目编号：ab12cd-001" in result.text
    assert result.text.endswith("详见。")


def test_map_approval_and_document_numbers_are_protected_whole():
    from gongkai.textproc.govcodes import protected_spans

    text = "审图号：GS京(2022)1061号，依据昌市政办发〔2020〕24号和粤S(2020)033号。"
    covered = {text[a:b] for a, b in protected_spans(text)}
    assert any("GS京(2022)1061号" in c for c in covered)
    assert any("昌市政办发〔2020〕24号" in c for c in covered)
    assert any("粤S(2020)033号" in c for c in covered)


@pytest.mark.parametrize(
    ("text", "token", "cleaned"),
    [
        # 松原市机关事务管理局's page (tests/fixtures/workplans/real/songyuan_jgswj_2020_section_brackets):
        # a gambling brand, Latin then Chinese, where 省政府 stood.
        ("认真贯彻落实省委bbin宝盈、市委市政府相关要求", "bbin宝盈", "认真贯彻落实省委、市委市政府相关要求"),
        ("对省委、bbin宝盈和市委部署的工作", "bbin宝盈", "对省委、和市委部署的工作"),
        ("访问BBIN宝盈。", "BBIN宝盈", "访问。"),
    ],
)
def test_a_latin_and_chinese_gambling_brand_is_spam_and_removed(text, token, cleaned):
    assert find_spam(text) == [token]
    assert clean_scraped_text(text).text == cleaned


@pytest.mark.parametrize(
    "text",
    [
        "涉及宗地2020G003，采购品目A020101，统一社会信用代码91440300708461136T。",
        "开设VIP绿色通道，推广政务APP下载，GDP增长6%，公共场所WiFi覆盖。",
        "引进Alphabet公司项目，使用BIM技术。",
    ],
)
def test_ordinary_codes_and_latin_words_beside_chinese_are_not_a_brand(text):
    assert find_spam(text) == []
    assert clean_scraped_text(text).text == text


def test_each_spam_token_is_reported_once():
    assert find_spam("365bet账号被限制_beat365在线，365bet") == ["365bet", "beat365"]
