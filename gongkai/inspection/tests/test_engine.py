"""Each family of pre-publication checks, with true and false positives (issue 13)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.inspection import engine
from gongkai.inspection.models import WordRule
from gongkai.inspection.rules import compile_rules, validate_pattern
from gongkai.inspection.selectors import word_list
from gongkai.textproc.pii import make_id_number
from gongkai.workdays.rules import working_days_between
from gongkai.workdays.testing import published_calendar


def run(text: str, words=None, **facts) -> list[engine.Finding]:
    words = words if words is not None else compile_rules([])
    document = engine.Document(texts=[("正文", text)], facts=engine.Facts(**facts))
    return engine.check_document(document, words)


def kinds(findings) -> list[str]:
    return [f.kind for f in findings]


@pytest.mark.django_db
def test_shipped_word_list_is_loaded_with_sources_and_catches_typical_errors():
    assert WordRule.objects.filter(organization__isnull=True).count() >= 250
    assert not WordRule.objects.filter(source="").exists()
    text = "中华人民共合国国务院印发通知，各单位要按步就班、再接再励，原国土资源局和计生委的职责已调整。"
    found = {f.text: f for f in run(text, word_list())}
    assert found["中华人民共合国"].suggestion == "中华人民共和国"
    assert found["中华人民共合国"].blocking is True
    assert found["按步就班"].suggestion == "按部就班"
    assert found["再接再励"].suggestion == "再接再厉"
    assert found["国土资源局"].suggestion.startswith("自然资源")
    assert found["计生委"].suggestion.startswith("卫生健康委")
    start = text.index("按步就班")
    assert (found["按步就班"].start, found["按步就班"].end) == (start, start + 4)


@pytest.mark.django_db
def test_correct_official_text_raises_no_wording_finding():
    text = (
        "中共中央总书记、国家主席、中央军委主席习近平主持会议。党中央、国务院高度重视。"
        "县农业农村局、自然资源局、生态环境局、文化和旅游局、卫生健康委员会按部就班推进，"
        "农业部门和监察部门作出部署，截至目前进展顺利。返回教室，平台语音服务，农村长期发展，台湾国民党。"
    )
    assert [f for f in run(text, word_list()) if f.kind == engine.WORDING] == []


@pytest.mark.django_db
def test_leader_order_regex_suggests_the_right_order():
    found = run("国家主席、中共中央总书记习近平；市政府、市委联合印发。", word_list())
    suggestions = {f.text: f.suggestion for f in found if f.kind == engine.WORDING}
    assert suggestions["国家主席、中共中央总书记"] == "中共中央总书记、国家主席、中央军委主席"
    assert suggestions["市政府、市委"] == "市委、市政府"


@pytest.mark.django_db
def test_an_organs_own_entry_applies_only_to_that_organ(django_user_model):
    from gongkai.orgs.tests.factories import OrganizationFactory

    mine, other = OrganizationFactory(), OrganizationFactory()
    WordRule.objects.create(
        organization=mine,
        category="organ",
        pattern="城管大队",
        suggestion="综合行政执法大队",
        reason="本机关已更名",
    )
    assert any(f.text == "城管大队" for f in run("城管大队开展巡查", word_list(mine)))
    assert not any(f.text == "城管大队" for f in run("城管大队开展巡查", word_list(other)))


def test_malformed_rule_gives_a_clear_message_and_the_others_still_run():
    class Entry:
        def __init__(self, i, match, pattern, suggestion=""):
            self.id, self.match, self.pattern, self.suggestion = i, match, pattern, suggestion
            self.category, self.reason, self.source, self.blocking = "typo", "测试", "测试", True

    words = compile_rules(
        [Entry(1, "regex", "(未闭合"), Entry(2, "regex", "(a+)+b"), Entry(3, "literal", "攻府", "政府")]
    )
    found = run("市攻府办公室", words)
    errors = [f for f in found if f.kind == engine.RULE_ERROR]
    assert len(errors) == 2
    assert "正则表达式无效" in errors[0].reason
    assert "嵌套重复" in errors[1].reason
    assert not any(f.blocking for f in errors)
    assert [f.text for f in found if f.kind == engine.WORDING] == ["攻府"]


def test_validate_pattern_messages():
    assert validate_pattern("regex", "a*") is not None  # matches the empty string
    assert validate_pattern("regex", "a(b)", r"\2") is not None
    assert validate_pattern("literal", "  ") is not None
    assert validate_pattern("regex", r"截止(?=目前)") is None


def test_personal_data_with_checksums():
    good_id = make_id_number("330106", date(1980, 5, 17), 123)
    bad_id = good_id[:-1] + ("0" if good_id[-1] != "0" else "1")
    card = "6222020200112233445"  # Luhn-valid below?
    from gongkai.textproc.pii import luhn_ok

    if not luhn_ok(card):
        card = next(card[:-1] + d for d in "0123456789" if luhn_ok(card[:-1] + d))
    text = (
        f"申请人身份证{good_id}，另一号码{bad_id}，银行卡{card}，"
        "手机13812345678，家庭住址：西湖区文三路90号3幢201室。"
    )
    found = [f for f in run(text) if f.kind == engine.PERSONAL_DATA]
    shown = [f.text for f in found]
    assert good_id[:3] + "*" in shown[0]
    assert len(found) == 4
    assert all(f.blocking for f in found)
    assert text[found[0].start : found[0].end] == good_id
    # the ID number with a wrong check character is not reported
    assert not any(text[f.start : f.end] == bad_id for f in found)


def test_a_list_of_names_is_flagged_outside_lawful_publicity_only():
    text = "名单如下：\n1 张三\n2 李四\n3 王五\n"
    flagged = [f for f in run(text, list_context="关于开展走访的通知") if f.kind == engine.PERSONAL_DATA]
    assert len(flagged) == 1
    assert flagged[0].blocking
    headings = "工作要求：\n1 加强领导\n2 明确责任\n3 强化督查\n"
    assert [f for f in run(headings) if f.kind == engine.PERSONAL_DATA] == []
    lawful = [
        f for f in run(text, list_context="2026年拟录用公务员名单公示") if f.kind == engine.PERSONAL_DATA
    ]
    assert lawful == []


def test_seed_002_injected_string_is_caught():
    text = "为进一步做好秸秆禁烧工作，btbt365me现将有关事项通知如下。"
    found = [f for f in run(text) if f.kind == engine.INJECTED]
    assert [f.text for f in found] == ["btbt365me"]
    assert found[0].blocking
    assert text[found[0].start : found[0].end] == "btbt365me"


def test_injected_scripts_foreign_links_and_latin_strings():
    document = engine.Document(
        texts=[("正文", "详见www.example.com及www.gov.cn。通知abcdefghij公告。宗地编号GY2024A01。")],
        raw_html=[("正文", '<p>ok</p><iframe src="http://x.top"></iframe><script>alert(1)</script>')],
    )
    found = engine.check_document(document, compile_rules([]))
    assert [f.text for f in found if f.kind == engine.EXTERNAL_LINK] == ["www.example.com"]
    injected = [f.text for f in found if f.kind == engine.INJECTED]
    assert "abcdefghij" in injected
    assert "<iframe" in injected
    assert "<script" in injected
    assert "GY2024A01" not in injected  # an ordinary government code (govcodes)


def test_article_26_counts_working_days():
    calendar = published_calendar()

    def days(a, b):
        return working_days_between(a, b, calendar)

    late = engine.Facts(written_on=date(2026, 3, 2), published_on=date(2026, 4, 10), today=date(2026, 4, 10))
    found = engine.metadata_findings(late, days)
    assert [f.kind for f in found] == [engine.ARTICLE_26]
    assert found[0].blocking
    assert "第二十六条" in found[0].reason
    in_time = engine.Facts(
        written_on=date(2026, 3, 2), published_on=date(2026, 3, 27), today=date(2026, 3, 27)
    )
    assert engine.metadata_findings(in_time, days) == []
    late.delay_reason = "须经上级批准后公开"
    assert engine.metadata_findings(late, days) == []


def test_metadata_doc_number_dates_validity_topic_and_three_sync():
    facts = engine.Facts(
        doc_number="杭政办发[2026]3号",
        written_on=date(2030, 1, 1),
        genre="normative",
        topic="",
        has_interpretation=False,
        today=date(2026, 6, 1),
    )
    found = {f.where: f for f in engine.metadata_findings(facts)}
    assert found["文号"].suggestion == "杭政办发〔2026〕3号"
    assert found["文号"].text == "[2026]"
    assert found["成文日期"].blocking
    assert not found["有效期"].blocking  # a hint (ADR 0032 §3)
    assert found["主题分类"].blocking
    assert found["政策解读"].kind == engine.THREE_SYNC
    ok = engine.Facts(
        doc_number="杭政办发〔2026〕3号", written_on=date(2026, 1, 1), genre="notice", topic="general"
    )
    assert engine.metadata_findings(ok) == []


def test_a_text_over_the_limit_is_checked_up_to_it_and_reported(settings):
    settings.GONGKAI_CHECK_MAX_CHARS = 1000
    text = "攻府" + "文" * 2000 + "btbt365me"
    words = compile_rules([])
    found = run(text, words)
    too_large = [f for f in found if f.kind == engine.TOO_LARGE]
    assert len(too_large) == 1
    assert too_large[0].blocking
    assert "超过检查上限" in too_large[0].reason
    assert not any(f.text == "btbt365me" for f in found)  # beyond the limit: left to a person


def test_a_long_run_of_letters_is_scanned_in_linear_time():
    # Before the URL pattern's lookbehind, 1 MB of letters took minutes (tried from every position).
    import time

    text = "中华人民共合国" + "a" * 300_000
    started = time.perf_counter()
    found = run(text, compile_rules([]))
    assert time.perf_counter() - started < 20
    assert not [f for f in found if f.kind == engine.EXTERNAL_LINK]


# --- ADR 0032: 文号 against the organ's 代字, 三同步 timing, 有效期, lawful 名单 columns ----------

OWN = ("甲政发", "甲政办发")
OTHERS = {"乙政发": "乙县人民政府"}


def number_findings(number, genre="notice", own=OWN):
    facts = engine.Facts(
        doc_number=number, genre=genre, own_codes=own, other_codes=OTHERS, today=date(2026, 6, 1)
    )
    return [f for f in engine.metadata_findings(facts) if f.where == "文号"]


def test_doc_number_with_the_organs_own_code_passes_and_brackets_are_normalised_first():
    assert number_findings("甲政发〔2026〕3号") == []
    assert number_findings("甲政办发〔2025〕112号") == []
    assert number_findings("甲政发〔2016〕5、6号") == []  # one document under two numbers
    # [2026] / (2026) are one finding, the bracket, with the normalised number as the suggestion.
    for typed in ("甲政发[2026]3号", "甲政发(2026)3号", "甲政发（2026）3号"):
        [found] = number_findings(typed)
        assert found.suggestion == "甲政发〔2026〕3号"


def test_doc_number_with_another_organs_code_is_flagged():
    [found] = number_findings("乙政发〔2026〕3号")
    assert found.blocking
    assert found.text == "乙政发"
    assert "乙县人民政府" in found.reason


def test_doc_number_with_an_unknown_code_is_flagged_only_where_the_organ_set_its_own():
    [found] = number_findings("丙政发〔2026〕3号")
    assert "不是本机关的发文字号代字" in found.reason
    assert number_findings("丙政发〔2026〕3号", own=()) == []  # nothing configured: the form only
    assert number_findings("乙政发〔2026〕3号", own=())[0].text == "乙政发"  # another's is still another's


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("甲政发〔2026〕第3号", "第"),
        ("甲政发〔26〕3号", "全称"),
        ("甲政发2026年3号", "格式不正确"),
        ("〔2026〕3号", "格式不正确"),
        ("甲政发〔2026〕03号", "虚位"),
        ("甲政发〔2031〕3号", "年份不正确"),
    ],
)
def test_malformed_doc_numbers_are_flagged_with_the_rule(number, why):
    found = number_findings(number)
    assert found
    assert all(f.blocking for f in found)
    assert any(why in f.reason for f in found)


def test_an_order_keeps_its_own_numbering():
    assert number_findings("甲市人民政府令第12号", genre="order", own=()) == []


def test_validity_is_required_for_a_normative_document_only():
    def validity(genre, valid_until=None, published_on=date(2026, 6, 1)):
        facts = engine.Facts(
            genre=genre, valid_until=valid_until, published_on=published_on, today=date(2026, 6, 1)
        )
        return [f for f in engine.metadata_findings(facts) if f.where == "有效期"]

    assert validity("normative")[0].reason == "规范性文件应标注有效期"
    assert not validity("normative")[0].blocking
    assert validity("normative", date(2031, 5, 31)) == []
    assert validity("rule") == []  # a 规章 has no term
    assert validity("notice") == []


def test_an_installation_may_require_the_term_of_validity_at_publication(settings):
    settings.GONGKAI_VALIDITY_TERM_REQUIRED = True

    def validity(published_on):
        facts = engine.Facts(genre="normative", published_on=published_on, today=date(2026, 6, 1))
        return [f for f in engine.metadata_findings(facts) if f.where == "有效期"]

    assert validity(date(2026, 6, 1))[0].blocking  # before publication: blocks
    assert validity(date(2026, 6, 1))[0].reason == "本地区规定规范性文件必须标注有效期"
    assert not validity(None)[0].blocking  # a draft may still lack it


def test_topic_and_written_date_checks():
    today = date(2026, 6, 1)
    assert [f.where for f in engine.metadata_findings(engine.Facts(topic="", today=today))] == ["主题分类"]
    assert engine.metadata_findings(engine.Facts(topic="general", today=today)) == []
    future = engine.metadata_findings(engine.Facts(written_on=date(2026, 6, 2), today=today))
    assert [f.where for f in future] == ["成文日期"]
    assert engine.metadata_findings(engine.Facts(written_on=today, today=today)) == []


def test_three_sync_major_policy_and_an_interpretation_published_late():
    calendar = published_calendar()

    def days(a, b):
        return working_days_between(a, b, calendar)

    major = engine.Facts(genre="opinion", major_policy=True, has_interpretation=False, today=date(2026, 6, 1))
    assert [f.kind for f in engine.metadata_findings(major)] == [engine.THREE_SYNC]
    ordinary = engine.Facts(genre="opinion", has_interpretation=False, today=date(2026, 6, 1))
    assert engine.metadata_findings(ordinary) == []

    # Policy published Monday 2026-03-02; Friday 03-06 is 4 working days later, Thursday 03-05 is 3.
    def interpretation(published_on):
        facts = engine.Facts(
            genre="interpretation",
            policy_published_on=date(2026, 3, 2),
            published_on=published_on,
            today=published_on,
        )
        return engine.metadata_findings(facts, days)

    [late] = interpretation(date(2026, 3, 6))
    assert late.kind == engine.THREE_SYNC
    assert not late.blocking
    assert "4个工作日" in late.reason
    assert interpretation(date(2026, 3, 5)) == []
    assert interpretation(date(2026, 3, 2)) == []


def test_a_name_list_in_a_lawful_column_is_not_flagged_elsewhere_it_is():
    text = "救助对象名单：\n1 张三\n2 李四\n3 王五\n"
    in_column = [
        f
        for f in run(text, list_context="2026年第二季度名单 社会救助", lawful_list_column=True)
        if f.kind == engine.PERSONAL_DATA
    ]
    assert in_column == []
    elsewhere = [
        f for f in run(text, list_context="2026年第二季度名单 工作动态") if f.kind == engine.PERSONAL_DATA
    ]
    assert len(elsewhere) == 1
    # A lawful column does not make an ID number lawful.
    number = make_id_number("110105", date(1980, 1, 1), 123)
    with_id = run(text + f"4 赵六 {number}\n", lawful_list_column=True)
    assert [f.kind for f in with_id if f.kind == engine.PERSONAL_DATA] == [engine.PERSONAL_DATA]


# --- issue 13 audit (ADR 0052): hidden links, pornography and pharmacy spam, personal fixed numbers ----


def test_hidden_links_are_injected_content_visible_styles_are_not():
    hidden = (
        '<div style="display:none"><a href="http://x.top">棋牌</a></div>',
        '<p style="position:absolute; left:-9999px"><a href="http://y.vip">y</a></p>',
        '<span style="font-size:0px">z</span>',
        '<a href="http://z.xyz" style="visibility: hidden">z</a>',
        '<div style="height:0;overflow:hidden"><a href="/a">a</a></div>',
        "<marquee><a href='http://q.cc'>q</a></marquee>",
    )
    for html in hidden:
        document = engine.Document(texts=[], raw_html=[("正文", "<p>通知</p>" + html)])
        found = [f for f in engine.check_document(document, compile_rules([])) if f.kind == engine.INJECTED]
        assert len(found) == 1, html
        assert found[0].blocking
        assert "暗链" in found[0].reason
    visible = (
        '<p style="text-align:center">通知</p><td style="height:0.5cm">1</td>'
        '<span style="font-size:0.8em">注</span><p style="margin-left:-20px;line-height:0">x</p>'
        '<table style="display:table"><tr><td>1</td></tr></table>'
    )
    document = engine.Document(texts=[], raw_html=[("正文", visible)])
    assert engine.check_document(document, compile_rules([])) == []


def test_pornography_and_pharmacy_spam_are_caught_government_wording_about_them_is_not():
    text = "为做好秸秆禁烧工作，裸聊约炮一夜情，伟哥壮阳药延时喷剂，现将有关事项通知如下。"
    found = [f for f in run(text) if f.kind == engine.INJECTED]
    assert [f.text for f in found] == ["裸聊", "约炮", "一夜情", "伟哥", "壮阳药", "延时喷剂"]
    assert all(f.blocking for f in found)
    assert text[found[0].start : found[0].end] == "裸聊"
    ordinary = (
        "依法打击传播淫秽色情信息、赌博等违法犯罪活动，开展扫黄打非专项行动；"
        "长春药业集团申报的药品通过审评，督促药店规范经营。"
    )
    assert [f for f in run(ordinary) if f.kind == engine.INJECTED] == []


def test_a_personal_fixed_number_is_flagged_an_office_number_is_not():
    text = "申请人家庭电话0571-88886666，如有疑问请拨打办公电话0571-87654321。"
    found = [f for f in run(text) if f.kind == engine.PERSONAL_DATA]
    assert [text[f.start : f.end] for f in found] == ["0571-88886666"]
    assert found[0].blocking
    assert "固定电话" in found[0].reason
    assert [f for f in run("联系电话：0571-87654321（工作日）") if f.kind == engine.PERSONAL_DATA] == []
