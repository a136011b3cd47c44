"""One normalisation and one segmentation for documents and queries alike (pure, no ORM).

Documents and queries go through the same steps, so a query typed in traditional characters,
with full-width letters or with any brackets around a 文号's year finds the same tokens:

1. 繁→简 (OpenCC t2s), 2. NFKC (full-width → half-width), 3. 文号 brackets → 〔〕, 4. lower case;
then rjieba with the government-terms dictionary in ``data/gov_terms.txt``: search mode (all
sub-words) for documents, precise mode for queries.

Uyghur (民汉双语, ADR 0040) is written in Arabic script with spaces between words: a run of Arabic
letters is one token, never handed to rjieba (which would cut it into single letters). NFKC in step
2 already folds the Arabic presentation forms (U+FB50–U+FEFF, as pasted from old documents) to the
letters, and punctuation (، ؛ ؟ « ») separates words like a space.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import rjieba
from pypinyin import lazy_pinyin

from gongkai.textproc.cleanup import find_spam, normalize_brackets, to_simplified
from gongkai.textproc.docnumbers import strip_ordinal

DATA = Path(__file__).resolve().parent / "data"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
# A token made only of punctuation, symbols or spaces carries no meaning for search.
NOT_A_WORD = re.compile(r"^[\W_]+$")
HAN = re.compile(r"[\u4e00-\u9fff]")
MAX_QUERY_CHARS = 200


@cache
def load_dictionary() -> int:
    """Teach rjieba the government terms (once per process); returns how many."""
    count = 0
    for line in (DATA / "gov_terms.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, freq = line.partition(" ")
        rjieba.add_word(word, int(freq) if freq.isdigit() else None, None)
        count += 1
    return count


# The full-width punctuation NFKC changes in almost every Chinese text. Replacing these few first
# (str.replace is far cheaper than translate) lets the NFKC quick check pass, ~15x cheaper than
# normalising; text with other compatibility characters (Ａ, ①, ㈠, …) still gets full NFKC.
COMMON_FULL_WIDTH = (
    ("，", ","),
    ("；", ";"),
    ("：", ":"),
    ("（", "("),
    ("）", ")"),
    ("！", "!"),
    ("？", "?"),
)


# Full-width ASCII (！ to ～) to half-width: the length never changes.
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
OTHER_FULL_WIDTH = re.compile("[\uff01-\uff5e]")


def fold(text: str) -> str:
    """A 简体 text folded for finding query words in it (width, case, 文号 brackets), same length."""
    # The common punctuation by str.replace (cheap); translate only for what is left (Ａ, ０ …).
    for full, half in COMMON_FULL_WIDTH:
        text = text.replace(full, half)
    if OTHER_FULL_WIDTH.search(text):
        text = text.translate(FULL_WIDTH)
    text = text.lower()
    return normalize_brackets(text) if "(" in text or "[" in text or "【" in text else text


def display_text(text: str) -> str:
    """简体 with the punctuation as printed (full-width in Chinese): the form snippets show."""
    return to_simplified(CONTROL.sub(" ", text or ""))


def display_normalize(text: str) -> str:
    """简体 and half-width, case kept: the form stored for snippets."""
    text = to_simplified(CONTROL.sub(" ", text or ""))
    for full, half in COMMON_FULL_WIDTH:
        text = text.replace(full, half)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


# 第十四个五年规划 and 十四五规划 are one name: both index and query read the short form.
FIVE_YEAR_PLAN = re.compile(r"第([一二三四五六七八九十]{1,3})个五年")


def normalize(text: str) -> str:
    text = normalize_brackets(display_normalize(text)).lower()
    # 〔2021〕第35号 is 〔2021〕35号 (the serial's 第 is not part of a 文号).
    return FIVE_YEAR_PLAN.sub(r"\1五", strip_ordinal(text))


def _words(tokens) -> list[str]:
    # Hot path at index time (hundreds of tokens per document): words of letters, digits or 汉字
    # pass on the cheap isalnum() test; a one-character token must pass it, and a longer mixed
    # one (such as a 文号 〔2020〕24号) is kept unless it is only punctuation and spaces.
    return [t for t in tokens if t.isalnum() or (len(t) > 1 and not NOT_A_WORD.match(t))]


# The letters and marks of the Arabic script Uyghur uses (not its punctuation ، ؛ ؟ ۔ ٪).
ARABIC_WORD = re.compile(r"[\u0620-\u063f\u0641-\u065f\u066e-\u06d3\u06d5-\u06ed\u0750-\u077f]+")
ARABIC_LETTER = re.compile(r"[\u0620-\u06ff\u0750-\u077f]")


# Uyghur is agglutinative: ئۇچۇر (information), ئۇچۇرلىرىنى (its pieces of information, accusative).
# A light stemmer takes the common case, plural and possessive endings off (longest first, a stem of
# at least three letters kept); documents index a word and its stem, queries look for the stem, so
# either form finds the other. Vowel changes before a suffix (خىزمەت → خىزمىتى) are not undone.
UYGHUR_SUFFIXES = tuple(
    sorted(
        [
            "دىكى",
            "تىكى",
            "غىچە",
            "گىچە",
            "قىچە",
            "كىچە",
            "لىرى",
            "ىمىز",
            "ىڭىز",
            "لىق",
            "لىك",
            "لۇق",
            "لۈك",
            "نىڭ",
            "دىن",
            "تىن",
            "لار",
            "لەر",
            "لىر",
            "نى",
            "غا",
            "گە",
            "قا",
            "كە",
            "دا",
            "دە",
            "تا",
            "تە",
            "سى",
            "ىم",
            "ىڭ",
            "ى",
            "چە",
        ],
        key=len,
        reverse=True,
    )
)
UYGHUR_MIN_STEM = 3


def uyghur_stem(word: str) -> str:
    for _ in range(4):
        for suffix in UYGHUR_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= UYGHUR_MIN_STEM:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def _cut(text: str, cut, *, stems: str) -> list[str]:
    """``cut`` (rjieba) over the Chinese parts, Arabic-script words whole; ``stems``: "add" (a
    document: the word and its stem) or "only" (a query: the stem)."""
    if not ARABIC_LETTER.search(text):
        return cut(text)
    tokens: list[str] = []
    position = 0
    for match in ARABIC_WORD.finditer(text):
        if match.start() > position:
            tokens += cut(text[position : match.start()])
        word = match.group()
        stem = uyghur_stem(word)
        if stems == "only":
            tokens.append(stem)
        else:
            tokens += [word, stem] if stem != word else [word]
        position = match.end()
    if position < len(text):
        tokens += cut(text[position:])
    return tokens


def uyghur_words(text: str) -> list[str]:
    """The words of a Uyghur text as the index holds them (normalised, split on spaces and
    punctuation)."""
    return ARABIC_WORD.findall(normalize(text))


def tokens_for_index(text: str) -> list[str]:
    """Search-mode tokens (a long word and its sub-words) of a document field."""
    load_dictionary()
    return _words(_cut(normalize(text), rjieba.cut_for_search, stems="add"))


def index_text(text: str) -> str:
    """The field value handed to tantivy's whitespace tokenizer."""
    return " ".join(tokens_for_index(clean_for_index(text)))


