"""Reading a 政务公开工作要点 (or 实施方案, 工作方案, 主要任务, 任务分解表) into tasks: pure, no ORM.

The text is cleaned first (繁→简, stray pinyin such as 朝陽(yáng), injected spam flagged), page
furniture is dropped (字号 大中小, 打印/分享, 浏览次数, 索引号 blocks, document-site headers), a body
copied with no line breaks is cut again at its numbering markers, and the covering notice (…现印发给
你们… up to its signature date) is set apart: its own items and reporting dates are never tasks.
Then the official-document structure is read: 发文字号, title, addressees, issuer and date in the
head; the heading levels 一、 / （一） / 1. or 1、 / （1）; and the tasks. A 任务分工 table — real
(.docx), flattened into tab- or space-separated lines, or copied as ``|``-separated cells, one row
a line or one cell a line — gives the tasks instead when it has any.

Counting rule (issue 10). A task is an item at the finest *numbered* level that carries work
(``1.`` under ``（一）`` under ``一、``); with no numbering below ``（一）`` (or below ``一、``), each
such item is a task. Grouping headings (a short title with items below it) are not tasks, nor are
the sections that only state aims (总体要求, 指导思想, 工作目标, 目标要求, 基本原则) or an organ's standing
remit (主要职责, ADR 0067). A numbered
item counts once even when it carries several unit markers: they are kept together as its units.
Skipped numbers are not invented. ``path`` joins the markers as printed, brackets normalised to full
width (``一/（一）/1``, ``二/（三）``, ``五/13``); a table's rows are numbered by their 序号 (``1``…``8``),
or by their order when the table has none. A numbered row that holds two sub-rows is one task
(ADR 0067).

Unit rule. ``lead_units`` are the units introduced by 牵头 / 牵头单位 / …牵头落实 or standing in a
牵头单位 column or named by a heading over the items (``X牵头工作(8项)``, ADR 0067); ``responsible_units``
those of 责任单位 / 配合单位 / 协办单位 / …负责 / …负责落实 /
按职责分工负责 / 责任科室 / 责任部门 / …参与 or a 配合（责任）单位 column (an organ that …指导 guides
the work leads it, ADR 0050), or the only list when the notice
makes no lead/responsible distinction (a bare list in a closing bracket: its first unit leads, as
task-division tables do). Lists are split on ``、，,;；`` but never inside brackets
(``各县(市、区)人民政府`` is one unit), and on 及 between two unit names (``市级各有关部门及各县市区
政府``; never 及其, ADR 0026); units keep document order and their printed form (typos
included), without the verbs that follow them (负责落实, 配合) or a trailing 等. A unit named twice
in one task is kept once. A bracket's own rule wins: ``逗号前的为牵头单位`` (the units before the
first comma lead), ``排在第一位的为牵头单位``, ``列第一位者为牵头单位，下同`` (with 下同 it holds for
every later bracket too, ADR 0042), ``市发改委（牵头）`` (the marked unit leads); 会 (会同)
between two names joins two units (宣传处会办公室). An item with unit brackets inside its text as
well as at its end carries all of them, in order (ADR 0019).

Deadlines are kept as printed (``2021年底前``, ``7月底前``, ``持续推进`` in a 时限 column, ``每季度``,
``6月底完成`` → ``6月底``) and resolved against the plan's year where they name a date. Of several
calendar times in an item the first printed is its deadline; a limit counted from an event
(``执法决定作出之日起20个工作日内``) only when no calendar time is printed; ``5年内`` sets none (ADR 0050).

What is no plan (ADR 0026): a 政策解读, a report of work done or a 典型经验 (or of progress, its table
included, ADR 0067), a covering notice alone or one about tasks it does not print, a disclosure
catalogue — no task, and a warning that says why.
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from gongkai.textproc.cleanup import clean_scraped_text, to_simplified

CN_DIGITS = "一二三四五六七八九十"
LEVELS = [
    ("一", re.compile(rf"^([{CN_DIGITS}]+)、\s*")),
    ("（一）", re.compile(rf"^[（(]([{CN_DIGITS}]+)[)）]\s*")),
    # 1. or 1、 — but not 3.5% or 2.5亿元 (decimals); 3.2020年底前 and 2.9月30日前 are items.
    ("1", re.compile(r"^(\d{1,2})(?:[、]|[.．](?!\d+(?:\.\d+)?\s*[%％万亿元倍个项])|\s)\s*")),
    ("（1）", re.compile(r"^[（(](\d{1,2})[)）]\s*")),
]
DOC_NUMBER = re.compile(r"([\u4e00-\u9fa5]{2,12})\s*[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*(\d+)\s*号")
# Where the body ends: 附件, 抄送 and the 版记 rules and 印发 line.
BODY_END = re.compile(r"^(?:附件[:：]|抄送[:：])|[─━]{3,}|\d{4}年\d{1,2}月\d{1,2}日印发")
DATE = re.compile(r"^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")
YEAR_IN_TITLE = re.compile(r"(\d{4})年")


@dataclass
class Task:
    path: str
    text: str
    lead_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    deadline_text: str = ""
    deadline: date | None = None
    recurrence: str = ""
    warnings: list[str] = field(default_factory=list)
    # Units that are collective phrases (各乡镇人民政府, 市直各单位), each with what it denotes
    # (assessment.collective_scope): expanded to organs only when the official confirms.
    collective: dict[str, str] = field(default_factory=dict)


def mark_collective(tasks: list[Task]) -> None:
    from gongkai.workplans.assessment import collective_scope

    for task in tasks:
        task.collective = {
            name: scope.kind
            for name in (*task.lead_units, *task.responsible_units)
            if (scope := collective_scope(name))
        }


@dataclass
class ParsedPlan:
    title: str = ""
    doc_number: str = ""
    issuer: str = ""
    addressees: str = ""
    date: date | None = None
    year: int | None = None
    tasks: list[Task] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    text: str = ""  # the cleaned text, shown beside the parse for review
    body_lines: list[str] = field(default_factory=list, repr=False)  # the body, for reading tasks


# ---------------------------------------------------------------- units

UNIT_SPLIT = re.compile(r"[、，,；;]")
# 责任单位; with a semicolon for the colon is a typo seen in seed 001: read it all the same.
LEAD_LABEL = r"牵头(?:单位|部门|处室|科室)"
# 协办单位 (the units that assist, beside 牵头单位): responsible, as 配合 (ADR 0067).
RESPONSIBLE_LABEL = r"(?:配合|责任|负责|协办)(?:单位|部门|处室|科室|股室)|责任主体"
LEAD_RESPONSIBLE = re.compile(
    rf"{LEAD_LABEL}[:：](?P<lead>.*?)[；;，,\s]*(?:{RESPONSIBLE_LABEL})[:：；;](?P<resp>.*)$"
)
RESPONSIBLE_ONLY = re.compile(rf"^(?:{RESPONSIBLE_LABEL})[:：](?P<resp>.*)$")
LEAD_ONLY = re.compile(rf"^{LEAD_LABEL}[:：](?P<lead>.*)$")
# What follows a unit's name in the bracket: how it is to act, not who it is.
TRAILING = re.compile(
    r"(?:(?:按照?|根据)(?:职能|职责)(?:分工)?)?(?:分别)?(?:牵头)?(?:组织)?"
    r"(?:配合落实|协同落实|负责落实|抓好相关工作|抓好落实|落实|负责|配合)?$"
)
UNIT_WORDS = re.compile(
    r"(局|委|办|厅|部|院|所|室|中心|政府|单位|部门|公司|集团|银行|协会|组|会|街道|乡镇|管委会|法院|检察院|支队|大队|站|队)"
)


LEADING_VERB = re.compile(r"^(?:会同|协同|配合|由)")
# Units a table cell held as paragraphs, flattened with nothing between: 市发改委市财政局.
GLUED = re.compile(
    r"(?<=[局委办厅院所室科队站])(?=[省市县区州][\u4e00-\u9fff]{1,12}[局委办厅院所室科队站](?:$|[省市县区州]))"
)


# 宣传处会办公室: 会 (会同) joins two units, the first leading in practice; both are named. Not after
# 委 (管委会, 村委会) nor inside 委员会, 联合会, 协会.
JOINED_BY_HUI = re.compile(r"(?<=[局处科股室])会同?(?=[\u4e00-\u9fff]{2,12}[局处科股室办委]$)")


# 市级各有关部门及各县市区政府: 及 between two names joins two units. Not 及其 (市场监管局及其派出机构,
# one unit with its branches) and only when both sides end as a unit's name does.
JOINED_BY_JI = re.compile(r"及(?!其)")


def _split_on_ji(part: str) -> list[str] | None:
    pieces = JOINED_BY_JI.split(part)
    names = [TRAILING.sub("", p, count=1) for p in pieces]  # …各县市区政府按职责分工负责
    if len(pieces) < 2 or not all(len(n) >= 3 and UNIT_END.search(n) for n in names):
        return None
    return pieces


# 市政府有关部门和各县〔市、区〕人民政府: 和 between two names joins two units, like 及 — only when
# both sides end as a unit's name does (住房和城乡建设局, 文化和旅游部 stay one unit; ADR 0042).
JOINED_BY_HE = re.compile(r"和")
# 海关总署、商务部等有关部门: the unit, then the collective it stands for (ADR 0042).
ETC_COLLECTIVE = re.compile(r"^(?P<unit>.{2,}?)等(?P<rest>(?:各)?(?:有关|相关)(?:部门|单位)(?:和单位)?)$")


def _split_on_he(part: str) -> list[str] | None:
    pieces = JOINED_BY_HE.split(part)
    names = [TRAILING.sub("", p, count=1) for p in pieces]
    if len(pieces) != 2 or not all(len(n) >= 4 and UNIT_END.search(n) for n in names):
        return None
    return pieces


# 国家发展改革委会同有关部门: 会同 written out after a unit's name joins it to the next, after 委 too
# (not 管委会, 村委会, 居委会: 管委会同… is 管委会 + 同). 全国总工会等和各省级人民政府: 等和 joins two
# lists (ADR 0042).
JOINED_BY_HUITONG = re.compile(r"(?<=[局处科股室委部办署])(?<![管村居]委)会同")
JOINED_BY_DENGHE = re.compile(r"等和")


def _split_joined(part: str, joiner: re.Pattern) -> list[str] | None:
    pieces = joiner.split(part, maxsplit=1)
    names = [TRAILING.sub("", p, count=1) for p in pieces]
    if len(pieces) != 2 or not all(len(n) >= 3 and UNIT_END.search(n) for n in names):
        return None
    return pieces


def _unglue(part: str) -> list[str]:
    for word, joiner in (("等和", JOINED_BY_DENGHE), ("会同", JOINED_BY_HUITONG)):
        if word in part and (pieces := _split_joined(part, joiner)):
            return [piece for chunk in pieces for piece in _unglue(chunk)]
    if (
        "等" in part
        and (etc := ETC_COLLECTIVE.match(TRAILING.sub("", part, count=1)))
        and UNIT_END.search(etc["unit"])
    ):
        return [*_unglue(etc["unit"]), etc["rest"]]
    if "和" in part and (pieces := _split_on_he(part)):
        return [piece for chunk in pieces for piece in _unglue(chunk)]
    if "及" in part and (pieces := _split_on_ji(part)):
        return [piece for chunk in pieces for piece in _unglue(chunk)]
    if JOINED_BY_HUI.search(part):
        return [piece for chunk in JOINED_BY_HUI.split(part) for piece in _unglue(chunk)]
    if len(part) < 8 or not GLUED.search(part):
        return [part]
    pieces = GLUED.split(part)
    return pieces if all(len(p) >= 3 for p in pieces) else [part]


TRAILING_ETC = re.compile(r"(?<=[\u4e00-\u9fff])等$")


def split_units(text: str) -> list[str]:
    """Unit names as printed, split on 、，; (not inside 〔〕 such as 县〔市、区〕)."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "〔[［(（":
            depth += 1
        elif char in "〕]］)）":
            depth -= 1
        if depth == 0 and UNIT_SPLIT.match(char):
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    units = []
    for part in (piece for chunk in parts for piece in _unglue(chunk.strip(" 　。"))):
        part = TRAILING.sub("", part.strip(" 　。"), count=1)
        part = LEADING_VERB.sub("", part).strip()
        part = TRAILING_ETC.sub("", part)  # 土管所等: "etc." is no part of the name
        if part:
            units.append(part)
    return units


TIME_LABEL = re.compile(
    r"(?:完成时限|时限要求|完成时间|时间节点|时间要求|时限)[:：]\s*(?P<when>[^；;，,。)）\]】〕]+)"
)


UNIT_MARKER_WORDS = re.compile(r"牵头|负责|配合|落实|单位|部门|科室|处室")
# A note that says which of the listed units lead: (责任单位：区政府办、区司法局，各乡镇、区直各部门。
# 逗号前的为牵头单位。) or (…。排在第一位的为牵头单位). The notice's own rule wins over ours.
# (…负责。列第一位者为牵头单位，下同) / (…负责，排在第一位的部门为牵头部门，下同): the note holds for
# this bracket and, with 下同, for every later one of the notice (ADR 0042).
LEAD_NOTE = re.compile(
    r"[。.；;，,\s]*(?:(?P<comma>逗号前(?:的|面的)?(?:单位)?)"
    r"|(?:排(?:在)?|列)?(?:第一位|首位|第一个)(?:的|者)?(?:单位|部门)?)"
    r"(?:为|是)牵头(?:单位|部门)(?P<onward>[，,]?下同)?[。.]?$"
)
ANY_LABEL = re.compile(rf"^(?:{LEAD_LABEL}|{RESPONSIBLE_LABEL})[:：]")
ANY_LABEL_INSIDE = re.compile(rf"(?:{LEAD_LABEL}|{RESPONSIBLE_LABEL})[:：]")
ONWARD_NOTE = re.compile(
    r"(?:第一位|首位|第一个)(?:的|者)?(?:单位|部门)?(?:为|是)牵头(?:单位|部门)[，,]?下同"
)


def _units_by_note(text: str) -> tuple[list[str], list[str]] | None:
    note = LEAD_NOTE.search(text)
    if note is None:
        return None
    listed = ANY_LABEL.sub("", text[: note.start()]).strip()
    listed = re.sub(r"(?<=[\u4e00-\u9fff])等?(?:按职责分工)?负责$", "", listed)
    if note["comma"]:
        before, *after = re.split(r"[，,]", listed, maxsplit=1)
        return split_units(before), split_units(after[0] if after else "")
    units = split_units(listed)
    return units[:1], units[1:]


SCOPE_LABEL = re.compile(r"[；;，,\s]*适用(?:范围|地区|对象)[:：].*$")
# 市发改委（牵头）、市财政局: the unit marked (牵头) leads, the others are responsible.
MARKED_LEAD = re.compile(r"[（(]牵头[)）]$")
# A time written in the bracket without a label (…负责，2022年底前完成): the deadline, no unit.
TIME_PART = re.compile(r"[；;，,\s]+(?:\d{4}年|\d{1,2}月|年底|年内|每[年季月])[^；;，,]*$")


# (责任领导：杜新国；牵头单位：区发改局) / 分管领导 / 包抓领导: a leader is a person, no unit — the
# clause is dropped and the bracket read without it (ADR 0059).
LEADER_CLAUSE = re.compile(
    r"[；;，,\s]*(?:责任|牵头|分管|包抓|包保|联系|挂点|督办)(?:[市县区镇乡])?领导(?:同志)?[:：][^；;]*"
)


def read_units(bracket: str) -> tuple[list[str], list[str]] | None:
    """Lead and responsible units from the closing bracket of a task, or None if it names none."""
    text = " ".join(bracket.split())
    text = LEADER_CLAUSE.sub("", text).lstrip("；;，, ")
    if not text:
        return None
    if by_note := _units_by_note(text):
        return by_note
    if re.search(r"[（(]牵头[)）]", text):
        names = split_units(ANY_LABEL.sub("", text))
        lead = [MARKED_LEAD.sub("", n) for n in names if MARKED_LEAD.search(n)]
        return lead, [n for n in names if not MARKED_LEAD.search(n)]
    # (牵头单位：区财政局；完成时限：2023年底前): the time is no unit (it is read as the deadline).
    text = re.sub(r"[；;，,\s]*" + TIME_LABEL.pattern, "", text).strip()
    # (负责部门：民航局，适用范围：河南自贸试验区): where it applies names no unit (ADR 0042).
    text = SCOPE_LABEL.sub("", text).strip()
    if UNIT_MARKER_WORDS.search(text):
        text = TIME_PART.sub("", text)
    if GUIDES_OR_TAKES_PART.search(text) and (roles := _units_by_role_verbs(text)):
        return roles
    if match := LEAD_RESPONSIBLE.search(text):
        return split_units(match["lead"]), split_units(match["resp"])
    if match := RESPONSIBLE_ONLY.match(text):
        return [], split_units(match["resp"])
    if match := LEAD_ONLY.match(text):
        return split_units(match["lead"]), []
    if "牵头" in text:
        lead_part, after = re.split(r"牵头组织|牵头负责|牵头落实|牵头", text, maxsplit=1)
        after = re.sub(r"^[，,；;\s]*(?:抓好相关工作|负责)?[；;，,]?", "", after)
        return split_units(lead_part), split_units(after)
    if re.search(r"(分别落实|负责落实|按照职能|落实|负责)$", text):
        # Units told to carry it out, none named to lead: (各相关部门落实).
        return [], split_units(text)
    units = split_units(text)
    if units and not re.search(r"\d", text) and all(UNIT_WORDS.search(u) for u in units):
        # A bare list (县发改委、自然资源局): the first named leads, as task-division tables do.
        return units[:1], units[1:]
    return None


# (生态环境部牵头，国家发展改革委、农业农村部参与) / (生态环境部指导，试点城市政府负责落实) / (商务部指导，
# 供销合作总社参与): the organ that 指导 (guides) the work leads it, as one that 牵头 does; one that
# 参与 (takes part) is responsible, as one that 配合 does (ADR 0050). A note in the bracket (以下均需
# 试点城市政府落实，不再列出) names no unit of this task.
GUIDES_OR_TAKES_PART = re.compile(r"(?:指导|参与)(?=$|[，,；;。.])")
ROLE_CLAUSE = re.compile(r"^(?P<units>.+?)(?P<role>牵头负责|牵头|指导|参与|配合|负责落实|负责|落实)$")
LEADING_ROLES = ("牵头负责", "牵头", "指导")


def _units_by_role_verbs(text: str) -> tuple[list[str], list[str]] | None:
    lead: list[str] = []
    responsible: list[str] = []
    for clause in re.split(r"[，,；;。.]", text):
        clause = clause.strip()
        if not clause or re.search(r"以下|不再列出|下同", clause):
            continue
        match = ROLE_CLAUSE.match(clause)
        if match is None:
            return None
        names = split_units(match["units"])
        if not _looks_like_units(names):
            return None
        target = lead if match["role"] in LEADING_ROLES else responsible
        target.extend(n for n in names if n not in target)
    return (lead, responsible) if lead or responsible else None


CLOSING_BRACKET = re.compile(r"[（(]([^（()）]*(?:[（(][^（()）]*[)）][^（()）]*)*)[)）]\s*[。.]?\s*$")


def _units_of(text: str) -> tuple[str, tuple[list[str], list[str]] | None]:
    match = CLOSING_BRACKET.search(text)
    if not match:
        return text, None
    units = read_units(match.group(1))
    if units is None:
        return text, None
    return text[: match.start()].rstrip(), units


# ---------------------------------------------------------------- deadlines

DEADLINES = [
    (re.compile(r"(\d{4})年(?:年)?底之?前"), lambda m, y: date(int(m[1]), 12, 31)),
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日之?前"), lambda m, y: date(int(m[1]), int(m[2]), int(m[3]))),
    (re.compile(r"(\d{4})年(\d{1,2})月底之?前"), lambda m, y: _month_end(int(m[1]), int(m[2]))),
    (
        re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日之?前"),
        lambda m, y: date(y, int(m[1]), int(m[2])) if y else None,
    ),
    (re.compile(r"(?<![\d年])(\d{1,2})月底之?前"), lambda m, y: _month_end(y, int(m[1])) if y else None),
    # 年内 is this year; 5年内, 三年内, 半年内 count years from now and set no date (ADR 0050).
    (
        re.compile(r"(?:今年|本年)?年底之?前|(?<![\d一二两三四五六七八九十几多数半])年内"),
        lambda m, y: date(y, 12, 31) if y else None,
    ),
    # 在本意见印发之日起30日内 (ADR 0042), 在执法决定作出之日起20个工作日内 (ADR 0050): a time counted
    # from an event, kept as printed from the event on, without 在/自/于.
    (
        re.compile(
            r"(?:^|(?<=[在自于从，,。；;：:]))(?P<text>[^在自于从，,。；;：:（()）]{2,12}?之日起\d+个?(?:日|天|工作日|月)内)"
        ),
        lambda m, y: None,
    ),
    (re.compile(r"(\d+)个工作日内"), lambda m, y: None),
]
# A day the work is to be met by, without 前 (力争2021年7月1日正式开馆, 确保2022年6月30日建成): the
# day as printed (ADR 0059); a day that bounds a period (2019年1月1日至12月31日) is none.
AIMED_DAY = (
    re.compile(
        r"(?:力争|确保|争取)(?:于|在)?(?P<text>(\d{4})年(\d{1,2})月(\d{1,2})日)(?!之?前|至|起|[—－-])"
    ),
    lambda m, y: date(int(m[2]), int(m[3]), int(m[4])),
)
DEADLINES.insert(len(DEADLINES) - 2, AIMED_DAY)
RELATIVE_DEADLINES = {pattern for pattern, _resolve in DEADLINES[-2:]}
# A time without 前 that is to be met (…，6月底完成): the time as printed, without 完成. Looked for
# only in a text that says 完成 or 办结.
TO_BE_MET = [
    (re.compile(r"(\d{4})年(\d{1,2})月底(?=完成|办结)"), lambda m, y: _month_end(int(m[1]), int(m[2]))),
    (
        re.compile(r"(?<![\d年])(\d{1,2})月底(?=完成|办结)"),
        lambda m, y: _month_end(y, int(m[1])) if y else None,
    ),
    (re.compile(r"(\d{4})年(?:年)?底(?=完成|办结)"), lambda m, y: date(int(m[1]), 12, 31)),
]
RECURRENCES = [("每季度", "quarterly"), ("每月", "monthly"), ("每半年", "half-yearly"), ("每年", "yearly")]
# 每人每年只享受一次 is a quota per person, not how often the task recurs.
RECURRENCE_WORDS = [re.compile(rf"(?<!每人)(?<!每户){word}") for word, _ in RECURRENCES]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# An item that opens with its time up to 前 (3.2022年底11月前，做好…): that time, as printed.
LEADING_TIME = re.compile(r"^(\d{4}年[^，,。；;、]{0,8}?前)[，,]")


def read_deadline(text: str, year: int | None) -> tuple[str, date | None, str]:
    """The item's deadline as printed, its date where it names one, and how often it recurs. Of
    several calendar times in one item the first printed is its deadline (…于2012年10月底前制定…；
    各区要于2012年底前…: 2012年10月底前, ADR 0050); a time counted from an event (文件公开后3个工作日
    内, 之日起20个工作日内) is a standing limit, the deadline only when no calendar time is printed."""
    patterns = [*DEADLINES, *TO_BE_MET] if ("完成" in text or "办结" in text) else DEADLINES
    found = [
        (
            pattern in RELATIVE_DEADLINES,
            m.start("text") if "text" in m.re.groupindex else m.start(),
            m,
            resolve,
        )
        for pattern, resolve in patterns
        if (m := pattern.search(text))
    ]
    if found:
        _relative, _start, match, resolve = min(found, key=lambda x: (x[0], x[1]))
        printed = match["text"] if "text" in match.re.groupindex else match.group(0)
        try:
            return printed, resolve(match, year), ""
        except ValueError:
            return printed, None, ""
    for (word, recurrence), pattern in zip(RECURRENCES, RECURRENCE_WORDS, strict=True):
        if word in text and pattern.search(text):
            return word, None, recurrence
    if text[:1].isdigit() and (match := LEADING_TIME.match(text)):
        return match[1], None, ""  # a person reads the date: it follows no known form
    return "", None, ""


# ---------------------------------------------------------------- structure


def _heading(line: str) -> tuple[int, str, str] | None:
    """(level, marker as printed, rest) for a line that opens a heading or numbered item."""
    for level, (_, pattern) in enumerate(LEVELS):
        if match := pattern.match(line):
            if level == 2 and re.match(r"^\d{1,2}\s*[年月日%％]", line):
                return None  # 2020年…, 6月… are dates, not item numbers
            marker = {0: f"{match[1]}", 1: f"（{match[1]}）", 2: f"{match[1]}", 3: f"（{match[1]}）"}[level]
            return level, marker, line[match.end() :].strip()
    return None


def _is_title_only(rest: str) -> bool:
    """A heading that only names a group of tasks: short and without a sentence of work."""
    body = rest.rstrip("。")
    return len(body) <= 40 and "。" not in body and not CLOSING_BRACKET.search(rest)


RUN_ON_TITLE = re.compile(
    r"^(.{4,60}?(?:工作要点|实施方案|工作方案|工作计划|任务分解表|分工方案|任务清单|的通知))(?=为|根据|按照|各|\s|$)"
)


# A document the notice cites (为贯彻落实《国务院办公厅关于印发…的通知》): never its own title.
CITED = re.compile(r"(?:贯彻|落实|根据|按照|依据|对照|参照|执行|结合)[^《。]{0,6}《[^》]*》")
# The plan named where the notice says it is made: 特制定中都街道政务公开工作实施方案。
MADE_HERE = re.compile(
    r"(?:(?:特|现)制定|制定(?:了|本)|制定(?=《))《?([^，,。；;《》:：|]{4,40}?(?:工作要点|实施方案|工作方案|工作计划|分工方案|任务清单))》?[。，,]"
)
# What stands before a title on a mirror page: the 文号 (晋政办发〔2017〕50号), 附件:, a 《 left open.
TITLE_PREFIX = re.compile(rf"^(?:附件\s*[:：]\s*|{DOC_NUMBER.pattern}\s*)+")
TITLE_SUFFIX = re.compile(rf"[（(]{DOC_NUMBER.pattern}[)）]$")

ISSUER_LINE = re.compile(r"(?:办公室|办公厅|人民政府|政府|局|委员会|委|领导小组|管委会|办事处)$")


def _notice_title(lines: list[str]) -> str:
    """The 关于…的通知 title among the lines before the addressees (page headers, 索引号 blocks and
    repeated titles around it left out); its issuer's line before it when the title starts with 关于.
    '' when there is no such title."""
    start = next((i for i, x in enumerate(lines) if "关于" in CITED.sub("", x) and len(x) < 120), None)
    if start is None:
        return ""
    end = next((j for j in range(start, min(start + 4, len(lines))) if "通知" in lines[j]), None)
    if end is None:
        return ""
    title = "".join(lines[start : end + 1])
    title = title[: title.index("通知", title.index("关于")) + 2]
    before = lines[start - 1] if start else ""
    if title.startswith("关于") and ISSUER_LINE.search(before) and len(before) < 30:
        title = before + title
    return title if len(title) <= 120 else ""


def _head(lines: list[str], plan: ParsedPlan) -> int:
    """Read 发文字号, title, addressees, issuer and date; return the index where the body starts."""
    for i, line in enumerate(lines[:15]):
        if not plan.doc_number and (m := DOC_NUMBER.search(line)) and len(line) < 40:
            plan.doc_number = f"{m[1]}〔{m[2]}〕{m[3]}号"
        if not plan.date and (m := DATE.match(line)):
            plan.date = date(int(m[1]), int(m[2]), int(m[3]))
            if i and not plan.issuer and not lines[i - 1].endswith(("。", "：", ":")):
                plan.issuer = lines[i - 1]
        if not plan.addressees and line.endswith(("：", ":")) and len(line) < 120 and "：" not in line[:-1]:
            plan.addressees = line[:-1]
            title_lines = [
                x
                for x in lines[:i]
                if (not DOC_NUMBER.fullmatch(x.strip()) and not DOC_NUMBER.search(x)) or "关于" in x
            ]
            if title_lines:
                plan.title = _notice_title(title_lines) or "".join(
                    x for x in title_lines if "〔" not in x or "关于" in x
                )
    headings = [(i, h[0]) for i, line in enumerate(lines) if (h := _heading(line))]
    # The body starts at the first 一、; a plan numbered 1. 2. 3. only starts at its first item.
    first_heading = next(
        (i for i, level in headings if level == 0), headings[0][0] if headings else len(lines)
    )
    if not plan.title or not ("关于" in plan.title or "要点" in plan.title or "方案" in plan.title):
        # The plan named where the notice prints it (现将《…》印发), else its own title line, else the
        # first plan named near the top (not one it merely cites: 《国务院办公厅关于印发…》).
        printed = next(
            (
                m
                for x in lines[:12]
                # 现将《…》印发给你们 / 《…》已经市政府同意，现印发给你们
                if (m := re.search(r"现将《([^》]{4,80})》(?:印发|转发)|^《([^》]{4,80})》已经", x))
            ),
            None,
        )
        own = next(
            (
                x
                for x in lines[:first_heading]
                if PLAN_TITLE.search(x) and len(x) < 60 and "。" not in x and "《" not in x and "年" in x
            ),
            None,
        )
        named = next(
            (
                m
                for x in lines[:12]
                # 为贯彻落实《国务院办公厅关于印发…》 cites another's plan: not named here.
                if (m := re.search(r"《([^》]*(?:工作要点|实施方案|工作安排)[^》]*)》", CITED.sub("", x)))
            ),
            None,
        )
        made = next((m for x in lines[:first_heading] if (m := MADE_HERE.search(CITED.sub("", x)))), None)
        if printed:
            plan.title = printed[1] or printed[2]
        elif made:
            plan.title = made[1]
        elif own:
            plan.title = own
        elif named:
            plan.title = named[1]
    if not plan.title:
        # A plan without a covering notice: its own name is the line before the first heading's preamble.
        candidates = [
            x for x in lines[:first_heading] if ("工作要点" in x or "实施方案" in x) and len(x) < 60
        ]
        first = lines[0] if lines else ""
        if (m := RUN_ON_TITLE.match(first)) and len(first) > len(m[1]) + 10:
            first = m[1]  # a run-on first line: its title is what stands before 为/根据/各…
        # The first line stands for a title only when it reads like one (short, not a sentence).
        reads_as_title = len(first) <= 60 and "。" not in first
        plan.title = candidates[0] if candidates else (first if reads_as_title else "")
    if len(plan.title) > 80 and (m := RUN_ON_TITLE.match(plan.title)):
        plan.title = m[1]  # a run-on first line: its title is what stands before 为/根据/各…
    # A page's metadata label before the name (名 称: 广东省卫生健康委2021年…台账) is no part of it.
    plan.title = re.sub(r"^(?:名\s*称|标\s*题)\s*[:：]\s*", "", plan.title)
    plan.title = TITLE_SUFFIX.sub("", TITLE_PREFIX.sub("", plan.title))
    if plan.title.startswith("《") and "》" not in plan.title:
        plan.title = plan.title[1:]
    elif plan.title.startswith("《") and plan.title.endswith("》"):
        plan.title = plan.title[1:-1]
    if (
        "|" in plan.title
        or plan.title in HEADER_LABELS
        or _heading(plan.title)
        or plan.title.endswith(("：", ":"))  # the addressees' line
    ):
        # A table's header row or a numbered heading is no title: the official names the ledger.
        plan.title = ""
    return first_heading


# ---------------------------------------------------------------- page furniture and layout

# Lines that belong to the web page, not to the notice: accessibility and font-size switches,
# print/share buttons, counters, breadcrumbs, the sharing sites' document headers.
FURNITURE_LINE = re.compile(
    r"^(?:无障碍(?:阅读)?.*|关怀版.*|返回首页|返回顶部|字号[:：]?.*|【?\s*大\s*中\s*小\s*】?|打印(?:整页|内容|本页).*"
    r"|(?:分享|分享到|收藏|关闭(?:窗口|本页)?)[:：]?.*|扫一扫.*|相关附件|-?\s*相关(?:新闻|文章|链接)|媒体报道|音频视频"
    r"|部门解读|图解类|新闻发布会|访谈|其他|文件|文章关键词[:：]?.*|视力保护色[:：]?.*|(?:浏览量|浏览次数|点击次数|点击数|阅读次数)[:：].*"
    r"|来源[:：].*|信息来源[:：].*|发布时间[:：].*|更新时间[:：].*|时间[:：]\s*\d{4}.*|原文链接[:：]?.*|归档时间[:：].*"
    r"|当前位置[:：].*|首页\s*>.*|全文|高级|日期[:：].*(?:浏览|来源|字号|文字大小).*|登录\s*\|?\s*注册.*|[?？|\s\u3000]+|-?\s*(?:文档编号|上传时间|格式|页数|大小)[:：].*"
    r"|.*由会员分享.*|.*下载文档|当前文档共.*|下载后继续阅读|PDF文库.*"
    r"|政府信息公开|信息公开|政务公开|详细信息|公开具体内容|有效|失效|废止|[0-9A-Za-z]{6,}[0-9A-Za-z\-/]*"
    r"|\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)$"
)
INLINE_FURNITURE = re.compile(
    r"(?:浏览次数|点击次数|点击数|阅读次数|浏览量)[:：]\s*\d+"
    r"|【?字号[:：]?\s*大\s*中\s*小】?|发布时间[:：]\s*[\d\-/: ]+"
)
# Runs of ? where lost characters stood, spaces between them too ("? ?二、重点任务").
QUESTION_RUNS = re.compile(r"[?？](?:[ \u3000\xa0]*[?？])+")
# Where a body copied without line breaks is cut again: before 一、 / （一） / 1. that open an item.
# Markers that may open an item inside a run-on line, and what may stand just before them.
INLINE_LEVEL0 = re.compile(rf"[{CN_DIGITS}]{{1,3}}、")
INLINE_LEVEL1 = re.compile(rf"[（(][{CN_DIGITS}]{{1,3}}[)）]")
INLINE_LEVEL2 = re.compile(r"\d{1,2}(?:、|[.．](?!\d))")
BEFORE_ITEM = set("。；;：:！! )）")
BEFORE_LEVEL0 = ("要点", "方案", "如下", "通知")
INLINE_MARKERS = re.compile(rf"[{CN_DIGITS}]{{1,3}}、|[（(][{CN_DIGITS}]{{1,3}}[)）]")


def _cut_before(line: str, marker: re.Pattern, words: tuple[str, ...] = ()) -> list[str]:
    """``line`` cut before each ``marker`` that follows punctuation, a space or one of ``words``."""
    cuts = [
        m.start()
        for m in marker.finditer(line)
        if m.start()
        and (line[m.start() - 1] in BEFORE_ITEM or line[max(0, m.start() - 2) : m.start()] in words)
        and not ("0" <= line[m.start() - 1] <= "9")
    ]
    return [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]


HEADING_THEN_SUB = re.compile(
    rf"^([{CN_DIGITS}]{{1,3}}、[^。；;]{{2,24}}?)(?=[（(][{CN_DIGITS}]{{1,3}}[)）])"
)


def _layout(text: str) -> list[str]:
    """The notice's lines without page furniture, a single-line body cut at its numbering."""
    lines = []
    for raw in INLINE_FURNITURE.sub("", QUESTION_RUNS.sub(" ", text)).splitlines():
        line = " ".join(raw.split())
        if line and not FURNITURE_LINE.match(line):
            lines.append(line)
    headings = sum(1 for line in lines if _heading(line))

    def run_on(line: str) -> bool:
        if len(line) <= 120:
            return False
        markers = len(INLINE_MARKERS.findall(line))
        # 一、… then 1. 2. 3. after full stops (a plan copied on one line with one 一、 in view).
        return markers >= 2 or (markers == 1 and len(_cut_before(line, INLINE_LEVEL2)) >= 3)

    if headings < 3 and any(run_on(line) for line in lines):
        cut = []
        for line in lines:
            if not run_on(line):
                cut.append(line)
                continue
            for part in _cut_before(line, INLINE_LEVEL0, BEFORE_LEVEL0):
                part = HEADING_THEN_SUB.sub(r"\1\n", part, count=1)
                for sub in _cut_before(part, INLINE_LEVEL1):
                    cut.extend(_cut_before(sub, INLINE_LEVEL2))
        lines = [line.strip() for chunk in cut for line in chunk.split("\n") if line.strip()]
    return [piece for line in lines for piece in _unglue_numbers(line)]


def _unglue_numbers(line: str) -> list[str]:
    """A numbered item with the next number glued to its end, no punctuation between
    (1.强化组织领导与责任落实2.健全政务公开领导小组…): cut before the next number in sequence only."""
    if not line[:1].isdigit() or not GLUED_NUMBER.search(line):
        return [line]
    pieces = []
    while (h := _heading(line)) and h[0] == 2:
        following = str(int(h[1]) + 1)
        m = next((m for m in GLUED_NUMBER.finditer(line, 2) if m[1] == following), None)
        if m is None:
            break
        pieces.append(line[: m.start(1)])
        line = line[m.start(1) :]
    return [*pieces, line]


GLUED_NUMBER = re.compile(r"[\u4e00-\u9fff](\d{1,2})[.．、](?=[\u4e00-\u9fff])")


# The covering notice: "…现印发给你们…" (or 转发, or "提出以下要求") up to its signature date or the
# plan's own title. Its items (一、加强组织领导…) and reporting dates are not tasks.
COVERING_OPENS = re.compile(
    r"(?:印发|转发|印送)给你们|印发你们|(?:现|特)?予以?印发|(?:提出|作出)(?:以下|如下)(?:要求|意见)"
    # 现将…工作任务予以分解印发 / 将工作任务逐项分解下达: the tasks go out with the notice (ADR 0059).
    r"|(?:予以|逐项)?分解(?:印发|下达)"
)
PLAN_TITLE = re.compile(
    r"(?:工作要点|实施方案|工作方案|任务分解表|分工方案|任务清单|责任清单|主要任务|重点任务)"
)
# Sections that only state aims: 总体要求, 指导思想, 工作目标 (and 把握总体要求，明确工作目标); and an
# organ's or a section's standing remit (一、主要职责 / 负责…的督办工作): its duties, not a plan's tasks
# (ADR 0067).
AIMS = re.compile(
    r"^(?:把握|明确)?(?:总体要求|指导思想|工作目标|目标要求|基本原则|主要目标|总体目标|发展目标)"
    r"|^(?:主要职责|工作职责|机构职能|部门职责|职能职责)(?!分工|和分工|与分工)"
)


def _covering_end(lines: list[str]) -> int | None:
    """Index of the covering notice's last line, or None when there is none.
    ``len(lines)`` when the page holds only the covering notice and its own items."""
    opening = next((i for i, line in enumerate(lines[:40]) if COVERING_OPENS.search(line)), None)
    if opening is None:
        return len(lines) if _plan_only_attached(lines) else None
    if _heading(lines[opening]):
        return None
    for i in range(opening + 1, len(lines)):
        line = lines[i]
        if DATE.match(line):
            # A signature only after numbered items with units closes the plan, not a covering
            # notice: the notice printed the plan before its signature.
            between = lines[opening + 1 : i]
            if _self_contained(lines[opening], between, lines[i + 1 :]):
                return None
            if any((h := _heading(x)) and h[0] > 0 for x in between) and any(
                PROSE_LABEL.search(x)
                or SENTENCE_ROLE.search(x)
                or LABELLED_BRACKET.search(x)
                or _names_units(x)
                for x in between
            ):
                return None
            return i
        if (
            PLAN_TITLE.search(line)
            and len(line) < 60
            and "。" not in line
            and not _heading(line)
            and not ATTACHMENT_FILE.search(line)
        ):
            return i - 1
    # No signature and no plan title: the items that follow are the notice's own requirements
    # unless the page goes on into numbered items of a plan (（一）, 1.) or its items close on the
    # units that carry them out (…按职责分工负责), as a covering notice's own demands do not.
    if any((h := _heading(line)) and (h[0] > 0 or _names_units(line)) for line in lines[opening + 1 :]):
        return None
    return len(lines)


ATTACHMENT_LINE = re.compile(r"^附(?:件)?\s*\d?\s*[:：]")
REFERS_TO_ATTACHMENT = re.compile(r"(?:根据|按照?|详见|见)附件(?:格式|要求|内容)?")
SIGNATURE_DATE = re.compile(
    r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日\s*$"
)


def _plan_only_attached(lines: list[str]) -> bool:
    """Whether the page is a notice whose plan is only attached: it says 现将有关事项通知如下 (no
    印发给你们), its own numbered items name no unit, an 附件 line names the plan (…任务分解表) and
    nothing of substance follows — a signature and a date (二○○七年四月十三日) only (ADR 0059). Its
    items are the notice's demands on the attached table, no tasks; a 通知 that prints its list after
    the 附件 line (推广清单) is read as before."""
    if _tasks_counted_elsewhere(lines):
        return True
    attachment = next((i for i, x in enumerate(lines) if ATTACHMENT_LINE.match(x)), None)
    if attachment is None:
        # No 附件 line, but the items send the addressees to the attached form (根据附件格式…报办公室)
        # and the page closes on the signature date: the notice asks for the lists, it holds none.
        if not (lines and SIGNATURE_DATE.match(lines[-1])) or not any(
            REFERS_TO_ATTACHMENT.search(x) for x in lines
        ):
            return False
        attachment = len(lines) - 1
    elif not PLAN_TITLE.search(lines[attachment]):
        return False
    before = lines[:attachment]
    if not any(re.search(r"通知如下|通知要求如下", x) for x in before):
        return False
    # The items (from the first 一、 on) name no unit; the opening may (由办公室负责落实此项工作).
    first_item = next((i for i, x in enumerate(before) if (h := _heading(x)) and h[0] == 0), len(before))
    if any(
        PROSE_LABEL.search(x) or SENTENCE_ROLE.search(x) or LABELLED_BRACKET.search(x) or _names_units(x)
        for x in before[first_item:]
    ):
        return False
    return all(len(x) <= 40 and "。" not in x for x in lines[attachment + 1 :])


# How many tasks a notice says there are (兴办10大类40项实事, 确定的68项重点任务, 十件民生实事).
TASKS_COUNTED = re.compile(
    r"(\d{1,3}|[一二三四五六七八九十]{1,3})(?:项|件)(?:[^，。；]{0,8})?(?:实事|任务|工作|工程|项目|事项)"
)
NOTICE_FOLLOWS = re.compile(r"(?:有关事项|有关要求|具体要求)?通知(?:要求)?如下")
DIVISION_NAMED = re.compile(
    r"(?:任务分工|任务分解|责任分工|责任分解|分工方案|任务清单|责任清单)[^。]{0,12}通知(?:要求)?如下"
)
ROLE_SUBJECT = re.compile(r"(?:各|主要)?(?:牵头|责任|配合|协同|协办)(?:单位|部门)(?:要|需|应)")


def _tasks_counted_elsewhere(lines: list[str]) -> bool:
    """Whether the page is a notice about tasks it does not print: it says how many there are
    (区政府决定…兴办10大类40项实事), then 现将有关事项通知如下 and a few items of its own (一、强化
    组织领导 … 三、强化督促检查) that are fewer than the tasks it counted, name no unit and have no
    numbered items below them; nothing of substance follows (ADR 0067). The items are its demands on
    carrying the tasks out; the tasks are in a list the page does not hold."""
    follows = next((i for i, x in enumerate(lines[:40]) if NOTICE_FOLLOWS.search(x)), None)
    if follows is None:
        return False
    counted = [m for x in lines[: follows + 1] for m in TASKS_COUNTED.finditer(x)]
    rest = lines[follows + 1 :]
    items = [i for i, x in enumerate(rest) if _heading(x)]
    if not items or any(_heading(rest[i])[0] > 0 for i in items):
        return False
    if counted:
        if max(_count(m[1]) for m in counted) <= len(items):
            return False
    elif not (DIVISION_NAMED.search(lines[follows]) and any(ROLE_SUBJECT.search(x) for x in rest)):
        # Without a count: 现就…重点工作任务分工有关事项通知如下, and items that speak to the units of
        # that division as such (牵头单位要…, 各责任单位要…), as a plan's own items do not.
        return False
    if any(
        PROSE_LABEL.search(x) or SENTENCE_ROLE.search(x) or LABELLED_BRACKET.search(x) or _names_units(x)
        for x in rest
    ):
        return False
    # No plan printed after the items (its title would open it): the page holds none.
    return not any(
        PLAN_TITLE.search(x) and len(x) < 60 and not re.search(r"[。，,；;]", x)
        for x in rest[items[-1] + 1 :]
    )


def _count(number: str) -> int:
    if number.isdigit():
        return int(number)
    digits = {c: i + 1 for i, c in enumerate(CN_DIGITS)}
    if number == "十":
        return 10
    if number.startswith("十"):
        return 10 + digits.get(number[1:], 0)
    if "十" in number:
        tens, _, ones = number.partition("十")
        return digits.get(tens, 0) * 10 + digits.get(ones, 0)
    return digits.get(number, 0)


# An attachment named as a file (附件：1.…清单.xlsx): no plan title and no task.
ATTACHMENT_FILE = re.compile(r"\.(?:xlsx?|docx?|wps|et|pdf|ofd|zip|rar)\s*$", re.IGNORECASE)
# What may follow a self-contained document's signature: its publication note, nothing of substance.
AFTER_SIGNATURE = re.compile(r"^[（(]此件[^)）]{0,8}[)）]$|^[（(][^)）]{0,20}删减[^)）]{0,4}[)）]$")


def _self_contained(opening: str, between: list[str], after: list[str]) -> bool:
    """Whether a notice that says 现提出如下意见 / 现就…提出以下要求 and closes on its signature is the
    whole document (a State Council 意见 whose items name no unit), not a covering notice: it covers
    nothing (印发 / 转发 none), its own numbered items come before the signature, and nothing of
    substance follows that (ADR 0050)."""
    if re.search(r"(?:印发|转发|印送)给?你们|予以?印发", opening):
        return False
    if sum(1 for x in between if (h := _heading(x)) and h[0] == 0) < 2:
        return False
    return all(AFTER_SIGNATURE.match(x) or len(x) <= 4 for x in after)


def _names_units(line: str) -> bool:
    """Whether the line closes on a bracket that names the units carrying it out
    (…（人力资源社会保障部、财政部负责）), as a plan's items do and a covering notice's do not."""
    units = _units_of(line)[1]
    return bool(units) and bool(UNIT_MARKER.search(line[-60:])) and _looks_like_units([*units[0], *units[1]])


# A 政策解读 (interpretation) of a plan: its sections are 起草背景, 起草过程, 主要内容, 决策依据 …
INTERPRETATION_SECTION = re.compile(
    r"^(?:起草|制定|出台|政策|文件)(?:背景|过程|依据|目的)|^(?:决策依据|主要内容|核心内容|重要举措|主要举措"
    r"|出台目的|名词解释|关键词|适用范围|解读机关|解读人)"
)
INTERPRETATION = (
    "这是一份政策解读（起草背景、主要内容……），不是工作要点或实施方案的正文，其中的条目不是任务。"
)


QUESTION = re.compile(r"^问[:：]")
ANSWER = re.compile(r"^答[:：]")


def _is_interpretation(lines: list[str]) -> bool:
    """Whether the page is a 政策解读: 解读 in its first lines and two or more 一、 headings that
    name an interpretation's sections, or questions and answers (问：… 答：…) about a plan."""
    if sum(1 for x in lines if QUESTION.match(x)) >= 2 and sum(1 for x in lines if ANSWER.match(x)) >= 2:
        return True
    if not any("解读" in line for line in lines[:8]):
        return False
    sections = sum(
        1 for line in lines if (h := _heading(line)) and h[0] == 0 and INTERPRETATION_SECTION.match(h[2])
    )
    return sections >= 2


# Pages numbered like a plan that are none (ADR 0026): a report of work done — its title ends so
# (…建设情况, 工作总结, 年度报告, 典型经验, 交流稿件) or its opening says so (现将…情况汇报如下,
# 现向社会公布…年度报告, 本报告由…) — and rules (…工作规则, 办法, 细则; chapters 第一章).
REPORT_TITLE = re.compile(r"(?:情况|总结|工作报告|年度报告|典型经验|经验做法|典型做法|交流稿件|经验交流)$")
REPORT_OPENING = re.compile(
    r"现将[^。]{0,40}(?:情况|工作)[^。]{0,10}(?:汇报|报告|总结)如下|(?:现向社会公布|现予公布|特公布)[^。]{0,30}年度报告"
    r"|本(?:年度)?报告(?:由|包括|根据|所列)"
)
RULES_TITLE = re.compile(r"(?:规则|办法|条例|细则|规定|制度)$")
RULES_NOTICE = re.compile(
    r"印发[<《〈][^》〉>]*(?:规则|办法|条例|细则|规定|制度)[>》〉]的?通知"
    # 关于建立政府工作落实情况报告制度的通知: the notice itself sets up the rule (ADR 0059).
    r"|关于(?:建立|实行|推行|试行)[^《》〈〉。]{2,40}制度的通知"
)
REPORTED_PERIOD = re.compile(r"[（(][^（()）]{1,12}[)）]$")
CHAPTER = re.compile(rf"^第[{CN_DIGITS}]+章")
REPORT = "这是一份工作情况报告或经验总结，不是工作要点或实施方案，其中的条目不是任务。"
RULES = "这是一份规则制度（…规则、办法、细则），不是工作要点或实施方案，其中的条款不是任务。"


def _not_a_plan(head: list[str], title: str, body: list[str]) -> str | None:
    """REPORT or RULES when the page is a report of work done or a set of rules, None for a plan.
    ``head`` is the lines before the first heading; a short line there (or the title) that names a
    plan (工作要点, 实施方案 … or 计划) or a covering notice's 通知 keeps the page a plan."""
    # A table's header cell (主要任务 |) names a column, not what the page is.
    names = [
        re.sub(r"^[—\-\s【】]+", "", x)
        for x in (*head, title)
        if x and len(x) <= 60 and "。" not in x and "|" not in x
    ]
    # A line of a title printed over several lines (…行政执法公示制度执法全过程记录制度 / 重大执法决定
    # 法制审核制度的指导意见) is no title of its own: only the whole title says what the page is.
    whole = re.sub(r"^[—\-\s【】]+", "", title or "")
    names = [x for x in names if not (whole and x in whole and not whole.startswith(x))]
    if any(REPORT_OPENING.search(x) for x in head):
        return REPORT  # the page says what it is: 现将…情况汇报如下, 本报告由…
    if any(RULES_NOTICE.search(x) for x in names) and not any(PLAN_TITLE.search(x) for x in names):
        return RULES  # 关于印发《…工作规则》的通知: the notice covers rules
    if any(PLAN_TITLE.search(x) or "通知" in x or "计划" in x for x in names):
        return None
    # …推进情况(1-11月): the period a report covers, in brackets after its title, says nothing more.
    if any(REPORT_TITLE.search(REPORTED_PERIOD.sub("", x)) for x in names):
        return REPORT
    if any(RULES_TITLE.search(x) for x in names) or any(CHAPTER.match(x) for x in body[:40]):
        return RULES
    return None


# ---------------------------------------------------------------- units inside an item

UNIT_MARKER = re.compile(
    r"牵头|负责|责任单位|配合单位|责任科室|责任部门|落实|按职责|按照职责|分工|(?:指导|参与)(?=$|[，,；;。)）])"
)
# A bracket anywhere in the item, one level of nesting allowed: (各县(市、区)人民政府负责).
ANY_BRACKET = re.compile(
    r"[（(]([^（()）]*(?:[（(][^（()）]*[)）][^（()）]*)*)[)）]|[〔\[［【]([^〔〕\[\]［］【】]*)[〕\]］】]"
)
PROSE_UNITS = re.compile(
    r"(?:(?P<leadlabel>牵头单位|牵头部门)[:：]\s*(?P<lead>[^。；;]*?)\s*(?:[；;，,。]\s*)?)?"
    r"(?:责任单位|配合单位|协办单位|责任科室|责任部门|配合部门)[:：]\s*(?P<resp>[^。]*?)\s*(?:。|$)"
    r"|(?:牵头单位|牵头部门)[:：]\s*(?P<leadonly>[^。]*?)\s*(?:。|$)"
)
PROSE_LABEL = re.compile(r"(?:牵头|责任|配合|协办)(?:单位|部门|科室)[:：]")
SENTENCE_ROLE = re.compile(r"牵头落实|牵头负责|负责落实")
LABELLED_BRACKET = re.compile(r"[（(〔\[［【]\s*(?:牵头单位|牵头部门|责任单位|配合单位|责任部门)[:：]")
# 市发改委牵头落实 / 市金融办、市财政局分别牵头落实 / 市交通委负责落实, inside a sentence.
SENTENCE_UNITS = re.compile(
    r"(?:^|[，,。；;：:\s])(?:由)?(?P<units>[^，,。；;：:（()）\s]{2,80}?)(?:按职责分工|按照职责)?(?:分别)?"
    r"(?P<role>牵头落实|牵头负责|负责落实)(?=[。；;，,]|$)"
)
# A units bracket left open at the very end of the text (the page was cut inside it).
UNCLOSED_UNITS = re.compile(r"[（(][^（()）]{2,120}$")
UNIT_LINE = re.compile(
    r"^(?:牵头单位|责任单位|配合单位|协办单位|责任科室|责任部门)[:：]|(?:牵头落实|负责落实|牵头|负责|配合)[。.]?$"
)


# How a unit's name ends: 局, 委, 办, 科, 中心, 政府, 部门, 管委会, 支行, 街道, 各乡镇 …
UNIT_END = re.compile(
    r"(?:局|委|办|厅|部|院|所|室|科|股|处|站|队|馆|中心|政府|单位|部门|机构|公司|集团|银行|支行|分行|协会|学会|联合会|"
    r"组|会|署|联|社|街道|乡镇|镇|乡|街|社区|村|管委会|办事处|法院|检察院|支队|大队|各地|各区|各县|园区|开发区)"
    r"(?:[（(〔][^)）〕]*[)）〕])?$"
)


def _looks_like_units(units: list[str]) -> bool:
    return bool(units) and all(UNIT_END.search(u) and len(u) <= 40 for u in units)


def _merge(target: tuple[list[str], list[str]], units: tuple[list[str], list[str]]) -> None:
    for mine, theirs in zip(target, units, strict=True):
        mine.extend(u for u in theirs if u not in mine)


BRACKETED_LABEL = re.compile(
    r"[【\[［]((?:牵头|责任|配合)(?:单位|部门|科室|处室)|完成时限|时限要求)[】\]］][:：]?\s*"
)


def _unit_brackets_before(body: str) -> bool:
    """Whether the item names units in a bracket before its closing one."""
    if not UNIT_MARKER.search(body):
        return False
    for match in ANY_BRACKET.finditer(body):
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        if UNIT_MARKER.search(inner) and not re.search(r"\d{4}|号", inner):
            units = read_units(inner)
            if units and _looks_like_units([*units[0], *units[1]]):
                return True
    return False


def _units_in_item(text: str) -> tuple[str, tuple[list[str], list[str]] | None]:
    """The item's text and the units it names: its closing bracket (any list) or, when it has none,
    every marked bracket inside it, 责任单位：… prose and …牵头落实 in a sentence, in document order."""
    # 【牵头单位】县政府办【责任单位】各乡镇: labels in 【】 are prose labels.
    text = BRACKETED_LABEL.sub(r"\1：", text)
    body, closing = _units_of(text)
    if closing and not _unit_brackets_before(body):
        return body, closing
    if closing:
        # Unit brackets inside the item as well as at its end (seed 002, 二/（一）: …(市统计局牵头
        # 落实)…(市审计局牵头落实)): the item counts once and carries all of them, in order.
        body = text
    found: list[tuple[int, tuple[list[str], list[str]]]] = []
    kept = []
    last = 0
    for match in ANY_BRACKET.finditer(body) if UNIT_MARKER.search(body) else ():
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        if not UNIT_MARKER.search(inner) or re.search(r"\d{4}|号", inner):
            continue
        units = read_units(inner)
        if units and _looks_like_units([*units[0], *units[1]]):
            found.append((match.start(), units))
            kept.append(body[last : match.start()])
            last = match.end()
    body = "".join(kept) + body[last:] if found else body
    for match in PROSE_UNITS.finditer(body) if PROSE_LABEL.search(body) else ():
        if match["leadonly"] is not None:
            units = (split_units(match["leadonly"]), [])
        else:
            units = (split_units(match["lead"] or ""), split_units(match["resp"]))
        if _looks_like_units([*units[0], *units[1]]):
            found.append((len(text) + match.start(), units))
    if not found or all(not x[1][0] for x in found):
        for match in SENTENCE_UNITS.finditer(body) if SENTENCE_ROLE.search(body) else ():
            names = split_units(match["units"])
            if _looks_like_units(names):
                role = (names, []) if "牵头" in match["role"] else ([], names)
                found.append((match.start(), role))
    if not found:
        return body, None
    merged: tuple[list[str], list[str]] = ([], [])
    for _, units in sorted(found, key=lambda x: x[0]):
        _merge(merged, units)
    # A unit that leads one part of the item and takes part in another is the item's lead once.
    merged[1][:] = [u for u in merged[1] if u not in merged[0]]
    return body, merged


# ---------------------------------------------------------------- the plan


def parse(text: str, year: int | None = None, *, read_tasks: bool = True) -> ParsedPlan:
    """The notice's head and its tasks (``read_tasks=False``: the head and ``body_lines`` only)."""
    cleaned = clean_scraped_text(text)
    plan = ParsedPlan(text=cleaned.text)
    for token in cleaned.removed_spam:
        plan.warnings.append(f"发现可疑内容“{token}”（疑似被植入的博彩等信息），已从正文移除，请核对原文。")
    if cleaned.removed_pinyin:
        plan.warnings.append(f"已移除 {cleaned.removed_pinyin} 处拼音注音。")
    lines = _layout(cleaned.text)
    start = _head(lines, plan)
    covering = _covering_end(lines)
    if covering is not None and covering >= start:
        after = [(i, h[0]) for i in range(covering + 1, len(lines)) if (h := _heading(lines[i]))]
        start = next((i for i, level in after if level == 0), after[0][0] if after else len(lines))
    end = next((i for i in range(start, len(lines)) if BODY_END.search(lines[i])), len(lines))
    if not_plan := _not_a_plan(lines[:start] if start else lines[:3], plan.title, lines[start:end]):
        # A report of what was done (…建设情况, 工作总结, 年度报告, 典型经验) or a set of rules
        # (…工作规则): its 一、二、 are no tasks.
        plan.warnings.append(not_plan)
        end = start
    elif _is_interpretation(lines):
        # A 政策解读 retells a plan (起草背景, 主要内容 …): its paragraphs are no tasks.
        plan.warnings.append(INTERPRETATION)
        end = start
    lines = lines[:end]
    years = [int(y) for y in YEAR_IN_TITLE.findall(plan.title)]
    plan.year = year or (years[0] if years else (plan.date.year if plan.date else None))
    plan.body_lines = lines[start:]
    if read_tasks:
        read_prose_tasks(plan)
    return plan


def read_prose_tasks(plan: ParsedPlan) -> None:
    """The tasks of the plan's body lines, by the counting and unit rules (module docstring)."""
    lines = plan.body_lines

    # Nodes: [level, marker, text, path, unit lines] in order; unmarked lines continue the node
    # before them, a line that only names units (市发改委牵头落实) adds to its units.
    nodes: list[list] = []
    stack: list[tuple[int, str]] = []
    # A table copied one cell a line, with no | between cells (工作任务 / 具体要求 / 落实科室(部门)):
    # a short line after an item that only names units is that item's unit cell (ADR 0050).
    unit_column = next(
        (m[1] for x in plan.text.splitlines() if (m := UNIT_COLUMN_LINE.match(x.strip()))), None
    )
    unit_line = ""  # the unit line just read, which the next line may go on
    for index, line in enumerate(lines):
        if line.count("|") >= 2 or line == "|":
            continue  # a row of a table copied with | between cells: read by cell_table_tasks
        heading = _heading(line)
        if heading is not None and ATTACHMENT_FILE.search(line):
            continue  # 3.…清单目录(试行).xls: an attachment listed by its file, no task
        if heading is None and index == len(lines) - 1 and re.fullmatch(r"\d{1,2}", line):
            heading = (2, line, "")  # the page was cut just after this item's number
        if heading is None:
            if not nodes:
                continue
            if len(line) <= 80 and UNIT_LINE.search(line) and (units := read_units(line.rstrip("。."))):
                nodes[-1][4].append(units)
                unit_line = line
                continue
            if (
                unit_line
                and unit_line[-1] not in "。；;，,）)"
                and nodes[-1][4]
                and len(line) <= 40
                and "。" not in line
                and (units := read_units((unit_line + line).rstrip("。.")))
                and _looks_like_units([*units[0], *units[1]])
            ):
                # A unit line broken where a copied page broke it (协办单位：…、园区党工 / 委、各街道党工委):
                # the two read as one line.
                nodes[-1][4][-1] = units
                unit_line = ""
                continue
            unit_line = ""
            if unit_column and (units := _unit_cell(line, unit_column)):
                # The cell may be merged over the items above it that have none (3. 4. 5. share one).
                for node in reversed(nodes):
                    if node[4] or node[0] != nodes[-1][0] or _units_of(node[2])[1] is not None:
                        break
                    node[4].append(units)
            elif _units_of(nodes[-1][2])[1] is None or nodes[-1][4] or _names_units(line):
                # Prose after a task closed by its units bracket (各地各部门贯彻落实本要点的情况……)
                # belongs to no task; a paragraph that closes on units of its own goes on with the
                # task (“无废城市”: each （二） has several paragraphs, each with its units, ADR 0050).
                nodes[-1][2] += line
            continue
        level, marker, rest = heading
        unit_line = ""
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, marker))
        nodes.append([level, marker, rest, "/".join(m for _, m in stack), [], len(rest)])
    if (
        nodes
        and (first := nodes[-1][5]) < len(nodes[-1][2])
        and "。" in nodes[-1][2][: first - 1]
        and CLOSING_PARAGRAPH.match(nodes[-1][2][first:])
    ):
        # The document's closing paragraph (各地区、各部门要于2019年3月底前制定…实施方案) after its last
        # item, which opened with its own text: no part of that item (ADR 0050).
        nodes[-1][2] = nodes[-1][2][:first]
    if nodes and (tail := UNCLOSED_UNITS.search(nodes[-1][2])) and UNIT_MARKER.search(tail[0]):
        # The page was cut inside the last item's units bracket (…（市府办牵头，市政府各部门、各县〔区〕
        # 政府、各功能区管委): read what is there as if the bracket closed.
        nodes[-1][2] += "）"
    aims_level: int | None = None
    first_leads = False
    # Grouping headings that name who carries out the items under them (一、县示范区管委会牵头工作(8项)).
    group_units: list[tuple[int, tuple[list[str], list[str]]]] = []
    for index, (level, _marker, rest, path, unit_lines, _first) in enumerate(nodes):
        while group_units and group_units[-1][0] >= level:
            group_units.pop()
        if aims_level is not None and level > aims_level:
            continue
        aims_level = level if AIMS.match(rest) else None
        if aims_level is not None:
            continue
        has_children = index + 1 < len(nodes) and nodes[index + 1][0] > level
        if has_children and not unit_lines and (m := GROUP_CARRIED_BY.match(rest)):
            # 县示范区管委会牵头工作(8项): a heading over the items its units lead (牵头) or carry out
            # (负责); each item under it with no units of its own takes them (ADR 0067).
            names = split_units(m["units"])
            if _looks_like_units(names):
                group_units.append((level, (names, []) if m["role"] == "牵头" else ([], names)))
                continue
        if has_children and not unit_lines and (_is_title_only(rest) or _units_in_item(rest)[1] is None):
            # A grouping heading, even with a paragraph of its own before its numbered items: its
            # items are the tasks. One that names its own units is kept.
            continue
        if not has_children and _is_title_only(rest) and level == 0 and not unit_lines:
            continue
        body, units = _units_in_item(rest)
        for extra in unit_lines:
            units = units or ([], [])
            _merge(units, extra)
        task = Task(path=path, text=body)
        if units and not units[0] and units[1] and first_leads and not ANY_LABEL_INSIDE.search(rest):
            # An earlier bracket said 列第一位者为牵头单位，下同: the first unit of this one leads.
            units = (units[1][:1], units[1][1:])
        first_leads = first_leads or bool(ONWARD_NOTE.search(rest))
        if not (units and (units[0] or units[1])) and group_units:
            units = (list(group_units[-1][1][0]), list(group_units[-1][1][1]))
        if units and (units[0] or units[1]):
            task.lead_units, task.responsible_units = units
        else:
            task.warnings.append("未能识别牵头单位和责任单位，请在导入前补充。")
        task.deadline_text, task.deadline, task.recurrence = read_deadline(body, plan.year)
        if not task.deadline_text and not TIME_LABEL.search(rest):
            # A time inside the units bracket (…配合，2022年底前完成): the item's deadline.
            task.deadline_text, task.deadline, task.recurrence = read_deadline(rest, plan.year)
        if not task.deadline_text and (when := TIME_LABEL.search(rest)):
            # 完成时限：持续推进 — printed in the item or its bracket: the deadline as printed.
            task.deadline_text = when["when"].strip()
            _found, task.deadline, task.recurrence = read_deadline(task.deadline_text, plan.year)
        plan.tasks.append(task)
    mark_collective(plan.tasks)
    if not plan.tasks:
        plan.warnings.append(NO_TASK)


