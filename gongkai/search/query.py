"""Searching this node's index: query building, ranking, filters, highlighting, suggestions."""

from __future__ import annotations

import difflib
import functools
import html
import math
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

import tantivy
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from gongkai.search import engine, intent, places, questions, shortforms, synonyms
from gongkai.search.analysis import (
    HAN,
    NOT_PLACES,
    PLACE_LEVELS,
    compact,
    content_tokens,
    fold,
    is_pinyin_like,
    normalize,
    place_stem,
    scaffold_weight,
    sub_words,
    tokens_for_query,
    word_pinyin,
)
from gongkai.textproc import docnumbers

Occur = tantivy.Occur
MAX_PAGE = 50
SNIPPET_CHARS = 120


@dataclass
class SearchRequest:
    q: str = ""
    org_id: int | None = None
    include_subordinates: bool = True
    category: str = ""
    year_from: int | None = None
    year_to: int | None = None
    validity: str = ""
    genre: str = ""
    sort: str = "relevance"  # or "date"
    # Rank by how many of the words a document has instead of requiring all of them (used to
    # find what may already answer an application, whose description is a sentence).
    any_word: bool = False
    page: int = 1
    page_size: int = 20


@dataclass
class Hit:
    key: str
    title: SafeString
    url: str
    organ: str
    date: str
    doc_number: str
    validity: str
    snippet: SafeString
    score: float


@dataclass
class SearchResponse:
    request: SearchRequest
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    message: str = ""
    suggestions: list[str] = field(default_factory=list)
    exact: bool = False
    # Words of the query no result contains (said plainly on the page), and the year the query
    # named, offered back as a filter.
    missing: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    year: int | None = None

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.request.page_size))


def _in_fields(token: str, weights: dict[str, float]) -> list[tuple]:
    schema = engine.SCHEMA
    return [
        (Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(schema, name, token), weight))
        for name, weight in weights.items()
    ]


PINYIN_WEIGHT = 0.8


def _boosted(field_name: str, token: str, weight: float) -> tantivy.Query:
    return tantivy.Query.boost_query(tantivy.Query.term_query(engine.SCHEMA, field_name, token), weight)


def _term_in_fields(token: str) -> tantivy.Query:
    """One query word, looked for in the matching fields with their weights."""
    return tantivy.Query.boolean_query(_in_fields(token, engine.MATCH_FIELDS))


def _all_of(tokens: list[str]) -> tantivy.Query:
    return tantivy.Query.boolean_query([(Occur.Must, _term_in_fields(t)) for t in tokens])


# A compound word found in fewer documents than this is also looked for as its parts.
RARE_COMPOUND = 1000


def _word_group(
    token: str, abbreviations: dict[str, list[str]], searcher, wider: bool = False
) -> tantivy.Query:
    """A query word, matched as itself, as its sub-words (财政预算 → 财政 + 预算) when the compound
    itself is rare (a common compound needs no help, and its common parts would make the query
    visit most of the index), or through its full form when it is a known abbreviation
    (发改委 → 发展和改革委员会)."""
    alternatives = [(Occur.Should, _term_in_fields(token))]
    stem = place_stem(token)
    if stem:
        # 金湖县 typed, 金湖 written: the bare place name matches too.
        alternatives.append((Occur.Should, _term_in_fields(stem)))
    parts = [t for t in sub_words(token) if t != token]
    if parts and searcher.doc_freq("all", token) < RARE_COMPOUND:
        alternatives.append((Occur.Should, _all_of(parts)))
    if is_pinyin_like(token) and searcher.doc_freq("pinyin", token):
        # zhengwu / zwgk: a title word typed in pinyin or its initials.
        alternatives.append((Occur.Should, _boosted("pinyin", token, PINYIN_WEIGHT)))
    for full in abbreviations.get(token, [])[:3]:
        # Words as the segmenter cut them are kept as they are (see _join_short_forms).
        expanded = full.split() if " " in full else _without_lone_levels(tokens_for_query(full))
        if expanded:
            alternatives.append((Occur.Should, _all_of(expanded)))
    if wider and places.resolve(token) and is_place(token, searcher):
        # Only once the words as typed have not answered (near matches, coverage): in 深圳 失业金
        # the province's regulation applies in the city; in 山东 供暖 a city's rules are the
        # province's too. The best of the forms counts, not their sum (a document naming 金湖 and 江苏
        # is not lifted above one naming only 金湖), the containing or contained division weaker
        # than the place as typed, so its own documents come first.
        around = [_weighted(_place_terms(d), PARENT_WEIGHT) for d in places.ancestors(token)] + [
            _weighted(_place_terms(d), CHILD_WEIGHT)
            for d in [*places.prefectures(token), *places.counties(token)]
        ]
        if around:
            typed = tantivy.Query.boolean_query(alternatives)
            alternatives = [(Occur.Should, tantivy.Query.disjunction_max_query([typed, *around], 0.0))]
    inner = _inner_colloquial(token, abbreviations)
    if inner and not searcher.doc_freq("all", token):
        # 养狗用, 办狗证吗: the segmenter glued a colloquial word to its neighbour; the word the index
        # does not know is matched through the official form of the colloquial word inside it.
        for full in abbreviations[inner][:3]:
            expanded = _without_lone_levels(tokens_for_query(full))
            if expanded:
                alternatives.append((Occur.Should, _all_of(expanded)))
    return tantivy.Query.boolean_query(alternatives)


# What a document of the containing (or contained) division counts beside one of the place typed.
PARENT_WEIGHT = 0.5
CHILD_WEIGHT = 0.3


def _place_terms(division: str) -> tantivy.Query:
    """A division by its full name or its bare one (浙江省, 浙江)."""
    names = dict.fromkeys([division, places.bare(division)])
    return tantivy.Query.boolean_query([(Occur.Should, _term_in_fields(name)) for name in names])


