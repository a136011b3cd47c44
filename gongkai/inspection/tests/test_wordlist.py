"""The shipped word list (issue 13 item 1: "a curated list of a few hundred entries with sources and
tests"): every entry is well formed, names a source listed in SOURCES.md, is found in a sentence,
and its own suggestion does not trip it again. A regex entry also needs a sentence of its own below
and, where it looks around, one it must leave alone."""

from __future__ import annotations

import re

import pytest

from gongkai.inspection import engine
from gongkai.inspection.rules import compile_rules
from gongkai.inspection.wordlist import DATA, read_entries

SOURCES = DATA.with_name("SOURCES.md")

# pattern → (a sentence it must flag, the text it flags, a sentence it must leave alone or "").
REGEX_EXAMPLES = {
    r"(?:国家主席|中央军委主席)、(?:[^、，。\s]{2,8}、)?中共中央总书记": (
        "国家主席、中共中央总书记习近平出席。",
        "国家主席、中共中央总书记",
        "中共中央总书记、国家主席习近平出席。",
    ),
    "中央军委主席、国家主席": (
        "中央军委主席、国家主席出席。",
        "中央军委主席、国家主席",
        "国家主席、中央军委主席出席。",
    ),
    "国务院总理、中共中央政治局常委": (
        "国务院总理、中共中央政治局常委李强出席。",
        "国务院总理、中共中央政治局常委",
        "中共中央政治局常委、国务院总理李强出席。",
    ),
    "全国人大常委会委员长、中共中央政治局常委": (
        "全国人大常委会委员长、中共中央政治局常委出席。",
        "全国人大常委会委员长、中共中央政治局常委",
        "",
    ),
    "全国政协主席、中共中央政治局常委": (
        "全国政协主席、中共中央政治局常委出席。",
        "全国政协主席、中共中央政治局常委",
        "",
    ),
    r"国务院副总理、中共中央政治局(常委|委员)": (
        "国务院副总理、中共中央政治局委员出席。",
        "国务院副总理、中共中央政治局委员",
        "中共中央政治局委员、国务院副总理出席。",
    ),
    r"国家副主席、中共中央政治局(常委|委员)": (
        "国家副主席、中共中央政治局委员出席。",
        "国家副主席、中共中央政治局委员",
        "",
    ),
    "国务院、(?:党中央|中共中央)": (
        "认真贯彻国务院、党中央决策部署。",
        "国务院、党中央",
        "认真贯彻党中央、国务院决策部署。",
    ),
    r"([省市县区])政府、\1委": ("经县政府、县委研究同意。", "县政府、县委", "经县委、县政府研究同意。"),
    r"中共([\u4e00-\u9fa5]{2,8})省省委书记": (
        "中共河南省省委书记调研。",
        "中共河南省省委书记",
        "中共河南省委书记调研。",
    ),
    r"([\u4e00-\u9fa5]{2,6})市市委书记": ("洛阳市市委书记调研。", "洛阳市市委书记", "洛阳市委书记调研。"),
    "台湾国(?![民际内土产营有])": ("来自台湾国的客商。", "台湾国", "台湾国民党人士。"),
    "(?<![河湖])北韩": ("北韩代表团来访。", "北韩", "河北韩村镇。"),
    "(?<![湖河济云])南韩": ("南韩代表团来访。", "南韩", "湖南韩家村。"),
    "(?:卫生和)?计划生育委员会|卫生计生委|卫计委|计生委|人口和计划生育局|人口计生委": (
        "县卫计委印发通知。",
        "卫计委",
        "县卫生健康委印发通知。",
    ),
    "国土资源(?:部|厅|局)|国土局": ("县国土局开展巡查。", "国土局", "县自然资源局开展巡查。"),
    "环境保护(?:部|厅|局)|环保(?:局|厅)": ("县环保局开展执法。", "环保局", "县生态环境局开展执法。"),
    "(?<!农村)农业(?:厅|局|部)(?![门分署])": (
        "县农业局发放补贴。",
        "农业局",
        "农业部门发放补贴，县农业农村局牵头。",
    ),
    "(?<![和与])旅游(?:局|委员会|发展委员会)|国家旅游局": (
        "县旅游局组织活动。",
        "旅游局",
        "县文化和旅游局组织活动。",
    ),
    "文化(?:厅|局)(?!长)|文化广电新闻出版局|文广新局": (
        "县文广新局组织活动。",
        "文广新局",
        "县文化和旅游局组织活动。",
    ),
    "工商行政管理(?:总局|局)|工商局|国家工商总局": (
        "到工商局办理登记。",
        "工商局",
        "到市场监督管理局办理登记。",
    ),
    "质量技术监督局|质监局|国家质检总局|质检总局|质量监督检验检疫总局": (
        "县质监局抽检。",
        "质监局",
        "县市场监管局抽检。",
    ),
    "食品药品监督管理(?:总局|局)|食药监局": ("县食药监局抽检。", "食药监局", "县市场监督管理局抽检。"),
    "安全生产监督管理(?:总局|局)|安监局|安监总局": ("县安监局检查。", "安监局", "县应急管理局检查。"),
    "(?<!国家)监察(?:厅|局)|监察部(?![门署])": (
        "县监察局立案。",
        "监察局",
        "监察部门立案，县监察委员会调查。",
    ),
    "预防腐败局": ("国家预防腐败局通报。", "预防腐败局", ""),
    "法制办公室|法制办": ("经县法制办审核。", "法制办", "经县司法局审核。"),
    "国家税务局|地方税务局|国税局|地税局": ("到地税局缴纳。", "地税局", "到税务局缴纳。"),
    "新闻出版广电总局|新闻出版广电局": ("省新闻出版广电局通知。", "新闻出版广电局", "省广播电视局通知。"),
    "公安消防(?:总队|支队|大队|中队|部队)": ("县公安消防大队检查。", "公安消防大队", "县消防救援大队检查。"),
    "银监会|保监会|银保监会|银保监局|银监局|保监局": ("经银保监会批准。", "银保监会", "经金融监管总局批准。"),
    "扶贫开发领导小组办公室|扶贫办|国家乡村振兴局": ("县扶贫办统计。", "扶贫办", "县农业农村局统计。"),
    "国家林业局|林业局(?!和)": ("县林业局巡山。", "林业局", "县林业和草原局巡山。"),
    "国家粮食局|粮食局(?!和)": ("县粮食局收购。", "粮食局", "县粮食和物资储备局收购。"),
    r"国家发展计划委员会|(?<![\u4e00-\u9fa5])计委": ("计委批复项目。", "计委", "县卫生计生服务中心。"),
    "劳动和社会保障(?:部|厅|局)|人事局|劳动局": (
        "到劳动局申请仲裁。",
        "劳动局",
        "到人力资源和社会保障局申请仲裁。",
    ),
    "国务院侨务办公室|国务院侨办": ("国务院侨办组织活动。", "国务院侨办", ""),
    "物价局": ("经县物价局核定。", "物价局", "经县发展和改革委员会核定。"),
    "暂住证": ("办理暂住证。", "暂住证", "办理居住证。"),
    "新型农村合作医疗|新农合|城镇居民基本医疗保险": ("参加新农合。", "新农合", "参加城乡居民基本医疗保险。"),
    "新型冠状病毒肺炎|新冠肺炎": ("做好新冠肺炎防控。", "新冠肺炎", "做好新型冠状病毒感染防控。"),
    "劳动教养|劳教所": ("曾被劳动教养。", "劳动教养", ""),
    "全面建设小康社会": ("全面建设小康社会取得成效。", "全面建设小康社会", "全面建成小康社会。"),
    "(?<![农乡渔])村长(?![期效远久大足度])": ("村长主持会议。", "村长", "农村长期发展。"),
    r"截止(?=到|至|目前|今年|去年|本月|上月|年底|月底|\d|[一二三四五六七八九十]+月)": (
        "截止目前已完成。",
        "截止",
        "申报截止时间为5月。",
    ),
    "做出(?=决定|规定|部署|安排|贡献|承诺|批示|判决|处理|处罚|答复|说明|解释|回应|决策|调整)": (
        "依法做出处罚决定。",
        "做出",
        "做出了样品。",
    ),
    "制订(?=[^，。；]{0,6}(?:法律|法规|规章|条例|办法|规定|政策))": (
        "制订管理办法。",
        "制订",
        "制订工作计划。",
    ),
}


