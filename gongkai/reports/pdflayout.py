"""A PDF report's tables read by where each number stands (ADR 0018 addendum).

A PDF's plain text layer keeps a row's numbers but not their cells: a page that leaves a zero
cell empty prints ``821 35 2 1 859`` for 821 | 35 | | | 2 | 1 | 859, and section 四's 15 cells
come out as ``5 2 7 8 1 9``. The glyph positions still say which column each number stood in.
This module rebuilds the text of a PDF from its words with their boxes
(``gongkai.textproc.extract.pdf_words``, run in the bounded child, ADR 0011) and writes a
table row whose every number settles in exactly one column as ``label | 821 | 35 |  |  | 2 | 1 |
859 |`` — the shape the reader already reads cell by cell, blank cells kept.

The columns come from the table's own header: each leaf header (自然人, 商业企业 … 总计; 结果维持
… 总计 three times) is found as the words stacked in its cell (``商业企`` above ``业``), and the
whole sequence must be exactly the format's, left to right, or nothing is placed. A number
belongs to column *i* only if it lies right of header *i−1* and left of header *i+1*, and to no
other column; a number that could be in two columns, two numbers in one column, or a word
other than a number among the cells leaves the line as printed — the reader then treats it as
before (flagged for a person, never guessed).

Pure: no Django, no PDF library; the input is the child's JSON.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

CELL = re.compile(r"^(?:[-－—]?\d+(?:\.\d+)?(?:万元|元|件|个|项)?|[-－—/／])$")
S3_LEAVES = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
S4_LEAVES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
# Section 二's small tables, longest first: a three-column header is never read as two columns.
S2_LEAVES = [
    ["本年制发件数", "本年废止件数", "现行有效件数"],
    ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
    ["上一年项目数量", "本年增/减", "处理决定数量"],
    ["上一年项目数量", "本年增/减"],
    ["采购项目数量", "采购总金额"],
]
S2_HEADING = re.compile(r"主动公开政府信息情况")
S2_BLOCK = re.compile(r"第二十条")
S3_HEADING = re.compile(r"收到和处理政府信息公开申请")
S3_FIRST_ROW = re.compile(r"本年新收")
S4_HEADING = re.compile(r"^\s*四\s*[、.．]?\s*政府信息公开行政复议")
AFTER_TABLES = re.compile(r"^\s*[五六]\s*[、.．]")
# A row label's own start: （三）, 5., 四、 — a line of text without it continues the label above.
ROW_START = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十]+\s*[)）]|\d+\s*[.．、]|[一二三四五六七八九十]+\s*[、.．])"
)


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def size(self) -> float:
        return max(self.y1 - self.y0, 1.0)

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Line:
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


_KANGXI = re.compile("[\u2f00-\u2fd5]")


def _words(page: dict) -> list[Word]:
    # Kangxi radicals (⾃然⼈ in some Word exports) are the characters of the headers they spell.
    return [
        Word(
            _KANGXI.sub(lambda m: unicodedata.normalize("NFKC", m.group()), str(w[0])),
            *(float(v) for v in w[1:5]),
        )
        for w in page.get("words", [])
    ]


def _lines(words: list[Word]) -> list[Line]:
    """Words in stream order; a line goes on while the next word stands to the right at the same height."""
    lines: list[Line] = []
    for word in words:
        if lines:
            last = lines[-1].words[-1]
            same_height = abs(word.middle - last.middle) < min(word.size, last.size) / 2
            if same_height and word.x0 >= last.x1 - word.size / 4:
                lines[-1].words.append(word)
                continue
        lines.append(Line([word]))
    return lines


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text)


def header_columns(words: list[Word], leaves: list[str]) -> list[tuple[float, float]] | None:
    """The x extent of each leaf header, found as words stacked (or set side by side) in its
    cell; ``None`` unless the headers found are exactly ``leaves``, left to right, apart."""
    prefixes = {leaf[:k] for leaf in leaves for k in range(1, len(leaf) + 1)}
    targets = set(leaves)
    order = sorted(range(len(words)), key=lambda i: (-words[i].y1, words[i].x0))
    used: set[int] = set()
    found: list[tuple[float, float, str]] = []
    for i in order:
        if i in used or _clean(words[i].text) not in prefixes:
            continue
        members, text = [i], _clean(words[i].text)
        x0, x1, bottom, size = words[i].x0, words[i].x1, words[i].y0, words[i].size
        last = words[i]
        while text not in targets:
            nexts = []
            for j in order:
                if j in used or j in members or (text + _clean(words[j].text)) not in prefixes:
                    continue
                w = words[j]
                below = w.x0 < x1 and w.x1 > x0 and bottom - 2 * size <= w.y1 <= bottom + size / 2
                beside = abs(w.middle - last.middle) < size / 2 and 0 <= w.x0 - last.x1 < 1.5 * size
                if below or beside:
                    nexts.append(j)
            if not nexts:
                break
            j = max(nexts, key=lambda k: (words[k].y1, -words[k].x0))
            w = words[j]
            members.append(j)
            text += _clean(w.text)
            x0, x1, bottom, last = min(x0, w.x0), max(x1, w.x1), min(bottom, w.y0), w
        if text in targets:
            used.update(members)
            found.append((x0, x1, text))
    found.sort()
    if [f[2] for f in found] != leaves:
        return None
    if any(found[k][1] >= found[k + 1][0] for k in range(len(found) - 1)):
        return None
    return [(f[0], f[1]) for f in found]


def column_of(word: Word, columns: list[tuple[float, float]]) -> int | None:
    """The one column a number stands in: right of the previous header, left of the next one."""
    first_gap = columns[1][0] - columns[0][1]
    last_gap = columns[-1][0] - columns[-2][1]
    fits = []
    for i, (x0, x1) in enumerate(columns):
        left = columns[i - 1][1] if i else x0 - first_gap
        right = columns[i + 1][0] if i + 1 < len(columns) else x1 + last_gap
        if word.x0 > left and word.x1 < right:
            fits.append(i)
    return fits[0] if len(fits) == 1 else None


def place_line(line: Line, columns: list[tuple[float, float]]) -> str | None:
    """``label | cells |`` when every number after the label settles in its own column."""
    words = line.words
    split = len(words)
    while split and CELL.match(words[split - 1].text):
        split -= 1
    label, numbers = words[:split], words[split:]
    if not numbers:
        return None
    # Half the gap between two headers left of the first one: a centred label cell may come close.
    boundary = columns[0][0] - (columns[1][0] - columns[0][1]) / 2
    if any(w.x1 > boundary for w in label):
        return None  # text among the cells, or a label reaching into them: not a plain row
    cells: list[str | None] = [None] * len(columns)
    for word in numbers:
        column = column_of(word, columns)
        if column is None or cells[column] is not None:
            return None
        cells[column] = word.text
    head = " ".join(w.text for w in label)
    return f"{head} | " + " | ".join(c or "" for c in cells) + " |"


def _beside(numbers: list[Word], label: list[Word]) -> bool:
    """Each number stands within the height of the label's lines."""
    if not label:
        return False
    low, high = min(w.y0 for w in label), max(w.y1 for w in label)
    return all(low < n.middle < high for n in numbers)