NO_TASK = "没有识别出任何任务：请确认这是一份工作要点或实施方案的正文。"
# A grouping heading that names the units of the items under it: X牵头工作(8项), X负责事项.
GROUP_CARRIED_BY = re.compile(
    r"^(?P<units>[^，。；：:（(]{2,40}?)(?P<role>牵头|负责)(?:的)?(?:工作|事项|任务|项目)(?:[（(]\d{1,3}项[)）])?$"
)

# The header cell of a units column, alone on its line: 落实科室(部门), 责任单位, 牵头科室 …
UNIT_COLUMN_LINE = re.compile(
    r"^(落实|责任|牵头|配合|负责)(?:科室|处室|股室|单位|部门)(?:[（(](?:科室|处室|部门|单位)[)）])?$"
)
# How a document's own closing paragraph opens: it speaks to every addressee, or of itself.
CLOSING_PARAGRAPH = re.compile(r"(?:各地区|各部门|各地|各级|各有关部门|各单位|本意见|本通知|本方案)")


def _unit_cell(line: str, column: str) -> tuple[list[str], list[str]] | None:
    """The units a table's unit cell names (…按职责分工落实, 办公室牵头，各科室配合), by its words or,
    when it has none, by its column (牵头… leads, the others are responsible); None for prose."""
    if len(line) > 60 or "。" in line or _heading(line):
        return None
    if ROLE_WORDS.search(line) and (units := read_units(line)):
        return units if _looks_like_units([*units[0], *units[1]]) else None
    names = split_units(line)
    if not _looks_like_units(names):
        return None
    return (names, []) if column == "牵头" else ([], names)


