"""意见征集 rules as pure functions (no ORM): the comment period, the draft's paragraphs, what a
public comment may not contain, and exact / near-duplicate detection (ADR 0036).

Near duplicates: a comment's text is normalised (繁→简 is left to the caller; here width, case,
punctuation and spaces), cut into overlapping character 3-grams ("shingles"), and summarised by
a 64-value MinHash signature. The share of equal positions in two signatures estimates the
Jaccard similarity of their shingle sets; at or above ``NEAR_DUPLICATE_THRESHOLD`` two comments
are one campaign. A mass campaign of the same text with a word changed here and there is then
counted and shown once, while two people who happen to share a phrase are not merged.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from gongkai.textproc.cleanup import find_spam
from gongkai.textproc.pii import find_pii

# 《重大行政决策程序暂行条例》第十四条: 征求意见的期限一般不少于30日; the organ may choose a
# longer period, and other drafts keep the same default unless the organ shortens it.
MAJOR_DECISION_MIN_DAYS = 30
DEFAULT_PERIOD_DAYS = 30
# A shorter period than this is refused even for an ordinary draft: the public needs time to read.
ORDINARY_MIN_DAYS = 7
MAX_PERIOD_DAYS = 365

COMMENT_MIN_CHARS = 5
COMMENT_MAX_CHARS = 5000
MAX_PARAGRAPHS = 2000

SHINGLE_SIZE = 3
SIGNATURE_SIZE = 64
NEAR_DUPLICATE_THRESHOLD = 0.8
_PRIME = (1 << 61) - 1
_rng = random.Random(20260315)  # fixed: signatures stored in the database must stay comparable
_PERMUTATIONS = tuple((_rng.randrange(1, _PRIME), _rng.randrange(0, _PRIME)) for _ in range(SIGNATURE_SIZE))


# --- the period ---------------------------------------------------------------------------------


def default_end(starts_on: date, *, days: int = DEFAULT_PERIOD_DAYS) -> date:
    """The last day of a period of ``days`` calendar days starting on ``starts_on``."""
    return starts_on + timedelta(days=days - 1)


def period_days(starts_on: date, ends_on: date) -> int:
    return (ends_on - starts_on).days + 1


def period_problem(
    starts_on: date,
    ends_on: date,
    *,
    is_major_decision: bool,
    min_major_days: int,
    shortened_reason: str = "",
) -> str:
    """Why this period is not allowed, in Chinese; '' when it is. A 重大行政决策 may be shorter than
    ``min_major_days`` only with the reason stated publicly (第十四条: 因情况紧急等原因需要缩短期限的,
    公开征求意见时应当予以说明)."""
    if ends_on < starts_on:
        return "截止日期不能早于开始日期。"
    days = period_days(starts_on, ends_on)
    if is_major_decision and days < min_major_days and not shortened_reason.strip():
        return (
            f"重大行政决策事项征求意见的期限一般不少于{min_major_days}日（《重大行政决策程序暂行条例》"
            f"第十四条），当前为{days}日；因情况紧急等原因需要缩短的，请填写缩短期限的说明。"
        )
    if days < ORDINARY_MIN_DAYS:
        return f"征求意见期限不少于{ORDINARY_MIN_DAYS}日，当前为{days}日。"
    if days > MAX_PERIOD_DAYS:
        return f"征求意见期限不超过{MAX_PERIOD_DAYS}日，当前为{days}日。"
    return ""


# --- the draft ----------------------------------------------------------------------------------


def split_paragraphs(text: str) -> list[str]:
    """The draft's paragraphs in order: non-empty lines, inner spaces collapsed."""
    paragraphs = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = re.sub(r"[ \t\u3000\xa0]+", " ", line).strip()
        if line:
            paragraphs.append(line)
    return paragraphs[:MAX_PARAGRAPHS]


# --- what a comment may not contain -------------------------------------------------------------

LINK = re.compile(
    r"(?:https?://|ftp://|www\.)\S+|\b[\w-]+\.(?:com|net|cn|org|top|xyz|cc|me|vip|info)\b", re.I
)
MARKUP = re.compile(r"<\s*/?\s*[a-z!][^>]*>|javascript\s*:|on\w+\s*=", re.I)

