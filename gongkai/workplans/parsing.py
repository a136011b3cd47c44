"""Reading a 政务公开工作要点 (or 实施方案) notice into tasks: pure functions, no ORM.

The text is cleaned first (繁→简, stray pinyin such as 朝陽(yáng), injected spam flagged), then
the official-document structure is read: 发文字号, title, addressees, issuer and date in the head;
the heading levels 一、 / （一） / 1. or 1、 / （1）; and the tasks at the finest level that carries
work, with the units in their closing brackets and any deadline in their text.
"""

from __future__ import annotations

import calendar
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


# ---------------------------------------------------------------- units

UNIT_SPLIT = re.compile(r"[、，,；;]")
# 责任单位; with a semicolon for the colon is a typo seen in seed 001: read it all the same.
LEAD_RESPONSIBLE = re.compile(r"牵头单位[:：](?P<lead>.*?)[；;，,\s]*(?:配合|责任)单位[:：；;](?P<resp>.*)$")
RESPONSIBLE_ONLY = re.compile(r"^(?:责任单位|配合单位)[:：](?P<resp>.*)$")
LEAD_ONLY = re.compile(r"^牵头单位[:：](?P<lead>.*)$")
# What follows a unit's name in the bracket: how it is to act, not who it is.
TRAILING = re.compile(
    r"(?:(?:按照?|根据)(?:职能|职责)(?:分工)?)?(?:分别)?(?:牵头)?(?:组织)?"
    r"(?:配合落实|协同落实|负责落实|抓好相关工作|抓好落实|落实|负责|配合)?$"
)
UNIT_WORDS = re.compile(
    r"(局|委|办|厅|部|院|所|室|中心|政府|单位|部门|公司|集团|银行|协会|组|会|街道|乡镇|管委会|法院|检察院|支队|大队|站|队)"
)


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
    for part in parts:
        part = TRAILING.sub("", part.strip(" 　。"), count=1)
        part = re.sub(r"^(?:会同|协同|配合|由)", "", part).strip()
        if part:
            units.append(part)
    return units


def read_units(bracket: str) -> tuple[list[str], list[str]] | None:
    """Lead and responsible units from the closing bracket of a task, or None if it names none."""
    text = " ".join(bracket.split())
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
    (re.compile(r"(?:今年|本年)?年底之?前|年内"), lambda m, y: date(y, 12, 31) if y else None),
    (re.compile(r"(\d+)个工作日内"), lambda m, y: None),
]
RECURRENCES = [("每季度", "quarterly"), ("每月", "monthly"), ("每半年", "half-yearly"), ("每年", "yearly")]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def read_deadline(text: str, year: int | None) -> tuple[str, date | None, str]:
    for pattern, resolve in DEADLINES:
        if match := pattern.search(text):
            try:
                return match.group(0), resolve(match, year), ""
            except ValueError:
                return match.group(0), None, ""
    for word, recurrence in RECURRENCES:
        if word in text:
            return word, None, recurrence
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
                plan.title = "".join(x for x in title_lines if "〔" not in x or "关于" in x)
    first_heading = next(
        (i for i, line in enumerate(lines) if _heading(line) and _heading(line)[0] == 0), len(lines)
    )
    if not plan.title or not ("关于" in plan.title or "要点" in plan.title or "方案" in plan.title):
        named = next(
            (
                m
                for x in lines[:12]
                if (m := re.search(r"《([^》]*(?:工作要点|实施方案|工作安排)[^》]*)》", x))
            ),
            None,
        )
        if named:
            plan.title = named[1]
    if not plan.title:
        # A plan without a covering notice: its own name is the line before the first heading's preamble.
        candidates = [
            x for x in lines[:first_heading] if ("工作要点" in x or "实施方案" in x) and len(x) < 60
        ]
        plan.title = candidates[0] if candidates else (lines[0] if lines else "")
    return first_heading


