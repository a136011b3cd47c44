"""Reading one saved article page of a government site into the fields a record needs (issue 19).

This module is pure (no database): ``extract_article(html, url, profile)`` returns an
``ExtractedDocument``; ``learn_profile(pages)`` learns a site's templates (content region,
metadata table, breadcrumb) from the pages themselves, so no code is written per site. The import
pipeline (``gongkai.migration.services``) maps the result onto organs, columns and records.

Every field carries its evidence (where it was read) and a confidence, so nothing is silently
guessed: a field that could not be read is ``None`` with a ``problems`` entry a person reviews.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Evidence:
    value: object
    source: str  # e.g. "meta:PubDate", "metadata-table:成文日期", "body:first-lines", "signature"
    confidence: float = 1.0


@dataclass
class ExtractedAttachment:
    url: str  # as linked from the page, resolved against the page's URL
    name: str  # the link's text, or the file name when the text is empty


@dataclass
class ExtractedDocument:
    url: str
    title: str = ""
    body_html: str = ""  # cleaned, tables kept; furniture (breadcrumb, share buttons, counters) removed
    body_text: str = ""
    index_number: str = ""  # the site's own 索引号, kept as the record's own
    doc_number: Evidence | None = None  # 文号
    issuer: Evidence | None = None  # 发布机构 as text (mapped to an organ by the pipeline)
    written_on: Evidence | None = None  # 成文日期 (date)
    published_on: Evidence | None = None  # 发布日期 (date)
    column_path: list[str] = field(default_factory=list)  # breadcrumb / ColumnName, outermost first
    genre: Evidence | None = None  # 体裁 suggestion (gongkai.disclosure.models.Genre value)
    topic: Evidence | None = None  # 主题分类 suggestion (Topic value)
    validity: Evidence | None = None  # 有效性 suggestion (Validity value), e.g. from "（已废止）"
    related_doc_numbers: list[str] = field(default_factory=list)  # 文号 cited as 废止/修订/解读 targets
    attachments: list[ExtractedAttachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # in Chinese, for the review queue

    @property
    def written_date(self) -> date | None:
        return self.written_on.value if self.written_on else None  # type: ignore[return-value]

    @property
    def published_date(self) -> date | None:
        return self.published_on.value if self.published_on else None  # type: ignore[return-value]
