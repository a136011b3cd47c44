"""Bodies, summaries and keywords of the generated records, written in the seed notices' vocabulary.

A body is a list of ``(style, text)`` lines: "p" a paragraph, "h" a heading, "sign" the right-aligned
signature. The same lines become the record's HTML and the text of its DOCX or PDF attachment.
"""

from __future__ import annotations

import random
from datetime import date

from django.utils.html import escape

from gongkai.demo import data

Lines = list[tuple[str, str]]
NUMERALS = "一二三四五六七八九十"


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals, as article numbers are written (第十二条)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def to_html(lines: Lines) -> str:
    parts = []
    for style, text in lines:
        if style == "h":
            parts.append(f"<p><strong>{escape(text)}</strong></p>")
        elif style == "sign":
            parts.append(f'<p align="right">{escape(text)}</p>')
        else:
            parts.append(f"<p>{escape(text)}</p>")
    return "".join(parts)


def plain(lines: Lines) -> list[str]:
    return [text for _, text in lines]


def addressee(*, kind: str, level: str, place: str) -> str:
    if kind == "department":
        return "各有关单位："
    if kind == "township":
        return "各村（社区），各站所："
    if level == "province":
        return "各市（州）人民政府，省政府各厅委办、各直属机构："
    if level == "city":
        return "各县（市）区人民政府，市政府各部门、市直各单位："
    if place.endswith("县"):
        return "各乡镇人民政府，县人民政府各部门、各县直单位："
    return "各乡镇人民政府、街道办事处，市直各部门："


def signature(org_name: str, day: date) -> Lines:
    return [("sign", org_name), ("sign", cn_date(day))]


def notice(rng: random.Random, *, org_name, kind, level, place, title, day) -> Lines:
    basis, goal = rng.choice(data.BASES), rng.choice(data.GOALS)
    measures = rng.sample(data.MEASURES, 4)
    return [
        ("p", addressee(kind=kind, level=level, place=place)),
        ("p", f"为深入贯彻落实{basis}，{goal}，结合{place}实际，现将有关事项通知如下。"),
        ("h", "一、总体要求"),
        ("p", f"坚持以人民为中心的发展思想，{rng.choice(data.GOALS)}，{goal}，确保各项工作取得实效。"),
        ("h", "二、重点任务"),
        ("p", f"（一）{measures[0]}"),
        ("p", f"（二）{measures[1]}"),
        ("p", f"（三）{measures[2]}"),
        ("h", "三、保障措施"),
        ("p", measures[3]),
        ("p", rng.choice(data.CLOSINGS)),
        *signature(org_name, day),
    ]


def _detail(rng: random.Random, column: str, *, org_name: str, place: str, year: int) -> str:
    if column == "budgets":
        income = round(rng.uniform(800, 60000), 2)
        basic = round(income * rng.uniform(0.4, 0.7), 2)
        return (
            f"{org_name}{year}年收入预算{income}万元，支出预算{income}万元，其中基本支出{basic}万元、"
            f"项目支出{round(income - basic, 2)}万元；“三公”经费预算{round(rng.uniform(3, 90), 2)}万元，"
            f"比上年下降{rng.uniform(1, 9):.1f}%。"
        )
    if column == "statistics":
        return (
            f"初步核算，{place}实现地区生产总值{rng.uniform(60, 3000):.1f}亿元，按不变价格计算，比上年增长"
            f"{rng.uniform(2, 8):.1f}%；城镇居民人均可支配收入{rng.randint(30000, 48000)}元，"
            f"增长{rng.uniform(3, 7):.1f}%。"
        )
    if column == "civil-service":
        return f"经笔试、面试、体检和考察，拟录用{rng.randint(5, 60)}名人员，现予以公示，公示期为5个工作日。"
    if column == "procurement":
        return f"本次公开采购项目{rng.randint(3, 12)}项，预算总金额{rng.uniform(50, 900):.2f}万元。"
    if column == "supervision":
        total = rng.randint(60, 400)
        bad = rng.randint(0, 6)
        return (
            f"本次共抽检样品{total}批次，合格{total - bad}批次，不合格{bad}批次，不合格产品已依法核查处置。"
        )
    if column == "licensing":
        n = rng.randint(40, 900)
        return f"本期共受理行政许可申请{n}件，办结{n}件，按时办结率100%，办理结果已同步推送信用信息平台。"
    if column == "penalties":
        cases, amount = rng.randint(3, 80), rng.uniform(1, 150)
        return f"本期共办理行政处罚案件{cases}件，罚没款{amount:.2f}万元，处罚决定均已依法公开。"
    if column in {"land-expropriation", "housing-expropriation"}:
        return (
            f"征收范围位于{place}{rng.choice(data.AREAS)}，面积{rng.uniform(2, 80):.2f}公顷，"
            "补偿标准按照区片综合地价和有关规定执行。"
        )
    if column in {"social-assistance", "livelihood"}:
        people, amount = rng.randint(200, 9000), rng.uniform(30, 2000)
        return f"本期共保障困难群众{people}人，发放资金{amount:.2f}万元，均已按时足额发放。"
    return rng.choice(data.MEASURES)


