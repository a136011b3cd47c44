"""Questions as residents ask them (issue 18, ADR 0065): 投诉物业向哪个部门, 狗证怎么办理,
火化需要什么手续和证件, 能不能放烟花.

A question names its subject (物业, 狗证, 烟花爆竹, 燃气) and wraps it in a frame (向哪个部门,
怎么办理, 需要什么, 能不能 …) and a predicate (投诉, 收费, 维修, 认定). The document that answers it
is the regulation or notice governing the subject: its title says the subject, while the
predicate sits somewhere in its articles, or nowhere in the stored text.

Three steps, each separate from the rest of the query path:

1. ``strip_frames``: the frames are taken out of the text *before* segmentation, so they cannot
   glue to a neighbour (能不能允许 was cut into 能 + 不能允许) and leave a
   word no document holds.
2. ``without_particles``: the words a question is built with beyond ``analysis.FUNCTION_WORDS``
   (…后多久, 有人) are dropped when something else is left.
3. ``query._subject_first`` with the helpers here: the first page of a question puts the
   documents whose title holds the question's subject before those that only mention its words
   in passing. The subject is read
   from the index, not from a list: the query words that some title holds (directly or through
   the synonym table); a word no title holds (拒载, 上门, 充值) is a detail of the question, not
   its subject, and does not count in what a title must cover.

Nothing here names a document or a query: the frames are grammar, the subject is read from the
titles the installation has.
"""

from __future__ import annotations

import re

import tantivy
from django.utils.html import strip_tags

from gongkai.search import engine
from gongkai.search.analysis import HAN, fold, scaffold_weight, tokens_for_query

Occur = tantivy.Occur
HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")

# The frames of a question, longest first within each family. Only whole frames go, and only
# interrogatives and their fixed companions: 投诉, 办理, 收费 are the asker's words and stay.
FRAMES = re.compile(
    "|".join(
        [
            # yes-or-no: 能不能放烟花, 是否需要, 有没有补贴, 让不让养狗
            "能不能|可不可以|可以不可以|能否|是不是|是否|会不会|有没有|要不要|让不让|行不行|允不允许|准不准",
            # who or which office: 投诉物业向哪个部门, 电梯归谁管, 由谁负责
            "[找向去]?哪个部门|什么部门|哪个单位|哪家单位|[找向]谁|归谁管|谁来管|谁管|由谁|谁负责",
            # how: 怎么办, 怎么算, 如何, 咋办
            "怎么办|怎么样|怎么算|怎么弄|怎么|如何|怎样|咋办|咋",
            # what is needed: 需要什么手续, 要什么材料, 有哪些条件, 是什么
            "需要什么|需要哪些|要什么|有什么|有哪些|是什么|什么样的?|什么",
            # how long: 多久给答复, 多长时间
            "多长时间|多久",
        ]
    )
)
# A question's closing particle and mark: 吗, 呢, 吧, ?.
CLOSING = re.compile(r"[吗呢吧呀啊]?\s*[?？]+|[吗呢吧呀]$")
# Any of these makes the text a question.
QUESTION_MARK = re.compile(f"{FRAMES.pattern}|[?？]|[吗呢]$|多少|几[个天年月岁次]")

# Words a question is built with that say nothing about the document: the time after an event
# (…后多久, 死亡后), the someone of 有人抽烟.
PARTICLES = frozenset(["后", "之后", "以后", "有人"])


def is_question(text: str) -> bool:
    return bool(QUESTION_MARK.search(text.strip()))


def strip_frames(text: str) -> str:
    """``text`` with its question frames replaced by spaces (so the words around them are cut as
    they are); the text unchanged when nothing else would be left."""
    stripped = FRAMES.sub(" ", CLOSING.sub(" ", text))
    return stripped if HAN.search(stripped) or stripped.strip() else text


def without_particles(tokens: list[str]) -> list[str]:
    kept = [t for t in tokens if t not in PARTICLES]
    return kept or tokens


# A title counts as saying the subject when it holds this share of the subject's information.
SUBJECT_ENOUGH = 0.5
# Documents whose title holds the subject, looked up beside the hits (a page's worth).
SUBJECT_CANDIDATES = 10
# The subject must be at least this share of the question's information to reorder a page.
SUBJECT_SHARE = 0.5
# A document goes before the first hit only when its title holds this much more of the subject.
SUBJECT_LEAD = 0.2