def _join_short_forms(
    tokens: list[str], abbreviations: dict[str, list[str]], searcher
) -> tuple[list[str], dict[str, list[str]]]:
    """Neighbouring words rejoined when together they are a short form of the table that the
    segmenter cut apart (失业 + 金 → 失业金, matched as 失业保险金; 房屋 + 征收 → 房屋征收). The
    words as cut stay one way of matching the joined word (河 湖长 制 of 河湖长制), so the table
    returned beside the words has them as its first full form."""
    out: list[str] = []
    cut: dict[str, list[str]] = {}
    i = 0
    while i < len(tokens):
        for size in (3, 2):
            parts = tokens[i : i + size]
            joined = "".join(parts)
            if (
                len(parts) == size
                and joined in abbreviations
                # Joined only where the whole finds something (and the words as cut are tried
                # again when it finds nothing with the rest: see search()).
                and searcher.search(_word_group(joined, abbreviations, searcher), 1, count=True).count
            ):
                cut[joined] = [" ".join(parts), *abbreviations[joined]]
                out.append(joined)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out, ({**abbreviations, **cut} if cut else abbreviations)


def _character_short_forms(
    tokens: list[str], abbreviations: dict[str, list[str]], searcher
) -> tuple[list[str], dict[str, list[str]]]:
    """Query words the table does not know and no title holds, matched through the title phrases
    they are a short form of (控烟 → 控制 吸烟, 业委会 → 业主 委员会; ``shortforms``, ADR 0049). A
    one-character word the segmenter cut off (失业 + 险) is rejoined when the whole is one."""
    out: list[str] = []
    derived: dict[str, list[str]] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        pair = tokens[i : i + 2]
        single = [t for t in pair if len(t) == 1]
        # Only a character no title holds on its own (险, not 年 of 近三年 年 预算) is rejoined.
        if len(pair) == 2 and single and not searcher.doc_freq("title", single[0]):
            joined = token + tokens[i + 1]
            if joined not in abbreviations:
                found = shortforms.expansions(joined, searcher)
                if found:
                    derived[joined] = list(found)
                    out.append(joined)
                    i += 2
                    continue
        if token not in abbreviations and token not in derived:
            found = shortforms.expansions(token, searcher)
            if found:
                derived[token] = list(found)
        out.append(token)
        i += 1
    return out, ({**abbreviations, **derived} if derived else abbreviations)


def _inner_colloquial(token: str, abbreviations: dict[str, list[str]]) -> str:
    """The longest short form (two characters or more) inside ``token`` but not all of it."""
    if len(token) < 3:
        return ""
    inside = [key for key in abbreviations if 2 <= len(key) < len(token) and key in token]
    return max(inside, key=len, default="")


def _filters(request: SearchRequest) -> list[tuple]:
    schema = engine.SCHEMA
    clauses = []
    if request.org_id:
        field_name, value = (
            ("orgs", str(request.org_id)) if request.include_subordinates else ("org", request.org_id)
        )
        clauses.append((Occur.Must, tantivy.Query.term_query(schema, field_name, value)))
    for name in ("category", "validity", "genre"):
        value = getattr(request, name)
        if value:
            clauses.append((Occur.Must, tantivy.Query.term_query(schema, name, value)))
    if request.year_from or request.year_to:
        clauses.append(
            (
                Occur.Must,
                tantivy.Query.range_query(
                    schema, "year", tantivy.FieldType.Integer, request.year_from, request.year_to
                ),
            )
        )
    return clauses


def highlight(text: str, tokens: list[str], *, simplified: bool = False) -> SafeString:
    """Escape ``text`` and wrap every occurrence of a query word in <mark>. ``simplified``: the
    text is already in 简体 (stored excerpts), so a cheap width fold finds the words."""
    pattern = _mark_pattern(tuple(tokens))
    if pattern is None:
        return mark_safe(html.escape(text))
    out, last = [], 0
    folded = fold(text) if simplified else normalize(text)
    # Both keep the length for CJK and ASCII alike in practice; fall back to no marks if not.
    source = folded if len(folded) == len(text) else text
    for match in pattern.finditer(source):
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<mark>{html.escape(text[match.start() : match.end()])}</mark>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))


