"""简称 formed from characters of the full name, read from the index's own titles (ADR 0049).

Residents shorten a name by keeping characters of it in order: 控烟 for 控制吸烟, 医保 for 医疗保障,
业委会 for 业主委员会, 婚检 for 婚前医学检查, 新农合 for 新型农村合作医疗. The curated table
(``synonyms``) holds the pairs someone wrote down; this finds the rest at query time, from the
titles the index holds, so a short form of a title the table never heard of still finds it and a
new document needs no new row.

A query word is tried only when no title holds it as a word and few documents hold it at all (a
word the index knows is searched as typed). Its candidates are title phrases — a run of title
words as the segmenter cuts them — whose characters contain the word's in order, with guards
against chance:

- the phrase starts with the word's first character (控 of 控制), and it ends in the word that
  holds the last one (烟 of 吸烟): no leading or trailing word is added;
- every character of the word begins or ends a word of the phrase (控制 吸烟, 业主 委员会,
  公共 租赁 住房), or the phrase is a single word (非物质文化遗产);
- the phrase is longer than the word, at most one word of it gives no character
  (婚前 医学 检查) besides a conjunction (药品 和 医疗 器械 for 药械), and the word is not
  simply inside it;
- the phrase is found in titles of the index (the most frequent phrase first, two at most).

A phrase found this way is only one more way of matching the word (a synonym's weight in title
coverage); the word as typed still matches where it is written.
"""

from __future__ import annotations

import re
import threading

import tantivy

from . import engine
from .analysis import HAN, sub_words, words_in_order

# Shortest and longest query word tried (two characters: 控烟; four: 放管服改, rarely more).
MIN_CHARS = 2
MAX_CHARS = 4
# A word held by more documents than this share (and at least FEW_DOCS) is a word of its own,
# not a short form the index lacks: it is searched as typed only.
FEW_DOCS = 5
RARE_SHARE = 0.002
# Titles read for candidate phrases, and phrases kept.
TITLES_READ = 40
KEPT = 2
# Words of a phrase that may give no character (婚前 医学 检查: 医学); one, or chance phrases
# come in (未批先建's 先建 as 先行 示范区 建设).
SILENT_WORDS = 1
# and that word a short modifier (医学, 影响, 和), not a name of its own (示范区).
SILENT_CHARS = 2
# A conjunction between the names a full form joins gives no character and is not counted among
# the silent words: short forms skip it (药品和医疗器械 → 药械, 文化和旅游 → 文旅, 住房和城乡建设 →
# 住建), so 药品 和 医疗 器械 has one silent word (医疗), not two.
CONJUNCTIONS = frozenset({"和", "与", "及"})

_cache: dict[tuple, tuple[str, ...]] = {}
_cache_lock = threading.Lock()
CACHE_SIZE = 4096


def is_candidate(token: str, searcher) -> bool:
    """Whether ``token`` may be a short form of a title phrase: Chinese, two to four characters,
    no title holds it as a word, and few documents hold it at all."""
    if not MIN_CHARS <= len(token) <= MAX_CHARS or not all(HAN.match(c) for c in token):
        return False
    if searcher.doc_freq("title", token):
        return False
    return searcher.doc_freq("all", token) <= max(FEW_DOCS, RARE_SHARE * searcher.num_docs)


def expansions(token: str, searcher) -> tuple[str, ...]:
    """The title phrases ``token`` is a short form of, each as its words joined by spaces
    ("控制 吸烟"), most frequent first; empty when the token is no short form of a title."""
    if not is_candidate(token, searcher):
        return ()
    key = (token, searcher.num_docs, searcher.num_segments)
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    found = _find(token, searcher)
    with _cache_lock:
        if len(_cache) >= CACHE_SIZE:
            _cache.clear()
        _cache[key] = found
    return found


def _find(token: str, searcher) -> tuple[str, ...]:
    schema = engine.SCHEMA
    # A title word beginning with the first character, and title words holding each of the others.
    clauses = [(tantivy.Occur.Must, tantivy.Query.regex_query(schema, "title", re.escape(token[0]) + ".*"))]
    for char in dict.fromkeys(token[1:]):
        clauses.append(
            (tantivy.Occur.Must, tantivy.Query.regex_query(schema, "title", ".*" + re.escape(char) + ".*"))
        )
    counts: dict[str, int] = {}
    for _, address in searcher.search(tantivy.Query.boolean_query(clauses), TITLES_READ).hits:
        title = searcher.doc(address).get_first("title_display") or ""
        for phrase in dict.fromkeys(phrases(token, title_words(title))):
            counts[phrase] = counts.get(phrase, 0) + 1
    ranked = sorted(counts, key=lambda p: (-counts[p], len(p)))
    return tuple(ranked[:KEPT])


def title_words(title: str) -> list[str]:
    """A title's words as the query segmenter cuts them, a compound split into the words it is
    made of (医疗保障 → 医疗 保障), which the index also holds (search mode)."""
    words: list[str] = []
    for word in words_in_order(title):
        parts = sub_words(word)
        words += parts if len(parts) > 1 and "".join(parts) == word else [word]
    return words


def phrases(token: str, words: list[str]) -> list[str]:
    """Every run of ``words`` that ``token`` is a short form of (see the module's guards), as the
    run's words joined by spaces."""
    found = []
    for start, word in enumerate(words):
        if not word.startswith(token[0]):
            continue
        run = _match(token, words, start)
        if run is not None:
            found.append(" ".join(words[start:run]))
    return found


def _match(token: str, words: list[str], start: int) -> int | None:
    """The end (exclusive) of the shortest run from ``start`` whose words give ``token``'s
    characters in order within the guards; None when there is none."""
    first = words[start]
    if _in_order(token, first):
        # One word holds them all (非物质文化遗产 for 非遗).
        ok = len(first) > len(token) and token not in first and all(HAN.match(c) for c in first)
        return start + 1 if ok else None
    # Each further character at the edge of a word (控制 吸烟; not the 行 inside 现代服务业行动).
    placed = [start]
    word_index, offset = start, 1
    for char in token[1:]:
        while word_index < len(words):
            word = words[word_index]
            at = next(
                (i for i in range(offset, len(word)) if word[i] == char and i in (0, len(word) - 1)),
                -1,
            )
            if at >= 0:
                placed.append(word_index)
                offset = at + 1
                break
            word_index, offset = word_index + 1, 0
        else:
            return None
    end = placed[-1] + 1
    run = words[start:end]
    text = "".join(run)
    if len(text) <= len(token) or token in text or not all(HAN.match(c) for c in text):
        return None
    silent = [
        word for index, word in enumerate(run, start) if index not in placed and word not in CONJUNCTIONS
    ]
    if len(silent) > SILENT_WORDS or any(len(word) > SILENT_CHARS for word in silent):
        return None
    return end


def _in_order(token: str, word: str) -> bool:
    position = 0
    for char in token:
        position = word.find(char, position) + 1
        if not position:
            return False
    return True


def forget() -> None:
    with _cache_lock:
        _cache.clear()
