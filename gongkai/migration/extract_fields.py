"""Field readers for saved article pages (issue 19): 文号, issuer, dates, validity, genre, topic.

Each reader works on plain text lines (the page's body, title and metadata table already split
out by ``extraction``) and returns ``Evidence`` — the value, where it was read and a confidence —
or ``None``; none of them guesses silently. The traps listed in issue 19 are handled here:

- a *cited* 文号 (根据《…》（国发〔2019〕5号）, 现将…转发) is a relation, never the document's own;
- a 文号 in a 送达公告's title belongs to the document served, not to the notice;
- a map approval number (审图号：…〔2023〕001号) or a licence number is no 文号;
- mixed brackets (〔2012)), a missing bracket pair (2016.33号), two serials (5、6号), a 文号 glued to
  the addressee (…〔2020〕1号各乡镇人民政府：) and several 文号 on one page;
- 发布机构 that is the site itself (本站, 桌面, the site's name) → the signature's organ;
- 成文日期 from the signature date line, never a birth date (1975年3月出生);
- the 发布日期 of the header against the date in the URL after a bulk re-filing.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from gongkai.textproc.docnumbers import WITH_YEAR, _clean_prefix, _serials

from .extraction import Evidence

CJK = r"\u4e00-\u9fff"

# ---------------------------------------------------------------------------------------------
# Text normalisation
# ---------------------------------------------------------------------------------------------

# Any bracket a keyboard or a converter produced around a 4-digit year, in any combination
# (〔2012), [2012〕, （2012]): GB/T 9704-2012 §7.2.4 prints 〔〕.
MIXED_YEAR_BRACKETS = re.compile(r"[\[［(（【〔<《]\s*((?:19|20)\d{2})\s*[\]］)）】〕>》]")
# 宁政发2016.33号 / 宁政发2016-33号: the year's brackets lost in a copy.
BRACKETLESS_YEAR = re.compile(rf"(?<=[{CJK}A-Za-z])((?:19|20)\d{{2}})\s*[.．\-－]\s*(\d{{1,4}})\s*(?=号)")
# A ``?`` that stands for a lost ·/、 (GBK pages saved as Latin-1): between two Chinese characters.
MOJIBAKE_QMARK = re.compile(rf"(?<=[{CJK}])[?？](?=[{CJK}])")
# Characters frequent in transliterated names (阿卜杜·热合曼, 买买提·艾力): there ? was a ·.
NAME_CHARS = set("阿买提克尔江古丽热合曼艾尼斯木拉甫吐迪孜汗别巴依努麦乃再娜扎米亚苏力夏哈德里尤")


FULL_WIDTH = {
    code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
# Every kind of space a CMS prints (&nbsp;, &ensp; between the characters of 索 引 号, the ideographic
# space) is a plain space for the readers.
FULL_WIDTH |= {code: 0x20 for code in (0xA0, 0x3000, *range(0x2000, 0x200B), 0x202F, 0x205F)}


@lru_cache(maxsize=8192)  # the same lines are read by several readers of one page
def normalize_text(text: str) -> str:
    """Width, brackets around years and the ``?`` mojibake, before any field is read."""
    # Full-width digits and Latin letters to half-width; Chinese punctuation (，：（）) stays as printed.
    text = (text or "").translate(FULL_WIDTH)
    text = MIXED_YEAR_BRACKETS.sub(r"〔\1〕", text)
    text = BRACKETLESS_YEAR.sub(r"〔\1〕\2", text)
    return fix_mojibake(text)


def fix_mojibake(text: str) -> str:
    """``?`` between Chinese characters → ``·`` inside a transliterated name, else ``、``."""

    def repl(match: re.Match) -> str:
        before = text[max(0, match.start() - 2) : match.start()]
        after = text[match.end() : match.end() + 2]
        if set(before + after) & NAME_CHARS and len(set(before + after) & NAME_CHARS) >= 2:
            return "·"
        return "、"

    return MOJIBAKE_QMARK.sub(repl, text)


# ---------------------------------------------------------------------------------------------
# 文号
# ---------------------------------------------------------------------------------------------

# 公告2026年第27号 / 令第21号: the numbered forms without 〔〕 (公告 of ministries, 政府令).
ANNOUNCEMENT_NUMBER = re.compile(
    rf"(?P<prefix>[{CJK}A-Za-z][{CJK}A-Za-z ]{{0,20}}?(?:公告|令|通告))\s*"
    r"(?P<year>(?:19|20)\d{2})年\s*第\s*(?P<serial>\d{1,4})\s*号"
)
ORDER_NUMBER = re.compile(rf"(?P<prefix>[{CJK}]{{1,20}}令)\s*第\s*(?P<serial>\d{{1,4}})\s*号")
# Numbers that look like a 文号 but are not one: map approvals, licences, registrations.
NOT_A_DOC_NUMBER = re.compile(
    r"(?:审图号|图号|许可证号|证号|备案号|登记号|编号|批准号|书号|刊号|案号|合同号|项目号)\s*[:：]?\s*$"
)
NOT_NUMBER_WORD = re.compile(r"审图号|图号|许可证|证号|备案号|登记号|批准号|书号|刊号|案号")
# A sentence that cites another document: the 文号 inside belongs to that document.
CITING_WORDS = re.compile(
    r"(?:根据|依据|按照|依照|遵照|贯彻|落实|执行|参照|对照|结合|转发|印发的|下发的|《[^》]*》|废止|修订|修改|"
    r"停止执行|同时废止|予以废止|解读|相关文件|所附|见|详见|据|经)"
)
TITLE_CITES_ANOTHER = re.compile(r"转发|送达|废止|停止执行|解读|答记者问|撤销|修改")


def _prefix_tail(prefix: str) -> str:
    # A 代字 has no sentence words: cut everything up to the last 的/现/将/… (文号 glued to text).
    parts = re.split(r"[的了将现是为由对在:：，,。；;、\s《》“”()（）]", prefix)
    tail = parts[-1] if parts else prefix
    # 1991年3月4日中华人民共和国国务院令第76号: the date's 日 glued before the 代字 is not part of it.
    tail = re.sub(r"^[年月日号]+", "", tail)
    # 各乡镇人民政府宁政发〔2020〕1号: an addressee glued before the number is not the 代字.
    glued = ADDRESSEE_END.search(tail)
    if glued and len(tail) - glued.end() >= 2:
        tail = tail[glued.end() :]
    return _clean_prefix(tail)


ADDRESSEE_END = re.compile(r"^.*(?:人民政府|委员会|各单位|直属单位|各部门|办事处)")


@lru_cache(maxsize=8192)
def find_doc_numbers(text: str) -> tuple[tuple[str, int, int], ...]:
    """Every 文号 in ``text`` (already normalised) as (canonical form, start, end).

    The canonical form is 代字〔年〕序号号 with two serials kept together (伊政发〔2016〕5、6号):
    the platform's ``docnumbers.keys`` expands them for search.
    """
    found: list[tuple[str, int, int]] = []
    for match in WITH_YEAR.finditer(text):
        if not match["hao"]:
            continue
        prefix = _prefix_tail(match["prefix"])
        start = match.start() + len(match["prefix"]) - len(prefix)
        # 审图号：GS〔2023〕001号, 许可证号… — the label sits just before the code or inside it.
        if (
            not prefix
            or NOT_A_DOC_NUMBER.search(text[max(0, start - 8) : start])
            or NOT_NUMBER_WORD.search(prefix)
        ):
            continue
        serials = _serials(match["serials"])
        found.append((f"{prefix}〔{match['year']}〕{'、'.join(serials)}号", start, match.end()))
    for match in ANNOUNCEMENT_NUMBER.finditer(text):
        # 财政部 税务总局公告2026年第27号: a joint announcement names its organs with a space.
        prefix = " ".join(_prefix_tail(part) for part in match["prefix"].split() if _prefix_tail(part))
        if len(prefix) < 3:
            continue
        value = f"{prefix}{match['year']}年第{int(match['serial'])}号"
        start = match.start() + len(match["prefix"]) - len(prefix)
        if not any(s <= start < e for _, s, e in found):
            found.append((value, start, match.end()))
    for match in ORDER_NUMBER.finditer(text):
        prefix = _prefix_tail(match["prefix"])
        # 国令第706号 (the State Council's own abbreviation) has a two-character prefix.
        if len(prefix) < 2:
            continue
        start = match.start() + len(match["prefix"]) - len(prefix)
        if not any(s <= start < e or s < match.end() <= e for _, s, e in found):
            found.append((f"{prefix}第{int(match['serial'])}号", start, match.end()))
    found.sort(key=lambda item: item[1])
    return tuple(found)


def same_doc_number(a: str, b: str) -> bool:
    """Two forms of one 文号: equal, or one 令's number written in full and abbreviated
    (国令第707号 = 中华人民共和国国务院令第707号: same serial, the short prefix's characters in order
    inside the long one)."""
    if a == b:
        return True
    ma, mb = re.fullmatch(r"(.+令)第(\d+)号", a), re.fullmatch(r"(.+令)第(\d+)号", b)
    if not (ma and mb) or ma[2] != mb[2]:
        return False
    short, long = sorted((ma[1], mb[1]), key=len)
    rest = iter(long)
    return all(char in rest for char in short)


def _is_cited(line: str, start: int, end: int) -> bool:
    """A 文号 is cited when its sentence names another document or the line says more than it."""
    sentence_start = max(line.rfind(p, 0, start) for p in "。；;！!") + 1
    before = line[sentence_start:start]
    after = line[end : end + 6]
    if CITING_WORDS.search(before):
        return True
    # （国发〔2019〕5号） right after a 》 or inside parentheses following a title.
    return bool(
        re.search(r"》\s*[(（]?\s*$", before)
        or (before.rstrip().endswith(("(", "（")) and after.lstrip().startswith((")", "）")))
    )


def _standalone(line: str, start: int, end: int) -> bool:
    """The 文号 stands on its own line (the 发文字号 position), perhaps glued to the addressee."""
    before = line[:start].strip()
    after = line[end:].strip()
    if (
        before
        and not re.fullmatch(r"(?:文号|发文字号|文件编号)?\s*[:：]?", before)
        and not ADDRESSEE_END.fullmatch(before)
    ):
        return False
    # 县政发〔2020〕1号各乡镇人民政府、县直各单位： — the addressee glued after the number.
    return not after or bool(re.match(rf"[{CJK}、，,]*[:：]\s*$", after)) or len(after) <= 2


def read_doc_number(
    title: str, body_lines: list[str], header_value: str = "", attachment_names: list[str] | None = None
) -> tuple[Evidence | None, list[str], list[str]]:
    """The document's own 文号, the 文号 it cites (relations) and problems for the review queue.

    Order of trust: the metadata table (when it holds a 文号), a line of its own in the first
    lines of the body (GB/T 9704 puts the 发文字号 above the title), a line of its own near the
    signature, then attachment names. A 文号 in the title is the served/forwarded document's.
    """
    problems: list[str] = []
    related: list[str] = []
    own: Evidence | None = None

    header = normalize_text(header_value)
    header_numbers = find_doc_numbers(header)
    if header_numbers:
        own = Evidence(header_numbers[0][0], "metadata-table:文号", 0.95)

    # A title ending in its own number in brackets (关于…的通知（县政发〔2020〕5号）) names the
    # document's 文号; in a 送达公告, 转发 or 废止 title, or right after a 《…》, it is another's.
    title_own: str | None = None
    plain_title = normalize_text(title)
    for value, start, end in find_doc_numbers(plain_title):
        before, after = plain_title[:start].rstrip(), plain_title[end:].strip()
        if (
            after in {")", "）", ""}
            and before.endswith(("(", "（"))
            and not before[:-1].rstrip().endswith("》")
            and not TITLE_CITES_ANOTHER.search(plain_title)
        ):
            title_own = value
        else:
            related.append(value)

    standalone: list[tuple[str, int]] = []
    lines = [normalize_text(line) for line in body_lines]
    for index, line in enumerate(lines):
        for value, start, end in find_doc_numbers(line):
            if _standalone(line, start, end) and not _is_cited(line, start, end):
                standalone.append((value, index))
            else:
                related.append(value)

    first_lines = [(v, i) for v, i in standalone if i < 8]
    last_lines = [(v, i) for v, i in standalone if i >= max(8, len(lines) - 12)]
    if own is None and first_lines:
        own = Evidence(first_lines[0][0], "body:first-lines", 0.9 if len(first_lines) == 1 else 0.7)
    elif own is None and last_lines:
        own = Evidence(last_lines[0][0], "body:signature", 0.75)
    elif own is None and title_own:
        own = Evidence(title_own, "title", 0.8)
    elif own is None and standalone:
        own = Evidence(standalone[0][0], "body:line", 0.5)
    if title_own and own and own.value != title_own:
        problems.append(_("标题中的文号 %(a)s 与 %(b)s 不一致") % {"a": title_own, "b": own.value})
        related.append(title_own)
    if own is None:
        for name in attachment_names or []:
            numbers = find_doc_numbers(normalize_text(name))
            if numbers:
                own = Evidence(numbers[0][0], "attachment-name", 0.6)
                break

    others = [v for v, _ in standalone if own is None or v != own.value]
    if others:
        problems.append(
            _("页面上有多个文号：%(numbers)s")
            % {"numbers": "、".join(dict.fromkeys([own.value, *others] if own else others))}
        )
        related.extend(others)
    if own and header_numbers and first_lines and first_lines[0][0] != own.value:
        problems.append(
            _("信息表的文号 %(a)s 与正文的 %(b)s 不一致") % {"a": own.value, "b": first_lines[0][0]}
        )
    related = [r for r in dict.fromkeys(related) if not own or r != own.value]
    return own, related, problems


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "O": 0,
    "0": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
DATE_NUMERIC = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
DATE_CHINESE = re.compile(
    r"([一二三四五六七八九〇○零O]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
BIRTH_CONTEXT = re.compile(r"出生|生于|生人|出生年月|生日|年龄|岁|参加工作|入党")


def _cn_number(text: str) -> int:
    if len(text) == 4:  # a year written digit by digit
        return int("".join(str(CN_DIGITS[c]) for c in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    return CN_DIGITS[text]


def parse_date(text: str) -> date | None:
    """The first date in ``text`` (2020年3月5日, 2020-03-05, 2020.3.5, 二〇二〇年三月五日)."""
    text = unicodedata.normalize("NFKC", text or "")
    for match in (DATE_NUMERIC.search(text), DATE_CHINESE.search(text)):
        if not match:
            continue
        try:
            if match.re is DATE_CHINESE:
                return date(_cn_number(match[1]), _cn_number(match[2]), _cn_number(match[3]))
            return date(int(match[1]), int(match[2]), int(match[3]))
        except (ValueError, KeyError):
            continue
    return None


def date_lines(lines: list[str]) -> list[tuple[int, date]]:
    """Lines that are a date and nothing else (the 成文日期 under the signature)."""
    found = []
    for index, line in enumerate(lines):
        stripped = re.sub(r"[\s（）()]", "", unicodedata.normalize("NFKC", line))
        if len(stripped) > 16 or BIRTH_CONTEXT.search(line):
            continue
        if DATE_NUMERIC.fullmatch(stripped) or DATE_CHINESE.fullmatch(stripped):
            value = parse_date(stripped)
            if value:
                found.append((index, value))
    return found


def read_written_on(
    body_lines: list[str], header_value: str = "", issuer: str = ""
) -> tuple[Evidence | None, list[str]]:
    """成文日期: the metadata table when it has one, else the signature's date line.

    A date inside a sentence (a birth date in a 任免 notice, a deadline) is never taken: only a
    line that is a date alone, the last such line of the body (the signature sits at the end).
    A signature by another organ than the issuer (the report a 转发 notice forwards, printed
    after it with its own organ and date) is that document's, not this one's: the table wins.
    """
    header = parse_date(header_value)
    signed = signature_date(body_lines)
    if signed and header and signed[1] != header and not _signed_by(body_lines, issuer):
        return Evidence(header, "metadata-table:成文日期", 0.8), [
            _("落款“%(organ)s %(b)s”不是发布机构的，成文日期取信息表的 %(a)s")
            % {"organ": "、".join(signature_organs(body_lines)), "b": signed[1], "a": header}
        ]
    if signed and header and signed[1] != header:
        # The signature is the document's own 成文日期 (GB/T 9704-2012 §7.3.5.1); a differing
        # table value is the CMS's entry date. Both are kept for the review.
        return Evidence(signed[1], "signature", 0.8), [
            _("信息表的成文日期 %(a)s 与落款日期 %(b)s 不一致，采用落款日期") % {"a": header, "b": signed[1]}
        ]
    if header:
        return Evidence(header, "metadata-table:成文日期", 0.95), []
    if signed:
        index, value = signed
        return Evidence(value, "signature", 0.9 if index >= len(body_lines) - 8 else 0.6), []
    return None, []


ATTACHMENT_HEADING = re.compile(r"^\s*(?:附件|附表)\s*[1-9一二三四五六七八九]?\s*[:：]?\s*$")


def signature_date(body_lines: list[str]) -> tuple[int, date] | None:
    """The signature's date line: the last line that is only a date, before the attachments that
    a page prints after the signature (附件1 on a line of its own, then its tables)."""
    found = date_lines(body_lines)
    if not found:
        glued = _glued_signature(body_lines)
        return (glued[0], glued[2]) if glued else None
    first = found[0][0]
    end = next(
        (i for i in range(first + 1, len(body_lines)) if ATTACHMENT_HEADING.match(body_lines[i])), None
    )
    candidates = [item for item in found if end is None or item[0] < end]
    return candidates[-1] if candidates else found[-1]


URL_DATE_PATTERNS = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_"),  # TRS: /202204/t20220417_974894.shtml
    re.compile(r"/((?:19|20)\d{2})[-_]?(\d{2})[-_/](\d{2})/"),  # /2022-04/17/ , /2022/04/17/
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # 大汉: /art/2022/4/17/art_…
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),  # /20220417/
)
URL_MONTH = re.compile(r"/((?:19|20)\d{2})-?(\d{2})/")


def url_date(url: str) -> date | None:
    path = urlsplit(url).path
    for pattern in URL_DATE_PATTERNS:
        match = pattern.search(path)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def read_published_on(url: str, candidates: list[tuple[str, str]]) -> tuple[Evidence | None, list[str]]:
    """发布日期 from the first readable candidate (source, text) and the URL's date as a check.

    After a bulk re-filing the header shows the re-filing day while the URL (the CMS's path at
    first publication) keeps the original one: when the header is later than the URL's date by
    more than a week, the URL's date is taken with lower confidence and both are reported.
    """
    problems: list[str] = []
    header: Evidence | None = None
    for source, text in candidates:
        value = parse_date(text)
        if value:
            header = Evidence(value, source, 0.9)
            break
    from_url = url_date(url)
    if header and from_url and (header.value - from_url).days > 7:  # type: ignore[operator]
        problems.append(
            _("页面的发布日期 %(a)s 晚于网址中的日期 %(b)s（批量重新发布？），采用网址日期")
            % {"a": header.value, "b": from_url}
        )
        return Evidence(from_url, "url", 0.7), problems
    if header and from_url and (from_url - header.value).days > 7:  # type: ignore[operator]
        problems.append(_("页面的发布日期 %(a)s 早于网址中的日期 %(b)s") % {"a": header.value, "b": from_url})
        header.confidence = 0.7
    if header is None and from_url:
        return Evidence(from_url, "url", 0.6), problems
    if header is None:
        problems.append(_("未读到发布日期"))
    return header, problems


# ---------------------------------------------------------------------------------------------
# Issuer
# ---------------------------------------------------------------------------------------------

NOT_AN_ORGAN = re.compile(
    r"^(?:本站|本网|桌面|网站|管理员|admin|系统管理员|信息中心|网站管理员|政务公开|原创|未知|无|-+)$", re.I
)
ORGAN_SUFFIX = re.compile(
    r"(?:人民政府|政府办公室|办公室|委员会|党工委|管委会|管理委员会|工作委员会|局|厅|部|委|院|法院|检察院|中心|公司|"
    r"集团|所|站|队|办|处|科|街道办事处|街道|镇|乡|社区|村民委员会|联合会|协会|学会|总工会|团委|妇联|残联|红十字会|银行|"
    r"供电公司|供电局|水务|指挥部|领导小组|工作组|小组|委员会办公室|法庭|大队|支队|分局|学校|医院)$"
)


# 某县人民政府网站 / 某县政府门户网 / 中国某某政府网: the site, not the organ that issued the document.
SITE_LIKE = re.compile(r"(?:网站|门户网|政府网|网站群|信息网)$")


def looks_like_organ(text: str) -> bool:
    text = text.strip()
    return (
        3 <= len(text) <= 40 and bool(ORGAN_SUFFIX.search(text)) and not re.search(r"[，。；：:！？]", text)
    )


SEAL_NOTE = re.compile(r"[(（](?:盖章|印章|章|签章|公章)[)）]")
SPACED_CHARS = re.compile(rf"^(?:[{CJK}] )+[{CJK}]$")


def _signature_line(line: str) -> str:
    """某 县 人 民 政 府（盖章） → 某县人民政府: letter-spaced names and seal notes of a signature."""
    line = SEAL_NOTE.sub("", line).strip()
    return line.replace(" ", "") if SPACED_CHARS.match(line) else line


def _organ_parts(line: str) -> list[str]:
    parts = [p for p in re.split(r"\s{2,}|[ 、]", _signature_line(line)) if p]
    return parts if parts and all(looks_like_organ(p) for p in parts) else []


def _glued_signature(lines: list[str]) -> tuple[int, list[str], date] | None:
    """某县人民政府 2020年3月5日 — the organ and the date on one line, near the end."""
    for index in range(len(lines) - 1, max(-1, len(lines) - 9), -1):
        line = lines[index].strip()
        match = DATE_NUMERIC.search(line) or DATE_CHINESE.search(line)
        if not match or match.end() < len(line) - 1 or BIRTH_CONTEXT.search(line):
            continue
        organs = _organ_parts(line[: match.start()])
        value = parse_date(line[match.start() :])
        if organs and value:
            return index, organs, value
    return None


def _signed_by(lines: list[str], issuer: str) -> bool:
    """The signature names the issuer (or there is no organ line to tell): 国务院办公厅 signs as
    国务院办公厅, a joint issue's parts sign one per line."""
    organs = signature_organs(lines)
    if not organs or not issuer:
        return True

    def short(name: str) -> str:  # 某县人民政府办公室 = 某县政府办
        return name.replace("人民政府", "政府").replace("办公室", "办")

    parts = [short(p) for p in re.split(r"[、，,\s]+", issuer) if p]
    return any(short(o) in p or p in short(o) for o in organs for p in parts)


