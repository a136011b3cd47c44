"""One engine for every pre-publication check (issue 13 item 1).

``check_document`` runs all checks over a document's texts (title, body, attachments, …) and its
metadata and returns findings ``{kind, text, start, end, reason, suggestion, blocking}``; ``start``
and ``end`` are character offsets in the text named by ``where``. The engine is pure: callers
(``services`` for records, the ``check`` command for files) load the word list and decide what a
blocking finding stops. Nothing here changes or saves anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from gongkai.inspection.rules import WordList
from gongkai.textproc.cleanup import find_spam, normalize_brackets
from gongkai.textproc.govcodes import code_at
from gongkai.textproc.pii import (
    CARD,
    ID_NUMBER,
    MOBILE,
    is_valid_id_number,
    luhn_ok,
    mask_id_number,
    mask_phone,
)
from gongkai.textproc.scan import HIDDEN_STYLE

WORDING = "wording"
PERSONAL_DATA = "personal_data"
INJECTED = "injected"
EXTERNAL_LINK = "external_link"
ARTICLE_26 = "article_26"
THREE_SYNC = "three_sync"
METADATA = "metadata"
TOO_LARGE = "too_large"
UNREADABLE = "unreadable"
RULE_ERROR = "rule_error"

# 条例第二十六条: 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。
ARTICLE_26_LIMIT = 20

FIXED_PHONE = re.compile(r"(?:家庭|住宅|宅电|个人|本人)[^，。；\n]{0,8}?(?<!\d)(0\d{2,3}-?\d{7,8})(?!\d)")
ADDRESS = re.compile(
    r"(?:家庭住址|住址|现住|居住地|户籍地|住所)[：:\s]*"
    r"([\u4e00-\u9fa5A-Za-z0-9\-]{2,40}?(?:\d+号|\d+室|\d+栋|\d+幢|\d+单元|\d+组)[\u4e00-\u9fa5\d\-]{0,12})"
    r"|([\u4e00-\u9fa5]{2,12}(?:小区|花园|公寓|新村|家园)\d+(?:栋|幢|号楼)(?:\d+单元)?\d+(?:室|号))"
)
LIST_ROW = re.compile(r"^[ \t]*\d{1,4}[ \t、.．]+([\u4e00-\u9fa5·]{2,5})(?=[ \t,，、]|$)", re.MULTILINE)
LIST_MIN_ROWS = 3
# Rows count as names only in a text that says it lists people, and only when the row starts with a
# common surname: numbered headings ("1．加强领导") are not names.
LIST_MARKERS = ("姓名", "名单", "花名册")
COMMON_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Where a list of names is lawful public content (公示 the law requires, 表彰, 招录, 救助公示 …).
LAWFUL_LIST_WORDS = (
    "公示",
    "表彰",
    "拟录用",
    "拟聘用",
    "录用",
    "招聘",
    "任前",
    "奖励",
    "低保",
    "特困",
    "补贴",
    "救助",
    "行政处罚",
    "资格",
    "名单公布",
    "中标",
    "成交",
)
ACTIVE_CONTENT = re.compile(
    r"<\s*(script|iframe|object|embed|frame)\b|javascript\s*:|\bon(?:load|error|click)\s*=", re.I
)
# 暗链 (hidden links): markup that hides what it holds from the reader but not from a search engine.
# What counts as hidden is the migration scanner's (``textproc.scan.HIDDEN_STYLE``: display:none,
# visibility:hidden, zero size, off-screen); a marquee too. The services' allow-list drops every style
# (ADR 0025), so in a stored body this is an intrusion; the self-inspection and `gongkai check
# page.html` meet it in raw markup.
STYLED_TAG = re.compile(r"<\s*[a-z][a-z0-9]*\b[^>]*?\bstyle\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
MARQUEE = re.compile(r"<\s*marquee\b", re.I)
# Pornography and pharmacy spam that injections carry besides gambling (textproc.cleanup.find_spam):
# only phrases no government text uses ("色情" alone is in every 扫黄打非 notice, so it is not here).
SPAM_PHRASES = (
    "裸聊",
    "约炮",
    "一夜情",
    "成人视频",
    "成人电影",
    "成人影院",
    "激情视频",
    "AV女优",
    "伟哥",
    "壮阳药",
    "催情药",
    "迷情药",
    "延时喷剂",
    "私人伴游",
)
# The lookbehind makes a match start only where a host can start: without it a long run of
# letters is tried from every position (quadratic; a 1 MB run took minutes).
URL = re.compile(
    r"(?<![a-z0-9.-])(?:https?://)?(?:[a-z0-9-]+\.)+(?:com|net|org|cc|vip|top|xyz|me|io|info|biz|tk|app|site|club|win|bet|co|tv|ws)"
    r"(?::\d+)?(?:/[^\s\"'<>，。；）)]*)?",
    re.I,
)
# Latin letters glued to Chinese on both sides (the `btbt365me` of seed 002 also has digits and is
# caught by find_spam; this catches the letters-only kind). Common abbreviations stay below 7.
ODD_LATIN = re.compile(r"(?<=[\u4e00-\u9fa5])[A-Za-z]{7,}(?=[\u4e00-\u9fa5])")
DOC_NUMBER_YEAR = re.compile(r"[\[［(（【〔]\s*(\d{4})\s*[\]］)）】〕]")
# GB/T 9704-2012 7.2.4 发文字号: 机关代字、年份、发文顺序号; the year in full in 〔〕, the serial without
# 第 and without leading zeros (1 not 01), followed by 号.
# A document issued under two numbers at once (`伊政发〔2016〕5、6号`) is a real, lawful form.
DOC_NUMBER = re.compile(
    r"^(?P<code>[^〔〕\s\d]{1,30})〔(?P<year>\d{4})〕(?P<serial>\d{1,6}(?:、\d{1,6})*)号$"
)
# Columns whose statutory content is a list of people by law (公务员录用结果, 社会救助, 征收补偿,
# 宅基地审核, 危房改造, 涉农补贴, 行政许可结果 …): a 名单 published there is the 公示 itself.
LAWFUL_LIST_CATEGORIES = frozenset(
    {
        "art20-05",  # 行政许可和其他对外管理服务事项的办理结果
        "art20-14",  # 公务员招考……录用结果
        "art21-social-assistance",
        "art21-land",
        "art21-housing",
        "art21-homestead",
        "art21-fundraising",
        "base-06",  # 征地补偿
        "base-07",  # 国有土地上房屋征收与补偿
        "base-08",  # 农村危房改造
        "base-17",  # 社会救助
        "base-20",  # 涉农补贴
    }
)
# 三同步: a 解读 published more than this many working days after its policy is flagged (issue 13).
INTERPRETATION_LAG_LIMIT = 3


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int
    end: int
    reason: str
    suggestion: str = ""
    blocking: bool = False
    where: str = ""
    # Also found and decided by 保密审查 (disclosure.checks: personal data, spam tokens, unreadable
    # attachments), where a stated reason lets it through; the workflow does not block it twice.
    at_review: bool = False

    def as_dict(self, *, with_where: bool = True) -> dict:
        data = asdict(self)
        data.pop("at_review")
        if not with_where:
            data.pop("where")
        return data


@dataclass
class Facts:
    """A document's metadata, as far as it has any (a bare file from the command line has none)."""

    doc_number: str = ""
    written_on: date | None = None
    published_on: date | None = None
    delay_reason: str = ""
    genre: str = ""
    topic: str | None = None  # None: not applicable (a bare file); "": missing
    valid_until: date | None = None
    has_interpretation: bool | None = None
    list_context: str = ""  # title and column name: is a list of names lawful here?
    lawful_list_column: bool = False  # the column's statutory category is a 公示 of people
    today: date | None = None
    major_policy: bool = False  # 重大政策: 三同步 like a 规范性文件
    own_codes: tuple[str, ...] = ()  # the organ's 发文字号代字 (none configured: only the form is checked)
    other_codes: dict[str, str] = field(default_factory=dict)  # another organ's 代字 → its name
    policy_published_on: date | None = None  # a 解读: when the policy it explains was published