# ---------------------------------------------------------------- 任务分工 tables

TABLE_COLUMNS = {
    "task": ("工作任务", "重点任务", "主要任务", "具体任务", "任务", "工作内容", "主要内容", "重点工作"),
    "requirement": ("工作要求", "具体要求", "任务要求", "具体内容", "工作措施", "具体措施"),
    "lead": ("牵头单位", "牵头部门", "牵头处室", "牵头科室"),
    "responsible": (
        *("责任单位", "配合单位", "责任部门", "配合部门", "责任科室", "负责科室", "责任处室", "责任股室"),
        *("配合或责任单位", "配合（责任）单位", "责任主体"),
    ),
    "deadline": ("时限", "完成时限", "时限要求", "时间要求", "完成时间", "时间节点", "完成时间节点"),
}


def _column_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = "".join(cell.split())
        for key, labels in TABLE_COLUMNS.items():
            if key not in found and any(
                label == name or (len(label) > 2 and label in name) for label in labels
            ):
                found[key] = index
                break
    return found


def tasks_from_rows(rows: list[list[str]], year: int | None) -> list[Task] | None:
    """Tasks from a 任务分工 table (序号 | 工作任务 | 工作要求 | 牵头单位 | 责任单位 | 时限), or None
    when no header row names at least a task column and a unit column."""
    header_at = next(
        (
            i
            for i, header in enumerate(rows)
            # A header row is short cells only; rows of prose are not looked at further.
            if len(header) > 1
            and all(len(cell) <= 20 for cell in header)
            and "task" in (found := _column_map(header))
            and ("lead" in found or "responsible" in found)
        ),
        None,
    )
    if header_at is None:
        return None
    columns = _column_map(rows[header_at])
    tasks = []
    groups: list[str] = []
    for row in rows[header_at + 1 :]:
        cells = [" ".join(c.split()) for c in row]
        values = {key: cells[i] if i < len(cells) else "" for key, i in columns.items()}

        def cell(key: str, values=values) -> str:
            return values.get(key, "")

        text = "；".join(x for x in (cell("task"), cell("requirement")) if x)
        if not text:
            continue
        if not cell("lead") and not cell("responsible") and (m := GROUP0_CELL.match(text)):
            groups = [m[1]]  # a grouping row: 一、…
            continue
        if not cell("lead") and not cell("responsible") and (m := GROUP1_CELL.match(text)):
            groups = [*groups[:1], f"（{m[1]}）"]
            continue
        lead: list[str] = []
        responsible: list[str] = []
        for value, role in ((cell("lead"), 0), (cell("responsible"), 1)):
            # A cell that says who leads and who helps (办公室牵头，各科室配合) is read by its words;
            # otherwise its column says.
            if ROLE_WORDS.search(value) and (units := read_units(value)):
                _merge((lead, responsible), units)
            else:
                names = split_units(value)
                _merge((lead, responsible), (names, []) if role == 0 else ([], names))
        number = cells[0] if cells and cells[0].isdigit() else str(len(tasks) + 1)
        task = Task(
            path="/".join([*groups, number]),
            text=text,
            lead_units=lead,
            responsible_units=responsible,
        )
        deadline_text = cell("deadline")
        found, task.deadline, task.recurrence = read_deadline(deadline_text or text, year)
        task.deadline_text = deadline_text or found
        if not task.lead_units and not task.responsible_units:
            task.warnings.append("未能识别牵头单位和责任单位，请在导入前补充。")
        tasks.append(task)
    return tasks


