"""Reading a published 政府信息公开工作年度报告 back into the national format's tables, whatever
shape it comes in: the page's HTML (real ``<table>`` with rowspan/colspan), text copied from a
page (cells separated by ``|``, tabs, spaces or line breaks, or not separated at all), .docx and
text-layer PDF; the 2019 试行 format (国办公开办函〔2019〕60号) and the 2021 format
(国办公开办函〔2021〕30号), in simplified or traditional characters.

Pure: no ORM. Every cell comes out with a status:

- ``read``: the cell stood on its own in the source (a blank cell counts 0, as published);
- ``derived``: the source ran several cells together (``行政规范性文件1245310``) and exactly one
  split of the digits satisfies the format's own arithmetic (``solver.py``);
- ``ambiguous``: several splits satisfy every constraint; the candidates go to a person;
- ``unread``: the row is missing, or no split fits.

A cell is never guessed: an ambiguous or unread cell has no value, and ``complete`` is False.
The arithmetic of what was read is checked afterwards and every failing cell named (a real
report may contain its own errors; they are reported, not corrected).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gongkai.reports import solver, tables

S2 = "二、主动公开政府信息情况"
S3 = "三、收到和处理政府信息公开申请情况"
S4 = "四、政府信息公开行政复议、行政诉讼情况"

# Section 二, as the two formats print it (regulations §2.3): (row, its columns, label pattern).
_P = r"(?:行政)?"
S2_ROWS_2021 = [
    ("规章", tables.NORMATIVE_COLUMNS, r"规章"),
    ("行政规范性文件", tables.NORMATIVE_COLUMNS, r"(?:行政)?规范性(?:文件|档案)"),
    ("行政许可", ["本年处理决定数量"], r"行政许可"),
    ("行政处罚", ["本年处理决定数量"], r"行政处罚"),
    ("行政强制", ["本年处理决定数量"], r"行政强制"),
    ("行政事业性收费", ["本年收费金额（单位：万元）"], r"行政事业性收费"),
]
S2_ROWS_2019 = [
    ("规章", tables.NORMATIVE_COLUMNS_2019, r"规章"),
    ("规范性文件", tables.NORMATIVE_COLUMNS_2019, r"(?:行政)?规范性(?:文件|档案)"),
    ("行政许可", tables.ITEM_COLUMNS_2019, r"行政许可"),
    ("其他对外管理服务事项", tables.ITEM_COLUMNS_2019, r"其他对外管理服务事项"),
    ("行政处罚", tables.ITEM_COLUMNS_2019, r"行政处罚"),
    ("行政强制", tables.ITEM_COLUMNS_2019, r"行政强制"),
    ("行政事业性收费", ["上一年项目数量", "本年增/减"], r"行政事业性收费"),
    ("政府集中采购", ["采购项目数量", "采购总金额"], r"政府集中采购"),
]

# Section 三 (regulations §2.4): the start of each row's label, after its numbering.
_N = r"(?:\d\s*[.．、]\s*)?"  # one digit: a run of zeros must not lend the label its own
_G = r"(?:[（(]\s*[一二三四五六七]\s*[)）]\s*)?"
_T = r"(?:[一二三四]\s*[、.．]\s*)?"
S3_PATTERNS = {
    "一": _T + r"本年新收",
    "二": _T + r"上年结转",
    "（一）": _G + r"予以公开",
    "（二）": _G + r"部分公开",
    "（三）1": _N + r"属于国家秘密",
    # 洪泽区 2023/2024 print ``2.其他法律行政止公开`` (法规禁 lost in the original)
    "（三）2": _N + r"其他法律行政(?:法规)?禁?止公开",
    "（三）3": _N + r"危及\W?三安全",
    "（三）4": _N + r"保护第三方",
    "（三）5": _N + r"属于三类内",
    "（三）6": _N + r"属于四类过程",
    "（三）7": _N + r"属于行政执法案卷",
    "（三）8": _N + r"属于行政查询",
    "（四）1": _N + r"本机关不掌握",
    "（四）2": _N + r"没有现成信息",
    "（四）3": _N + r"补正后申请内容",
    "（五）1": _N + r"信访举报投诉",
    "（五）2": _N + r"重复申请",
    "（五）3": _N + r"要求提供公开出版物",
    "（五）4": _N + r"无正当理由大量反复",
    "（五）5": _N + r"要求行政机关确认",
    "（六）": _G + r"其他处理",
    "（六）1": _N + r"(?:申请人)?无正当理由逾期不补正",
    "（六）2": _N + r"(?:申请人)?逾期未按收费通知",
    "（六）3": r"\d\s*[.．、]\s*其他",
    "（七）": r"(?:[（(]\s*七\s*[)）]\s*)?总\s*计",
    "四": _T + r"结转下年度",
}


def section_3_keys(version: int) -> list[str]:
    """Short keys of section 三's rows in the format's order (aligned with tables.section_3_rows)."""
    other = ["（六）"] if version == 2019 else ["（六）1", "（六）2", "（六）3"]
    return [
        "一",
        "二",
        "（一）",
        "（二）",
        *[f"（三）{i}" for i in range(1, 9)],
        *[f"（四）{i}" for i in range(1, 4)],
        *[f"（五）{i}" for i in range(1, 6)],
        *other,
        "（七）",
        "四",
    ]


def section_3_labels(version: int) -> dict[str, str]:
    return dict(zip(section_3_keys(version), tables.section_3_rows(version), strict=True))


S4_COLUMNS = [
    (group, column)
    for group in tables.APPEAL_GROUPS.values()
    for column in [*tables.APPEAL_RESULTS.values(), "总计"]
]


@dataclass
class CellReading:
    table: str
    row: str
    column: str
    value: object = None
    status: str = "unread"  # read | derived | ambiguous | unread
    candidates: list = field(default_factory=list)
    source: str = ""

    def as_dict(self) -> dict:
        return {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "value": _plain(self.value),
            "status": self.status,
            "candidates": [_plain(c) for c in self.candidates],
            "source": self.source,
        }


@dataclass
class Reading:
    year: int | None
    format: int
    cells: list[CellReading]
    checks: list[dict]
    problems: list[str]

    def table(self, name: str) -> dict:
        out: dict[str, dict] = {}
        for cell in self.cells:
            if cell.table == name and cell.status in ("read", "derived"):
                out.setdefault(cell.row, {})[cell.column] = cell.value
            elif cell.table == name:
                out.setdefault(cell.row, {})[cell.column] = None
        return out

    @property
    def complete(self) -> bool:
        return all(c.status in ("read", "derived") for c in self.cells)

    def flagged(self) -> list[CellReading]:
        return [c for c in self.cells if c.status in ("ambiguous", "unread")]

    def as_json(self) -> dict:
        return {
            "year": self.year,
            "format": self.format,
            "tables": {name: self.table(name) for name in (S2, S3, S4)},
            "cells": [c.as_dict() for c in self.cells],
            "checks": self.checks,
            "problems": self.problems,
        }


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


# ---------------------------------------------------------------- shapes → text


class NotAReport(ValueError):
    """The file could not be read, or it holds no annual-report table."""


def text_of_upload(name: str, data: bytes) -> str:
    """The text of an uploaded .html/.txt/.docx/.pdf; tables become lines of ``|``-separated cells
    (blank cells kept), so every shape meets the same reader."""
    lower = name.lower()
    if lower.endswith((".docx", ".pdf")):
        # Parsed in the bounded child process (ADR 0011): a hostile file costs a refusal, not a worker.
        from gongkai.textproc import bounded

        extraction = bounded.text_with_tables(lower.rsplit(".", 1)[-1], data)
        if extraction.status == bounded.STATUS_UNREADABLE:
            # A damaged file: say so, never half-read it silently.
            raise NotAReport(
                f"文件无法读取（{extraction.reason}），"
                "请上传网页（HTML）、文本、Word（.docx）或带文字层的 PDF。"
            )
        if extraction.words:
            # A PDF's numbers put back in their columns by position, where the header settles them.
            from gongkai.reports import pdflayout

            text, placed = pdflayout.text_by_position(list(extraction.words))
            if placed:
                return text
        return extraction.text
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise NotAReport("文件的文字编码无法识别，请另存为 UTF-8 后再上传。")
    return text_of(text)


def text_of(pasted: str) -> str:
    """HTML becomes text with its tables as ``|`` rows; plain text stays as it is."""
    if re.search(r"(?i)<(table|p|div|td|br|html|body)\b", pasted):
        return _html_text(pasted)
    return pasted


def _html_text(markup: str) -> str:
    import lxml.html

    try:
        root = lxml.html.fromstring(markup)
    except Exception as exc:
        raise NotAReport("网页无法解析。") from exc
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    # Innermost first: a site's layout table wrapping the report keeps its inner tables' rows.
    for table in reversed(list(root.iter("table"))):
        lines = []
        layout = bool(table.xpath(".//div[@data-gk]"))
        for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            if layout:
                lines += [td.text_content() for td in tr.xpath("./td|./th")]
                continue
            cells = [" ".join(td.text_content().split()) for td in tr.xpath("./td|./th")]
            lines.append(" | ".join(cells) + " |")
        block = lxml.html.Element("div")
        block.set("data-gk", "table")
        block.text = "\n" + "\n".join(lines) + "\n"
        block.tail = table.tail
        table.getparent().replace(table, block)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for element in root.iter("p", "div", "h1", "h2", "h3", "h4", "li", "tr"):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


_T2S = None


_KANGXI = re.compile("[\u2f00-\u2fd5]")


def normalize(text: str) -> str:
    """Simplified characters, half-width brackets kept as printed, mirror artefacts removed."""
    global _T2S
    text = text.replace("\u3000", " ").replace("\xa0", " ").replace("&nbsp;", " ")
    # A PDF exported from Word may map 一 二 人 文 to Kangxi radicals (⼀ ⼆ ⼈ ⽂): same reading.
    text = _KANGXI.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = re.sub(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+)\)", "", text)  # 主動(dòng): pinyin junk
    if re.search(r"[條開請規處數劃務與類]", text):
        if _T2S is None:
            import opencc

            _T2S = opencc.OpenCC("t2s")
        text = _T2S.convert(text)
        # Taiwan-phrase mirrors (OpenCC s2twp) also turn 信息 into 資訊 and 文件 into 檔案: the
        # format's labels (政府信息公开申请, 规范性文件) are read back as printed.
        text = text.replace("资讯", "信息").replace("规范性档案", "规范性文件")
    text = text.replace("?", " ").replace("？", " ").replace("\ufffd", " ")
    text = text.translate(FULL_WIDTH)
    # 自 然 人, 予 以 公 开: spaced-out labels read as printed words
    text = re.sub(r"(?<=[\u4e00-\u9fff“”])[ \t]+(?=[\u4e00-\u9fff“”])", "", text)
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 1,234
    return text.replace("(", "（").replace(")", "）")


FULL_WIDTH = str.maketrans("０１２３４５６７８９．｜", "0123456789.|")


# ---------------------------------------------------------------- text → rows

NUMBER = re.compile(r"^[-－—+＋]?\d+(?:\.\d+)?$")
DASH = re.compile(r"^[-－—/／无]$")
UNIT = re.compile(r"^([-－—+＋]?\d+(?:\.\d+)?)(万元|元|件|个|项)$")


@dataclass
class RowText:
    """The cells of one row as found: ``cells`` when the source kept its boundaries (``None`` for a
    blank cell), or ``run`` when the digits ran together."""

    cells: list | None = None
    run: str | None = None
    gaps: list | None = None  # numbers in order, blank cells dropped: positions unknown
    source: str = ""
    whole: bool = False  # the run is followed by more text: not cut off mid-row
    blank: bool = False  # nothing at all between this row's label and the next one
    end: int = 0
    # Digit runs cut apart only by a sign (``25-10``, ``2+2114``): each sign starts a cell.
    segments: list | None = None


def _value(token: str):
    token = token.strip()
    if not token or DASH.match(token):
        return 0
    unit = UNIT.match(token)
    if unit:
        token = unit.group(1)
    token = token.replace("－", "-").replace("—", "-").replace("＋", "+")
    if token.startswith("+"):
        token = token[1:]  # 本年增/减 printed with its sign: +2 is 2
    try:
        number = Decimal(token)
    except InvalidOperation:
        return None
    return int(number) if "." not in token else number


def _skip_label(text: str, at: int, stop: int) -> int:
    """Past the rest of a row's label (up to its first cell boundary or digit)."""
    while at < stop and not (text[at].isdigit() or text[at] in "|\t\n"):
        at += 1
    return at


