"""The searchable text fields of a document (pure): one builder for every registered type and
for the relevance evaluation, so what is measured is what is served."""

from __future__ import annotations

from gongkai.search.analysis import compact, display_text, index_text, pinyin_text, with_place_stems
from gongkai.textproc import docnumbers

EXCERPT_CHARS = 1500


def text_fields(
    *,
    title: str,
    keywords: str = "",
    doc_number: str = "",
    index_number: str = "",
    summary: str = "",
    body: str = "",
    attachments: str = "",
) -> dict:
    """title, pinyin, 文号, body, attachments and the exact keys, pre-segmented for the index,
    and the excerpt a result shows."""
    # A place in the title is also found by its bare name (潘集区人民政府… by 潘集).
    title_tokens = " ".join(with_place_stems(index_text(f"{title} {keywords}").split()))
    return {
        "title": title_tokens,
        "pinyin": pinyin_text(title_tokens),
        "doc_number": index_text(doc_number),
        "body": index_text(f"{summary} {body}"),
        "attachments": index_text(attachments),
        # The 文号 under every form it may be typed in (第, no 号, no year, 5、6号) and the 索引号.
        "exact": list(
            dict.fromkeys(
                v for v in (compact(doc_number), *docnumbers.keys(doc_number), compact(index_number)) if v
            )
        ),
        # Stored in 简体 with its punctuation as printed (Chinese keeps full-width ，。；：), so
        # snippets need no conversion per request.
        "excerpt": display_text((summary + "\n" + " ".join(body.split()))[:EXCERPT_CHARS]),
    }
