"""The reply letter of every outcome for every kind of organ, checked against the statute.

The expected sentences and articles are written out here, independently of ``outcomes.py``; the
citations are also resolved against the text of the 条例 (``statute.py``).
"""

import re
from dataclasses import dataclass
from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.info_requests import letters, outcomes, remedies, services
from gongkai.info_requests.models import InfoRequest, Reply
from gongkai.info_requests.tests import statute
from gongkai.info_requests.tests.factories import applicant
from gongkai.orgs.models import Kind, Level
from gongkai.orgs.tests.factories import DepartmentFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

REG = "《中华人民共和国政府信息公开条例》"
REVIEW_FIRST, GENERAL, REVIEW_ONLY = "review_first", "general", "review_only"

# case → (outcome, ground, decision sentence, exact basis after 《条例》, remedy)
CASES = {
    "disclose-proactive": ("disclose", "proactive", "已经主动公开", "第三十六条第（一）项", GENERAL),
    "disclose": ("disclose", "disclose", "本机关决定予以公开", "第三十六条第（二）项", GENERAL),
    "partial": (
        "partial",
        "process",
        "本机关决定部分公开",
        "第三十七条、第十六条第二款、第三十六条第（二）项",
        REVIEW_FIRST,
    ),
    "partial-third-party": (
        "partial",
        "third_party",
        "本机关决定部分公开",
        "第三十七条、第十五条、第三十六条第（二）项",
        REVIEW_FIRST,
    ),
    "withhold_state_secret": (
        "withhold_state_secret",
        "",
        "本机关决定不予公开",
        "第三十六条第（三）项、第十四条",
        REVIEW_FIRST,
    ),
    "withhold_law": (
        "withhold_law",
        "",
        "本机关决定不予公开",
        "第三十六条第（三）项、第十四条",
        REVIEW_FIRST,
    ),
    "withhold_security": (
        "withhold_security",
        "",
        "本机关决定不予公开",
        "第三十六条第（三）项、第十四条",
        REVIEW_FIRST,
    ),
    "withhold_third_party": (
        "withhold_third_party",
        "",
        "本机关决定不予公开",
        "第三十六条第（三）项、第十五条",
        REVIEW_FIRST,
    ),
    "withhold_internal": (
        "withhold_internal",
        "",
        "本机关决定不予公开",
        "第三十六条第（三）项、第十六条第一款",
        REVIEW_FIRST,
    ),
    "withhold_process": (
        "withhold_process",
        "",
        "本机关决定不予公开",
        "第三十六条第（三）项、第十六条第二款",
        REVIEW_FIRST,
    ),
    "withhold_enforcement": (
        "withhold_enforcement",
        "",
        "本机关决定不予公开",
        "第三十六条第（三）项、第十六条第二款",
        REVIEW_FIRST,
    ),
    "withhold_query_matter": (
        "withhold_query_matter",
        "",
        "依照有关法律、行政法规的规定办理",
        "第三十六条第（七）项",
        REVIEW_FIRST,
    ),
    "not_held-not_exist": (
        "unavailable_not_held",
        "not_exist",
        "经检索，该政府信息不存在",
        "第三十六条第（四）项",
        GENERAL,
    ),
    "not_held-not_responsible": (
        "unavailable_not_held",
        "not_responsible",
        "不属于本机关负责公开",
        "第三十六条第（五）项",
        GENERAL,
    ),
    "unavailable_needs_creation": (
        "unavailable_needs_creation",
        "",
        "决定不予提供",
        "第三十八条",
        REVIEW_ONLY,
    ),
    "unavailable_unclear": (
        "unavailable_unclear",
        "",
        "申请内容仍不明确",
        "第二十九条第二款第（二）项、第三十条",
        GENERAL,
    ),
    "not_processed_petition": (
        "not_processed_petition",
        "",
        "不作为政府信息公开申请处理",
        "第三十九条第一款",
        GENERAL,
    ),
    "not_processed_repeat": ("not_processed_repeat", "", "决定不予重复处理", "第三十六条第（六）项", GENERAL),
    "not_processed_publication": (
        "not_processed_publication",
        "",
        "不作为政府信息公开申请处理",
        "第三十九条第二款",
        REVIEW_ONLY,
    ),
    "not_processed_excessive": ("not_processed_excessive", "", "决定不予处理", "第三十五条", GENERAL),
    "confirmation-confirm": ("not_processed_confirmation", "confirm", "决定不予处理", "第三十八条", GENERAL),
    "confirmation-reissue": (
        "not_processed_confirmation",
        "reissue",
        "决定不予处理",
        "第三十六条第（六）项",
        GENERAL,
    ),
    "other_no_correction": ("other_no_correction", "", "视为放弃申请", "第三十条", GENERAL),
    "other_no_fee": ("other_no_fee", "", "视为放弃申请", "第四十二条第一款", GENERAL),
    "other": ("other", "", "", "", GENERAL),
}