_WRAPPED = re.compile(r"[ \t]*\n[^\d|\n]{1,30}?[）)][ \t]*(?=[-－—]?\d)")


def _row_values(text: str, start: int, stop: int, count: int, *, ends_text: bool | None = None) -> RowText:
    # A long label wrapped onto the next line (a PDF text layer: ``…只计这一情⏎形，不计其他情形） 3``):
    # its tail up to the closing bracket belongs to the label, the numbers follow.
    wrapped = _WRAPPED.match(text, start, stop)
    if wrapped:
        start = wrapped.end()
    region = text[start:stop]
    source = " ".join(region.split())[:120]
    if "|" in region:
        parts = region.split("|")
        offset = 0
        if parts and not re.search(r"\d", parts[0]):
            offset = len(parts[0]) + 1
            parts = parts[1:]
        cells: list = []
        consumed = offset
        for part in parts:
            piece = part.strip()
            if piece and _value(piece) is None:
                break
            cells.append(None if not piece else _value(piece))
            consumed += len(part) + 1
            if len(cells) == count:
                break
        return RowText(cells=cells, source=source, end=start + min(consumed, len(region)))
    line = region.split("\n", 1)[0]
    if "\t" in line:
        parts = line.split("\t")
        if parts and not re.search(r"\d", parts[0]):
            parts = parts[1:]
        cells = []
        for part in parts:
            if part.strip() and _value(part) is None:
                break
            cells.append(None if not part.strip() else _value(part))
            if len(cells) == count:
                break
        return RowText(cells=cells, source=source, end=start + len(line))
    tokens = []
    consumed = 0
    joined = True  # every number so far abuts the previous one: no separator between them
    for match in re.finditer(r"[-－—+＋]?\d+(?:\.\d+)?(?:万元|元|件)?|[^\s\d]+", region):
        token = match.group()
        if _value(token) is None:
            break
        if tokens and match.start() != consumed:
            joined = False
        tokens.append(token)
        consumed = match.end()
        if len(tokens) == count:
            break
    if ends_text is None:
        ends_text = stop >= len(text.rstrip())
    if (
        len(tokens) > 1
        and all(re.fullmatch(r"\d+", t) for t in tokens)
        and any(re.fullmatch(r"0\d+", t) for t in tokens)
    ):
        # ``230 000023``: a number never begins with 0, so these spaces are not cell boundaries
        # (a stray space in a run-together row); the digits are read as one run.
        tokens = ["".join(tokens)]
    if len(tokens) == 1 and count > 1 and re.fullmatch(r"\d+", tokens[0]):
        # Too few digits to split: one number whose row's blank cells were dropped.
        short = len(tokens[0]) < count and not ends_text
        single = tokens[0] == "0" or not tokens[0].startswith("0")
        gaps = [_value(tokens[0])] if short and single else None
        return RowText(run=tokens[0], gaps=gaps, source=source, end=start + consumed, whole=not ends_text)
    if not tokens and not region.strip() and not ends_text:
        # The next row's label follows at once: every cell of this row was left blank (a copy that
        # kept no trace of empty cells); a blank cell counts 0, as published.
        return RowText(cells=[None] * count, source=source, end=start, blank=True)
    if 0 < len(tokens) < count and ends_text:
        return RowText(cells=[], source=source, end=start + consumed)  # the text ends mid-row
    if 0 < len(tokens) < count:
        # Fewer numbers than cells and nothing marks the blank ones: which cell each number
        # belongs to is left to the arithmetic, and to a person when it cannot tell.
        runs = joined and len(tokens) > 1 and all(re.fullmatch(r"[-－—+＋]?\d+", t) for t in tokens)
        return RowText(
            gaps=[_value(t) for t in tokens],
            source=source,
            end=start + consumed,
            segments=tokens if runs else None,
        )
    return RowText(cells=[_value(t) for t in tokens], source=source, end=start + consumed)


