"""The traps of issue 19, one test each: the readers of 文号, issuer, dates and validity."""

from datetime import date

import pytest

from gongkai.migration import extract_fields as ef


def own_number(lines, title="", header=""):
    number, related, problems = ef.read_doc_number(title, lines, header)
    return (number.value if number else None), related, problems


def test_own_number_on_its_line_above_the_addressee():
    value, related, _ = own_number(["县政发〔2020〕5号", "各乡镇人民政府：", "现将有关事项通知如下。"])
    assert value == "县政发〔2020〕5号"
    assert related == []


def test_cited_number_at_the_start_is_a_relation_not_the_own():
    lines = ["根据《省人民政府关于加强某工作的通知》（省政发〔2019〕3号）精神，结合我县实际，制定本方案。"]
    value, related, _ = own_number(lines)
    assert value is None
    assert related == ["省政发〔2019〕3号"]


def test_cited_number_does_not_hide_the_real_one():
    lines = ["县政办发〔2021〕12号", "各乡镇人民政府：", "按照市政发〔2020〕8号文件要求，现通知如下。"]
    value, related, _ = own_number(lines)
    assert value == "县政办发〔2021〕12号"
    assert related == ["市政发〔2020〕8号"]


def test_served_document_number_in_a_notice_title_is_not_the_notice_own():
    title = "关于送达《行政处罚决定书》（县自然资罚〔2022〕15号）的公告"
    value, related, _ = own_number(
        ["张三：", "本机关依法作出县自然资罚〔2022〕15号决定，因无法直接送达，现予公告。"], title
    )
    assert value is None
    assert "县自然资罚〔2022〕15号" in related


def test_map_approval_number_is_no_doc_number():
    value, related, _ = own_number(["审图号：某S〔2023〕001号", "某县行政区划图"])
    assert value is None
    assert related == []
    assert ef.find_doc_numbers("审图号：GS〔2023〕001号") == ()
    assert ef.find_doc_numbers("地图审图号闽S〔2023〕1号") == ()


def test_mixed_brackets_are_normalised():
    value, _, _ = own_number(["县政发〔2012)7号"])
    assert value == "县政发〔2012〕7号"
    value, _, _ = own_number(["县政发[2012〕7号"])
    assert value == "县政发〔2012〕7号"


def test_number_without_year_brackets():
    value, _, _ = own_number(["宁政发2016.33号"])
    assert value == "宁政发〔2016〕33号"


def test_two_serials_kept_together():
    value, _, _ = own_number(["伊政发〔2016〕5、6号"])
    assert value == "伊政发〔2016〕5、6号"


def test_number_glued_to_the_addressee():
    value, _, _ = own_number(["县政发〔2020〕1号各乡镇人民政府、县直各单位：", "现将…"])
    assert value == "县政发〔2020〕1号"


def test_number_glued_after_the_addressee():
    value, _, _ = own_number(["各乡镇人民政府宁政发〔2020〕1号", "现将…"])
    assert value == "宁政发〔2020〕1号"


def test_number_glued_after_text_keeps_only_the_agency_code():
    found = ef.find_doc_numbers("现将县政办发〔2020〕3号转发给你们")
    assert [f[0] for f in found] == ["县政办发〔2020〕3号"]


def test_three_numbers_on_one_page_first_is_own_others_reported():
    lines = ["县政发〔2020〕1号", "县委发〔2020〕2号", "县财发〔2020〕3号", "各单位："]
    value, related, problems = own_number(lines)
    assert value == "县政发〔2020〕1号"
    assert related == ["县委发〔2020〕2号", "县财发〔2020〕3号"]
    assert any("多个文号" in p for p in problems)


def test_header_number_wins_and_announcement_form_is_read():
    value, _, _ = own_number(["正文"], header="财政部 税务总局公告2026年第27号")
    assert value == "财政部 税务总局公告2026年第27号"
    found = ef.find_doc_numbers("自然资源部令第21号")
    assert found
    assert found[0][0] == "自然资源部令第21号"


def test_issuer_from_signature_when_header_is_the_site():
    lines = ["各单位：", "特此通知。", "某县人民法院", "2021年5月6日"]
    for header in ("本站", "桌面", "", "某县政府门户网站"):
        issuer, _ = ef.read_issuer(header, lines, site_name="某县政府门户网站")
        assert issuer is not None, header
        assert issuer.value == "某县人民法院", header
    for header in ("某县人民政府网站", "某县政府门户网"):  # no SiteName meta: the name says it
        issuer, _ = ef.read_issuer(header, lines)
        assert issuer is not None, header
        assert issuer.value == "某县人民法院", header
        assert issuer.source == "signature"


def test_joint_issue_keeps_every_organ():
    lines = ["特此通知。", "某县财政局    某县教育局", "2021年5月6日"]
    issuer, _ = ef.read_issuer("某县财政局", lines)
    assert issuer.value == "某县财政局、某县教育局"
    assert issuer.source == "signature:joint"


def test_forwarded_notice_is_issued_by_the_forwarding_organ():
    lines = [
        "现将《省人民政府关于某事的通知》（省政发〔2020〕1号）转发给你们，请认真贯彻执行。",
        "某县人民政府办公室",
        "2020年2月3日",
    ]
    issuer, _ = ef.read_issuer("本站", lines, title="转发省人民政府关于某事的通知")
    assert issuer.value == "某县人民政府办公室"
    value, related, _ = own_number(lines)
    assert value is None
    assert related == ["省政发〔2020〕1号"]


def test_header_organ_kept_when_no_signature():
    issuer, _ = ef.read_issuer("某县水务局", ["正文一段。"])
    assert issuer.value == "某县水务局"
    assert issuer.source == "metadata-table:发布机构"