def signature_organs(lines: list[str]) -> list[str]:
    """The organ lines just above the signature's date (joint issues sign one organ per line)."""
    signed = signature_date(lines)
    organs: list[str] = []
    if signed:
        for line in reversed(lines[max(0, signed[0] - 6) : signed[0]]):
            parts = _organ_parts(line)
            if parts:
                organs[:0] = parts
            elif organs or line.strip():
                break
    if not organs:
        glued = _glued_signature(lines)
        organs = glued[1] if glued else []
    return organs


def read_issuer(
    header_value: str, body_lines: list[str], site_name: str = "", title: str = ""
) -> tuple[Evidence | None, list[str]]:
    """发布机构 as text: the header unless it names the site; then the signature.

    A joint issue keeps every organ (joined with 、); a forwarded notice (转发…) is issued by the
    forwarding organ, which signs it; the original issuer stays in the title.
    """
    problems: list[str] = []
    header = normalize_text(header_value).strip()
    signature = signature_organs([normalize_text(line) for line in body_lines])
    header_is_site = (
        not header
        or bool(NOT_AN_ORGAN.match(header))
        or bool(site_name and header in site_name)
        or bool(SITE_LIKE.search(header))
    )
    if signature and (header_is_site or len(signature) > 1):
        value = "、".join(dict.fromkeys(signature))
        if header and header_is_site:
            problems.append(_("发布机构“%(a)s”不是机关，取落款“%(b)s”") % {"a": header, "b": value})
        source = "signature:joint" if len(signature) > 1 else "signature"
        return Evidence(value, source, 0.85 if len(signature) == 1 else 0.8), problems
    if signature and header and not looks_like_organ(header):
        # 来源：中国平潭 — the site's brand, not an organ — while the document is signed by one.
        value = "、".join(dict.fromkeys(signature))
        problems.append(_("发布机构“%(a)s”不像机关名称，取落款“%(b)s”") % {"a": header, "b": value})
        return Evidence(value, "signature", 0.8), problems
    if header and not header_is_site:
        return Evidence(header, "metadata-table:发布机构", 0.9), problems
    if header and not NOT_AN_ORGAN.match(header) and looks_like_organ(header):
        # The site's own name is an organ (某县人民政府 on its own site): kept, but a person checks.
        problems.append(_("发布机构“%(a)s”是网站名称，正文没有落款，请核对") % {"a": header})
        return Evidence(header, "metadata-table:发布机构", 0.5), problems
    if header:
        problems.append(_("发布机构“%(a)s”不是机关，且正文没有落款") % {"a": header})
    else:
        problems.append(_("未读到发布机构"))
    return None, problems