_NOTE = re.compile(r"[^（|\t\n\d]{0,40}(（)[^）|\n]{4,}）")


def _find_rows(text: str, start: int, stop: int, patterns: list[tuple[str, str]]) -> dict[str, tuple]:
    """Each row's (label start, label end) in the format's order; a row not found is skipped and
    the search goes on from where it stood."""
    starts: dict[str, tuple] = {}
    at = start
    compiled = [(key, re.compile(pattern)) for key, pattern in patterns]
    for i, (key, pattern) in enumerate(compiled):
        match = pattern.search(text, at, stop)
        if match is None:
            continue
        starts[key] = (match.start(), match.end())
        at = match.end()
        # A label's own note (``其他对外管理服务事项（指…行政处罚、行政强制…）``) names other rows:
        # the next label is searched after it, unless that label stands before the note.
        note = _NOTE.match(text, at, stop)
        later = [p for _k, p in compiled[i + 1 :]]
        if note and not any(p.search(text, at, note.start(1)) for p in later):
            at = note.end()
    # A label runs up to its first cell, never into the next row's label: in a flattened copy
    # (``…已获取信息（六）其他处理（七）总计767…``) the rows between would otherwise be lost.
    found: dict[str, tuple] = {}
    keys = list(starts)
    for i, key in enumerate(keys):
        bound = starts[keys[i + 1]][0] if i + 1 < len(keys) else stop
        found[key] = (starts[key][0], _skip_label(text, starts[key][1], bound))
    return found