def report(rng: random.Random, *, org_name, place, column, title, day, phone) -> Lines:
    basis = rng.choice(data.BASES)
    return [
        ("p", f"根据{basis}有关规定，现将“{title}”有关情况公开如下。"),
        ("h", "一、基本情况"),
        ("p", _detail(rng, column, org_name=org_name, place=place, year=day.year)),
        ("h", "二、主要做法"),
        ("p", rng.choice(data.MEASURES)),
        ("p", rng.choice(data.MEASURES)),
        ("p", f"如有疑问，请在公开之日起5个工作日内向{org_name}反映。联系电话：{phone}。"),
        *signature(org_name, day),
    ]


def _rule_word(name: str) -> str:
    for word in ("办法", "规定", "细则", "措施", "意见"):
        if name.endswith(word):
            return word
    return "办法"


def normative(
    rng: random.Random,
    *,
    org_name,
    place,
    name,
    day,
    effective_on,
    valid_until,
    repeals: tuple[str, str] | None,
) -> Lines:
    """A 规范性文件: the covering notice, then the articles."""
    word = _rule_word(name)
    articles = [
        f"为了{rng.choice(data.GOALS)}，根据{rng.choice(data.BASES)}等有关规定，结合{place}实际，制定本{word}。",
        f"本{word}适用于{place}行政区域内的相关管理和服务活动。",
    ]
    articles += [text for _, text in rng.sample(data.ARTICLE_TOPICS, 4)]
    articles.append(f"本{word}由{org_name}负责解释。")
    last = f"本{word}自{cn_date(effective_on)}起施行"
    last += f"，有效期至{cn_date(valid_until)}。" if valid_until else "。"
    if repeals:
        last += f"《{repeals[0]}》（{repeals[1]}）同时废止。" if repeals[1] else f"《{repeals[0]}》同时废止。"
    articles.append(last)
    lines: Lines = [
        ("p", "各有关单位："),
        ("p", f"《{name}》已经{org_name}研究同意，现印发给你们，请认真贯彻执行。"),
        *signature(org_name, day),
        ("h", name),
    ]
    lines += [("p", f"第{cn_number(i)}条　{text}") for i, text in enumerate(articles, start=1)]
    return lines


def amending_decision(rng: random.Random, *, org_name, name, old_doc, day) -> Lines:
    reference = f"《{name}》（{old_doc}）" if old_doc else f"《{name}》"
    _, article = rng.choice(data.ARTICLE_TOPICS)
    return [
        ("p", f"经{org_name}研究，决定对{reference}作如下修改："),
        ("p", f"一、将第三条修改为：“{article}”"),
        ("p", "二、删去第六条。"),
        ("p", "三、将第八条中的“20个工作日”修改为“15个工作日”。"),
        ("p", f"本决定自公布之日起施行。《{name}》根据本决定作相应修改，重新公布。"),
        *signature(org_name, day),
    ]


def interpretation(rng: random.Random, *, org_name, place, name, phone) -> Lines:
    points = rng.sample(data.ARTICLE_TOPICS, 3)
    return [
        ("h", "一、出台背景"),
        (
            "p",
            f"为{rng.choice(data.GOALS)}，根据{rng.choice(data.BASES)}，{org_name}结合{place}实际制定了《{name}》。",
        ),
        ("h", "二、主要内容"),
        ("p", f"《{name}》共{rng.randint(12, 30)}条，主要包括以下内容："),
        *[("p", f"（{NUMERALS[i]}）{topic}。{text}") for i, (topic, text) in enumerate(points)],
        ("h", "三、创新举措"),
        ("p", rng.choice(data.MEASURES)),
        ("h", "四、解读机关及联系方式"),
        ("p", f"解读机关：{org_name}；联系电话：{phone}。"),
    ]