def test_every_outcome_has_a_case():
    assert {case[0] for case in CASES.values()} == set(outcomes.BY_CODE)
    assert len(outcomes.OUTCOMES) == 21


@dataclass
class Organs:
    department: object
    county: object
    city_off_platform: object
    province: object
    vertical: object
    justice: object
    subdistrict: object


# organ → (review body phrase, article of the 行政复议法)
REVIEW = {
    "department": ("甲市人民政府", "第二十四条第一款第（一）项"),
    "county": ("甲市人民政府", "第二十四条第一款第（二）项"),
    "city_off_platform": ("甲州人民政府", "第二十四条第一款第（二）项"),
    "province": ("丁省人民政府", "第二十四条第二款"),
    "vertical": ("国家税务总局甲州税务局", "第二十七条"),
    "justice": ("甲市人民政府或者甲州司法局", "第二十八条"),
    # 街道办事处: the city's 派出机关, reviewed by the city under item (三), not item (二).
    "subdistrict": ("甲市人民政府", "第二十四条第一款第（三）项"),
}


@pytest.fixture
def organs(db) -> Organs:
    city = OrganizationFactory(
        name="甲市人民政府", slug="jia", level=Level.CITY, review_government="甲州人民政府"
    )
    province = OrganizationFactory(name="丁省人民政府", slug="ding", level=Level.PROVINCE)
    city.refresh_from_db()
    department = DepartmentFactory(parent=city, name="甲市发展和改革委员会", slug="jia-fgw")
    city.refresh_from_db()
    county = OrganizationFactory(parent=city, name="丙县人民政府", slug="bing", level=Level.COUNTY)
    city.refresh_from_db()
    vertical = DepartmentFactory(
        parent=city,
        name="国家税务总局甲市税务局",
        slug="jia-tax",
        review_system="tax",
        superior_authority="国家税务总局甲州税务局",
    )
    city.refresh_from_db()
    justice = DepartmentFactory(
        parent=city,
        name="甲市司法局",
        slug="jia-sfj",
        review_system="justice",
        superior_authority="甲州司法局",
    )
    city.refresh_from_db()
    subdistrict = OrganizationFactory(
        parent=city, name="甲市东风街道办事处", slug="jia-df", level=Level.TOWNSHIP, dispatched=True
    )
    for org in (city, province, department, county, vertical, justice, subdistrict):
        org.refresh_from_db()
    return Organs(department, county, city, province, vertical, justice, subdistrict)


def sample(org, *, kind="natural_person") -> InfoRequest:
    return InfoRequest(
        organization=org,
        year=2026,
        serial=7,
        received_on=date(2026, 3, 2),
        applicant_kind=kind,
        applicant_name="张三" if kind == "natural_person" else "某某科技有限公司",
        description="2025年某项目的立项批复",
    )


def reply_for(outcome: str, ground: str) -> Reply:
    return Reply(
        outcome=outcome,
        ground=ground,
        reasons="该信息系本机关研究过程中形成的讨论记录",
        responsible_organ="甲市自然资源局" if ground == "not_responsible" else "",
        responsible_contact="0994-1234567" if ground == "not_responsible" else "",
        replied_on=date(2026, 3, 20),
        letter_number="甲发改公开答〔2026〕3号",
    )


CITED = re.compile(
    r"第[一二三四五六七八九十]+条(?:第[一二三四五六七八九十]+款)?(?:第（[一二三四五六七八九十]+）项)?"
)


