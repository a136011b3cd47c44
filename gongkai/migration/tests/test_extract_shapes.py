"""Shapes met on the grown development set (www.gov.cn policy pages, Pingtan 区管委会文件), one
test each, with lines as the real pages print them."""

from datetime import date

from gongkai.migration import extract_fields as ef
from gongkai.migration.extraction import extract_article


def test_state_council_order_number_in_the_table():
    lines = ["中华人民共和国国务院令", "第706号"]
    number, _related, _ = ef.read_doc_number("专利代理条例", lines, "国令第706号")
    assert number.value == "国令第706号"


def test_a_date_glued_before_an_order_is_not_its_prefix():
    line = "（1991年3月4日中华人民共和国国务院令第76号发布 2018年9月6日国务院第23次常务会议修订通过）"
    found = [v for v, _s, _e in ef.find_doc_numbers(ef.normalize_text(line))]
    assert found == ["中华人民共和国国务院令第76号"]


def test_an_order_written_in_full_is_the_same_as_its_abbreviation():
    assert ef.same_doc_number("中华人民共和国国务院令第707号", "国令第707号")
    assert not ef.same_doc_number("中华人民共和国国务院令第142号", "国令第707号")
    assert not ef.same_doc_number("省政府令第707号", "国令第707号")


def test_repeal_and_amendment_relations_by_sentence():
    lines = [
        "自本通知印发之日起，《国务院办公厅关于对真抓实干成效明显地方加大激励支持力度的通知》"
        "（国办发〔2016〕82号）停止执行。",
        "根据《关于进一步做好征地管理工作的通知》（国土资发〔2010〕96号），制定本办法。",
        "（1994年1月28日中华人民共和国国务院令第142号发布 根据2005年12月19日"
        "《国务院关于修改〈中华人民共和国个人所得税法实施条例〉的决定》第一次修订）",
    ]
    repeals, amends = ef.read_relations("", lines)
    assert repeals == ["国办发〔2016〕82号"]
    assert amends == ["中华人民共和国国务院令第142号"]


def test_a_modify_word_inside_a_cited_title_is_no_amendment():
    line = "按照《国务院关于修改部分行政法规的决定》（国发〔2019〕9号）执行。"
    repeals, amends = ef.read_relations("", [line])
    assert (repeals, amends) == ([], [])


def test_forwarded_report_signature_is_not_the_notice_written_date():
    lines = [
        "国办发〔1996〕2号",
        "各省、自治区、直辖市人民政府：",
        "现转发给你们，请认真贯彻执行。",
        "以上意见如无不妥，请批转各地、各部门贯彻执行。",
        "国家地震局",
        "一九九六年一月二十五日",
    ]
    value, problems = ef.read_written_on(lines, "1996年02月05日", "国务院办公厅")
    assert value.value == date(1996, 2, 5)
    assert "国家地震局" in problems[0]
    # signed by the issuer: the signature wins over the table (GB/T 9704 §7.3.5.1)
    lines[-2] = "国务院办公厅"
    value, _ = ef.read_written_on(lines, "1996年02月05日", "国务院办公厅")
    assert value.value == date(1996, 1, 25)


def test_a_brand_in_the_source_line_loses_to_the_signature():
    lines = ["区直各单位：", "现印发给你们，请认真执行。", "平潭综合实验区管委会", "2016年3月25日"]
    value, problems = ef.read_issuer("中国平潭", lines, site_name="平潭综合实验区党工委管委会")
    assert value.value == "平潭综合实验区管委会"
    assert problems
    # no signature: a non-organ source is kept as text (a utility's 检修 notice)
    value, _ = ef.read_issuer("平潭电网", ["检修作业时间：2026年9月11日", "请给予理解和支持。"])
    assert value.value == "平潭电网"


PAGE = """<html><head><meta name="ArticleTitle" content="关于修订《某办法》的通知（已废止）"></head><body>
<div class="nav"><a href="/">首页</a></div>
<div class="article_content"><p>平潭综合实验区管委会</p><p>关于修订《某办法》的通知</p>
<p>区直各单位：</p><p>现将修订后的《某办法》印发给你们，请认真遵照执行。原《某办法》（岚综管综〔2013〕30号）同时废止。</p>
<p>平潭综合实验区管委会</p><p>2015年8月6日</p><p>（此件公开发布）</p></div></body></html>"""


def test_printed_heading_validity_mark_and_note():
    doc = extract_article(PAGE, "https://www.example.gov.cn/zwgk/201508/t20150810_1.htm")
    assert doc.title == "关于修订《某办法》的通知"
    assert doc.validity.value == "repealed"
    assert doc.body_text.split("\n")[0] == "区直各单位："
    assert doc.body_text.endswith("（此件公开发布）")
    assert doc.repeals == ["岚综管综〔2013〕30号"]


def test_titles_named_on_a_related_file_line():
    lines = [
        "一、出台背景",
        "相关文件：《某县农村供水管理办法》（县政发〔2021〕5号）",
        "政策原文：某县人民政府关于印发某县农村供水管理办法的通知",
        "本办法所称相关文件，是指……",
    ]
    assert ef.read_related_titles(lines) == [
        "某县农村供水管理办法",
        "某县人民政府关于印发某县农村供水管理办法的通知",
    ]


def test_a_basis_is_no_relation_and_an_announced_list_is():
    lines = [
        "根据《省人民政府关于清理规范性文件的通知》（省政发〔2020〕7号）精神，对下列文件予以修改：",
        "1.《县农村供水管理办法》（县政发〔2015〕3号）；",
        "2.《县城市绿化管理办法》（县政发〔2016〕9号）。",
        "本决定自公布之日起施行。",
    ]
    assert ef.read_relations("", lines) == ([], ["县政发〔2015〕3号", "县政发〔2016〕9号"])
    lines = ["经县人民政府研究，决定废止以下规范性文件：", "县政发〔2012〕4号", "县政办发〔2013〕11号"]
    lines.append("特此决定。")
    assert ef.read_relations("", lines) == (["县政发〔2012〕4号", "县政办发〔2013〕11号"], [])


def test_the_issuer_signs_under_its_short_name():
    lines = ["各乡镇人民政府：", "现将有关事项通知如下。", "某县政府办", "2020年3月5日"]
    value, _ = ef.read_written_on(lines, "2020年03月09日", "某县人民政府办公室")
    assert value.value == date(2020, 3, 5)