def tokens_for_query(text: str) -> list[str]:
    """Precise-mode tokens of what the user typed, de-duplicated in order."""
    load_dictionary()
    seen: dict[str, None] = {}
    for token in _words(_cut(normalize(text)[:MAX_QUERY_CHARS], rjieba.cut, stems="only")):
        seen.setdefault(token)
    return list(seen)


def words_in_order(text: str) -> list[str]:
    """Precise-mode words of a text in order, repeats kept (a title's words as a query would
    cut them, for reading phrases out of it)."""
    load_dictionary()
    return _words(_cut(normalize(text), rjieba.cut, stems="only"))


# How people ask rather than what they ask about: 怎么 / 如何 / 在哪里 / 多少钱 / 吗 … No document
# answers "如何", so a question typed as a sentence (城镇居民如何申请低保) is searched by its content
# words (城镇居民 申请 低保). Only whole query tokens are dropped, never characters inside a word.
QUESTION_WORDS = frozenset(
    re.split(
        r"\s+",
        """
    如何 怎么 怎样 怎么样 怎么办 咋 咋办 咋样 什么 啥 哪些 哪个 哪里 哪儿 在哪 在哪里 在哪儿 去哪 去哪里
    多少 多少钱 钱 几 几个 几天 哪几天 哪天 几月 几号 几岁 何时 什么时候 啥时候 时候 为什么 为啥 是否 是不是
    能否 能不能 可不可以 可以 能 会不会 吗 呢 吧 啊 么 嘛 了 的 一般 请问 谁 归谁管 谁管 有没有 有哪些
    算不算 是 要 需要 应该 该 呀 多大 多久 多长 多长时间 多高
    """.strip(),
    )
)