# ---------------------------------------------------------------------------------------------
# Validity, genre, topic, relations
# ---------------------------------------------------------------------------------------------

VALIDITY_MARKS = (
    (re.compile(r"[(（【\[]\s*已?废止\s*[)）】\]]"), "repealed"),
    (re.compile(r"[(（【\[]\s*已?失效\s*[)）】\]]"), "expired"),
    (re.compile(r"[(（【\[]\s*已?(?:修订|修改)\s*[)）】\]]"), "amended"),
)
VALIDITY_WORDS = {
    "有效": "valid",
    "现行有效": "valid",
    "失效": "expired",
    "已失效": "expired",
    "废止": "repealed",
    "已废止": "repealed",
    "已修订": "amended",
    "修订": "amended",
}


def strip_validity_mark(title: str) -> str:
    for pattern, _value in VALIDITY_MARKS:
        title = pattern.sub("", title)
    return title.strip()


def read_validity(title: str, header_value: str = "") -> Evidence | None:
    for pattern, value in VALIDITY_MARKS:
        if pattern.search(title):
            return Evidence(value, "title", 0.95)
    word = re.sub(r"\s", "", header_value or "")
    if word in VALIDITY_WORDS:
        return Evidence(VALIDITY_WORDS[word], "metadata-table:有效性", 0.9)
    return None