@pytest.mark.parametrize("organ", list(REVIEW))
@pytest.mark.parametrize("case", list(CASES))
def test_the_reply_letter_of_each_outcome_for_each_organ(organs, organ, case):
    outcome, ground, decision, basis, remedy = CASES[case]
    org = getattr(organs, organ)
    letter = letters.reply_letter(sample(org), reply_for(outcome, ground))
    text = "\n".join(letter.paragraphs)
    body, review_article = REVIEW[organ]

    # The decision, and the exact articles and items — and no other of the 条例's.
    assert decision in text
    if basis:
        if outcome == "other_no_fee":
            assert (
                f"根据{REG}{basis}和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，" in text
            )
        else:
            assert f"根据{REG}{basis}的规定，" in text
        assert set(CITED.findall(text.split("如对本答复不服")[0])) <= set(basis.split("、"))
    else:
        assert REG not in text
    if ground == "not_responsible":
        assert "负责公开该政府信息的行政机关为甲市自然资源局，联系方式：0994-1234567。" in text

    # The remedy clause and the reviewing body.
    assert remedies.review_body(org).basis == f"《中华人民共和国行政复议法》{review_article}"
    if remedy == REVIEW_FIRST:
        assert f"应当先自收到本答复之日起60日内向{body}申请行政复议" in text
        assert "自收到行政复议决定书之日起15日内依法向有管辖权的人民法院提起行政诉讼" in text
        assert "6个月" not in text
    elif remedy == REVIEW_ONLY:
        assert f"可以自收到本答复之日起60日内向{body}申请行政复议。" in text
        assert "行政诉讼" not in text
    else:
        assert (
            f"60日内向{body}申请行政复议，或者自收到本答复之日起6个月内依法向有管辖权的人民法院提起行政诉讼"
            in text
        )
        assert "15日内" not in text
    # Addressed as 您 to a natural person, never the literal 您（单位）.
    assert "您（单位）" not in text
    assert "本机关于2026年3月2日收到您提出的政府信息公开申请" in text


def _resolve(citation: str) -> str:
    """The statute text a citation such as 第三十六条第（四）项 points at (KeyError/IndexError if none)."""
    numerals = "一二三四五六七八九十"

    def number(chinese: str) -> int:
        if chinese == "十":
            return 10
        if chinese.startswith("十"):
            return 10 + numerals.index(chinese[1]) + 1
        if "十" in chinese:
            tens, _, units = chinese.partition("十")
            return (numerals.index(tens) + 1) * 10 + (numerals.index(units) + 1 if units else 0)
        return numerals.index(chinese) + 1

    match = re.fullmatch(r"第(.+?)条(?:第(.+?)款)?(?:第（(.+?)）项)?", citation)
    article = statute.REGULATION[number(match.group(1))]
    paragraph = article[number(match.group(2)) - 1] if match.group(2) else article
    if match.group(3):
        if not isinstance(paragraph, list) or isinstance(paragraph[0], list):
            paragraph = paragraph[0]
        return paragraph[number(match.group(3))]
    return str(paragraph)


def test_every_cited_article_and_item_exists_in_the_regulation():
    for outcome in outcomes.OUTCOMES:
        for ground in outcome.grounds or [None]:
            for citation in outcome.cited_articles(ground.code if ground else ""):
                assert _resolve(citation)
    with pytest.raises((KeyError, IndexError)):
        _resolve("第三十六条第（八）项")


@pytest.mark.parametrize(
    ("outcome", "ground", "statute_words"),
    [
        ("unavailable_not_held", "not_exist", "该政府信息不存在"),
        ("not_processed_repeat", "", "不予重复处理"),
        ("not_processed_petition", "", "不作为政府信息公开申请处理"),
        ("not_processed_excessive", "", "不予处理"),
        ("withhold_process", "", "不予公开"),
        ("unavailable_needs_creation", "", "不予提供"),
        ("other_no_correction", "", "视为放弃申请"),
    ],
)
def test_the_decision_uses_the_statutes_words(outcome, ground, statute_words):
    info = outcomes.BY_CODE[outcome]
    cited = info.cited_articles(ground)
    assert any(statute_words in _resolve(c) for c in cited)
    assert statute_words in info.decision_for(ground)


def test_the_sample_reasons_do_not_say_nin():
    # The parametrised letters above use reasons without 您, so every 您 they print is the letter's own.
    assert "您" not in reply_for("disclose", "disclose").reasons


@pytest.mark.parametrize("case", list(CASES))
def test_an_organisation_is_addressed_as_gui_danwei(organs, case):
    outcome, ground, *_ = CASES[case]
    letter = letters.reply_letter(sample(organs.department, kind="commercial"), reply_for(outcome, ground))
    text = "\n".join(letter.paragraphs)
    assert "收到贵单位提出的政府信息公开申请" in text
    assert "您" not in text
    assert "｛" not in text