@dataclass
class Document:
    texts: list[tuple[str, str]]  # (where, text)
    facts: Facts = field(default_factory=Facts)
    raw_html: list[tuple[str, str]] = field(default_factory=list)  # markup to scan for scripts
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (where, why)


def max_chars() -> int:
    return int(getattr(settings, "GONGKAI_CHECK_MAX_CHARS", 1_000_000))


def wording_findings(where: str, text: str, words: WordList) -> list[Finding]:
    findings: list[Finding] = []
    if words.literal_regex is not None:
        for m in words.literal_regex.finditer(text):
            rule = words.literals[m.group(0)]
            findings.append(_wording(where, m, rule, rule.suggestion))
    for rule in words.regexes:
        for m in rule.regex.finditer(text):
            if m.end() == m.start():
                continue
            try:
                suggestion = m.expand(rule.suggestion) if rule.suggestion else ""
            except (re.error, IndexError):
                suggestion = rule.suggestion
            findings.append(_wording(where, m, rule, suggestion))
    return findings


def _wording(where, m, rule, suggestion) -> Finding:
    reason = rule.reason + (f"（依据：{rule.source}）" if rule.source else "")
    return Finding(WORDING, m.group(0), m.start(), m.end(), reason, suggestion, rule.blocking, where)


def personal_findings(
    where: str, text: str, list_context: str = "", *, lawful_column: bool = False
) -> list[Finding]:
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(start, end, shown, reason, suggestion, at_review=True):
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(Finding(PERSONAL_DATA, shown, start, end, reason, suggestion, True, where, at_review))

    for m in ID_NUMBER.finditer(text):
        if is_valid_id_number(m.group(1)):
            add(
                *m.span(1),
                mask_id_number(m.group(1)),
                _("身份证号码（校验位正确）不得公开"),
                _("删除或脱敏为前6后4位"),
            )
    for m in CARD.finditer(text):
        value = m.group(1)
        if len(value) != 18 and value[0] in "3456789" and luhn_ok(value):
            add(*m.span(1), mask_id_number(value), _("银行卡号（Luhn校验正确）不得公开"), _("删除"))
    for m in MOBILE.finditer(text):
        add(*m.span(1), mask_phone(m.group(1)), _("个人手机号码不得公开"), _("删除或改为机关办公电话"))
    for m in FIXED_PHONE.finditer(text):
        add(*m.span(1), mask_phone(m.group(1)), _("个人固定电话不得公开"), _("删除或改为机关办公电话"), False)
    for m in ADDRESS.finditer(text):
        group = 1 if m.group(1) else 2
        add(
            *m.span(group),
            m.group(group)[:4] + "***",
            _("具体到门牌的个人住址不得公开"),
            _("删除或只保留到乡镇（街道）"),
            False,  # not among what 保密审查's scan finds: decided in this workflow
        )
    rows = []
    if any(marker in text for marker in LIST_MARKERS):
        rows = [m for m in LIST_ROW.finditer(text) if m.group(1)[0] in COMMON_SURNAMES]
    if len(rows) >= LIST_MIN_ROWS:
        lawful = lawful_column or any(word in list_context for word in LAWFUL_LIST_WORDS)
        if not lawful:
            found.append(
                Finding(
                    PERSONAL_DATA,
                    _("%(n)d行人员名单") % {"n": len(rows)},
                    rows[0].start(1),
                    rows[-1].end(1),
                    _("正文含人员名单，但本信息不属于依法应当公示的类别（如公示、表彰、招录、救助）"),
                    _("删除名单，或放到依法公示的栏目并只保留公示所需信息"),
                    True,
                    where,
                )
            )
    return found