# 体裁 from the title's last word (GB/T 9704 文种) — the order matters: 实施意见 before 意见.
GENRE_RULES = (
    (re.compile(r"解读|答记者问|图解"), "interpretation", 0.85),
    (
        re.compile(r"(?:规定|办法|细则|规则|实施意见|管理办法)(?:的通知)?$|^.*印发.*(?:办法|规定|细则)"),
        "normative",
        0.55,
    ),
    (re.compile(r"令$|^.{0,20}令第\d+号"), "order", 0.8),
    (re.compile(r"批复$"), "reply", 0.9),
    (re.compile(r"决定$"), "decision", 0.85),
    (re.compile(r"意见$"), "opinion", 0.85),
    (re.compile(r"通报$"), "bulletin", 0.85),
    (re.compile(r"通告$"), "circular", 0.9),
    (re.compile(r"公示$|公示公告$"), "publicity", 0.85),
    (re.compile(r"公告$"), "announcement", 0.85),
    (re.compile(r"纪要$"), "minutes", 0.85),
    (re.compile(r"[复]?函$"), "letter", 0.8),
    (re.compile(r"预算|决算"), "budget", 0.75),
    (re.compile(r"统计公报|统计数据|统计月报|统计信息"), "statistics", 0.75),
    (re.compile(r"规划|计划|方案|要点$"), "plan", 0.6),
    (re.compile(r"报告$"), "report", 0.8),
    (re.compile(r"通知$"), "notice", 0.85),
)