def found(entry, text: str) -> list[engine.Finding]:
    """What this one entry flags in ``text`` (alone, so entries that overlap do not hide it)."""
    document = engine.Document(texts=[("正文", text)])
    return [f for f in engine.check_document(document, compile_rules([entry])) if f.kind == engine.WORDING]


def test_a_few_hundred_well_formed_entries_each_with_a_listed_source():
    entries, errors = read_entries()
    assert errors == []
    assert len(entries) >= 250
    assert len({e.key for e in entries}) == len(entries), "an entry is listed twice"
    listed = set(re.findall(r"^\| (\w+) \|", SOURCES.read_text(encoding="utf-8"), re.M)) - {"id"}
    assert {e.source for e in entries} <= listed
    assert all(e.reason for e in entries)


def test_every_literal_entry_is_found_with_its_suggestion_and_the_suggestion_passes():
    literals = [e for e in read_entries()[0] if e.match == "literal"]
    assert len(literals) >= 200
    for entry in literals:
        hits = found(entry, f"经研究，{entry.pattern}，特此通知。")
        assert [(f.text, f.suggestion) for f in hits] == [(entry.pattern, entry.suggestion)], entry
        assert hits[0].blocking is entry.blocking
        if entry.suggestion and entry.pattern not in entry.suggestion:
            assert found(entry, f"经研究，{entry.suggestion}，特此通知。") == [], entry


@pytest.mark.parametrize("pattern", sorted(REGEX_EXAMPLES))
def test_each_regex_entry_flags_its_example_and_leaves_the_right_form_alone(pattern):
    [entry] = [e for e in read_entries()[0] if e.pattern == pattern]
    sentence, flagged, clean = REGEX_EXAMPLES[pattern]
    hits = found(entry, sentence)
    assert [f.text for f in hits] == [flagged]
    assert hits[0].suggestion
    assert "\\" not in hits[0].suggestion  # back-references filled in
    if clean:
        assert found(entry, clean) == []


def test_every_regex_entry_has_an_example():
    regexes = {e.pattern for e in read_entries()[0] if e.match == "regex"}
    assert regexes == set(REGEX_EXAMPLES)