def injected_findings(where: str, text: str) -> list[Finding]:
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for token in dict.fromkeys(find_spam(text)):
        for m in re.finditer(re.escape(token), text):
            if code_at(text, m.start(), m.end()) or any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append(m.span())
            found.append(
                Finding(
                    INJECTED,
                    token,
                    *m.span(),
                    _("疑似被植入的博彩、色情、药品广告或暗链字符串"),
                    _("删除"),
                    True,
                    where,
                    True,
                )
            )
    for phrase in SPAM_PHRASES:
        for m in re.finditer(re.escape(phrase), text, re.I):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append(m.span())
            found.append(
                Finding(
                    INJECTED,
                    m.group(0),
                    *m.span(),
                    _("疑似被植入的色情或药品广告"),
                    _("删除，并排查网页被篡改的来源"),
                    True,
                    where,
                )
            )
    for m in ODD_LATIN.finditer(text):
        if not any(m.start() < e and s < m.end() for s, e in taken):
            found.append(
                Finding(
                    INJECTED,
                    m.group(0),
                    *m.span(),
                    _("中文正文中夹杂的异常英文字符串，疑似植入内容"),
                    _("核实后删除"),
                    False,
                    where,
                )
            )
    for m in URL.finditer(text):
        host = re.sub(r"^https?://", "", m.group(0), flags=re.I).split("/")[0].split(":")[0].lower()
        if host.endswith(".cn") or any(m.start() < e and s < m.end() for s, e in taken):
            continue
        found.append(
            Finding(
                EXTERNAL_LINK,
                m.group(0),
                *m.span(),
                _("境外或非政府网站链接，请核实是否应当链接"),
                "",
                False,
                where,
            )
        )
    return found


