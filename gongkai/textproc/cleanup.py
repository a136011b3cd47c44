"""Cleaning scraped Chinese government text: 繁→简, stray pinyin, injected spam, odd spacing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from gongkai.textproc.govcodes import code_at, protected_spans
from gongkai.textproc.pii import is_valid_id_number

# Pinyin annotations that scrapers leave after characters: 朝陽(yáng)市, 會(huì ). Real Chinese
# parentheses such as 各縣(市)區 contain no Latin letters and are kept.
PINYIN_ANNOTATION = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\s*\)")
# Latin-and-digit tokens glued into Chinese prose (btbt365me) are the classic injected 暗链 text.
# Found as whole Latin-and-digit runs, then kept only with both a letter and a digit (a single
# pattern with lookaheads at every position is several times slower on a long notice).
# An underscore does not end a token: mirrors glue spam with it (365bet账号被限制_beat365在线).
INJECTED_TOKEN = re.compile(r"(?<![A-Za-z0-9./:@-])[A-Za-z0-9]{6,}(?![A-Za-z0-9./:@-])")
HAS_LETTER = re.compile(r"[A-Za-z]")
HAS_DIGIT = re.compile(r"\d")
GAMBLING_WORDS = (
    "博彩",
    "娱乐城",
    "棋牌",
    "六合彩",
    "百家乐",
    "赌场",
    "时时彩",
    "真人视讯",
    "bet365",
    "365bet",
    "beat365",
    "新葡京",
    "威尼斯人",
    "娱乐场",
    "彩金",
    "老虎机",
    "赌球",
    "体育投注",
    "真人荷官",
    "皇冠体育",
)
# Domains of gambling sites in text or links (365bet.cd, lotus365bet.co); a .gov.cn host never is.
SPAM_DOMAIN = re.compile(
    r"(?<![a-z0-9.-])(?:[a-z0-9-]+\.)*[a-z0-9-]*(?:\d+bet|bet\d+|casino|bocai|xpj|amjs|vns\d|pujing|weinisi|baijiale|liuhecai)[a-z0-9-]*"
    r"(?:\.[a-z0-9-]+)+",
    re.IGNORECASE,
)
# A gambling brand written Latin-then-Chinese and glued into prose where a name stood
# (省委bbin宝盈、市委): the Latin part carries a gambling root; the Chinese part is the short run
# after it, up to punctuation or a joining word (和 与 及 的 等), at most four characters — a longer
# run is the notice's own text and is left alone (only the Latin part is taken then). Not ``bet``
# alone (alphabet): with digits (bet365) INJECTED_TOKEN finds it.
LATIN_BEFORE_CJK = re.compile(r"[A-Za-z0-9]{3,12}(?=[\u4e00-\u9fff])")
BRAND_ROOT = re.compile(r"bbin|xpj|amjs|vns|casino|bocai|pujing|weinisi|baijiale|liuhecai", re.IGNORECASE)
LATIN_GLUE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./:@-")
BRAND_TAIL = re.compile(r"[\u4e00-\u9fff]{1,4}?(?=[和与及的等]|[^\u4e00-\u9fff]|$)")
ALLOWED_CODES = re.compile(r"^(?:12345|12315|12348|12366|12369|110|119|120)$|^[A-Z]{2,}\d{4,}$|^\d+$")
TRAILING_SPACES = re.compile(r"[ \t\u3000\xa0]+$", re.MULTILINE)
LEADING_SPACES = re.compile(r"^[ \t\u3000\xa0]+", re.MULTILINE)
BLANK_RUNS = re.compile(r"\n{3,}")
SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u4e00-\u9fff，。；：、）》”])[ \t\u3000\xa0]+(?=[\u4e00-\u9fff（《“])")


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)


@dataclass
class CleanResult:
    text: str
    removed_pinyin: int = 0
    removed_spam: list[str] = field(default_factory=list)
    was_traditional: bool = False


def find_spam(text: str) -> list[str]:
    """Injected tokens, gambling words and domains in ``text`` (for review and for the cleaner).

    Ordinary government codes (宗地编号, 品目编码, 统一社会信用代码, 型号, labelled 编号) are not
    spam and are never returned, so the cleaner never deletes them (``govcodes``, issue 19).
    """
    hits = [
        m.group(0)
        for m in INJECTED_TOKEN.finditer(text)
        if HAS_LETTER.search(m.group(0)) and HAS_DIGIT.search(m.group(0))
        # An ID number ending in X looks like a token too; it is personal data, reported as such.
        if not ALLOWED_CODES.match(m.group(0)) and not is_valid_id_number(m.group(0))
        if not code_at(text, m.start(), m.end())
    ]
    for m in LATIN_BEFORE_CJK.finditer(text):
        if not BRAND_ROOT.search(m.group(0)) or (m.start() and text[m.start() - 1] in LATIN_GLUE):
            continue
        tail = BRAND_TAIL.match(text, m.end())
        token = m.group(0) + (tail.group(0) if tail else "")
        if token not in hits and m.group(0) not in hits:
            hits.append(token)
    hits += [word for word in GAMBLING_WORDS if word in text]
    hits += [
        m.group(0)
        for m in SPAM_DOMAIN.finditer(text)
        if not m.group(0).lower().endswith(".gov.cn") and m.group(0) not in hits
    ]
    return list(dict.fromkeys(hits))  # each token once, in the order found


def _remove_outside_codes(text: str, tokens: list[str]) -> str:
    """Remove every occurrence of the spam ``tokens`` except where it is part of a government code
    (``govcodes.protected_spans``): "the cleaner never deletes such codes" (issue 19)."""
    if not tokens:
        return text
    protected = protected_spans(text)
    cuts: list[tuple[int, int]] = []
    for token in sorted(set(tokens), key=len, reverse=True):  # a domain before the word inside it
        for match in re.finditer(re.escape(token), text):
            start, end = match.span()
            if any(start < p_end and p_start < end for p_start, p_end in protected):
                continue
            if not any(start < c_end and c_start < end for c_start, c_end in cuts):
                cuts.append((start, end))
    for start, end in sorted(cuts, reverse=True):
        text = text[:start] + text[end:]
    return text


def remove_injected(text: str) -> str:
    """``text`` as it is, less the injected spam tokens (government codes kept)."""
    return _remove_outside_codes(text, find_spam(text))


def clean_scraped_text(text: str) -> CleanResult:
    """Return tidy simplified text and what was removed, so a reviewer can see the changes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    simplified = to_simplified(text)
    was_traditional = simplified != text
    cleaned, pinyin_count = PINYIN_ANNOTATION.subn("", simplified)
    spam = find_spam(cleaned)
    cleaned = _remove_outside_codes(cleaned, spam)
    # A scrape often starts with a stray "?" where a lost character stood.
    cleaned = re.sub(r"^\s*[?？]\s*\n", "", cleaned)
    cleaned = LEADING_SPACES.sub("", TRAILING_SPACES.sub("", cleaned))
    cleaned = SPACE_BETWEEN_CJK.sub("", cleaned)
    cleaned = BLANK_RUNS.sub("\n\n", cleaned).strip()
    return CleanResult(
        text=cleaned, removed_pinyin=pinyin_count, removed_spam=spam, was_traditional=was_traditional
    )


def normalize_brackets(text: str) -> str:
    """文号 written with whatever brackets the keyboard had: 〔2020〕 [2020] (2020) 【2020】 → 〔2020〕."""
    return re.sub(r"[\[［(（【〔]\s*(\d{4})\s*[\]］)）】〕]", r"〔\1〕", text)