def parse(text: str, year: int | None = None) -> ParsedPlan:
    cleaned = clean_scraped_text(text)
    plan = ParsedPlan(text=cleaned.text)
    for token in cleaned.removed_spam:
        plan.warnings.append(f"发现可疑内容“{token}”（疑似被植入的博彩等信息），已从正文移除，请核对原文。")
    if cleaned.removed_pinyin:
        plan.warnings.append(f"已移除 {cleaned.removed_pinyin} 处拼音注音。")
    lines = [" ".join(line.split()) for line in cleaned.text.splitlines()]
    lines = [line for line in lines if line]
    start = _head(lines, plan)
    end = next((i for i in range(start, len(lines)) if BODY_END.search(lines[i])), len(lines))
    lines = lines[:end]
    years = [int(y) for y in YEAR_IN_TITLE.findall(plan.title)]
    plan.year = year or (years[0] if years else (plan.date.year if plan.date else None))

    # Nodes: (level, marker, text, path) in order; unmarked lines continue the node before them.
    nodes: list[list] = []
    stack: list[tuple[int, str]] = []
    for line in lines[start:]:
        heading = _heading(line)
        if heading is None:
            # A wrapped line continues its task; prose after a task closed by its units bracket
            # (各地各部门贯彻落实本要点的情况……) belongs to no task.
            if nodes and _units_of(nodes[-1][2])[1] is None:
                nodes[-1][2] += line
            continue
        level, marker, rest = heading
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, marker))
        nodes.append([level, marker, rest, "/".join(m for _, m in stack)])
    # A node is a task if it carries work: it has no children, or it is more than a title.
    for index, (level, _marker, rest, path) in enumerate(nodes):
        has_children = index + 1 < len(nodes) and nodes[index + 1][0] > level
        if has_children and _is_title_only(rest):
            continue
        if not has_children and _is_title_only(rest) and level == 0:
            continue
        body, units = _units_of(rest)
        task = Task(path=path, text=body)
        if units:
            task.lead_units, task.responsible_units = units
        else:
            task.warnings.append("未能识别牵头单位和责任单位，请在导入前补充。")
        task.deadline_text, task.deadline, task.recurrence = read_deadline(body, plan.year)
        plan.tasks.append(task)
    if not plan.tasks:
        plan.warnings.append("没有识别出任何任务：请确认这是一份工作要点或实施方案的正文。")
    return plan


# ---------------------------------------------------------------- 任务分工 tables

TABLE_COLUMNS = {
    "task": ("工作任务", "重点任务", "任务", "工作内容"),
    "requirement": ("工作要求", "具体要求", "任务要求"),
    "lead": ("牵头单位", "牵头部门"),
    "responsible": ("责任单位", "配合单位", "责任部门"),
    "deadline": ("时限", "完成时限", "时间要求", "完成时间"),
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
            if "task" in (found := _column_map(header)) and ("lead" in found or "responsible" in found)
        ),
        None,
    )
    if header_at is None:
        return None
    columns = _column_map(rows[header_at])
    tasks = []
    for number, row in enumerate(rows[header_at + 1 :], start=1):
        cells = [" ".join(c.split()) for c in row]
        values = {key: cells[i] if i < len(cells) else "" for key, i in columns.items()}

        def cell(key: str, values=values) -> str:
            return values.get(key, "")

        text = "；".join(x for x in (cell("task"), cell("requirement")) if x)
        if not text:
            continue
        task = Task(
            path=cells[0] if cells and cells[0].isdigit() else str(number),
            text=text,
            lead_units=split_units(cell("lead")),
            responsible_units=split_units(cell("responsible")),
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


def parse_with_tables(text: str, tables: list[list[list[str]]] = (), year: int | None = None) -> ParsedPlan:
    """Like ``parse``, but a 任务分工 table — real (.docx) or flattened into lines — gives the tasks."""
    plan = parse(text, year=year)
    # The flattened table is read from the text before cleanup, which joins cells across tabs.
    for rows in [*tables, flattened_rows(to_simplified(text))]:
        table_tasks = tasks_from_rows(rows, plan.year)
        if table_tasks:
            plan.tasks = table_tasks
            plan.warnings = [w for w in plan.warnings if "没有识别出任何任务" not in w]
            break
    return plan


def docx_tables(data: bytes) -> list[list[list[str]]]:
    """The tables of an uploaded .docx, read in the bounded child process (ADR 0011)."""
    from gongkai.textproc.bounded import docx_tables as bounded_docx_tables

    return bounded_docx_tables(data)
