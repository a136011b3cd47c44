import re

import pytest

from gongkai.demo.management.commands.seed_demo import SHIPPED_SEEDS_DIR
from gongkai.textproc.cleanup import clean_scraped_text, find_spam, normalize_brackets

# From gongkai/demo/data/seeds/001_*.txt (朝阳市 2020 work points as scraped): traditional characters,
# pinyin glued after characters, a stray "?" first line, and real parentheses (各縣(市)區, 各園(景)區).
SEED_001 = (
    "?\n"
    "各縣(市)區人民政府,市政府各部門(mén)、市直各單位,各園(景)區管委會(huì ):\n"
    "現將《朝陽(yáng)市2020年政務(wù)公開(kāi)工作要點(diǎn)》印發(fā)給你們,請認真貫徹執行。\n"
    "朝陽(yáng)市政務(wù)公開(kāi)領(lǐng)導小組\n"
    "2020年8月25日\n"
    "(此件公開(kāi)發(fā)布)\n"
    "為認真貫徹落實(shí)《國務(wù)院辦公廳關(guān)于印發(fā)2020年政務(wù)公開(kāi)工作要點(diǎn)的通知》(國辦發(fā)[2020]17號)精神。\n"
)

# From gongkai/demo/data/seeds/002_*.txt (奎屯市 2017 plan): an injected 暗链 token in simplified prose.
SEED_002 = (
    "继续完善企业严重违法失信管理制度,通过企业信用信息公示系统进行公示(市市场监督管理局牵头落实)。"
    "加快btbt365me与“信用新疆”、“塞外江南”网站的连接工作,推动信用信息互联共享(市经信委牵头落实)。"
)

PINYIN = re.compile(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]")


def test_traditional_text_becomes_simplified():
    result = clean_scraped_text(SEED_001)
    assert result.was_traditional
    assert "现将《朝阳市2020年政务公开工作要点》印发给你们,请认真贯彻执行。" in result.text
    assert "朝阳市政务公开领导小组" in result.text
    for traditional in ("縣", "區", "將", "陽", "務", "開", "點", "發", "給", "們", "導", "國", "辦", "廳"):
        assert traditional not in result.text


def test_pinyin_annotations_are_removed_and_counted():
    result = clean_scraped_text(SEED_001)
    assert not PINYIN.search(result.text)
    assert "(mén)" not in result.text
    assert "(huì )" not in result.text
    # 2 + 5 + 4 + 2 + 8 annotations on the lines that carry them; the other 4 "(" are real.
    assert result.removed_pinyin == 21
    assert SEED_001.count("(") == 21 + 4


def test_real_parentheses_are_kept():
    result = clean_scraped_text(SEED_001)
    assert "各县(市)区人民政府" in result.text
    assert "各园(景)区管委会" in result.text
    assert "(此件公开发布)" in result.text
    assert "(国办发[2020]17号)" in result.text


def test_stray_question_mark_first_line_is_dropped():
    result = clean_scraped_text(SEED_001)
    assert result.text.startswith("各县(市)区人民政府")


def test_injected_latin_digit_token_is_removed():
    result = clean_scraped_text(SEED_002)
    assert result.removed_spam == ["btbt365me"]
    assert "btbt365me" not in result.text
    assert "加快与“信用新疆”、“塞外江南”网站的连接工作" in result.text
    assert not result.was_traditional
    assert result.removed_pinyin == 0


def test_simplified_text_without_spam_is_left_alone():
    text = "根据《中华人民共和国政府信息公开条例》(国务院令第711号),制定本指南。"
    result = clean_scraped_text(text)
    assert result.text == text
    assert result.removed_spam == []
    assert not result.was_traditional


@pytest.mark.parametrize(
    "text",
    [
        "请拨打12345政务服务便民热线。",
        "文件下载地址 https://www.gov.cn/zhengce/2020abc123.htm 。",
        "统一社会信用代码:11652301MB1234567X。",
    ],
)
def test_hotlines_urls_and_codes_are_not_spam(text):
    assert find_spam(text) == []


def test_gambling_words_are_spam():
    assert "百家乐" in find_spam("在线百家乐真人娱乐")


def test_blank_line_runs_and_spaces_between_chinese_are_tidied():
    result = clean_scraped_text("  第一条 规定\n\n\n\n第二条\u3000执行  ")
    assert result.text == "第一条规定\n\n第二条执行"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("新政办发[2017]63号", "新政办发〔2017〕63号"),
        ("国办发(2020)17号", "国办发〔2020〕17号"),
        ("伊州政办发【2017】6号", "伊州政办发〔2017〕6号"),
        ("国办发〔2019〕61号", "国办发〔2019〕61号"),
    ],
)
def test_document_number_brackets_are_normalised(raw, expected):
    assert normalize_brackets(raw) == expected


SEEDS = SHIPPED_SEEDS_DIR


def test_whole_seed_001_is_clean_after_cleanup():
    (path,) = SEEDS.glob("001_*.txt")
    result = clean_scraped_text(path.read_text(encoding="utf-8"))
    assert not PINYIN.search(result.text)
    assert result.text.count("各县(市)区") >= 10
    assert result.removed_spam == []