KIND_TOO_SHORT = "too_short"
KIND_TOO_LONG = "too_long"
KIND_LINK = "link"
KIND_MARKUP = "markup"
KIND_SPAM = "spam"
KIND_PERSONAL = "personal_data"
# What a person may well have meant in good faith (a link to a source, a pasted snippet, a word the
# spam list dislikes): the comment is stored held for staff rather than refused (ADR 0054). Personal
# data and length stay refusals — the person fixes them in the form, which keeps the text.
HOLD_KINDS = frozenset({KIND_LINK, KIND_MARKUP, KIND_SPAM})


@dataclass(frozen=True)
class Refusal:
    kind: str
    message: str


def screen_comment(text: str) -> list[Refusal]:
    """Why a comment cannot be accepted as typed (empty list: it can). Nothing here stores it;
    the form shows the messages with the text still in it."""
    refusals: list[Refusal] = []
    stripped = text.strip()
    if len(stripped) < COMMENT_MIN_CHARS:
        refusals.append(
            Refusal(KIND_TOO_SHORT, _("意见内容过短，请至少填写%(n)s个字。") % {"n": COMMENT_MIN_CHARS})
        )
    if len(stripped) > COMMENT_MAX_CHARS:
        refusals.append(
            Refusal(
                KIND_TOO_LONG,
                _("意见内容不超过%(max)s字（当前%(n)s字），可分条提交。")
                % {"max": COMMENT_MAX_CHARS, "n": len(stripped)},
            )
        )
    if MARKUP.search(text):
        refusals.append(Refusal(KIND_MARKUP, _("意见中不能包含网页代码或脚本，请删除尖括号标记后再提交。")))
    spam = find_spam(text)
    if spam:
        refusals.append(
            Refusal(
                KIND_SPAM,
                _("意见中含有疑似广告或博彩内容（“%(word)s”），请删除后再提交。") % {"word": spam[0]},
            )
        )
    elif LINK.search(text):
        refusals.append(Refusal(KIND_LINK, _("为防范垃圾信息，意见中不能包含网址链接，请直接写明意见内容。")))
    personal = find_pii(text)
    if personal:
        labels = "、".join(dict.fromkeys(f.label for f in personal))
        refusals.append(
            Refusal(
                KIND_PERSONAL,
                _(
                    "意见中含有%(what)s（%(masked)s）。为保护您的个人信息，请删除后再提交；"
                    "如需本机关联系您，请填写在“联系方式”一栏（不公开）。"
                )
                % {"what": labels, "masked": personal[0].masked},
            )
        )
    return refusals


def name_problem(name: str) -> str:
    """Why a signature cannot be shown as typed ('' when it can)."""
    if LINK.search(name) or MARKUP.search(name) or find_spam(name) or find_pii(name):
        return _("姓名中不能包含网址、代码、广告或证件号码。")
    return ""


# --- duplicates ---------------------------------------------------------------------------------

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """Width and case folded, punctuation and spaces dropped: what makes two texts 'the same'."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).lower())


def text_hash(text: str) -> str:
    return hashlib.sha256(normalize(text).encode()).hexdigest()


def shingles(text: str, *, size: int = SHINGLE_SIZE) -> set[str]:
    value = normalize(text)
    if len(value) <= size:
        return {value} if value else set()
    return {value[i : i + size] for i in range(len(value) - size + 1)}


def _hash64(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")


def signature(text: str) -> list[int]:
    """MinHash signature of ``text``'s shingles (``SIGNATURE_SIZE`` values)."""
    hashes = [_hash64(s) for s in shingles(text)]
    if not hashes:
        return [0] * SIGNATURE_SIZE
    return [min((a * h + b) % _PRIME for h in hashes) for a, b in _PERMUTATIONS]


def similarity(first: list[int], second: list[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    if len(first) != len(second) or not first:
        return 0.0
    return sum(1 for x, y in zip(first, second, strict=True) if x == y) / len(first)


def jaccard(first: str, second: str) -> float:
    """Exact Jaccard similarity of two texts' shingles (for tests and for checking the estimate)."""
    a, b = shingles(first), shingles(second)
    return len(a & b) / len(a | b) if a | b else 1.0


def closest(sig: list[int], candidates: list[tuple[int, list[int]]]) -> tuple[int | None, float]:
    """The candidate (id, signature) most similar to ``sig`` at or above the threshold."""
    best, best_score = None, 0.0
    for pk, other in candidates:
        score = similarity(sig, other)
        if score >= NEAR_DUPLICATE_THRESHOLD and score > best_score:
            best, best_score = pk, score
    return best, best_score