def _rows_between(text: str, found: dict[str, tuple], stop: int, counts: dict[str, int]) -> dict:
    keys = list(found)
    out = {}
    for i, key in enumerate(keys):
        end = found[keys[i + 1]][0] if i + 1 < len(keys) else stop
        out[key] = _row_values(text, found[key][1], end, counts[key])
    return out


def _anchor(text: str, patterns: list[str], start: int = 0, default: int | None = None) -> int | None:
    for pattern in patterns:
        match = re.compile(pattern).search(text, start)
        if match:
            return match.start()
    return default


# ---------------------------------------------------------------- the reader


def detect_year(text: str) -> int | None:
    match = re.search(
        r"(20\d\d)\s*年\s*(?:度)?[^。\n]{0,30}?政府信息公开(?:工作)?(?:年度)?(?:报告|年报|情况)", text
    )
    if match is None:
        match = re.search(r"统计期限[^。\n]{0,10}?(20\d\d)\s*年\s*1\s*月\s*1\s*日", text)
    return int(match.group(1)) if match else None


def read_report(text: str, year: int | None = None, *, previous: dict | None = None) -> Reading:
    """Read the tables of one report. ``previous`` (last year's tables, when the platform has them)
    adds the cross-year constraints: this year's 上年结转 = last year's 结转下年度, 现行有效件数."""
    text = normalize(text_of(text))
    year = year or detect_year(text)
    s2_version = 2019 if re.search(r"新制作数量|新公开数量|对外公开总数量", text) else None
    if s2_version is None and re.search(r"制发件数|废止件数|现行有效件数", text):
        s2_version = 2021
    s3_version = 2021 if re.search(r"逾期不补正|收费通知", text) else None
    anchor = _anchor(text, [r"勾稽关系", r"申请人情况"]) or 0
    if s3_version is None and re.search(r"[（(]\s*六\s*[)）]\s*其他处理", text[anchor:]):
        s3_version = 2019  # one 其他处理 row: the 2019 format (some later reports kept it)
    default = 2021 if (year or 2021) >= 2021 else 2019
    s2_version = s2_version or default
    s3_version = s3_version or (2019 if s2_version == 2019 and not year else default)
    cells: list[CellReading] = []
    problems: list[str] = []

    s3_anchor = _anchor(text, [r"勾稽关系", r"申请人情况", r"收到和处理政府信息公开申请"])
    s3_start = len(text) if s3_anchor is None else s3_anchor
    s2_start = _anchor(
        text, [r"第二十条\s*第?\s*[（(]\s*一\s*[)）]\s*项", r"主动公开政府信息情况"], default=0
    )
    s2_stop = _anchor(text, [r"收到和处理政府信息公开申请", r"勾稽关系"], s2_start, len(text))
    stated = _narrative_section_2(text[:s2_start], s2_version)
    s2_stop = min(s2_stop, max(s3_start, s2_start))
    cells += _read_section_2(text, s2_start, s2_stop, s2_version, problems, stated)

    keys = section_3_keys(s3_version)
    s4_heading = _anchor(
        text,
        [r"(?:四\s*[、.．]\s*)?(?:因)?政府信息公开(?:工作)?(?:被申请)?行政复议", r"行政复议"],
        s3_start if s3_anchor is not None else 0,
        len(text),
    )
    found = _find_rows(text, s3_start, s4_heading, [(k, S3_PATTERNS[k]) for k in keys])
    rows = _rows_between(text, found, s4_heading, dict.fromkeys(keys, 7))
    if found:
        tail = text[found[list(found)[-1]][1] : s4_heading]
        if len(re.findall(r"\d+", tail)) > 7:
            # More numbers after the last label than it has cells: the labels and the numbers were
            # printed apart, so an empty row proves nothing.
            rows = {k: (RowText(cells=[]) if r.blank else r) for k, r in rows.items()}
    narrative = _narrative_total(text[:s3_start])
    applicants = _narrative_applicants(text[:s3_start], narrative)
    s3_cells, s3_problems = _solve_section_3(rows, keys, s3_version, previous, narrative, applicants)
    cells += s3_cells
    problems += s3_problems

    cells += _read_section_4(text, s4_heading, problems)
    reading = Reading(year=year, format=s2_version, cells=cells, checks=[], problems=problems)
    reading.checks = check_reading(reading, s3_version, narrative)
    return reading