def read_genre(title: str, header_value: str = "") -> Evidence | None:
    """体裁 suggestion; a header value is trusted more than the title's wording."""
    if header_value.strip():
        from gongkai.disclosure.models import Genre

        for choice in Genre:
            if str(choice.label) == header_value.strip():
                return Evidence(choice.value, "metadata-table:体裁", 0.9)
    clean = strip_validity_mark(normalize_text(title)).rstrip("。 ")
    clean = re.sub(r"[(（][^)）]*[)）]$", "", clean).strip()  # （征求意见稿）, （试行）
    for pattern, genre, confidence in GENRE_RULES:
        if pattern.search(clean):
            return Evidence(genre, "title", confidence)
    return None


TOPIC_KEYWORDS = (
    ("finance", ("财政", "预算", "决算", "审计", "金融", "税", "国库", "资金", "三公")),
    ("land", ("国土", "土地", "矿产", "能源", "电力", "宗地", "不动产", "自然资源", "用地")),
    ("agriculture", ("农业", "农村", "林业", "水利", "畜牧", "渔业", "种植", "耕地", "防汛", "河长", "粮食")),
    ("industry", ("工业", "交通", "公路", "运输", "制造", "信息化", "通信")),
    ("commerce", ("商务", "贸易", "旅游", "海关", "招商", "消费")),
    ("market", ("市场监管", "安全生产", "食品安全", "药品", "特种设备", "质量", "应急")),
    ("urban", ("城乡建设", "住房", "城建", "规划", "环境", "生态", "污染", "环保", "排放", "棚户区", "燃气")),
    ("science", ("科技", "教育", "学校", "教师", "学生", "招生")),
    ("culture", ("文化", "广电", "新闻出版", "文物", "体育")),
    ("health", ("卫生", "医疗", "健康", "疾控", "疫情", "医保", "医院", "疫苗")),
    ("population", ("人口", "计划生育", "妇女", "儿童", "婚姻")),
    (
        "labour",
        ("人事", "任免", "招聘", "劳动", "就业", "社保", "社会保险", "工资", "监察", "公务员", "干部"),
    ),
    ("public_security", ("公安", "司法", "法院", "检察", "消防", "治安", "禁毒", "法律")),
    ("civil", ("民政", "扶贫", "救灾", "救助", "低保", "养老", "殡葬", "社会组织", "乡村振兴", "退役军人")),
    ("ethnic", ("民族", "宗教")),
    ("defence", ("国防", "征兵", "人防", "民兵")),
)