def test_an_old_template_with_nin_danwei_is_read_by_applicant_kind(organs):
    person = letters.compose(
        "receipt",
        sample(organs.department),
        templates=["本机关收到您（单位）的申请。"],
        dated=date(2026, 3, 2),
    )
    company = letters.compose(
        "receipt",
        sample(organs.department, kind="commercial"),
        templates=["本机关收到您（单位）的申请。"],
        dated=date(2026, 3, 2),
    )
    assert person.paragraphs == ["本机关收到您的申请。"]
    assert company.paragraphs == ["本机关收到贵单位的申请。"]


def test_the_court_is_named_when_configured(organs):
    org = organs.department
    org.court = "甲市中级人民法院"
    clause = letters.remedy_clause(org, "disclose")
    assert "6个月内依法向甲市中级人民法院提起行政诉讼" in clause


def test_an_unconfigured_top_government_gets_the_legal_description_not_itself(organs):
    gov = organs.city_off_platform
    gov.review_government = ""
    body = remedies.review_body(gov)
    assert body.names == ("上一级人民政府",)
    assert not body.configured
    assert "甲市人民政府申请行政复议" not in letters.remedy_clause(gov, "disclose")


def test_a_township_goes_to_its_county_and_a_department_without_government_to_the_configured_one(organs):
    town = OrganizationFactory(
        parent=organs.county,
        name="丙县某镇人民政府",
        slug="bing-town",
        kind=Kind.GOVERNMENT,
        level=Level.TOWNSHIP,
    )
    assert letters.review_body(town) == "丙县人民政府"
    lone = DepartmentFactory(name="戊县教育局", slug="wu-edu", review_government="戊县人民政府")
    assert letters.review_body(lone) == "戊县人民政府"
    assert remedies.review_body(lone).basis.endswith("第二十四条第一款第（一）项")


def test_a_vertical_or_justice_office_must_name_its_superior(organs):
    from django.core.exceptions import ValidationError

    organs.vertical.superior_authority = ""
    with pytest.raises(ValidationError, match="上一级主管部门"):
        organs.vertical.clean()
    organs.justice.superior_authority = ""
    with pytest.raises(ValidationError, match="上一级司法行政部门"):
        organs.justice.clean()


def test_the_reply_service_requires_the_ground_where_the_row_covers_several(two_orgs):
    from django.core.exceptions import ValidationError

    org = two_orgs.dept_a1
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    application, _ = services.register(
        org=org, actor=handler, channel="letter", data=applicant(), received_on=date(2026, 3, 2)
    )
    with pytest.raises(ValidationError, match="信息不存在"):
        services.reply(
            application=application,
            actor=handler,
            outcome="unavailable_not_held",
            reasons="经检索未找到",
            replied_on=date(2026, 3, 20),
        )
    reply = services.reply(
        application=application,
        actor=handler,
        outcome="unavailable_not_held",
        ground="not_exist",
        reasons="本机关在公文系统和档案中检索，未找到该信息",
        replied_on=date(2026, 3, 20),
    )
    assert reply.ground == "not_exist"


def test_the_reply_letter_states_receipt_request_decision_basis_and_remedy(two_orgs):
    org = two_orgs.dept_a1
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    application, _ = services.register(
        org=org,
        actor=handler,
        channel="letter",
        data=applicant(applicant_name="李四", description="某项目立项批复"),
        received_on=date(2026, 3, 2),
    )
    reply = services.reply(
        application=application,
        actor=handler,
        outcome="withhold_process",
        reasons="该信息属于研究过程中形成的讨论记录",
        replied_on=date(2026, 3, 20),
        letter_number="甲发改公开答〔2026〕3号",
    )
    letter = letters.reply_letter(application, reply)
    text = "\n".join(letter.paragraphs)
    assert letter.addressee == "李四："
    assert letter.number == "甲发改公开答〔2026〕3号"
    assert "2026年3月2日收到" in text
    assert "“某项目立项批复”" in text
    assert f"根据{REG}第三十六条第（三）项、第十六条第二款的规定，本机关决定不予公开。" in text
    assert "60日内向甲市人民政府申请行政复议" in text
    assert "15日内" in text
    assert letters.chinese_date(letter.dated) == "2026年3月20日"


def test_an_edited_template_keeps_an_unknown_placeholder_visible(two_orgs):
    org = two_orgs.gov_a
    application, _ = services.register(
        org=org,
        actor=two_orgs.staff(org, Role.REQUEST_HANDLER),
        channel="in_person",
        data=applicant(),
        received_on=date(2026, 3, 2),
    )
    letter = letters.compose(
        "receipt", application, templates=["编号｛申请编号｝，｛不存在的字段｝"], dated=date(2026, 3, 2)
    )
    assert letter.paragraphs == [f"编号{application.number}，｛不存在的字段｝"]