def _read_section_2(
    text: str, start: int, stop: int, version: int, problems: list[str], stated: dict | None = None
) -> list[CellReading]:
    layout = S2_ROWS_2019 if version == 2019 else S2_ROWS_2021
    found = _find_rows(text, start, stop, [(row, pattern) for row, _c, pattern in layout])
    counts = {row: len(columns) for row, columns, _p in layout}
    rows = _rows_between(text, found, stop, counts)
    zeros_printed = _zeros_printed(rows, counts)
    order = list(found)
    out = []
    for row, columns, pattern in layout:
        got = rows.get(row)
        if got is None:
            if found or start:
                problems.append(f"未能读取第二部分“{row}”一行。")
            out += [CellReading(S2, row, c) for c in columns]
            continue
        i = order.index(row)
        label_end = re.compile(pattern).match(text, found[row][0]).end()
        end = found[order[i + 1]][0] if i + 1 < len(order) else stop
        parts = _sub_rows(text[label_end:end], len(columns))
        if parts:
            # A local variant splits the row into items (其他对外管理服务事项: 行政检查 …,
            # 行政确认 …) with no figure of its own: the row is their sum, shown as derived.
            sums = [sum(p[1][k] for p in parts) for k in range(len(columns))]
            source = "；".join(f"{label} {' '.join(str(v) for v in vals)}" for label, vals in parts)
            out += [
                CellReading(S2, row, c, v, "derived", source=f"分项相加：{source}")
                for c, v in zip(columns, sums, strict=True)
            ]
            continue
        if got.run is not None or got.gaps:
            options = solver.splits(got.run, len(columns)) if got.run is not None else []
            if got.run is not None and got.whole and not zeros_printed:
                # The page may have left blank cells empty: fewer numbers than cells, in order.
                options = sorted(set(options) | set(solver.fewer(got.run, len(columns))))
            if got.segments:
                signed = columns.index("本年增/减") if "本年增/减" in columns else None
                options = sorted(set(options) | set(solver.segmented(got.segments, len(columns), signed)))
            if got.gaps and not (zeros_printed and got.segments):
                options = sorted(set(options) | set(solver.placements(got.gaps, len(columns))))
            figures = (stated or {}).get(row)
            if figures and len(options) > 1:
                # The narrative's own figures (共制定规范性文件8件): kept only when some split agrees
                # with every one of them; a narrative that contradicts them all proves nothing.
                agreeing = [o for o in options if all(o[columns.index(c)] == v for c, v in figures.items())]
                options = agreeing or options
            if not options and got.run is not None and not got.whole:
                # Cut off by the end of the text: a 0 never begins a longer number, so leading
                # zeros are whole cells whatever followed them.
                leading = len(got.run) - len(got.run.lstrip("0"))
                if leading >= len(columns):
                    options = [(0,) * len(columns)]
            out += _resolved(S2, row, columns, options, got.source)
            continue
        values = got.cells or []
        for i, column in enumerate(columns):
            if i < len(values):
                out.append(CellReading(S2, row, column, values[i] or 0, "read", source=got.source))
            else:
                out.append(CellReading(S2, row, column, source=got.source))
    return out