def _below(numbers: list[Word], header: list[Word]) -> bool:
    """Section 四's single row stands under its header, not somewhere else on the page."""
    return bool(header) and all(n.y1 <= min(w.y0 for w in header) + n.size / 2 for n in numbers)


def text_by_position(pages: list[dict]) -> tuple[str, int]:
    """The report's text, lines in stream order, with the rows of sections 三 and 四 whose
    numbers settle by position written as ``|`` cells; and how many rows were so placed."""
    out: list[str] = []
    placed = 0
    columns3 = None
    zone3: list[Word] | None = None
    zone4: list[Word] | None = None
    in_s2, columns2, zone2 = False, None, None
    label_open: list[Word] = []  # the words of the row label just written, with no number yet
    for page in pages:
        lines = _lines(_words(page))
        if columns3 is not None:
            # Table 三 goes on over this page: its header, when repeated here, gives this page's
            # columns; a page that repeats only part of it places nothing.
            top: list[Word] = []
            for line in lines:
                if any(CELL.match(w.text) for w in line.words):
                    break
                top += line.words
            repeated = header_columns(top, S3_LEAVES)
            if repeated:
                columns3 = repeated
            elif any(_clean(w.text) in ("自然人", "申请人情况") for w in top):
                columns3 = None
        for line in lines:
            text = line.text
            flat = _clean(text)
            if S4_HEADING.match(flat) or AFTER_TABLES.match(flat):
                columns3, zone3 = None, None
                zone4 = [] if S4_HEADING.match(flat) else None
                out.append(text)
                continue
            if zone4 is not None:
                if all(CELL.match(w.text) for w in line.words):
                    columns4 = header_columns(zone4, S4_LEAVES)
                    row = place_line(line, columns4) if columns4 else None
                    if row and not _below(line.words, zone4):
                        row = None
                    zone4 = None
                    if row:
                        placed += 1
                        out.append(row)
                        continue
                else:
                    zone4.extend(line.words)
                out.append(text)
                continue
            if S2_HEADING.search(flat) and not S3_HEADING.search(flat):
                in_s2, columns2, zone2 = True, None, None
                out.append(text)
                continue
            if in_s2 and not S3_HEADING.search(flat):
                row = None
                if S2_BLOCK.search(flat):
                    columns2, zone2 = None, []  # a new small table: its header follows
                elif zone2 is not None and any(CELL.match(w.text) for w in line.words):
                    columns2 = next(
                        filter(None, (header_columns(zone2, leaves) for leaves in S2_LEAVES)), None
                    )
                    zone2 = None
                elif zone2 is not None:
                    zone2.extend(line.words)
                if columns2 is not None and len(columns2) > 1:
                    row = place_line(line, columns2)
                if row and not row.startswith(" |"):
                    placed += 1
                    out.append(row)
                else:
                    out.append(text)
                continue
            if S3_HEADING.search(flat) and columns3 is None:
                in_s2 = False
                zone3 = []
                out.append(text)
                continue
            if zone3 is not None and columns3 is None:
                if S3_FIRST_ROW.search(flat):
                    columns3 = header_columns(zone3, S3_LEAVES)
                    zone3 = None
                else:
                    zone3.extend(line.words)
            if columns3 is not None:
                row = place_line(line, columns3)
                if row and row.startswith(" |") and not _beside(line.words, label_open):
                    # Numbers on a line of their own count only beside the label just written (a
                    # label wrapped over two lines); numbers printed apart from their labels (all
                    # labels first) stay as printed, and the reader flags them.
                    row = None
                if row:
                    placed += 1
                    out.append(row)
                    label_open = []
                    continue
                if not any(CELL.match(w.text) for w in line.words):
                    # A wrapped label (``5.要求行政机关确认或重新出具⏎已获取信息``) is joined, so
                    # a row with no number at all is followed at once by the next label: blank.
                    if label_open and not ROW_START.match(text):
                        out[-1] += _clean(text)
                        label_open += line.words
                        continue
                    label_open = list(line.words)
                    out.append(text)
                    continue
            label_open = []
            out.append(text)
        out.append("")
    return "\n".join(out), placed