def flattened_rows(text: str) -> list[list[str]]:
    """A table copied from a web page: cells separated by tabs or runs of spaces."""
    # Tabs keep empty cells (a missing 责任单位); runs of spaces are the fallback.
    return [
        line.strip("\r\n").split("\t") if "\t" in line else re.split(r" {2,}|\u3000{2,}", line.strip())
        for line in text.splitlines()
        if line.strip()
    ]


# ---------------------------------------------------------------- tables copied as | cells

# Columns that name the leader answerable for a row — a person, no unit (ADR 0059).
LEADER_COLUMNS = (
    "责任领导",
    "牵头领导",
    "分管领导",
    "包抓领导",
    "县级领导",
    "区级领导",
    "市级领导",
    "责任人",
)
# A cell of such a column: one name or a few (杜新国、丁玲), no unit's ending.
PERSON_NAMES = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:[、，,][\u4e00-\u9fff]{2,4})*$")
HEADER_LABELS = {
    *("序号", "工作任务", "重点任务", "任务", "目标", "主要内容", "工作内容", "具体内容", "具体要求"),
    *("工作要求", "任务要求", "工作措施", "具体措施", "牵头单位", "牵头部门", "责任单位", "配合单位"),
    *("责任部门", "责任科室", "负责科室", "配合或责任单位", "配合（责任）单位", "完成时限", "时限要求"),
    *("时限", "完成时间", "时间要求", "时间节点"),
    # A department's ledger: 序号 | 工作任务 | 细化分工 | 责任处室 | 完成时限 | 备注.
    *("细化分工", "责任处室", "牵头处室", "责任股室", "牵头科室", "备注"),
    # A department's 分工方案 keyed to the levels of the plan it follows: 工作要求 | 一级要点 | 二级要点.
    *("一级要点", "二级要点", "三级要点", "落实科室", "落实单位", "落实部门"),
    # A 推广清单: 序号 | 改革举措 | 主要内容 | 指导部门 | 推广范围 (the organs that guide lead, ADR 0050).
    *("改革举措", "指导部门", "指导单位", "推广范围", "适用范围"),
    # A development zone's list: 序号 | 重点工作 | 责任领导 | 责任单位 | 完成时限; a district's targets:
    # 序号 / 2022年预期目标 / 责任单位 (ADR 0059).
    *("重点工作", "工作事项", "预期目标", "目标任务", "主要目标", "主要指标"),
    *LEADER_COLUMNS,
}
LEAD_LABELS = ("牵头", "指导")
UNIT_LABELS = ("单位", "部门", "科室", "处室", "股室")
DEADLINE_CELL = re.compile(
    r"^(?:\d{4}年(?:年?底|内|上半年|下半年)|(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日|底|上旬|中旬|下旬|前|以前)"
    r"|年底|年内|全年|每[年季月周]|上半年|下半年))[^。]{0,20}$"
    r"|^(?:持续推进|长期坚持|长期推进|长期|常态化|持续开展|持续|按时|及时|全年)$"
)
NUMBER_CELL = re.compile(r"^(\d{1,3})$")
# A 时限 cell that says what is due when (2021年2月公布预算信息，2021年8月公布上年度决算信息).
DATED_CELL = re.compile(r"^(?:\d{4}年)?\d{1,2}月")
EMPTY_CELL = "\x00"
NUMBERED_TEXT = re.compile(r"^(\d{1,3})[.．、](?!\d)\s*")
GROUP0_CELL = re.compile(rf"^([{CN_DIGITS}]+)、")
GROUP1_CELL = re.compile(rf"^[（(]([{CN_DIGITS}]+)[)）]")