def read_topic(title: str, body_text: str = "", header_value: str = "") -> Evidence | None:
    """主题分类 suggestion by keywords: the title counts three times the body's first 500 chars."""
    if header_value.strip():
        from gongkai.disclosure.models import Topic

        head = header_value.strip().split("\\")[0].split("/")[0]
        for choice in Topic:
            if str(choice.label) == head or head in str(choice.label).split("、"):
                return Evidence(choice.value, "metadata-table:主题分类", 0.9)
    scores: dict[str, int] = {}
    # 人民政府 contains 民政: organ names are not the subject.
    title = re.sub(r"人民政府|政府办公室", "", title)
    sample = re.sub(r"人民政府|政府办公室", "", body_text[:500])
    for topic, words in TOPIC_KEYWORDS:
        score = sum(3 * title.count(w) + sample.count(w) for w in words)
        if score:
            scores[topic] = score
    if not scores:
        return Evidence("general", "default", 0.3)
    best = max(scores, key=lambda k: scores[k])
    total = sum(scores.values())
    confidence = round(min(0.85, 0.35 + 0.5 * scores[best] / total), 2)
    return Evidence(best, "keywords", confidence)


REPEAL_WORDS = re.compile(r"废止|停止执行|不再执行|同时失效|予以撤销")
AMEND_WORDS = re.compile(r"修订|修改|修正")