def test_written_on_from_signature_never_a_birth_date():
    lines = [
        "张三，男，1975年3月出生，汉族，大学学历。",
        "任命张三为某局局长。",
        "某县人民政府",
        "2019年12月30日",
    ]
    written, _ = ef.read_written_on(lines)
    assert written.value == date(2019, 12, 30)
    assert written.source == "signature"
    assert ef.read_written_on(["张三，男，1975年3月5日出生。"]) == (None, [])


def test_written_on_in_chinese_numerals():
    written, _ = ef.read_written_on(["某县人民政府", "二〇二〇年十二月三十一日"])
    assert written.value == date(2020, 12, 31)


def test_published_date_header_later_than_url_takes_url_with_evidence():
    url = "http://www.x.gov.cn/zwgk/202003/t20200305_123.html"
    published, problems = ef.read_published_on(url, [("meta:PubDate", "2020-09-21 10:00")])
    assert published.value == date(2020, 3, 5)
    assert published.source == "url"
    assert problems
    assert "2020-09-21" in problems[0]
    published, problems = ef.read_published_on(url, [("meta:PubDate", "2020-03-06 10:00")])
    assert published.value == date(2020, 3, 6)
    assert published.source == "meta:PubDate"
    assert not problems


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://a.gov.cn/art/2021/7/9/art_1_2.html", date(2021, 7, 9)),
        ("http://a.gov.cn/xxgk/2021-07/09/content_1.htm", date(2021, 7, 9)),
        ("http://a.gov.cn/zwgk/index.html", None),
    ],
)
def test_url_dates(url, expected):
    assert ef.url_date(url) == expected


def test_repealed_mark_in_title():
    assert ef.read_validity("某县某某管理办法（已废止）").value == "repealed"
    assert ef.read_validity("某县某某管理办法(失效)").value == "expired"
    assert ef.read_validity("某县某某管理办法") is None
    assert ef.read_validity("某办法", "现行有效").value == "valid"


def test_genre_suggestions_have_confidence():
    genre = ef.read_genre("某县人民政府关于某事的通知")
    assert genre.value == "notice"
    assert 0 < genre.confidence < 1
    assert ef.read_genre("《某县某某办法》政策解读").value == "interpretation"
    assert ef.read_genre("某县人民政府关于同意某事的批复").value == "reply"
    assert ef.read_genre("某某管理办法（已废止）").value == "normative"


def test_topic_suggestion():
    topic = ef.read_topic("某县2021年部门预算公开说明")
    assert topic.value == "finance"
    assert topic.source == "keywords"


def test_related_from_repeal_lines():
    lines = ["本办法自2021年1月1日起施行，县政发〔2015〕3号同时废止。", "相关文件：县政办发〔2020〕9号"]
    assert ef.read_related(lines) == ["县政发〔2015〕3号", "县政办发〔2020〕9号"]


def test_mojibake_question_marks():
    assert ef.fix_mojibake("阿卜杜?热合曼同志") == "阿卜杜·热合曼同志"
    assert ef.fix_mojibake("教育?卫生?民政等部门") == "教育、卫生、民政等部门"
    assert ef.fix_mojibake("是否?") == "是否?"


def test_label_pairs_with_spaced_labels():
    pairs = ef.read_label_pairs(
        "索 引 号：000014349/2018-00222  主题分类：卫生、体育\n发文机关：国务院  成文日期：2018年12月29日"
    )
    assert pairs["index_number"].startswith("000014349/2018-00222")
    assert pairs["issuer"] == "国务院"
    assert ef.parse_date(pairs["written_on"]) == date(2018, 12, 29)


def test_own_number_at_the_end_of_the_title():
    value, related, _ = own_number(
        ["正文。"], title="关于优化完善无线电频率占用费标准的通知(发改价格〔2026〕413号)"
    )
    assert value == "发改价格〔2026〕413号"
    assert related == []


def test_forwarded_number_at_the_end_of_a_forwarding_title_is_not_own():
    value, related, _ = own_number(["正文。"], title="转发省人民政府关于某事的通知（省政发〔2020〕1号）")
    assert value is None
    assert related == ["省政发〔2020〕1号"]


def test_signature_date_wins_over_a_differing_table_date_and_attachments_after_it_are_skipped():
    lines = ["正文。", "某县财政局", "二〇一二年五月二十一日", "附件1", "填表日期", "2012年6月30日"]
    written, problems = ef.read_written_on(lines, "2012-08-20")
    assert written.value == date(2012, 5, 21)
    assert written.source == "signature"
    assert "2012-08-20" in problems[0]
    written, problems = ef.read_written_on(lines[:3], "2012-05-21")
    assert written.source == "metadata-table:成文日期"
    assert problems == []


def test_spaced_labels_with_en_spaces():
    pairs = ef.read_label_pairs("有\u2002效\u2002性：有效\n标\u2002\u2002\u2002\u2002题：某通知")
    assert pairs["validity"] == "有效"
    assert pairs["title"] == "某通知"


def test_signature_letter_spaced_sealed_or_glued_to_the_date():
    spaced = ["特此通知。", "某 县 人 民 政 府", "2021年5月6日"]
    assert ef.signature_organs(spaced) == ["某县人民政府"]
    sealed = ["特此通知。", "某县自然资源局（盖章）", "2021年5月6日"]
    assert ef.signature_organs(sealed) == ["某县自然资源局"]
    glued = ["特此通知。", "某县人民政府  2021年5月6日", "（此件公开发布）"]
    assert ef.signature_organs(glued) == ["某县人民政府"]
    written, _ = ef.read_written_on(glued)
    assert written.value == date(2021, 5, 6)