ROLE_WORDS = re.compile(r"牵头|负责|配合")
SENTENCE_PUNCTUATION = re.compile(r"[，。；,;、：:]")


def _is_unit_cell(cell: str) -> bool:
    if len(cell) > 80 or "。" in cell:
        return False
    if ROLE_WORDS.search(cell):
        return True
    units = split_units(cell)
    return _looks_like_units(units) and all(len(u) <= 20 for u in units)


def _split_numbered_cells(cells: list[str]) -> list[str]:
    """A cell holding two numbered items (4.规范使用…实效。 5.用好平台…) is two cells: cut where the
    next number in sequence follows a full stop (ADR 0050)."""
    out: list[str] = []
    for cell in cells:
        while (m := NUMBERED_TEXT.match(cell)) and (
            cut := re.search(rf"(?<=[。；;])\s*(?={int(m[1]) + 1}[.．、](?!\d))", cell)
        ):
            out.append(cell[: cut.start()])
            cell = cell[cut.end() :]
        out.append(cell)
    return out


def cell_table_tasks(text: str, year: int | None) -> list[Task] | None:
    """Tasks from a table copied with ``|`` between cells — one row a line, or one cell a line —
    read cell by cell: 序号 opens a row, a text cell is the task, the unit cells that follow are
    its lead and responsible units (by their words, or by the header's columns), then its 时限.
    None when there is no such table."""
    if text.count("|") < 6:
        return _table_one_cell_a_line(text, year)
    cells: list[str] = []
    rows_a_line = cells_a_line = 0
    for line in text.splitlines():
        parts = [" ".join(c.split()) for c in line.split("|")]
        filled = [i for i, c in enumerate(parts) if c]
        rows_a_line += len(filled) >= 2
        cells_a_line += len(filled) == 1
        if len(filled) >= 2:
            # One row a line: an empty cell between filled ones is an empty column (a blank
            # 牵头单位), kept as a place so the next unit cell lands in its own column.
            cells += [c or EMPTY_CELL for c in parts[filled[0] : filled[-1] + 1]]
        else:
            cells += [c for c in parts if c]
    # A header the parser knows no label of but 序号 and a units column (序号 | 任 务 名 称 | 指 标 要 求
    # | 牵 头 部 门 | 配 合 部 门 | 目 标 类 型): its cells up to the first row's number (ADR 0067).
    for i, cell in enumerate(cells):
        if cell == "序号" and (end := _header_end(cells, i)) and not _is_header_label(cells[i + 1]):
            return _cell_tasks(cells[i:], year, end - i, merged_cells=cells_a_line > rows_a_line)
    # Copied one row a line, a row's missing cell was empty: only a table copied one cell a line
    # prints a merged cell once for the rows it spans.
    return _cell_tasks(cells, year, merged_cells=cells_a_line > rows_a_line)