BASIS_WORDS = re.compile(r"根据|依据|按照|依照|遵照|参照")


def read_relations(title: str, lines: list[str]) -> tuple[list[str], list[str]]:
    """文号 this document 废止s and 修订s: those in the same clause as 同时废止/停止执行 or 修订
    (words inside a cited 《…》 title do not count: 《国务院关于修改〈…〉的决定》 is a name; a 文号
    after 根据/按照 is the basis, not the object), and the list a line announces (下列文件同时废止：).
    """
    repeals: list[str] = []
    amends: list[str] = []
    announced: list[str] | None = None  # the list a "…废止：" line opened
    for index, line in enumerate([title, *lines]):
        line = normalize_text(line)
        numbers_in_line = find_doc_numbers(line)
        if announced is not None and index:
            if numbers_in_line:
                announced.extend(value for value, _s, _e in numbers_in_line)
                continue
            if "《" not in line:
                announced = None
        for clause in re.split(r"[。；;！!，,]", line):
            words = re.sub(r"《[^》]*》", "", clause)
            kind = repeals if REPEAL_WORDS.search(words) else amends if AMEND_WORDS.search(words) else None
            if kind is None:
                continue
            if words.rstrip().endswith(("：", ":")) or re.search(r"(?:如下|下列|以下)", words):
                announced = kind
            for value, start, _e in find_doc_numbers(clause):
                if not BASIS_WORDS.search(clause[:start]):
                    kind.append(value)
    return list(dict.fromkeys(repeals)), list(dict.fromkeys(amends))