_STATED_2021 = {
    "本年制发件数": r"(?:制发|制定|出台|印发)了?(?:的)?",
    "本年废止件数": r"废止了?(?:的)?",
    "现行有效件数": r"现行有效(?:的)?",
}
_STATED_2019 = {"本年新制作数量": r"(?:新)?制作了?(?:的)?", "本年新公开数量": r"(?:新)?公开了?(?:的)?"}


def _narrative_section_2(text: str, version: int) -> dict:
    """The 规范性文件 figures the narrative states itself (``共制定规范性文件0件，废止…``,
    ``通过网站公开规范性文件8个``): further evidence for a run-together row of section 二."""
    row = "规范性文件" if version == 2019 else "行政规范性文件"
    out = {}
    for column, verb in (_STATED_2019 if version == 2019 else _STATED_2021).items():
        found = re.findall(verb + r"(?:行政)?规范性文件\s*(\d+)\s*[件个份]", text)
        if len(set(found)) == 1:  # two different figures for the same thing: no evidence
            out[column] = int(found[0])
    return {row: out} if out else {}


def _zeros_printed(rows: dict, counts: dict) -> bool:
    """Whether the copy shows that this page prints its zeros in section 二 rather than leaving the
    cells empty: some row ran together as exactly one 0 per cell (``规章000``, ``行政许可0``) and no
    row shows a blank (an empty row, or fewer zeros than cells). Then a run like ``211`` is 2|1|1,
    not 21|1 with an empty cell."""
    printed = blanks = False
    for key, row in rows.items():
        if row.blank or (row.run is not None and set(row.run) == {"0"} and len(row.run) < counts[key]):
            blanks = True
        elif row.run is not None and set(row.run) == {"0"} and len(row.run) == counts[key]:
            printed = True
        elif row.gaps and row.segments is None:
            blanks = True
    return printed and not blanks


_SUB_ROW = re.compile(r"([^\d|\s+＋\-－—][^\d|]*?)\s*[|\s]*((?:[-－—+＋]?\d+(?:\.\d+)?\s*[|\s]*)+)")


def _sub_rows(region: str, count: int) -> list[tuple[str, list]] | None:
    """A row printed as two or more labelled items, each with all its cells (``行政检查 0 0 0
    行政确认 0 0 0``); None unless the whole region is such items (trailing text without digits
    allowed)."""
    parts = []
    at = 0
    region = region.strip(" |\t\n")
    for match in _SUB_ROW.finditer(region):
        if region[at : match.start()].strip(" |\t\n"):
            return None
        label = " ".join(match.group(1).replace("|", " ").split())
        numbers = re.findall(r"[-－—+＋]?\d+(?:\.\d+)?", match.group(2))
        if len(numbers) == 1 and re.fullmatch(r"\d+", numbers[0]):
            options = solver.splits(numbers[0], count)  # a flattened copy: only a unique split
            if len(options) != 1:
                return None
            values = list(options[0])
        elif len(numbers) == count:
            values = [_value(n) for n in numbers]
        else:
            return None
        if not label or len(label) > 20:
            return None
        parts.append((label, values))
        at = match.end()
    if len(parts) < 2 or re.search(r"\d", region[at:]):
        return None
    return parts


def _resolved(table: str, row: str, columns: list[str], options: list[tuple], source: str) -> list:
    if len(options) == 1:
        return [
            CellReading(table, row, c, v, "derived", source=source)
            for c, v in zip(columns, options[0], strict=True)
        ]
    out = []
    for i, column in enumerate(columns):
        values = sorted({o[i] for o in options})
        if options and len(values) == 1:
            out.append(CellReading(table, row, column, values[0], "derived", source=source))
        else:
            out.append(
                CellReading(
                    table, row, column, None, "ambiguous" if options else "unread", values[:12], source
                )
            )
    return out


