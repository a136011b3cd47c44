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
    title_ug: str = "",
    summary_ug: str = "",
    body_ug: str = "",
) -> dict:
    """title, pinyin, 文号, body, attachments and the exact keys, pre-segmented for the index,
    and the excerpt a result shows. A Uyghur version (ADR 0040) is indexed with the Chinese: its
    title in ``title``, its summary and body in ``body``, so a query in either language finds it."""
    # A place in the title is also found by its bare name (潘集区人民政府… by 潘集).
    title_tokens = " ".join(with_place_stems(index_text(f"{title} {keywords}").split()))
    ug_title_tokens = index_text(title_ug) if title_ug else ""
    ug_body_tokens = index_text(f"{summary_ug} {body_ug}") if summary_ug or body_ug else ""
    return {
        "title": f"{title_tokens} {ug_title_tokens}".strip(),
        "pinyin": pinyin_text(title_tokens),
        "doc_number": index_text(doc_number),
        "body": f"{index_text(f'{summary} {body}')} {ug_title_tokens} {ug_body_tokens}".strip(),
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
        "title_ug_display": display_text(title_ug),
        "excerpt_ug": display_text((summary_ug + "\n" + " ".join(body_ug.split()))[:EXCERPT_CHARS])
        if title_ug
        else "",
    }