RELATED_TITLE_LINE = re.compile(
    r"^\s*(?:相关文件|政策原文|原文|相关政策|解读文件)\s*[:：]\s*(?P<rest>.{4,200})$"
)


def read_related_titles(lines: list[str]) -> list[str]:
    """Titles named on a 相关文件：… line — how a 解读 names its policy when it gives neither a link
    nor a 文号 (相关文件：《某县农村供水管理办法》 / 相关文件：某县人民政府关于印发…的通知)."""
    titles: list[str] = []
    for line in lines:
        match = RELATED_TITLE_LINE.match(normalize_text(line))
        if not match:
            continue
        for part in re.findall(r"《([^》]{4,150})》", match["rest"]) or [match["rest"]]:
            # A 文号 in brackets after the title is read as a relation by 文号 already.
            title = re.sub(r"[(（][^)）]*〔\d{4}〕[^)）]*[)）]\s*$", "", part).strip(" 。；;")
            if len(title) >= 4:
                titles.append(title)
    return list(dict.fromkeys(titles))


RELATION_LINE = re.compile(r"废止|失效|修订|修改|停止执行|代替|替代|相关文件|相关链接|解读|政策原文|原文链接")


def read_related(lines: list[str]) -> list[str]:
    """文号 named on a 废止/修订/相关文件/解读 line (relations, even to documents not yet migrated)."""
    found: list[str] = []
    for line in lines:
        line = normalize_text(line)
        if RELATION_LINE.search(line):
            found.extend(value for value, _s, _e in find_doc_numbers(line))
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------------------------------------
# The page's own metadata table
# ---------------------------------------------------------------------------------------------

METADATA_LABELS = {
    "索引号": "index_number",
    "信息索引号": "index_number",
    "索取号": "index_number",
    "发布机构": "issuer",
    "发文机关": "issuer",
    "发文单位": "issuer",
    "发布单位": "issuer",
    "信息来源": "issuer",
    "来源": "issuer",
    "报送单位": "issuer",
    "公开主体": "issuer",
    "成文日期": "written_on",
    "生成日期": "written_on",
    "产生日期": "written_on",
    "发文日期": "written_on",
    "发布日期": "published_on",
    "公开日期": "published_on",
    "发布时间": "published_on",
    "文号": "doc_number",
    "发文字号": "doc_number",
    "文件编号": "doc_number",
    "主题分类": "topic",
    "主题": "topic",
    "体裁分类": "genre",
    "体裁": "genre",
    "有效性": "validity",
    "时效性": "validity",
    "时效状态": "validity",
    "名称": "title",
    "标题": "title",
    "信息名称": "title",
}
LABEL_PATTERN = re.compile(
    r"(?P<label>"
    + "|".join(sorted((re.escape(k) for k in METADATA_LABELS), key=len, reverse=True))
    + r")\s*[:：]"
)


def read_label_pairs(text: str) -> dict[str, str]:
    """``索引号：…  发布机构：…`` → {field: value}; spaces inside labels (索 引 号) are removed first."""
    text = normalize_text(text)
    text = re.sub(rf"(?<=[{CJK}])[ \t]+(?=[{CJK}][ \t]*[{CJK}]?[ \t]*[:：])", "", text)
    text = re.sub(r"索\s*引\s*号|文\s+号|标\s+题|名\s+称|来\s+源", lambda m: re.sub(r"\s", "", m[0]), text)
    pairs: dict[str, str] = {}
    matches = list(LABEL_PATTERN.finditer(text))
    for index, match in enumerate(matches):
        # A label must start its cell: 来源 inside 信息来源 was matched as the longer label already.
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = text[match.end() : end].strip().split("\n")[0].strip()
        field_name = METADATA_LABELS[match["label"]]
        if value and field_name not in pairs:
            pairs[field_name] = re.sub(r"\s{2,}", " ", value)[:200]
    return pairs