# Particles and prepositions a question is built with (我国把每年的几月是休渔期): they say nothing
# about the document, and one found in a single document by chance weighs like a rare word.
FUNCTION_WORDS = frozenset(
    re.split(r"\s+", "把 被 将 到 在 和 与 跟 从 向 往 让 给 对 也 都 还 就 又 再 还有")
)


# What a resident adds around the subject of a question (最新, 规定, 文件, 流程, 步骤, 具备, 前提条件 …):
# unlike 如何 or 吗 these may be in the document, so they are not dropped, but a document lacking
# them may still be the one asked for, and a rare one (具备, 步骤) must not outweigh the subject.
# Each counts this share of its rarity and is wished for, not required, beside a content word.
SCAFFOLD_WEIGHTS: dict[str, float] = {
    **dict.fromkeys(
        re.split(
            r"\s+",
            "最新 新 新规 新政 全文 详细 具体 相关 一下 有 才能 具备 前提 前提条件 步骤 流程 明细 手续 "
            "怎么办理 办理流程 大全 汇总 一览 最新消息 消息",
        ),
        0.1,
    ),
    **dict.fromkeys(re.split(r"\s+", "规定 文件 政策 规则 法规 条例规定 依据 法律依据"), 0.2),
    **dict.fromkeys(re.split(r"\s+", "条件 标准 时间 办理 要求 程序 情况 方法 方式 费用"), 0.35),
}


def scaffold_weight(token: str) -> float:
    """The share of its rarity a query word counts: below 1 for the scaffolding of a question."""
    return SCAFFOLD_WEIGHTS.get(token, 1.0)


# Question words by their shape rather than one by one (ADR 0049): a count asked for with its
# measure word (几次, 几年, 几个月, 几月份, 多少天, 多少分, 多少元), what-kind (什么样, 啥样的), and the
# colloquial how-long (好久) — the segmenter keeps each as one token, and no document answers it.
QUESTION_SHAPE = re.compile(
    r"^(?:(?:几|多少)个?(?:次|年|月|月份|个月|天|日|周|岁|号|分|元|块|块钱|倍|期|级|届|人|份)"
    r"|(?:什么|啥)(?:样|样的|样子|意思)|好久|咋样|咋弄|怎么弄|怎么回事)$"
)


def is_question_word(token: str) -> bool:
    return token in QUESTION_WORDS or bool(QUESTION_SHAPE.match(token))


# The measure word after a question's count (多少 + 天, 几个 + 月): asked for, not searched.
COUNT_WORDS = frozenset(["几", "几个", "多少"])
MEASURE_WORDS = frozenset(
    re.split(
        r"\s+", "次 年 月 月份 个月 天 日 周 岁 号 分 元 块 块钱 倍 期 级 届 人 份 小时 公里 平方米 平米 亩"
    )
)


def content_tokens(tokens: list[str]) -> list[str]:
    """The query's tokens without question words and particles; the tokens unchanged when nothing
    else is left (a query of only 什么 is searched as typed)."""
    kept = []
    for i, token in enumerate(tokens):
        asked = i > 0 and tokens[i - 1] in COUNT_WORDS and token in MEASURE_WORDS
        if not asked and not is_question_word(token) and token not in FUNCTION_WORDS:
            kept.append(token)
    return kept or tokens


# A place name with its level (潘集区, 金湖县, 湖北省, 西双版纳州) is also found by the bare name people
# type (潘集, 金湖, 湖北): the index holds the bare name beside the whole word, and a query word
# with a level also looks for the bare name. Compounds that merely end in these characters are
# not places (开发区, 自治州, 城市, 乡镇 …) and keep their whole form only.
PLACE_LEVELS = "省市县区州盟旗镇乡"
NOT_PLACES = frozenset(
    re.split(
        r"\s+",
        """
    开发区 自治区 管理区 示范区 试验区 保护区 风景区 功能区 辖区 社区 园区 片区 学区 城区 小区 街区 景区 矿区
    库区 林区 灾区 特区 新区 老区 山区 牧区 郊区 市区 县区 市县 省市 城乡 乡镇 城镇 集镇 小镇 名镇 重镇
    自治州 自治县 自治旗 直辖市 地级市 县级市 城市 都市 超市 集市 上市 股市 门市 夜市 全市 全县 全省 全区
    本市 本县 本省 本区 我市 我县 我省 我区 各市 各县 各省 各区 外省 外市 外县 跨省 跨市 跨区 分区 行政区
    自贸区 保税区 商圈区 居住区 住宅区 工业区 生活区 校区 营区 防区 湾区 经济区 高新区
    """.strip(),
    )
)


