"""Searching this node's index: query building, ranking, filters, highlighting, suggestions."""

from __future__ import annotations

import difflib
import html
import math
import re
from dataclasses import dataclass, field

import tantivy
from django.utils.safestring import SafeString, mark_safe

from gongkai.search import engine
from gongkai.search.analysis import compact, normalize, sub_words, tokens_for_query

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

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.request.page_size))


def _in_fields(token: str, weights: dict[str, float]) -> list[tuple]:
    schema = engine.SCHEMA
    return [
        (Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(schema, name, token), weight))
        for name, weight in weights.items()
    ]


def _term_in_fields(token: str) -> tantivy.Query:
    """One query word, looked for in the matching fields with their weights."""
    return tantivy.Query.boolean_query(_in_fields(token, engine.MATCH_FIELDS))


def _all_of(tokens: list[str]) -> tantivy.Query:
    return tantivy.Query.boolean_query([(Occur.Must, _term_in_fields(t)) for t in tokens])


# A compound word found in fewer documents than this is also looked for as its parts.
RARE_COMPOUND = 1000


def _word_group(token: str, abbreviations: dict[str, str], searcher) -> tantivy.Query:
    """A query word, matched as itself, as its sub-words (财政预算 → 财政 + 预算) when the compound
    itself is rare (a common compound needs no help, and its common parts would make the query
    visit most of the index), or through its full form when it is a known abbreviation
    (发改委 → 发展和改革委员会)."""
    alternatives = [(Occur.Should, _term_in_fields(token))]
    parts = [t for t in sub_words(token) if t != token]
    if len(parts) > 1 and searcher.doc_freq("all", token) < RARE_COMPOUND:
        alternatives.append((Occur.Should, _all_of(parts)))
    full = abbreviations.get(token)
    if full:
        expanded = tokens_for_query(full)
        if expanded:
            alternatives.append((Occur.Should, _all_of(expanded)))
    return tantivy.Query.boolean_query(alternatives)


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


def highlight(text: str, tokens: list[str]) -> SafeString:
    """Escape ``text`` and wrap every occurrence of a query word in <mark>."""
    words = sorted({t for t in tokens if t}, key=len, reverse=True)
    if not words:
        return mark_safe(html.escape(text))
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, last = [], 0
    folded = normalize(text)
    # normalize() keeps length for CJK and ASCII alike in practice; fall back to no marks if not.
    source = folded if len(folded) == len(text) else text
    for match in pattern.finditer(source):
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<mark>{html.escape(text[match.start() : match.end()])}</mark>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text: str, tokens: list[str]) -> SafeString:
    """The part of ``text`` (stored normalised) around the first query word, highlighted."""
    folded = text.lower()
    positions = [p for p in (folded.find(t) for t in tokens if t) if p >= 0]
    start = max(0, min(positions) - SNIPPET_CHARS // 3) if positions else 0
    piece = text[start : start + SNIPPET_CHARS]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SNIPPET_CHARS < len(text) else ""
    return mark_safe(prefix + highlight(piece, tokens) + suffix)


def _abbreviations() -> dict[str, str]:
    from django.core.cache import cache

    from gongkai.search.models import Abbreviation

    table = cache.get("search:abbreviations")
    if table is None:
        table = dict(Abbreviation.objects.values_list("short", "full"))
        cache.set("search:abbreviations", table, 60)
    return table


def _hit(doc, score, tokens: list[str], sort: str) -> Hit:
    def first(name: str) -> str:
        return doc.get_first(name) or ""

    return Hit(
        key=first("key"),
        title=highlight(first("title_display"), tokens),
        url=first("url"),
        organ=first("organ"),
        date=first("date"),
        doc_number=first("doc_number_display"),
        validity=first("validity_label"),
        snippet=snippet(first("excerpt"), tokens),
        score=float(score) if sort != "date" else 0.0,
    )


def _run(searcher, query, request: SearchRequest, tokens: list[str]) -> tuple[int, list[Hit]]:
    offset = (request.page - 1) * request.page_size
    if request.sort == "date":
        result = searcher.search(
            query, request.page_size, count=True, offset=offset, order_by_field="published"
        )
    else:
        result = searcher.search(query, request.page_size, count=True, offset=offset, weight_by_field="boost")
    hits = [_hit(searcher.doc(address), score, tokens, request.sort) for score, address in result.hits]
    return result.count or 0, hits


def _query(tokens: list[str], abbreviations: dict[str, str], searcher, occur=Occur.Must) -> list[tuple]:
    """Every word required (in a matching field), plus a bonus where it is in the title or 文号."""
    required = [(occur, _word_group(token, abbreviations, searcher)) for token in tokens]
    return required + [clause for token in tokens for clause in _in_fields(token, engine.BONUS_FIELDS)]


def search(request: SearchRequest) -> SearchResponse:
    """Search the index; never raises for anything a user can type."""
    request.page = min(max(1, request.page), MAX_PAGE)
    response = SearchResponse(request=request)
    if not request.q.strip():
        response.message = "请输入检索词。"
        return response
    if len(request.q) > 2000:
        response.message = "检索词过长，已截取前200个字符检索。"
    tokens = tokens_for_query(request.q)
    response.tokens = tokens
    if not tokens:
        response.message = "检索词中没有可检索的文字，请换用中文、字母或数字。"
        return response
    searcher = _searcher()
    if searcher is None:  # a node that has never indexed anything: an honest empty result
        return response
    filters = _filters(request)
    abbreviations = _abbreviations()
    # Highlight the words and, for a long word, the sub-words it also matches through.
    marks = list(dict.fromkeys([*tokens, *(w for t in tokens for w in sub_words(t))]))
    # An exact 文号 or 索引号 goes first, whatever the ranking says.
    key = compact(request.q)
    exact_query = tantivy.Query.boolean_query(
        [(Occur.Must, tantivy.Query.term_query(engine.SCHEMA, "exact", key)), *filters]
    )
    if request.page == 1 and searcher.search(exact_query, 1, count=True).count:
        _, exact_hits = _run(searcher, exact_query, SearchRequest(page=1, page_size=5), marks)
        response.exact = True
    else:
        exact_hits = []
    total, hits = _run(
        searcher,
        tantivy.Query.boolean_query(
            [
                *_query(tokens, abbreviations, searcher, Occur.Should if request.any_word else Occur.Must),
                *filters,
            ]
        ),
        request,
        marks,
    )
    if total == 0 and len(tokens) > 1:
        # No record holds every word: drop the one word whose absence finds the most records.
        best = (0, [], "")
        for dropped in tokens:
            rest = [t for t in tokens if t != dropped]
            if not any(len(t) > 1 for t in rest):
                continue
            query = tantivy.Query.boolean_query([*_query(rest, abbreviations, searcher), *filters])
            count = searcher.search(query, 1, count=True).count or 0
            if count > best[0]:
                best = (count, rest, dropped)
        if best[0]:
            query = tantivy.Query.boolean_query([*_query(best[1], abbreviations, searcher), *filters])
            total, hits = _run(searcher, query, request, marks)
            response.message = f"没有同时包含全部检索词的信息，以下是不含“{best[2]}”的结果。"
    seen = {h.key for h in exact_hits}
    response.hits = exact_hits + [h for h in hits if h.key not in seen]
    response.total = max(total, len(exact_hits))
    if response.total == 0:
        response.suggestions = suggest_corrections(searcher, tokens)
    return response


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