def active_findings(where: str, html: str) -> list[Finding]:
    return [
        Finding(
            INJECTED, m.group(0), *m.span(), _("脚本、内嵌框架或事件代码不得发布"), _("删除"), True, where
        )
        for m in ACTIVE_CONTENT.finditer(html)
    ] + [
        Finding(
            INJECTED,
            m.group(0)[:120],
            *m.span(),
            _("隐藏的内容或链接（暗链）：读者看不到，搜索引擎能看到"),
            _("删除，并排查网页被篡改的来源"),
            True,
            where,
        )
        for m in [*MARQUEE.finditer(html), *STYLED_TAG.finditer(html)]
        if m.re is MARQUEE or HIDDEN_STYLE.search(m.group(1) or m.group(2) or "")
    ]


def metadata_findings(facts: Facts, working_days_between=None) -> list[Finding]:
    found: list[Finding] = []
    today = facts.today or date.today()
    number = facts.doc_number
    if number:
        normalised = normalize_brackets(number)
        m = DOC_NUMBER_YEAR.search(number)
        if m and normalised != number:
            found.append(
                Finding(
                    METADATA,
                    m.group(0),
                    *m.span(),
                    _("文号的年份应使用六角括号〔〕"),
                    normalised,
                    True,
                    "文号",
                )
            )
    # A 命令（令）is numbered 第N号 and a 纪要 often 第N期 (GB/T 9704-2012 10.3, 10.4): only the brackets.
    if number and facts.genre not in ("order", "minutes"):
        found += doc_number_findings(normalize_brackets(number).strip(), facts, today)
    if facts.written_on and facts.written_on > today:
        found.append(
            Finding(
                METADATA, facts.written_on.isoformat(), 0, 0, _("成文日期不能晚于今天"), "", True, "成文日期"
            )
        )
    if facts.genre == "normative" and not facts.valid_until:
        # Asked for by issue 13 and by provincial rules on 规范性文件 (a term, commonly at most 5 years);
        # a 规章 has none. A hint by default (the national rules do not require it, ADR 0032 §3); an
        # installation in a province that does sets GONGKAI_VALIDITY_TERM_REQUIRED, and then it blocks
        # at publication (a draft may still lack it) until filled in or released with a reason.
        required = bool(getattr(settings, "GONGKAI_VALIDITY_TERM_REQUIRED", False))
        found.append(
            Finding(
                METADATA,
                "",
                0,
                0,
                _("本地区规定规范性文件必须标注有效期") if required else _("规范性文件应标注有效期"),
                _("填写有效期至"),
                required and facts.published_on is not None,
                "有效期",
            )
        )
    if (facts.genre in ("normative", "rule") or facts.major_policy) and facts.has_interpretation is False:
        found.append(
            Finding(
                THREE_SYNC,
                "",
                0,
                0,
                _("规范性文件和重大政策应与政策解读同步起草、同步审签、同步发布（三同步）"),
                _("起草并关联政策解读"),
                False,
                "政策解读",
            )
        )
    if (
        facts.genre == "interpretation"
        and facts.policy_published_on
        and facts.published_on
        and working_days_between is not None
    ):
        lag = working_days_between(facts.policy_published_on, facts.published_on)
        if lag > INTERPRETATION_LAG_LIMIT:
            found.append(
                Finding(
                    THREE_SYNC,
                    f"{facts.policy_published_on.isoformat()} → {facts.published_on.isoformat()}",
                    0,
                    0,
                    _("政策解读晚于所解读的政策%(days)d个工作日发布，超过%(limit)d个工作日（三同步）")
                    % {"days": lag, "limit": INTERPRETATION_LAG_LIMIT},
                    _("说明解读滞后的原因，今后与政策同步发布"),
                    False,
                    "政策解读",
                )
            )
    if facts.topic == "":
        found.append(Finding(METADATA, "", 0, 0, _("主题分类不能为空"), "", True, "主题分类"))
    if facts.written_on and facts.published_on and working_days_between is not None:
        days = working_days_between(facts.written_on, facts.published_on)
        if days > ARTICLE_26_LIMIT and not facts.delay_reason.strip():
            found.append(
                Finding(
                    ARTICLE_26,
                    f"{facts.written_on.isoformat()} → {facts.published_on.isoformat()}",
                    0,
                    0,
                    _(
                        "《政府信息公开条例》第二十六条：应自信息形成之日起20个工作日内公开，本信息相隔%(days)d个工作日"
                    )
                    % {"days": days},
                    _("说明延迟公开的理由"),
                    True,
                    "发布日期",
                )
            )
    return found