def rules(rng: random.Random, *, org_name, title, day) -> Lines:
    core = title.removeprefix(org_name).removesuffix("制度").removesuffix("工作规程")
    articles = [
        f"为规范本机关{core}工作，根据《中华人民共和国保守国家秘密法》《中华人民共和国政府信息公开条例》等规定，制定本制度。",
        "本机关政府信息公开工作机构负责组织实施本制度，各科室按照职责分工做好相关工作。",
        *rng.sample(data.MEASURES, 3),
        "对违反本制度的，依照有关规定追究责任。",
        "本制度自印发之日起施行。",
    ]
    return [("p", f"第{cn_number(i)}条　{text}") for i, text in enumerate(articles, start=1)] + signature(
        org_name, day
    )


def annual_report(rng: random.Random, *, org_name, year, day) -> Lines:
    published = rng.randint(300, 2500)
    normative_docs = rng.randint(3, 30)
    interpretations = rng.randint(5, 60)
    new, carried = rng.randint(10, 260), rng.randint(0, 8)
    natural = rng.randint(0, new)
    total = new + carried
    partial, refused, unavailable, unprocessed = (rng.randint(0, total // 8) for _ in range(4))
    disclosed = total - partial - refused - unavailable - unprocessed
    reviews = rng.randint(0, 5)
    return [
        (
            "p",
            (
                "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
                "（国办公开办函〔2021〕30号）要求编制。本报告所列数据的统计期限自"
                f"{year}年1月1日起至{year}年12月31日止。"
            ),
        ),
        ("h", "一、总体情况"),
        (
            "p",
            f"{year}年，{org_name}认真贯彻落实党中央、国务院关于政务公开工作的决策部署，{rng.choice(data.GOALS)}。",
        ),
        (
            "p",
            f"（一）主动公开。全年主动公开政府信息{published}条，其中规范性文件{normative_docs}件，政策解读{interpretations}篇。",
        ),
        (
            "p",
            f"（二）依申请公开。全年新收政府信息公开申请{new}件，上年结转{carried}件，均在法定期限内予以答复。",
        ),
        ("p", f"（三）政府信息管理。{rng.choice(data.MEASURES)}"),
        ("p", f"（四）平台建设。{rng.choice(data.MEASURES)}"),
        ("h", "二、主动公开政府信息情况"),
        ("p", f"本年制发规范性文件{normative_docs}件，现行有效规范性文件均已在政府信息公开平台集中公开。"),
        ("h", "三、收到和处理政府信息公开申请情况"),
        (
            "p",
            (
                f"本年新收申请{new}件，其中自然人{natural}件、法人或其他组织{new - natural}件。"
                f"办理结果：予以公开{disclosed}件，部分公开{partial}件，不予公开{refused}件，无法提供{unavailable}件，不予处理{unprocessed}件。"
            ),
        ),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("p", f"本年度因政府信息公开工作被申请行政复议{reviews}件，结果维持{reviews}件；未发生行政诉讼。"),
        ("h", "五、存在的主要问题及改进情况"),
        (
            "p",
            f"政策解读形式还不够丰富，基层政务公开标准目录更新不够及时。下一步，{rng.choice(data.MEASURES)}",
        ),
        ("h", "六、其他需要报告的事项"),
        ("p", f"本年度{org_name}未收取信息处理费。"),
        *signature(org_name, day),
    ]


def summary_for(rng: random.Random, *, org_name: str, title: str, column: str) -> str:
    words = data.KEYWORDS.get(column, data.DEFAULT_KEYWORDS)
    return (
        f"为{rng.choice(data.GOALS)}，{org_name}依法主动公开“{title}”，主要涉及{words[0]}、{words[1]}等内容。"
    )


def keywords_for(rng: random.Random, *, column: str, place: str) -> str:
    words = list(data.KEYWORDS.get(column, data.DEFAULT_KEYWORDS))
    return "；".join([*rng.sample(words, 2), place])