@functools.lru_cache(maxsize=256)
def _mark_pattern(tokens: tuple[str, ...]) -> re.Pattern | None:
    """The pattern ``highlight`` marks with: built once per query's words, not once per title and
    excerpt of every hit (ADR 0062; forty times a results page)."""
    words = sorted({t for t in tokens if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def snippet(text: str, tokens: list[str]) -> SafeString:
    """The part of ``text`` (stored in 简体) around the first query word, highlighted."""
    folded = fold(text)
    positions = [p for p in (folded.find(t) for t in tokens if t) if p >= 0]
    start = max(0, min(positions) - SNIPPET_CHARS // 3) if positions else 0
    piece = text[start : start + SNIPPET_CHARS]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SNIPPET_CHARS < len(text) else ""
    return mark_safe(prefix + highlight(piece, tokens, simplified=True) + suffix)


def _abbreviations() -> dict[str, list[str]]:
    return synonyms.table().expand


def _hit(doc, score, tokens: list[str], sort: str) -> Hit:
    def first(name: str) -> str:
        return doc.get_first(name) or ""

    # 民汉双语 (ADR 0040): a visitor reading in Uyghur sees a record's Uyghur title and text when
    # the organ published them.
    uyghur = translation.get_language() == "ug" and first("title_ug_display")
    return Hit(
        key=first("key"),
        title=highlight(first("title_ug_display") if uyghur else first("title_display"), tokens),
        url=first("url"),
        organ=first("organ"),
        date=first("date"),
        doc_number=first("doc_number_display"),
        validity=first("validity_label"),
        snippet=snippet(first("excerpt_ug") if uyghur else first("excerpt"), tokens),
        score=float(score) if sort != "date" else 0.0,
    )


# A year typed in the box is a strong wish: among the best-matching documents, those of that year
# (by date, or with the year in the title) are lifted by this factor. An additive boost alone is
# lost beside BM25 scores of long queries; a factor keeps its weight whatever the query's length.
YEAR_FACTOR = 1.6
YEAR_WINDOW = 50
YEAR_WINDOW_MAX = MAX_PAGE * 100


def _run(
    searcher, query, request: SearchRequest, tokens: list[str], years: list[int] | None = None
) -> tuple[int, list[Hit]]:
    offset = (request.page - 1) * request.page_size
    if request.sort == "date":
        result = searcher.search(
            query, request.page_size, count=True, offset=offset, order_by_field="published"
        )
        scored = [(score, searcher.doc(address)) for score, address in result.hits]
    elif years:
        # Re-ranked over the same window on every page, so pages neither repeat nor skip a result.
        window = min(max(YEAR_WINDOW, offset + request.page_size), YEAR_WINDOW_MAX)
        result = searcher.search(query, window, count=True, weight_by_field="boost")
        scored = _by_year([(score, searcher.doc(address)) for score, address in result.hits], years)
        scored = scored[offset : offset + request.page_size]
    else:
        result = searcher.search(query, request.page_size, count=True, offset=offset, weight_by_field="boost")
        scored = [(score, searcher.doc(address)) for score, address in result.hits]
    hits = [_hit(doc, score, tokens, request.sort) for score, doc in scored]
    return result.count or 0, hits


# A year as written in a title (not inside a longer number or a 文号's brackets).
TITLE_YEAR = re.compile(r"(?<![\d〔\[(（【])(?:19|20)\d{2}(?![\d〕\])）】])")


def _by_year(scored: list[tuple[float, object]], years: list[int]) -> list[tuple[float, object]]:
    """Re-rank (score, document) pairs: a document of a wanted year scores YEAR_FACTOR times more.

    A title that names a year says what the document is about, and decides: the 2023年度 report
    published in 2024 is not a 2024 document. Only a title naming no year falls back on the date
    (where the year after, wanted for a 年度 query's publication, also counts)."""
    wanted = {str(y) for y in years}
    first = str(years[0]) if years else ""

    def lifted(pair):
        score, doc = pair
        named = TITLE_YEAR.findall(doc.get_first("title_display") or "")
        of_year = first in named if named else (doc.get_first("date") or "")[:4] in wanted
        return score * YEAR_FACTOR if of_year else score

    return sorted(((lifted(pair), pair[1]) for pair in scored), key=lambda pair: -pair[0])


# A variant (short forms written out, full forms shortened) counts less than the words as typed:
# 政务公开工作要点 must not lose to a report that matches only its variant 政府信息公开 as well.
VARIANT_WEIGHT = 0.6
VARIANT_TIE = 0.1


def _without_lone_levels(tokens: list[str]) -> list[str]:
    """A level character left alone (市 of 新乡市人民政府办公室 segmented as 新乡 + 市 + …) is part of
    a place word in the documents, never a word of its own: it is not required."""
    kept = [t for t in tokens if not (len(t) == 1 and t in PLACE_LEVELS)]
    return kept or tokens


def _join_single_characters(tokens: list[str], searcher) -> list[str]:
    """Rejoin a name the query segmenter cut into single characters (金湖 → 金 + 湖, unknown to the
    dictionary) when the index knows the joined word; the longest known join wins."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if len(tokens[i]) == 1 and HAN.match(tokens[i]):
            j = i
            while j < len(tokens) and len(tokens[j]) == 1 and HAN.match(tokens[j]):
                j += 1
            k = i
            while k < j:
                for end in range(j, k + 1, -1):
                    joined = "".join(tokens[k:end])
                    if searcher.doc_freq("all", joined):
                        out.append(joined)
                        k = end
                        break
                else:
                    out.append(tokens[k])
                    k += 1
            i = j
        else:
            out.append(tokens[i])
            i += 1
    return out


def _all_words(tokens: list[str], abbreviations, searcher, occur) -> tantivy.Query:
    return tantivy.Query.boolean_query(_query(tokens, abbreviations, searcher, occur))


# Scaffolding weighing this share or less is wished for, not required (最新, 规定, 流程); heavier
# scaffolding (条件, 标准, 时间) is still required — 补贴标准 asks for the document with the 标准 — but
# weighs less when words are given up or titles compared.
OPTIONAL_SCAFFOLD = 0.2


def _query(
    tokens: list[str], abbreviations: dict[str, str], searcher, occur=Occur.Must, wider: bool = False
) -> list[tuple]:
    """Every word required (in a matching field), plus a bonus where it is in the title or 文号;
    the scaffolding of a question (最新, 规定, 流程 …) wished for with its weight, not required,
    when there is a content word beside it."""
    content = [t for t in tokens if scaffold_weight(t) > OPTIONAL_SCAFFOLD]
    required = [
        (occur, _word_group(token, abbreviations, searcher, wider))
        if token in content or not content
        else (
            Occur.Should,
            _weighted(_word_group(token, abbreviations, searcher, wider), scaffold_weight(token)),
        )
        for token in tokens
    ]
    # A short form read from titles (控烟 → 控制 吸烟) has its bonus where the title says it in full.
    spelt = [
        word
        for token in tokens
        for phrase in shortforms.expansions(token, searcher)[:1]
        for word in phrase.split()
    ]
    return required + [
        clause for token in [*tokens, *spelt] for clause in _in_fields(token, engine.BONUS_FIELDS)
    ]


# Words that say little about which document is meant: place levels, ordinals, dates, the
# commonest title words. They weigh a fifth of what their rarity alone would give.
WEAK_WORDS = frozenset(
    re.split(
        r"\s+",
        "区 市 县 省 镇 乡 街道 村 第 年 月 日 号 的 和 与 及 等 关于 通知 印发 公告 通告 意见 办法 方案 "
        "工作 有关 情况 进一步 加强 做好 开展 实施 全面 推进 政府 人民政府 办公室",
    )
)
MIN_COVERAGE = 0.5
# Documents looked at for the best coverage when no informative words occur together.
COVERAGE_CANDIDATES = 10
# A year in the query boosts documents of that year (and the next for 年度 documents) this much.
YEAR_BOOST = 1.5
TITLE_YEAR_BOOST = 1.0
QUANTITY_BOOST = 0.3


def informativeness(token: str, searcher) -> float:
    """How much a word tells which document is meant: its rarity (BM25's idf over ``all``),
    high for 文号 numbers and rare names, low for 区/市/第/年 and the commonest title words."""
    total = max(1, searcher.num_docs)
    df = searcher.doc_freq("all", token)
    weight = math.log(1 + (total - df + 0.5) / (df + 0.5))
    if token in WEAK_WORDS or (len(token) == 1 and not token.isdigit()):
        weight *= 0.2
    return weight * scaffold_weight(token)


# The level characters a place name is written with in titles and organ names (北京市, 金湖县).
PLACE_SUFFIXES = "省市县州盟旗"


def is_place(token: str, searcher) -> bool:
    """Whether a query word names a place the index knows (北京, 青岛市, 金湖): written with its
    level somewhere in the index (北京市, 平潭县), or with 区 in a title. Compounds that merely end
    in a level character (开发区, 城市 …) do not count."""
    if len(token) < 2 or not all(HAN.match(c) for c in token) or token in WEAK_WORDS:
        return False
    if place_stem(token) or any(place_stem(full) for full in synonyms.table().expand.get(token, [])):
        return True  # 青岛市, or a place's short name (锡盟 for 锡林郭勒盟)
    for level in PLACE_SUFFIXES:
        if token + level not in NOT_PLACES and searcher.doc_freq("all", token + level):
            return True
    return token + "区" not in NOT_PLACES and bool(searcher.doc_freq("title", token + "区"))


# What naming the province beside its city (浙江 温州) adds to a document that names it too.
OUTER_PLACE_WEIGHT = 0.3


def _containing_places(tokens: list[str], searcher) -> list[str]:
    """The places of the query that contain another place of it: 浙江 of 浙江温州 …, 山东 of 山东临沂.

    Residents write the province before the city as on an envelope; the city's own rules and
    notices seldom name their province (温州市销售燃放烟花爆竹管理规定), so requiring it would leave
    only documents that mention both in passing. The inner place says where; the outer one is
    kept as a wish."""
    named = {t: places.resolve(t) for t in tokens if places.resolve(t) and is_place(t, searcher)}
    if len(named) < 2:
        return []
    return [
        t
        for t, division in named.items()
        if any(division in places.ancestors(other) for other in named if other != t)
    ]


def _weighted(query: tantivy.Query, weight: float) -> tantivy.Query:
    return tantivy.Query.boost_query(query, max(weight, 0.01))


def _found_anywhere(token: str, abbreviations: dict[str, str], searcher, filters) -> bool:
    query = tantivy.Query.boolean_query(
        [(Occur.Must, _word_group(token, abbreviations, searcher, wider=True)), *filters]
    )
    return bool(searcher.search(query, 1, count=True).count)


def _year_clauses(years: list[int]) -> list[tuple]:
    clauses = []
    for rank, year in enumerate(years):
        weight = YEAR_BOOST / (1 + rank)
        clauses.append(
            (
                Occur.Should,
                tantivy.Query.boost_query(tantivy.Query.term_query(engine.SCHEMA, "year", year), weight),
            )
        )
        clauses.append(
            (
                Occur.Should,
                tantivy.Query.boost_query(
                    tantivy.Query.term_query(engine.SCHEMA, "title", str(year)), TITLE_YEAR_BOOST
                ),
            )
        )
    return clauses


def _partial_query(
    tokens: list[str], abbreviations: dict[str, str], searcher, filters, extra
) -> tuple[list[str], list[str], list[str], tantivy.Query | None, bool]:
    """No document holds every word: keep the informative words required and let the weak ones go.

    Words found nowhere are reported as missing (no result can hold them). Of the rest, the least
    informative word is made optional first, then the next, until documents are found; optional
    words still count (weighted by informativeness), so documents covering more of the query rank
    higher. The most specific word is never the one given up for more results, and the best
    result must still cover at least half of the query's information in words more than weak.
    """
    missing = [t for t in tokens if not _found_anywhere(t, abbreviations, searcher, filters)]
    present = [t for t in tokens if t not in missing]
    weights = {t: informativeness(t, searcher) for t in present}
    enough = MIN_COVERAGE * sum(weights.values())
    # A place the resident names is given up last: 北京 过年 放鞭炮 wants Beijing's rules on
    # fireworks, not another county's notice that has the other two words.
    places = {t for t in present if is_place(t, searcher)}
    # A one-character word (交, 领, 拿, 上 of a question) is the asker's verb or a cut-off piece:
    # wished for, never what narrows the answers down.
    single = [t for t in present if len(t) == 1 and not t.isdigit()]
    required = sorted(
        [t for t in present if t not in single] or present,
        key=lambda t: (t in places, weights[t]),
        reverse=True,
    )
    optional: list[str] = [t for t in present if t not in required]
    kept = None  # the most informative words kept together, when that finds a good enough answer
    while required and not all(t in WEAK_WORDS or len(t) == 1 for t in required):
        query = tantivy.Query.boolean_query(
            [
                *_query(required, abbreviations, searcher),
                *[
                    (Occur.Should, _weighted(_word_group(t, abbreviations, searcher), weights[t]))
                    for t in optional
                ],
                *filters,
                *extra,
            ]
        )
        top = searcher.search(query, 1, count=True, weight_by_field="boost")
        if top.count:
            key = searcher.doc(top.hits[0][1]).get_first("key")
            covered = sum(weights[t] for t in required) + sum(
                weights[t] for t in optional if _holds(searcher, key, _word_group(t, abbreviations, searcher))
            )
            if covered >= enough:
                kept = (missing, optional, required, query, False)
            break
        if len(required) == 1:
            break
        optional.insert(0, required.pop())
    long_query = len(present) >= LONG_QUERY_WORDS
    if kept and not long_query:
        return kept
    lacking, held, query = _by_coverage(
        present, weights, enough, abbreviations, searcher, filters, extra, places
    )
    if query is None and long_query:
        lacking, held, query = _by_coverage(
            present, weights, LONG_QUERY_COVERAGE * sum(weights.values()), abbreviations, searcher,
            filters, extra, places,
        )  # fmt: skip
    if kept and query is not None:
        # A headline or a sentence: which of its words belong together is guesswork (its rare words
        # are as often how the news tells it as what it is about). Of the two readings — its
        # heaviest words kept together, or every document ranked by what it covers — the one whose
        # best answer's title says more of the query is taken; the first on a tie.
        share = _title_share(present, abbreviations, searcher)
        if _best_title_share(query, share, searcher) <= _best_title_share(kept[3], share, searcher):
            return kept
    elif kept:
        return kept
    return missing, lacking, held, query, True


def _best_title_share(query: tantivy.Query, share, searcher) -> float:
    """``share`` of the first document ``query`` finds (0 when it finds none)."""
    top = searcher.search(query, 1, weight_by_field="boost").hits
    return share_of_doc(share, searcher.doc(top[0][1])) if top else 0.0


# A query of this many words or more found in the index is a headline or a sentence (北京预付卡将有7日
# 冷静期:可无条件全部退费, 福建海域进入伏季休渔期): most of its words are how the news tells it, each rare
# in a thousand rules and so heavy by rarity alone. Rather than nothing, its results are ranked by how
# much of it they cover once a document covers this share of its information (the message says
# which words they lack). Shorter queries keep MIN_COVERAGE: with two or three words a quarter is
# one word, and a document holding one word of 广州 男 产假 is no answer.
LONG_QUERY_WORDS = 4
LONG_QUERY_COVERAGE = 0.25


def _by_coverage(present, weights, enough, abbreviations, searcher, filters, extra, places=frozenset()):
    """When keeping the most informative words together finds nothing good enough (a question's
    rare side word — 报销, 参加 — sits in no document with the rest): rank every document holding
    any of the words by how much of the query's information it covers. The best one must still
    cover ``enough``; it names the words the results contain (required) and those they lack."""
    groups = {t: _word_group(t, abbreviations, searcher, wider=True) for t in present}
    query = tantivy.Query.boolean_query(
        [
            (
                Occur.Must,
                tantivy.Query.boolean_query(
                    [(Occur.Should, _weighted(groups[t], weights[t])) for t in present]
                ),
            ),
            # The named place, where documents hold it, is a condition, not one word among others.
            *[(Occur.Must, groups[t]) for t in places],
            *[clause for t in present for clause in _in_fields(t, engine.BONUS_FIELDS)],
            *filters,
            *extra,
        ]
    )
    best: tuple[float, list[str]] = (0.0, [])
    for _, address in searcher.search(query, COVERAGE_CANDIDATES, weight_by_field="boost").hits:
        key = searcher.doc(address).get_first("key")
        held = [t for t in present if _holds(searcher, key, groups[t])]
        covered = sum(weights[t] for t in held)
        if covered > best[0]:
            best = (covered, held)
    if best[0] < enough or not best[1]:
        return [], [], None
    held = best[1]
    return [t for t in present if t not in held], held, query


# Fewer documents than this holding the words: the documents covering most of the query's
# information follow them on the first page (a notice that mentions every word in passing must
# not be all a resident sees when the document about the subject lacks one of them).
FEW_RESULTS = 3


def _near_matches(tokens, abbreviations, searcher, filters, extra, shown: set[str], limit: int) -> list:
    """(score, document) pairs not in ``shown``, ranked by the weighted words they hold, each
    covering at least MIN_COVERAGE of the query's information."""
    if limit <= 0:
        return []
    # A word found nowhere adds nothing to any document but still counts in what is asked.
    present = tokens
    groups = {t: _word_group(t, abbreviations, searcher, wider=True) for t in present}
    weights = {t: informativeness(t, searcher) for t in present}
    enough = MIN_COVERAGE * sum(weights.values())
    places = [t for t in present if is_place(t, searcher) and searcher.search(groups[t], 1, count=True).count]
    query = tantivy.Query.boolean_query(
        [
            (
                Occur.Must,
                tantivy.Query.boolean_query(
                    [(Occur.Should, _weighted(groups[t], weights[t])) for t in present]
                ),
            ),
            *[(Occur.Must, groups[t]) for t in places],
            *[clause for t in present for clause in _in_fields(t, engine.BONUS_FIELDS)],
            *filters,
            *extra,
        ]
    )
    candidates = []
    for score, address in searcher.search(query, limit + len(shown), weight_by_field="boost").hits:
        doc = searcher.doc(address)
        if doc.get_first("key") not in shown:
            candidates.append((score, doc))
    if not candidates:
        return []
    # Which candidates hold each word: one lookup per word, not one per word and document.
    among = tantivy.Query.boolean_query(
        [
            (Occur.Should, tantivy.Query.term_query(engine.SCHEMA, "key", doc.get_first("key")))
            for _, doc in candidates
        ]
    )
    covered: dict[str, float] = {}
    for t in present:
        holding = tantivy.Query.boolean_query([(Occur.Must, among), (Occur.Must, groups[t])])
        for _, address in searcher.search(holding, len(candidates)).hits:
            key = searcher.doc(address).get_first("key")
            covered[key] = covered.get(key, 0.0) + weights[t]
    near = [(score, doc) for score, doc in candidates if covered.get(doc.get_first("key"), 0.0) >= enough]
    return near[:limit]


def _as_typed(text: str, missing: list[str]) -> list[str]:
    """Name missing words as the user typed them: 麒麟瓜, not its segments 麒麟 and 瓜."""
    named: list[str] = []
    for typed in text.split():
        parts = tokens_for_query(typed)
        if parts and all(p in missing for p in parts):
            named.append(typed)
        else:
            named += [p for p in parts if p in missing]
    return list(dict.fromkeys(named)) or missing


def _holds(searcher, key: str, group: tantivy.Query) -> bool:
    """Whether the document ``key`` matches a word group (one cheap lookup by key)."""
    query = tantivy.Query.boolean_query(
        [(Occur.Must, tantivy.Query.term_query(engine.SCHEMA, "key", key)), (Occur.Must, group)]
    )
    return bool(searcher.search(query, 1, count=True).count)


def _doc_number_keys(keys: list[str]) -> list[str]:
    """The 文号 keys of the query and the same with the issuer's short name written out or its
    full name shortened (市场监管总局令第56号 ↔ 国家市场监督管理总局令第56号), through the same table
    as the words."""
    table = synonyms.table()
    out = list(keys)
    for key in keys:
        for variant in table.variants(key):
            out += docnumbers.keys(variant)
    return list(dict.fromkeys(out))


HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")


# A particle the segmenter left stuck to the word before it (养狗要, 办证吗): the word without it
# is searched when the index does not know the whole.
TRAILING_PARTICLES = frozenset("要吗呢吧了啊么嘛呀")


def _without_trailing_particles(tokens: list[str], searcher) -> list[str]:
    out = []
    for token in tokens:
        if (
            len(token) >= 3
            and token[-1] in TRAILING_PARTICLES
            and HAN.match(token[0])
            and not searcher.doc_freq("all", token)
        ):
            token = token[:-1]
        out.append(token)
    return out


def _worth_marking(marks: list[str]) -> list[str]:
    """One-character words (年, 的, 市) only when the query has no longer word (issue 16 item 6)."""
    return [m for m in marks if len(m) > 1] or marks


def search(request: SearchRequest) -> SearchResponse:
    """Search the index; never raises for anything a user can type."""
    request.page = min(max(1, request.page), MAX_PAGE)
    response = SearchResponse(request=request)
    if not request.q.strip():
        response.message = gettext("请输入检索词。")
        return response
    if len(request.q) > 2000:
        response.message = gettext("检索词过长，已截取前200个字符检索。")
    wish = intent.read(request.q)
    response.year = wish.year
    # Searched by what it asks about, not how it asks (如何, 在哪里, 多少钱, 吗 are dropped); a
    # question's frames (能不能, 向哪个部门, 需要什么) go before segmentation (ADR 0065).
    asked = questions.is_question(request.q)
    text = questions.strip_frames(wish.text) if asked else wish.text
    tokens = content_tokens(tokens_for_query(text) or tokens_for_query(request.q))
    if asked:
        tokens = questions.without_particles(tokens)
    response.tokens = tokens
    if not tokens:
        response.message = gettext("检索词中没有可检索的文字，请换用中文、字母或数字。")
        return response
    searcher = _searcher()
    if searcher is None:  # a node that has never indexed anything: an honest empty result
        return response
    tokens = _without_trailing_particles(_join_single_characters(tokens, searcher), searcher)
    response.tokens = tokens
    filters = _filters(request)
    abbreviations = _abbreviations()
    as_cut = tokens
    tokens, abbreviations = _join_short_forms(tokens, abbreviations, searcher)
    tokens, abbreviations = _character_short_forms(tokens, abbreviations, searcher)
    outer = _containing_places(tokens, searcher)
    tokens = [t for t in tokens if t not in outer]
    response.tokens = tokens
    years = _year_clauses(wish.years) if request.sort != "date" else []
    # The province of 浙江 温州 only raises documents that name it (see _containing_places).
    years += [(Occur.Should, _weighted(_term_in_fields(t), OUTER_PLACE_WEIGHT)) for t in outer]
    # A stated quantity's number (5 of 交5年失业险) is no required word; it only raises documents
    # that hold it, like a year (intent.QUANTITY).
    years += [(Occur.Should, _weighted(_term_in_fields(n), QUANTITY_BOOST)) for n in wish.quantities]
    # Highlight the words and, for a long word, the sub-words it also matches through.
    marks = list(dict.fromkeys([*tokens, *(w for t in tokens for w in sub_words(t))]))
    # A one-character word (年, 的, 市) marked in every line hides the words that matter: it is
    # marked only when the query has no longer word.
    marks = _worth_marking(marks)
    # An exact 文号 or 索引号 goes first, whatever the ranking says: the whole query, or the 文号
    # inside it in any of its forms (第, brackets, no 号, no year, 5、6号).
    keys = list(dict.fromkeys([compact(request.q), *_doc_number_keys(wish.doc_number_keys)]))
    exact_query = tantivy.Query.boolean_query(
        [
            (
                Occur.Must,
                tantivy.Query.boolean_query(
                    [(Occur.Should, tantivy.Query.term_query(engine.SCHEMA, "exact", key)) for key in keys]
                ),
            ),
            *filters,
        ]
    )
    if request.page == 1 and searcher.search(exact_query, 1, count=True).count:
        _, exact_hits = _run(searcher, exact_query, SearchRequest(page=1, page_size=5), marks)
        response.exact = True
    else:
        exact_hits = []
    # The query as typed and as written with its short forms spelt out or its full forms
    # shortened (公租房 ↔ 公共租赁住房, 区发改委 ↔ 区发展和改革委员会): any of them may match.
    occur = Occur.Should if request.any_word else Occur.Must
    token_sets = [tokens]
    for variant in synonyms.table().variants(text):
        variant_tokens = _without_lone_levels(
            _join_single_characters(content_tokens(tokens_for_query(variant)), searcher)
        )
        if variant_tokens and variant_tokens not in token_sets:
            token_sets.append(variant_tokens)
    if len(token_sets) == 1:
        words = _query(tokens, abbreviations, searcher, occur)
    else:
        # The best of the forms counts (not their sum): a document matching the words as typed
        # is not outscored by one that also matches a weaker variant.
        words = [
            (
                Occur.Must,
                tantivy.Query.disjunction_max_query(
                    [
                        _weighted(
                            _all_words(ts, abbreviations, searcher, occur),
                            1.0 if i == 0 else VARIANT_WEIGHT,
                        )
                        for i, ts in enumerate(token_sets)
                    ],
                    VARIANT_TIE,
                ),
            )
        ]
        # The variants' words too (城镇老旧小区改造 for 老旧小区改造 brings 年 back from 近三年 年 …).
        marks = _worth_marking(list(dict.fromkeys([*marks, *(t for ts in token_sets[1:] for t in ts)])))
    total, hits = _run(
        searcher, tantivy.Query.boolean_query([*words, *filters, *years]), request, marks, wish.years
    )
    strict = {h.key for h in hits}  # documents holding every word (none when total is 0)
    if total == 0 and len(tokens) > 1 and not request.any_word:
        missing, optional, required, query, by_coverage = _partial_query(
            tokens, abbreviations, searcher, filters, years
        )
        if query is None and as_cut != tokens:
            # Nothing with the joined short form: the words as cut, where a document holding part
            # of it (河 and 制 of 河湖长制) counts for that part.
            missing, optional, required, query, by_coverage = _partial_query(
                as_cut, abbreviations, searcher, filters, years
            )
        if query is not None:
            total, hits = _run(searcher, query, request, marks, wish.years)
            response.missing, response.partial = _as_typed(wish.text, missing), optional
            missing = response.missing
            parts = [gettext("没有同时包含全部检索词的信息。")]
            if missing:
                parts.append(gettext("未找到“%(words)s”。") % {"words": "”“".join(missing)})
            if by_coverage:
                # Not every result holds the same words: say how they are ordered and what the
                # closest one lacks.
                words = {"words": "”“".join([*required, *optional]), "lacking": "”“".join(optional)}
                if optional:
                    closest = gettext("以下结果按包含“%(words)s”的多少排序，最接近的结果不含“%(lacking)s”。")
                    parts.append(closest % words)
                else:
                    parts.append(gettext("以下结果按包含“%(words)s”的多少排序。") % words)
            else:
                words = {"words": "”“".join(required), "optional": "”“".join(optional)}
                if optional:
                    parts.append(gettext("以下结果包含“%(words)s”，按包含“%(optional)s”的多少排序。") % words)
                else:
                    parts.append(gettext("以下结果包含“%(words)s”。") % words)
            response.message = "".join(parts)
            # No document holds every word: one whose title says what is asked goes first (黑龙江省
            # 低收入人口认定办法 before a 民族工作条例 holding 低收入, 人口 and 出台 in its articles).
            share = _title_share(tokens, abbreviations, searcher)
            shares = {h.key: share(h) for h in hits}
            hits = sorted(
                hits, key=lambda h: shares[h.key] if shares[h.key] >= TITLE_ENOUGH else 0.0, reverse=True
            )
    seen = {h.key for h in exact_hits}
    response.hits = exact_hits + [h for h in hits if h.key not in seen]
    response.total = max(total, len(exact_hits))
    if (
        0 < response.total < FEW_RESULTS
        and not response.exact  # the 文号 typed was found: nothing near it is wanted
        and request.page == 1
        and len(tokens) > 1
        and not request.any_word
        and request.sort != "date"
    ):
        shown = {h.key for h in response.hits}
        near = _near_matches(
            tokens, abbreviations, searcher, filters, years, shown, request.page_size - len(shown)
        )
        if near:
            response.hits += [_hit(doc, score, marks, request.sort) for score, doc in near]
            response.total += len(near)
            response.message += gettext("另有%(count)d条信息包含部分检索词。") % {"count": len(near)}
            # Few documents hold every word, and a long text holds them in passing: a near match
            # whose title says what is asked goes before them (耕地地力保护补贴实施方案 before a 粮食安全
            # 条例 that mentions 耕地, 地力, 补贴 and 实施方案 somewhere in its articles).
            response.hits = _by_title_coverage(response.hits, tokens, abbreviations, searcher, shown)
    elif (
        response.total >= FEW_RESULTS
        and not response.exact
        and request.page == 1
        and len(tokens) > 1
        and not request.any_word
        and request.sort != "date"
    ):
        # Many documents hold every word, but none of the first page is about it: the words of a
        # question (养狗 登记, 供热 时间) sit in passing in long texts, while the document whose title
        # says what is asked lacks one side word (要, 条件). Those whose title does go first.
        share = _title_share(tokens, abbreviations, searcher)
        if max((share(h) for h in response.hits), default=0.0) < TITLE_ENOUGH:
            shown = {h.key for h in response.hits}
            near = _near_matches(tokens, abbreviations, searcher, filters, years, shown, request.page_size)
            near = [(score, doc) for score, doc in near if share_of_doc(share, doc) >= TITLE_ENOUGH]
            if near:
                response.hits = _by_title_coverage(
                    response.hits + [_hit(doc, score, marks, request.sort) for score, doc in near],
                    tokens,
                    abbreviations,
                    searcher,
                    shown,
                )[: request.page_size]
                response.message += "标题与检索内容相符的信息排在前面。"
    if asked and request.page == 1 and not response.exact and not request.any_word and request.sort != "date":
        # A question is answered by the document governing its subject (ADR 0065).
        response.hits = _subject_first(
            response.hits, tokens, abbreviations, searcher, filters, years, marks, request, strict
        )
        response.total = max(response.total, len(response.hits))
    if response.total == 0:
        response.suggestions = suggest_corrections(searcher, tokens)
    elif all(is_pinyin_like(t) for t in tokens):
        reading = pinyin_reading(tokens, [strip_tags(str(h.title)) for h in response.hits[:5]])
        if reading:
            response.suggestions = [reading]
    return response


def _subject_first(
    hits, tokens, abbreviations, searcher, filters, extra, marks, request, strict
) -> list[Hit]:
    """The first page of a question with the documents whose title holds its subject first: those
    among the hits and those the words as typed did not reach (a 出租汽车管理条例 that never says
    拒载); ``questions`` reads the subject from the titles."""

    def forms(token):
        return _title_forms(token, abbreviations, searcher)

    subject = questions.subject_words(tokens, forms, searcher)
    weights = {t: informativeness(t, searcher) for t in tokens}
    if not subject or not questions.worth_ordering(subject, weights):
        return hits
    share = questions.title_share(subject, weights, forms)
    named = {t for t in subject if is_place(t, searcher)}
    shown = {h.key for h in hits}
    titled = []
    for score, address in questions.titled_documents(
        subject, weights, forms, searcher, filters, extra, named, questions.SUBJECT_CANDIDATES
    ):
        doc = searcher.doc(address)
        if doc.get_first("key") not in shown:
            titled.append(_hit(doc, score, marks, request.sort))
    groups = {t: _word_group(t, abbreviations, searcher) for t in subject}
    memo: dict[str, float] = {}

    def covered(hit) -> float:
        if hit.key not in memo:
            memo[hit.key] = sum(weights[t] for t in subject if _holds(searcher, hit.key, groups[t]))
        return memo[hit.key]

    return questions.order_by_subject(hits, titled, share, strict, covered)[: request.page_size]


def _title_forms(
    token: str, abbreviations: dict[str, list[str]], searcher=None
) -> list[tuple[list[str], float]]:
    """The ways ``token`` may be written in a title, each a list of words that must all be there,
    with what it counts: itself, its sub-words together (城乡低保 as 城乡 + 低保, not 城乡 alone) and its
    bare place name fully; its short or full forms as a variant (VARIANT_WEIGHT: 年检's 年度报告 may be
    another 年度报告)."""
    contract = synonyms.table().contract
    forms = [([token], 1.0)]
    parts = [p for p in sub_words(token) if p != token]
    if parts:
        forms.append((parts, 1.0))
    stem = place_stem(token)
    if stem:
        forms.append(([stem], 1.0))
    # A form kept as the words the segmenter cut (控制 吸烟 read from titles, 河 湖长 制) is each of
    # its words in the title.
    forms += [
        (f.split() if " " in f else [f], VARIANT_WEIGHT)
        for f in (*abbreviations.get(token, []), *contract.get(token, []))
    ]
    inner = _inner_colloquial(token, abbreviations)
    if inner:
        # 北京市人大常委会 in the title or organ 北京市人民代表大会常务委员会.
        forms += [([token.replace(inner, full)], VARIANT_WEIGHT) for full in abbreviations[inner][:3]]
    if searcher is not None and places.resolve(token) and is_place(token, searcher):
        forms += [([places.bare(d)], PARENT_WEIGHT) for d in places.ancestors(token)]
        forms += [
            ([places.bare(d)], CHILD_WEIGHT) for d in [*places.prefectures(token), *places.counties(token)]
        ]
    return forms


# A document holding every word keeps its place unless a near match's title (and organ) holds at
# least half of the query's information and this much more than the document's own title.
TITLE_LEAD = 0.3
TITLE_ENOUGH = 0.5


def _by_title_coverage(
    hits: list[Hit], tokens: list[str], abbreviations, searcher, strict: set[str]
) -> list[Hit]:
    """``hits`` ordered by the share of the query's information their title and organ hold; the
    documents holding every word (``strict``) count TITLE_LEAD more, a near match holding less than
    TITLE_ENOUGH counts nothing, and equal shares keep their order."""
    title_share = _title_share(tokens, abbreviations, searcher)
    # The documents holding every word keep their order among themselves (their ranking weighed
    # the year typed, the 文号, the words' rarity); a near match goes before those whose title
    # says less than its own.
    shares: dict[str, float] = {}
    floor = 0.0
    for hit in reversed([h for h in hits if h.key in strict]):
        floor = max(floor, title_share(hit) + TITLE_LEAD)
        shares[hit.key] = floor
    for hit in hits:
        if hit.key not in strict:
            held = title_share(hit)
            shares[hit.key] = held if held >= TITLE_ENOUGH else 0.0
    return sorted(hits, key=lambda hit: shares[hit.key], reverse=True)


def _title_share(tokens: list[str], abbreviations, searcher):
    """A function giving the share of the query's information a hit's title and organ hold."""
    weights = {t: informativeness(t, searcher) for t in tokens}
    total = sum(weights.values()) or 1.0
    forms = {t: _title_forms(t, abbreviations, searcher) for t in tokens}

    def in_title(form: str, title: str, words: set[str]) -> bool:
        # A number or a single character counts only as a whole word of the title (6 is not in
        # 16日); a longer Chinese word also inside a longer one.
        form = fold(form)
        return form in words or (len(form) >= 2 and bool(HAN_WORD.fullmatch(form)) and form in title)

    def share(hit) -> float:
        title = fold(strip_tags(str(hit.title)) + " " + hit.organ)
        words = set(tokens_for_query(title))
        held = sum(
            weight
            * max(
                (part for form, part in forms[t] if all(in_title(f, title, words) for f in form)), default=0
            )
            for t, weight in weights.items()
        )
        return held / total

    return share


def share_of_doc(share, doc) -> float:
    """``share`` of a stored document not yet made a hit."""
    return share(
        SimpleNamespace(title=doc.get_first("title_display") or "", organ=doc.get_first("organ") or "")
    )


def pinyin_reading(tokens: list[str], titles: list[str]) -> str:
    """The Chinese words a pinyin query spells, read off the titles it found (zwgk → 政务公开)."""
    words: dict[str, str] = {}
    for title in titles:
        for word in tokens_for_query(title) + [w for t in tokens_for_query(title) for w in sub_words(t)]:
            if not HAN.search(word):
                continue
            full, initials = word_pinyin(word)
            for key in (full, initials):
                if key and len(word) > len(words.get(key, "")):
                    words[key] = word
    reading = [words.get(t) for t in tokens]
    return "".join(reading) if all(reading) else ""


def suggest_corrections(searcher, tokens: list[str], limit: int = 5) -> list[str]:
    """'Did you mean': replace a word nobody indexed with a similar indexed title word."""
    suggestions = []
    for i, token in enumerate(tokens):
        if searcher.doc_freq("all", token):
            continue
        candidates = [term for term, _ in searcher.terms_with_prefix("title", token[:1], limit=400)]
        for match in difflib.get_close_matches(token, candidates, n=2, cutoff=0.5):
            suggestions.append(" ".join([*tokens[:i], match, *tokens[i + 1 :]]))
    return suggestions[:limit]


def _searcher() -> tantivy.Searcher | None:
    """This node's searcher; None where nothing was ever indexed (no index and an empty outbox).

    A missing index where the outbox has entries, or a damaged one, raises IndexUnavailable:
    the results would be wrong, so the page says 检索暂不可用 instead (503).
    """
    try:
        return engine.searcher()
    except engine.IndexUnavailable:
        from gongkai.search.models import OutboxEntry

        if engine.index_state() == "missing" and not OutboxEntry.objects.exists():
            return None
        raise


def suggest_titles(prefix: str, *, org_id: int | None = None, limit: int = 8) -> list[str]:
    """Autocomplete: titles of public records matching what has been typed so far."""
    tokens = tokens_for_query(prefix)
    if not tokens:
        return []
    try:
        searcher = _searcher()
    except engine.IndexUnavailable:
        return []  # autocomplete is a convenience: silent while the index is being rebuilt
    if searcher is None:
        return []
    *whole, last = tokens
    completions = [t for t, _ in searcher.terms_with_prefix("title", last, limit=5)] or [last]
    clauses = [(Occur.Must, tantivy.Query.term_query(engine.SCHEMA, "title", t)) for t in whole]
    clauses.append(
        (
            Occur.Must,
            tantivy.Query.boolean_query(
                [(Occur.Should, tantivy.Query.term_query(engine.SCHEMA, "title", t)) for t in completions]
            ),
        )
    )
    clauses += _filters(SearchRequest(org_id=org_id))
    result = searcher.search(tantivy.Query.boolean_query(clauses), limit, weight_by_field="boost")
    titles = [searcher.doc(address).get_first("title_display") for _, address in result.hits]
    return list(dict.fromkeys(titles))