def _narrative_total(text: str) -> int | None:
    """全年共收到申请××件: the narrative's own figure for 一、本年新收 (further evidence only)."""
    match = re.search(
        r"(?:共|全年|本年度?)\s*(?:收到|受理|新收|接收)[^。；;，,]{0,14}?申请\s*(\d+)\s*[件份条个]", text
    )
    if match is None:
        match = re.search(
            r"(?:共|全年)\s*(?:收到|受理|新收|接收)\s*(\d+)\s*[件份]\s*(?:政府信息公开)?申请", text
        )
    return int(match.group(1)) if match else None


_APPLICANTS = {"自然人": 0, "商业企业": 1, "科研机构": 2, "社会公益组织": 3, "法律服务机构": 4}


def _narrative_applicants(text: str, total: int | None) -> dict:
    """Who applied, as the narrative states it (``涉及自然人80件、商业企业1件``, ``均为自然人申请``):
    further evidence for row 一's applicant columns, which a flattened copy of a page that left
    its blank cells empty cannot place by arithmetic alone."""
    out: dict = {}
    if re.search(r"(?:均|全部|都)\s*(?:为|是|系|由)\s*自然人", text) and total is not None:
        out = {0: total, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    for name, index in _APPLICANTS.items():
        found = set(re.findall(name + r"(?:申请|提出|提交)?\s*(\d+)\s*[件份条个]", text))
        if len(found) == 1:
            out[index] = int(found.pop())
    found = set(re.findall(r"法人(?:或|和)其他组织(?:申请|提出|提交)?\s*(\d+)\s*[件份条个]", text))
    if len(found) == 1:
        out[(1, 2, 3, 4, 5)] = int(found.pop())
    return out


def _solve_section_3(rows: dict, keys: list[str], version: int, previous, narrative, applicants=None):
    labels = section_3_labels(version)
    fixed: dict[str, list] = {}
    runs: dict[str, str] = {}
    gaps: dict[str, list] = {}
    dropped: dict[str, str] = {}
    derived: set[str] = set()
    sources: dict[str, str] = {}
    problems: list[str] = []
    for key in keys:
        got = rows.get(key)
        if got is None:
            problems.append(f"未能读取第三部分“{labels[key].split('·')[-1]}”一行。")
            continue
        sources[key] = got.source
        if got.run is not None or got.gaps:
            if got.run is not None and got.whole:
                dropped[key] = got.run  # blank cells may have vanished, or printed as 0
            elif got.run is not None and got.run == "0" * 6:
                # Cut off by the end of the text after six zeros: a zero never begins a longer
                # number, so six cells are 0 and the 总计, their sum, is 0 too.
                fixed[key] = [0] * 7
                derived.add(key)
            elif got.run is not None:
                runs[key] = got.run
            if got.gaps:
                gaps[key] = got.gaps
        else:
            values = list(got.cells or [])
            fixed[key] = [(values[i] or 0) if i < len(values) else None for i in range(7)]
    carried_in = None
    if previous:
        last = previous.get(tables.CARRIED_OUT)
        if last:
            carried_in = tuple(int(last.get(c) or 0) for c in tables.SECTION_3_COLUMNS)
    solved = solver.solve_section_3(
        keys,
        fixed,
        runs,
        gaps=gaps,
        dropped=dropped,
        carried_in=carried_in,
        new_total=narrative,
        new_by_applicant=applicants,
    )
    out = []
    for key in keys:
        row = labels[key]
        if key in fixed:
            for i, column in enumerate(tables.SECTION_3_COLUMNS):
                value = fixed[key][i]
                status = ("derived" if key in derived else "read") if value is not None else "unread"
                out.append(CellReading(S3, row, column, value, status, source=sources[key]))
        elif key in runs or key in gaps or key in dropped:
            out += _resolved(S3, row, tables.SECTION_3_COLUMNS, solved.get(key, []), sources[key])
            if not solved.get(key):
                problems.append(
                    f"第三部分“{row.split('·')[-1]}”一行的数字连在一起，无法按表格的勾稽关系拆分。"
                )
        else:
            out += [CellReading(S3, row, c) for c in tables.SECTION_3_COLUMNS]
    return out, problems


def _read_section_4(text: str, heading: int, problems: list[str]) -> list[CellReading]:
    [f"{group}|{column}" for group, column in S4_COLUMNS]
    stop = _anchor(text, [r"五\s*[、.．]", r"存在的主要问题"], heading + 1, len(text))
    region = text[heading:stop] if heading < len(text) else ""
    header = [m.end() for m in re.finditer(r"计|审结|起诉", region)]
    cjk = [m.end() for m in re.finditer(r"[\u4e00-\u9fff）)]", region)]
    values_at = header[-1] if header else (cjk[-1] if cjk else 0)
    ends_text = stop >= len(text)  # no section 五 after it: the text may end mid-row
    row = (
        _row_values(region, values_at, len(region), 15, ends_text=ends_text) if region else RowText(cells=[])
    )

    def cell(i, value, status, candidates=()):
        group, column = S4_COLUMNS[i]
        return CellReading(S4, group, column, value, status, list(candidates), row.source)

    if row.run is not None or row.gaps:
        options = solver.solve_section_4(run=row.run, gaps=row.gaps)
        if len(options) == 1:
            return [cell(i, v, "derived") for i, v in enumerate(options[0])]
        out = []
        for i in range(15):
            values = sorted({o[i] for o in options})
            if len(values) == 1:
                out.append(cell(i, values[0], "derived"))
            else:
                out.append(cell(i, None, "ambiguous" if options else "unread", values[:12]))
        if not options:
            problems.append("第四部分（行政复议、行政诉讼）的数字连在一起，无法按各项总计拆分。")
        return out
    values = row.cells or []
    if len([v for v in values if v is not None]) == 0 or len(values) < 15:
        if region:
            problems.append("未能读取第四部分（行政复议、行政诉讼）的15个数字。")
        return [cell(i, None, "unread") for i in range(15)]
    return [cell(i, values[i] or 0, "read") for i in range(15)]


# ---------------------------------------------------------------- checks on what was published


def complete_table(name: str, table: dict | None, version: int) -> dict:
    """An imported table with every row and column of its format (``None`` where not read), so the
    layout can print it whatever was missing."""
    table = table or {}
    if name == S2:
        layout = S2_ROWS_2019 if version == 2019 else S2_ROWS_2021
        shape = {row: columns for row, columns, _p in layout}
    elif name == S4:
        shape = {g: [*tables.APPEAL_RESULTS.values(), "总计"] for g in tables.APPEAL_GROUPS.values()}
    else:
        return table
    return {row: {c: (table.get(row) or {}).get(c) for c in columns} for row, columns in shape.items()}


def check_reading(reading: Reading, version: int, narrative: int | None = None) -> list[dict]:
    return check_tables(reading.table(S3), reading.table(S4), version, narrative)


def check_tables(s3: dict, s4: dict, version: int, narrative: int | None = None) -> list[dict]:
    """Every arithmetic rule of the format on the values as resolved; each failure names its cell.
    A rule is checked only where all its cells are known."""
    checks: list[dict] = []
    labels = section_3_labels(version)
    total_row, new, carried_in, carried_out = labels["（七）"], labels["一"], labels["二"], labels["四"]
    outcome_rows = [labels[k] for k in section_3_keys(version) if k.startswith("（") and k != "（七）"]

    def known(row: str, column: str):
        return (s3.get(row) or {}).get(column)

    for row, cells in s3.items():
        parts = [cells.get(c) for c in tables.APPLICANT_COLUMNS.values()]
        if None in parts or cells.get(tables.TOTAL_COLUMN) is None:
            continue
        if sum(parts) != cells[tables.TOTAL_COLUMN]:
            checks.append(
                {
                    "cell": f"三·{row.split('·')[-1]}·总计",
                    "message": f"总计列{cells[tables.TOTAL_COLUMN]}不等于六类申请人之和{sum(parts)}",
                }
            )
    for column in tables.SECTION_3_COLUMNS:
        parts = [known(r, column) for r in outcome_rows]
        total = known(total_row, column)
        if None not in parts and total is not None and sum(parts) != total:
            checks.append(
                {
                    "cell": f"三·（七）总计·{column}",
                    "message": f"总计{total}不等于各项办理结果之和{sum(parts)}",
                }
            )
        four = [known(new, column), known(carried_in, column), total, known(carried_out, column)]
        if None not in four and four[0] + four[1] != four[2] + four[3]:
            checks.append(
                {
                    "cell": f"三·{column}列",
                    "message": f"第一项加第二项（{four[0] + four[1]}）"
                    f"不等于第三项总计加第四项（{four[2] + four[3]}）",
                }
            )
    for group, cells in (s4 or {}).items():
        parts = [cells.get(c) for c in tables.APPEAL_RESULTS.values()]
        if None not in parts and cells.get("总计") is not None and sum(parts) != cells["总计"]:
            checks.append(
                {"cell": f"四·{group}·总计", "message": f"总计{cells['总计']}不等于各结果之和{sum(parts)}"}
            )
    new_total = known(new, tables.TOTAL_COLUMN)
    if narrative is not None and new_total is not None and narrative != new_total:
        checks.append(
            {
                "cell": f"三·{new.split('·')[-1]}·总计",
                "message": f"正文所述收到申请{narrative}件，与表中本年新收{new_total}件不一致",
            }
        )
    return checks