def subject_words(tokens: list[str], title_forms, searcher) -> list[str]:
    """The query words some title holds (as typed or through a form of the table): the subject
    of the question. One-character words and the lightest scaffolding (最新, 规定) are left out."""
    subject = []
    for token in tokens:
        if len(token) < 2 or scaffold_weight(token) < 1.0:
            continue
        for form, _ in title_forms(token):
            if all(searcher.doc_freq("title", word) for word in form):
                subject.append(token)
                break
    return subject


def _title_group(token: str, title_forms) -> tantivy.Query:
    """A word found in a title in any of its forms (each form's words all in the title)."""
    return tantivy.Query.boolean_query(
        [
            (
                Occur.Should,
                tantivy.Query.boost_query(
                    tantivy.Query.boolean_query(
                        [(Occur.Must, tantivy.Query.term_query(engine.SCHEMA, "title", w)) for w in form]
                    ),
                    part,
                ),
            )
            for form, part in title_forms(token)
        ]
    )


def titled_documents(subject, weights, title_forms, searcher, filters, extra, places, limit):
    """Documents whose title holds the subject's words (weighted by informativeness); a named
    place, where titles hold it, is required."""
    query = tantivy.Query.boolean_query(
        [
            (
                Occur.Must,
                tantivy.Query.boolean_query(
                    [
                        (
                            Occur.Should,
                            tantivy.Query.boost_query(_title_group(t, title_forms), max(weights[t], 0.01)),
                        )
                        for t in subject
                    ]
                ),
            ),
            *[(Occur.Must, _title_group(t, title_forms)) for t in subject if t in places],
            *filters,
            *extra,
        ]
    )
    return searcher.search(query, limit, weight_by_field="boost").hits


def title_share(subject: list[str], weights: dict[str, float], title_forms):
    """A function giving the share of the subject's information a hit's title and organ hold, each
    word counting what its form found there counts (``query._title_forms``: a short or full form of
    the table less than the word itself, since 上牌 → 登记 is only one of 登记's meanings)."""
    total = sum(weights[t] for t in subject) or 1.0
    forms = {t: title_forms(t) for t in subject}

    def in_title(form: str, title: str, words: set[str]) -> bool:
        # As query._title_share: a number or one character only as a whole word of the title.
        form = fold(form)
        return form in words or (len(form) >= 2 and bool(HAN_WORD.fullmatch(form)) and form in title)

    def share(hit) -> float:
        title = fold(strip_tags(str(hit.title)) + " " + hit.organ)
        words = set(tokens_for_query(title))
        held = 0.0
        for t in subject:
            parts = [part for form, part in forms[t] if all(in_title(f, title, words) for f in form)]
            held += weights[t] * max(parts, default=0.0)
        return held / total

    return share


def worth_ordering(subject: list[str], weights: dict[str, float]) -> bool:
    """Whether the words titles hold are most of what the question asks (兵役登记: 兵役 is in no
    title and is what is asked; 登记 alone must not decide)."""
    return sum(weights[t] for t in subject) >= SUBJECT_SHARE * sum(weights.values())


def order_by_subject(hits, candidates, share, strict: set[str], covered=None) -> list:
    """``hits`` and then ``candidates``, with the documents whose title says clearly more of the
    subject than the first hit's (at least SUBJECT_ENOUGH of it and SUBJECT_LEAD more) first, each
    group in its own order. The documents holding every word (``strict``) keep their order among
    themselves, as everywhere in the ranking: the year, the 文号 and the words' rarity decided it."""
    shares = {h.key: share(h) for h in [*hits, *candidates]}
    bar = max(SUBJECT_ENOUGH, shares[hits[0].key] + SUBJECT_LEAD) if hits else SUBJECT_ENOUGH
    # Nor does a document go first that holds less of the subject, anywhere in it, than the first
    # hit (a title-only 公租房 notice before the rule holding 公租房, 申请 and 收入).
    floor = covered(hits[0]) if hits and covered else 0.0

    def stays(hit) -> bool:
        return hit.key in strict or shares[hit.key] < bar or (covered is not None and covered(hit) < floor)

    return sorted([*hits, *candidates], key=stays)