# ---------------------------------------------------------------- consultation letters


@pytest.mark.parametrize(
    ("kind", "present", "absent"),
    [
        (
            "third_party",
            [
                "可能损害您（单位）的合法权益",
                "第三十二条",
                "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开",
            ],
            ["第三十四条", "视为同意公开", "共同制作"],
        ),
        (
            "organ",
            ["由本机关与贵机关共同制作", "第三十四条", "逾期未提出意见的，视为同意公开"],
            ["第三十二条", "损害", "您（单位）"],
        ),
    ],
)
def test_the_consultation_letter_follows_the_consultation_kind(two_orgs, kind, present, absent):
    org = two_orgs.dept_a1
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    application, _ = services.register(
        org=org, actor=handler, channel="letter", data=applicant(), received_on=date(2026, 3, 2)
    )
    services.start_consultation(
        application=application, actor=handler, kind=kind, party="某某公司", sent_on=date(2026, 3, 4)
    )
    letter = letters.build(application, "consultation")
    text = "\n".join(letter.paragraphs)
    assert letter.addressee == "某某公司："
    assert "15个工作日内" in text
    for words in present:
        assert words in text
    for words in absent:
        assert words not in text


# ---------------------------------------------------------------- extension and fee


def test_the_extension_letter_prints_a_date_even_while_a_consultation_is_open(two_orgs):
    org = two_orgs.dept_a1
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    application, _ = services.register(
        org=org, actor=handler, channel="in_person", data=applicant(), received_on=date(2025, 3, 3)
    )
    services.start_consultation(
        application=application, actor=handler, kind="third_party", party="某公司", sent_on=date(2025, 3, 10)
    )
    services.extend(
        application=application,
        actor=two_orgs.staff(org, Role.HEAD),
        reason="需要调取档案",
        approved_on=date(2025, 3, 20),
    )
    text = "\n".join(letters.build(application, "extension").paragraphs)
    assert "见期限计算" not in text
    # Received 3-3 (Mon): 5 working days counted (3-4…3-7, 3-10 starts the pause), the pause
    # counted as ending on the letter's date 3-20, then 15 + 20 working days from 3-21.
    assert re.search(r"本机关将于2025年\d+月\d+日前答复", text)
    assert "将按征求意见实际所用时间相应顺延" in text
    assert "第三十三条第三款" in text


def test_the_extension_letter_without_pause_states_the_clock_date(two_orgs):
    org = two_orgs.dept_a1
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    application, _ = services.register(
        org=org, actor=handler, channel="in_person", data=applicant(), received_on=date(2025, 3, 3)
    )
    services.extend(
        application=application,
        actor=two_orgs.staff(org, Role.HEAD),
        reason="需要调取档案",
        approved_on=date(2025, 3, 20),
    )
    from gongkai.info_requests import selectors

    due = selectors.clock_of(application).clock.reply_due
    text = "\n".join(letters.build(application, "extension").paragraphs)
    assert f"本机关将于{letters.chinese_date(due)}前答复" in text
    assert "顺延" not in text


def test_the_fee_notice_gives_the_breakdown_the_period_and_the_payment_channel(two_orgs):
    org = two_orgs.dept_a1
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    services.save_letter_settings(
        org=org,
        actor=two_orgs.staff(org, Role.HEAD),
        payment_channel="通过甲市非税收入缴款系统缴纳，缴款码见附件。",
    )
    application, _ = services.register(
        org=org, actor=handler, channel="in_person", data=applicant(), received_on=date(2025, 3, 3)
    )
    services.send_fee_notice(
        application=application, actor=handler, method="per_page", pages=250, sent_on=date(2025, 3, 5)
    )
    text = "\n".join(
        letters.build(application, "fee", payment_channel="通过甲市非税收入缴款系统缴纳").paragraphs
    )
    assert "第四十二条第一款" in text
    assert "国办函〔2020〕109号" in text
    # 31–100 at 10 元, 101–200 at 20 元, 201–250 at 40 元: 700 + 2000 + 2000 = 4700 元.
    assert "第31至100页10元/页，计70页700元" in text
    assert "第101至200页20元/页，计100页2000元" in text
    assert "第201至250页40元/页，计50页2000元" in text
    assert "合计4700.00元" in text
    assert "自收到本通知之次日起20个工作日内缴纳" in text
    assert "缴费方式：通过甲市非税收入缴款系统缴纳" in text