def place_stem(token: str) -> str:
    """潘集区 → 潘集; '' for anything that is not a place name with its level."""
    if len(token) >= 3 and token[-1] in PLACE_LEVELS and token not in NOT_PLACES and HAN.match(token[-2]):
        return token[:-1]
    return ""


def with_place_stems(tokens: list[str]) -> list[str]:
    """``tokens`` and, after each place name with its level, the bare name (if not already there)."""
    out: list[str] = []
    seen = set(tokens)
    for token in tokens:
        out.append(token)
        stem = place_stem(token)
        if stem and stem not in seen:
            seen.add(stem)
            out.append(stem)
    return out


@lru_cache(maxsize=20_000)
def organ_text(name: str) -> str:
    """An organ's name as index tokens, bare place names included (cached: few organs, many
    documents)."""
    return " ".join(with_place_stems(tokens_for_index(clean_for_index(name))))


# One-character endings that only say who or what level (低保户, 陆良县, 申请人): the word without
# them still says what the query means. 流程图 or 一个月 do not lose only an ending.
WORD_ENDINGS = frozenset("户人员者家方县区市省州镇乡村局委办厅费金证卡")


def sub_words(token: str) -> list[str]:
    """The shorter dictionary words inside one query word (search mode), without the word itself
    when it splits (or when one word is all of it but its last character); single characters are
    dropped unless nothing else is left."""
    load_dictionary()
    if len(token) < 3:
        return [token]
    known = {w for w in _words(rjieba.cut_for_search(token)) if w != token and len(w) > 1}
    # Cover the word left to right with the longest known words, without overlaps: 低保户 is
    # 低保 + 户, not 低保 + 保户 (search mode's overlapping pairs are not parts of the word).
    words: list[str] = []
    i = 0
    while i < len(token):
        longest = max((w for w in known if token.startswith(w, i)), key=len, default="")
        if longest:
            words.append(longest)
            i += len(longest)
        else:
            i += 1
    if len(words) == 1 and token.startswith(words[0]) and token[len(words[0]) :] in WORD_ENDINGS:
        # 低保户 → 低保, 陆良县 → 陆良: the word without a one-character ending.
        return words
    return words if len(words) > 1 else [token]


@lru_cache(maxsize=200_000)
def word_pinyin(word: str) -> tuple[str, str]:
    """政务 → ("zhengwu", "zw"): the full pinyin and the initials of one Chinese word."""
    syllables = lazy_pinyin(word, errors="ignore")
    return "".join(syllables), "".join(s[0] for s in syllables if s)


def pinyin_text(indexed: str) -> str:
    """Pinyin tokens of a title's index tokens (``index_text``), for queries typed in pinyin
    (zhengwu gongkai) or initials (zwgk).

    Every Chinese word of the title (search mode: 政务公开, 政务, 公开) gives its full pinyin and,
    for words of two characters or more, its initials. Cached per word: titles share their
    vocabulary, so this costs little at index time.
    """
    out: dict[str, None] = {}
    for token in indexed.split():
        if not HAN.search(token):
            continue
        full, initials = word_pinyin(token)
        if full:
            out.setdefault(full)
        if len(initials) > 1:
            out.setdefault(initials)
    return " ".join(out)


def is_pinyin_like(token: str) -> bool:
    """A query word of Latin letters only, which may be pinyin or its initials."""
    return token.isascii() and token.isalpha() and len(token) >= 2


def clean_for_index(text: str) -> str:
    """Drop injected spam tokens (btbt365me) so the index never answers gambling queries."""
    for token in find_spam(text):
        text = text.replace(token, " ")
    return text


def compact(text: str) -> str:
    """A 文号 or 索引号 reduced to a comparable key: normalised, without spaces."""
    return re.sub(r"\s+", "", normalize(text))


def load_abbreviation_entries() -> list[tuple[str, str, str]]:
    """(简称, 全称, 出处) from ``data/abbreviations.txt``; a ``# 来源：`` line names the source of
    the lines below it."""
    entries, source = [], ""
    for line in (DATA / "abbreviations.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# 来源："):
            source = line.removeprefix("# 来源：").strip()[:200]
        elif line.strip() and not line.startswith("#") and "\t" in line:
            short, full = (part.strip() for part in line.split("\t", 1))
            if short and full and short != full:
                entries.append((short, full, source))
    return entries


def load_abbreviation_seed() -> list[tuple[str, str]]:
    """(简称, 全称) pairs, as the first seeding migration reads them."""
    return [(short, full) for short, full, _ in load_abbreviation_entries()]