# A header cell that names its year (2022年预期目标): the label without the year.
HEADER_YEAR = re.compile(r"^\d{4}年(?:度)?")
ATTACHMENT_MARK = re.compile(r"^附件\s*(\d{1,2})$")


def _is_header_label(cell: str) -> bool:
    label = "".join(cell.split())
    return label in HEADER_LABELS or HEADER_YEAR.sub("", label) in HEADER_LABELS


def _table_one_cell_a_line(text: str, year: int | None) -> list[Task] | None:
    """A table copied one cell a line with no | at all (序号 / 改革举措 / 主要 内容 / 指导部门 / 推广范围,
    then 1 / … ): read as the | tables are, when a header of three labels or more opens with 序号
    and names a units column (ADR 0050). A notice that prints several such tables, each under its
    own 附件 marker and numbered from 1 (附件1 预期目标 / 附件2 重点工作), gives the rows of each, the
    path led by its marker (附件1/3, 附件2/1) so that the tables' rows stay apart (ADR 0059)."""
    cells = [" ".join(x.split()) for x in text.splitlines() if x.strip()]
    starts = []
    headers: dict[int, int] = {}
    for i, cell in enumerate(cells):
        if cell != "序号":
            continue
        if end := _header_end(cells, i):
            starts.append(i)
            headers[i] = end - i
    if len(starts) <= 1:
        return _cell_tasks(cells[starts[0] :], year, headers[starts[0]]) if starts else None
    # Each table's 附件 marker: within the few cells before its header (附件2 / the table's title).
    marks = [
        next(
            (
                (j, m[1])
                for j in range(start - 1, max(start - 4, -1), -1)
                if (m := ATTACHMENT_MARK.match(cells[j]))
            ),
            None,
        )
        for start in starts
    ]
    tasks: list[Task] = []
    for n, start in enumerate(starts):
        stop = len(cells)
        if n + 1 < len(starts):
            stop = marks[n + 1][0] if marks[n + 1] else starts[n + 1]
        for task in _cell_tasks(cells[start:stop], year, headers[start]) or []:
            task.path = f"附件{marks[n][1]}/{task.path}" if marks[n] else f"{n + 1}/{task.path}"
            tasks.append(task)
    return tasks or None


