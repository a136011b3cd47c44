"""The body of a record as staff paste it: Word/WPS or web HTML, or plain text.

Whatever comes in leaves as the sanitised HTML the public page shows (``sanitize_html``), so the
workbench preview and the published page render the same markup.

Plain text (docs/decisions/0025): paragraphs are separated by blank lines and a single line break
inside a paragraph is kept as ``<br>`` — joining lines would run a 落款 (organ and date on their
own lines) or a list of 附件 into one sentence. Text without any blank line is a 公文 copied one
paragraph per line (Word's and WPS's plain-text copy), so there each line is a paragraph.
"""

from __future__ import annotations

import re

from django.utils.html import escape

from gongkai.textproc.html import sanitize_html

# A tag of the kinds pasted rich text carries; "年龄<35岁" or "a < b" are not tags.
_TAG = re.compile(
    r"<\s*/?\s*(p|div|br|table|tr|td|th|span|font|h[1-6]|ul|ol|li|strong|b|em|i|u|a|o:p|html|body)\b[^>]*>",
    re.IGNORECASE,
)
# Word/WPS clipboard HTML: conditional comments, <xml> islands, <style>/<head> with mso-* rules.
_WORD_BLOCKS = re.compile(
    r"<!--\[if[^\]]*\]>.*?<!\[endif\]-->|<xml\b.*?</xml>|<style\b.*?</style>|<head\b.*?</head>",
    re.IGNORECASE | re.DOTALL,
)
_OFFICE_TAGS = re.compile(r"</?\s*[ovwm]:[^>]*>", re.IGNORECASE)
# Paragraphs left empty once the markup is gone (Word's spacing paragraphs, &nbsp; and all).
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\u3000|<br>)*</p>")
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")


def looks_like_html(value: str) -> bool:
    return bool(_TAG.search(value or ""))


def text_paragraphs_to_html(text: str) -> str:
    """Plain text as paragraphs (see the module's note on blank lines and single breaks)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        return ""
    if _BLANK_LINE.search(text):
        blocks = [b for b in _BLANK_LINE.split(text) if b.strip()]
        return "".join(
            "<p>" + "<br>".join(escape(line.strip()) for line in block.split("\n") if line.strip()) + "</p>"
            for block in blocks
        )
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.split("\n") if line.strip())


def clean_pasted_html(value: str) -> str:
    """Word/WPS or web HTML reduced to the allowed markup; tables are kept with their spans."""
    value = _WORD_BLOCKS.sub("", value)
    value = _OFFICE_TAGS.sub("", value)
    cleaned = sanitize_html(value)
    return _EMPTY_PARAGRAPH.sub("", cleaned).strip()


def body_html(value: str) -> str:
    """The stored (and previewed) body for what staff typed or pasted."""
    value = value or ""
    if looks_like_html(value):
        return clean_pasted_html(value)
    return text_paragraphs_to_html(value)