def doc_number_findings(number: str, facts: Facts, today: date) -> list[Finding]:
    """The 文号's form (GB/T 9704-2012 7.2.4) and its 代字 against the organ's own (brackets already
    normalised: a wrong bracket is its own finding)."""
    m = DOC_NUMBER.match(number)
    if m is None:
        if "第" in number:
            reason = _("文号的发文顺序号不加“第”字（GB/T 9704-2012 7.2.4）")
        elif re.search(r"〔\d{2}〕", number):
            reason = _("文号的年份应标全称（四位数），如〔2026〕（GB/T 9704-2012 7.2.4）")
        else:
            reason = _(
                "文号格式不正确，应为“机关代字〔年份〕序号号”，如“×政发〔2026〕3号”（GB/T 9704-2012 7.2.4）"
            )
        return [Finding(METADATA, number, 0, len(number), reason, "", True, "文号")]
    found: list[Finding] = []
    code, year, serial = m.group("code"), int(m.group("year")), m.group("serial")
    if serial.startswith("0"):
        found.append(
            Finding(
                METADATA,
                serial,
                *m.span("serial"),
                _("发文顺序号不编虚位（1不编为01）（GB/T 9704-2012 7.2.4）"),
                number[: m.start("serial")] + serial.lstrip("0") + "号",
                True,
                "文号",
            )
        )
    if year > today.year or year < 1949:
        found.append(Finding(METADATA, str(year), *m.span("year"), _("文号的年份不正确"), "", True, "文号"))
    if code not in facts.own_codes:
        other = facts.other_codes.get(code)
        if other:
            reason = _("“%(code)s”是%(organ)s的发文字号代字，不是本机关的") % {"code": code, "organ": other}
        elif facts.own_codes:
            reason = _("“%(code)s”不是本机关的发文字号代字（本机关：%(own)s）") % {
                "code": code,
                "own": "、".join(facts.own_codes),
            }
        else:
            reason = ""
        if reason:
            found.append(
                Finding(
                    METADATA,
                    code,
                    *m.span("code"),
                    reason,
                    _("核对文号；转发或联合发文的，填写本机关的文号或说明放行理由"),
                    True,
                    "文号",
                )
            )
    return found


def check_document(document: Document, words: WordList, *, working_days_between=None) -> list[Finding]:
    """Every check over ``document``; a text over the size limit is checked up to the limit and
    reported as too large (a person reads the rest) — no check is skipped because of another."""
    findings: list[Finding] = [
        Finding(
            RULE_ERROR,
            e.pattern,
            0,
            0,
            _("词库条目无效，已跳过：%(m)s") % {"m": e.message},
            "",
            False,
            "错敏词库",
        )
        for e in words.errors
    ]
    limit = max_chars()
    for where, text in document.texts:
        if not text:
            continue
        if len(text) > limit:
            findings.append(
                Finding(
                    TOO_LARGE,
                    "",
                    limit,
                    len(text),
                    _("文本共%(n)d字，超过检查上限%(limit)d字，超出部分未检查，请人工审核")
                    % {"n": len(text), "limit": limit},
                    "",
                    True,
                    where,
                )
            )
            text = text[:limit]
        findings += wording_findings(where, text, words)
        findings += personal_findings(
            where, text, document.facts.list_context, lawful_column=document.facts.lawful_list_column
        )
        findings += injected_findings(where, text)
    for where, html in document.raw_html:
        findings += active_findings(where, html[:limit])
    for where, why in document.unreadable:
        findings.append(
            Finding(
                UNREADABLE, "", 0, 0, _("无法读取，请人工审核：%(why)s") % {"why": why}, "", True, where, True
            )
        )
    findings += metadata_findings(document.facts, working_days_between)
    return findings


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]