# A header cell of a table copied one cell a line whose label the parser does not know (民生实事,
# 指标, the (单位) of a 责任股室 header printed over two lines): short, no sentence, no number.
LABEL_LIKE = re.compile(r"^[\u4e00-\u9fff（）() ]{1,10}$")


def _header_end(cells: list[str], at: int) -> int | None:
    """Where the header that opens with 序号 at ``at`` ends, or None when it is none: three labels
    or more, one naming a units column (ADR 0050). A header of labels the parser does not know
    (序号 / 民生实事 / 责任单位 / 完成时限) is its short cells up to the first row's number 1."""
    end = at
    while end < len(cells) and _is_header_label(cells[end]):
        end += 1
    if end - at < 3 or not any(any(w in h for w in UNIT_LABELS) for h in cells[at:end]):
        end = at + 1
        while end < len(cells) and end - at <= 10 and LABEL_LIKE.match(cells[end]) and cells[end] != "1":
            end += 1
        if end >= len(cells) or cells[end] != "1":
            return None
    if end - at < 3 or not any(any(w in h for w in UNIT_LABELS) for h in cells[at:end]):
        return None
    return end


def _unglue_known(units: list[str], known: set[str]) -> list[str]:
    """A cell's units printed a line each and copied with nothing between (文化宣传股文化馆): split
    where the pieces are the table's units named apart elsewhere (文化宣传股, 文化馆) — only then, as
    a name may hold another (区财政局 holds 财政局)."""
    out: list[str] = []
    for unit in units:
        pieces = _pieces_of(unit, known - {unit})
        out += pieces if pieces and len(pieces) > 1 else [unit]
    return list(dict.fromkeys(out))


# How a name goes on after its organ's name when it names a part of it (县政府 + 办公室 is 县政府办公室,
# one unit, even when a table names 县政府 and 办公室 apart).
PART_OF_ORGAN = re.compile(
    r"^(?:办公室|办|科|股|处|室|中心|分局|所|站|大队|支队|中队|组织部|宣传部|统战部|政法委|编办)"
)


def _pieces_of(text: str, known: set[str], first: bool = True) -> list[str] | None:
    if not text:
        return []
    if not first and PART_OF_ORGAN.match(text):
        return None
    for name in sorted((k for k in known if text.startswith(k)), key=len, reverse=True):
        if (rest := _pieces_of(text[len(name) :], known, first=False)) is not None:
            return [name, *rest]
    return None


def _cell_tasks(
    cells: list[str], year: int | None, header_len: int | None = None, *, merged_cells: bool = True
) -> list[Task] | None:
    if header_len is not None:
        header_at, header_end = 0, header_len
    else:
        header_at = next((i for i, c in enumerate(cells) if _is_header_label(c)), None)
        if header_at is None:
            return None
        header_end = header_at
        while header_end < len(cells) and _is_header_label(cells[header_end]):
            header_end += 1
    header = ["".join(h.split()) for h in cells[header_at:header_end]]
    if len(header) < 2 or not any(any(w in h for w in UNIT_LABELS) for h in header):
        return None
    lead_column = any(any(w in h for w in LEAD_LABELS) for h in header)
    responsible_column = any(any(w in h for w in ("责任", "配合", "负责")) for h in header)
    deadline_column = any("时限" in h or "时间" in h for h in header)
    leader_column = any(h in LEADER_COLUMNS for h in header)
    tasks: list[Task] = []
    groups: list[str] = []
    current: Task | None = None
    unit_cells = 0
    numbered_row = sub_row = False
    # What each row printed after its text — units, a time, an empty cell kept by | — so that a
    # row that printed none of a column sits under a merged cell of it (below).
    printed: dict[int, set[str]] = {}

    def open_task(number: str | None, body: str) -> Task:
        nonlocal current, unit_cells, numbered_row, sub_row
        marker = number if number is not None else str(len(tasks) + 1)
        current = Task(path="/".join([*groups, marker]), text=body)
        unit_cells = 0
        numbered_row, sub_row = number is not None and not body, False
        if numbered_row:
            printed[id(current)] = set()
        tasks.append(current)
        return current

    body = _split_numbered_cells(cells[header_end:])
    cut = re.match(r"^(.+)[、，,][^、，,]{1,3}$", body[-1]) if body else None
    if cut and not _is_unit_cell(body[-1]) and _is_unit_cell(cut[1]):
        # The page was cut inside the last unit cell (…、区统计局、区): the names before the fragment.
        body[-1] = cut[1]
    for cell in body:
        if current is not None and current.text:
            kind = "empty" if cell == EMPTY_CELL else "time" if DEADLINE_CELL.match(cell) else "units"
            if id(current) in printed and (kind != "units" or _is_unit_cell(cell)):
                printed[id(current)].add(kind)
        if m := NUMBER_CELL.match(cell):
            open_task(m[1], "")
        elif m := GROUP0_CELL.match(cell):
            groups = [m[1]]
            current = None
        elif m := GROUP1_CELL.match(cell):
            groups = [*groups[:1], f"（{m[1]}）"]
            current = None
        elif m := NUMBERED_TEXT.match(cell):
            open_task(m[1], cell[m.end() :])
        elif cell == EMPTY_CELL:
            if current is not None and current.text and not current.deadline_text:
                unit_cells += 1
        elif current is not None and current.text and DEADLINE_CELL.match(cell) and len(cell) <= 30:
            # A sub-row's own time (…5月底前动工 / 开工建设老年大学。/ 12月底前): both, as printed.
            earlier = current.deadline_text if sub_row else ""
            current.deadline_text = "；".join(x for x in (earlier, cell) if x)
        elif (
            leader_column
            and current is not None
            and current.text
            and PERSON_NAMES.match(cell)
            and not _looks_like_units(split_units(cell))
        ):
            continue  # the 责任领导 cell: a person, no unit
        elif (
            current is not None
            and unit_cells
            and deadline_column
            and not current.deadline_text
            and DATED_CELL.match(cell)
            and len(cell) <= 60
        ):
            current.deadline_text = cell  # the 时限 column, after the units: a date in words
        elif current is not None and current.text and _is_unit_cell(cell):
            if ROLE_WORDS.search(cell) and (units := read_units(cell)):
                _merge((current.lead_units, current.responsible_units), units)
            elif lead_column and (not responsible_column or unit_cells == 0):
                _merge((current.lead_units, current.responsible_units), (split_units(cell), []))
            else:
                _merge((current.lead_units, current.responsible_units), ([], split_units(cell)))
            unit_cells += 1
        elif current is not None and not current.text and not unit_cells and not _is_unit_cell(cell):
            current.text = cell  # the row's short 工作任务 cell, just after its 序号
        elif len(cell) <= 30 and not SENTENCE_PUNCTUATION.search(cell):
            continue  # a grouping cell (强化权力配置信息公开) or an empty column's label
        elif current is not None and not unit_cells and not current.deadline_text:
            current.text = "；".join(x for x in (current.text, cell) if x)
        elif current is not None and numbered_row:
            # A numbered row holding sub-rows, each with its text and time (5 | 开工建设县老年养护楼。
            # | 县民政局 | 5月底前动工 | 开工建设老年大学。| 12月底前): one task, as the counting rule
            # counts a numbered item once.
            current.text = "；".join((current.text, cell))
            sub_row = True
        else:
            open_task(None, cell)
    tasks = [t for t in tasks if t.text]
    known = {u for t in tasks for u in (*t.lead_units, *t.responsible_units)}
    for task in tasks:
        task.lead_units = _unglue_known(task.lead_units, known)
        task.responsible_units = _unglue_known(task.responsible_units, known)
    # Merged cells: a table copied from a page prints a cell that spans rows (责任股室, 完成时限) once,
    # on the first row it spans; a row that printed nothing after its text takes the units and the
    # time of the row above (ADR 0067).
    for above, task in itertools.pairwise(tasks if merged_cells else []):
        cells_printed = printed.get(id(task), {"empty"})
        if "empty" in cells_printed:
            # A row of a | table with an empty cell: the cell is empty, not merged. Only rows with a
            # 序号 cell of their own are rows; two numbered items in one cell (4.… 5.…) share the
            # units printed after the second, not those above.
            continue
        if "units" not in cells_printed and not task.lead_units and not task.responsible_units:
            task.lead_units, task.responsible_units = list(above.lead_units), list(above.responsible_units)
        if "time" not in cells_printed and not task.deadline_text:
            task.deadline_text = above.deadline_text
    for task in tasks:
        found, task.deadline, task.recurrence = read_deadline(task.deadline_text or task.text, year)
        task.deadline_text = task.deadline_text or found
        if not task.lead_units and not task.responsible_units:
            task.warnings.append("未能识别牵头单位和责任单位，请在导入前补充。")
    return tasks or None


def parse_with_tables(text: str, tables: list[list[list[str]]] = (), year: int | None = None) -> ParsedPlan:
    """Like ``parse``, but a 任务分工 table — real (.docx) or flattened into lines — gives the tasks."""
    plan = parse(text, year=year, read_tasks=False)
    if INTERPRETATION in plan.warnings or REPORT in plan.warnings or RULES in plan.warnings:
        # A 政策解读, a report of progress (a 推进情况 table with its 牵头单位 column) or rules: its
        # tables are no plan either, no task, and the message says why.
        read_prose_tasks(plan)
        return plan
    # The flattened table is read from the text before cleanup, which joins cells across tabs.
    flattened = flattened_rows(to_simplified(text)) if re.search(r"\t| {2,}|\u3000{2,}", text) else []
    for rows in [*tables, flattened]:
        if table_tasks := tasks_from_rows(rows, plan.year):
            plan.tasks = table_tasks
            mark_collective(plan.tasks)
            return plan
    table_tasks = cell_table_tasks(plan.text, plan.year)
    read_prose_tasks(plan)
    if table_tasks and not _units_from_restating_table(plan.tasks, table_tasks):
        plan.tasks = table_tasks
        plan.warnings = [w for w in plan.warnings if w != NO_TASK]
    mark_collective(plan.tasks)
    return plan


def _units_from_restating_table(prose: list[Task], table: list[Task]) -> bool:
    """A plan that numbers its items and then restates them in a 任务分解 table (重点任务 | 工作内容
    | 负责科室): the numbered items are the tasks, and each takes the units of the row that repeats
    its text. True when most rows restate an item (the units were taken); False otherwise."""
    if not prose:
        return False
    pairs = []
    for row in table:
        probe = "".join(row.text.split("；")[-1].split())[:15]
        item = next((t for t in prose if probe and probe in "".join(t.text.split())), None)
        if item is not None:
            pairs.append((item, row))
    # Restated means item for row: a prose item that lists several of the table's rows (（一）知识产权
    # 保护方面5项：…、…) summarises them, and the rows are the tasks (ADR 0050).
    items = [id(item) for item, _row in pairs]
    if len(set(items)) * 2 < len(table) or any(items.count(i) > 1 for i in items):
        return False
    for item, row in pairs:
        if "|" in item.text:
            # The "item" is the table itself, one cell a line (序号 1 | …): the row's cells, not
            # the run of cells with their bars, are its text.
            item.text = row.text
        _merge((item.lead_units, item.responsible_units), (row.lead_units, row.responsible_units))
        if (item.lead_units or item.responsible_units) and not row.warnings:
            item.warnings = [w for w in item.warnings if "未能识别牵头单位" not in w]
        if not item.deadline_text and row.deadline_text:
            item.deadline_text, item.deadline = row.deadline_text, row.deadline
            item.recurrence = row.recurrence
    return True


def docx_tables(data: bytes) -> list[list[list[str]]]:
    """The tables of an uploaded .docx, read in the bounded child process (ADR 0011)."""
    from gongkai.textproc.bounded import docx_tables as bounded_docx_tables

    return bounded_docx_tables(data)
