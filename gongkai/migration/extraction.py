"""Reading one saved article page of a government site into the fields a record needs (issue 19).

This module is pure (no database): ``extract_article(html, url, profile)`` returns an
``ExtractedDocument``; ``learn_profile(pages)`` learns a site's templates (content region,
metadata table, breadcrumb) from the pages themselves, so no code is written per site. The import
pipeline (``gongkai.migration.services``) maps the result onto organs, columns and records.

Every field carries its evidence (where it was read) and a confidence, so nothing is silently
guessed: a field that could not be read is ``None`` with a ``problems`` entry a person reviews.

For the import (ADR 0021)::

    profile = learn_profile([(url, html_bytes), ...])     # one site's article pages (a sample will do)
    stored = profile.as_dict()                            # JSON; SiteProfile.from_dict(stored) on resume
    page_kind(html_bytes, profile)                        # "article" | "list" | "other"
    doc = extract_article(html_bytes, url, profile)       # bytes are decoded by their declared charset

The field readers (文号, issuer, dates, validity, genre, topic) live in ``extract_fields``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext as _
from lxml import etree


@dataclass
class Evidence:
    value: object
    source: str  # e.g. "meta:PubDate", "metadata-table:成文日期", "body:first-lines", "signature"
    confidence: float = 1.0


@dataclass
class ExtractedAttachment:
    url: str  # as linked from the page, resolved against the page's URL
    name: str  # the link's text, or the file name when the text is empty

    @property
    def extension(self) -> str:
        """pdf, doc, wps … from the URL's path, else from the link text ('' when neither says)."""
        for candidate in (urlsplit(self.url).path, self.url, self.name):
            match = re.search(r"\.([A-Za-z0-9]{1,5})$", candidate.strip()) or re.search(
                r"\.(" + "|".join(ATTACHMENT_EXTENSIONS) + r")(?=$|[?#&])", candidate, re.I
            )
            if match and match[1].lower() in ATTACHMENT_EXTENSIONS:
                return match[1].lower()
        return ""


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
    related_doc_numbers: list[str] = field(default_factory=list)  # every 文号 cited but its own
    repeals: list[str] = field(default_factory=list)  # 文号 this document 废止s (同时废止, 停止执行)
    amends: list[str] = field(default_factory=list)  # 文号 this document 修订s
    # (title, resolved URL) of links under 相关文件 / 政策原文 / 相关解读: a 解读 names its policy this
    # way, often without a 文号; the import matches the URL against migrated records' old URLs.
    related_links: list[tuple[str, str]] = field(default_factory=list)
    related_titles: list[str] = field(default_factory=list)  # titles on a 相关文件：… line
    attachments: list[ExtractedAttachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # in Chinese, for the review queue
    title_source: str = ""  # where the title was read (meta:ArticleTitle, heading:h1, …)
    column_meta: str = ""  # <meta name="ColumnName">, the CMS's own column name
    site_name: str = ""  # <meta name="SiteName">

    @property
    def written_date(self) -> date | None:
        return self.written_on.value if self.written_on else None  # type: ignore[return-value]

    @property
    def published_date(self) -> date | None:
        return self.published_on.value if self.published_on else None  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# Reading pages: the site's profile (learned from its pages) and one article
# ---------------------------------------------------------------------------------------------


BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "tr",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "form",
    "center",
    "hr",
}
CELL_TAGS = {"td", "th"}
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "object",
    "embed",
    "input",
    "button",
    "select",
    "textarea",
    "link",
    "meta",
    "xml",
    "title",
    "head",
)
ATTACHMENT_EXTENSIONS = (
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "wps",
    "et",
    "dps",
    "ppt",
    "pptx",
    "zip",
    "rar",
    "7z",
    "ofd",
    "txt",
    "csv",
    "jpg",
    "jpeg",
    "png",
    "tif",
    "tiff",
    "mp4",
    "swf",
)
ATTACHMENT_URL = re.compile(r"\.(" + "|".join(ATTACHMENT_EXTENSIONS) + r")(?:$|[?#&])", re.I)
# download.jsp?id=… with the link text 附件1：… — a CMS download handler without an extension.
DOWNLOAD_HANDLER = re.compile(r"down|attach|file|fujian", re.I)
BREADCRUMB_MARK = re.compile(
    r"^\s*(?:当前位置|您的位置|您当前的位置|您现在的位置|你的位置|你现在的位置|所在位置|当前的位置|位置)\s*[:：]?"
)
# Lines of page furniture inside or around a content region (share, print, counters, font size).
FURNITURE_LINE = re.compile(
    r"^(?:.{0,40}(?:分享到|打印本页|打印此页|关闭窗口|关闭本页|【\s*打印|【\s*关闭|字体[:：]?\s*【?\s*大|字号[:：]|"
    r"浏览次数|阅读次数|访问次数|点击数|点击率|浏览量|扫一扫|微信\s*微博|QQ空间|收藏本页|返回顶部|上一篇|下一篇).{0,40}|"
    r"(?:微信|微博|QQ空间|QQ|分享|打印|关闭|返回|【大】|【中】|【小】|大|中|小|\s)+)$"
)
# The article's header line printed inside the content region (时间：… 来源：… 作者：…).
INFO_LINE = re.compile(
    r"^\s*(?:发布时间|发布日期|更新时间|时间|日期|来源|信息来源|作者|编辑|责任编辑|审核|浏览次数|点击数|附件下载)\s*[:：]?"
)
WORD_COMMENT_ANCHOR = re.compile(r"\[[A-Z]{1,4}\d{1,3}\]")


@dataclass
class SiteProfile:
    """What one site's templates look like, learned from its own pages (no per-site code).

    ``content_paths``: element signatures (tag#id.class chain) of the content region, most
    frequent first; ``furniture``: text blocks common to the pages (menus, footers, share lines);
    ``metadata_paths`` / ``breadcrumb_paths``: where the metadata table and breadcrumb sit.
    """

    content_paths: list[str] = field(default_factory=list)
    metadata_paths: list[str] = field(default_factory=list)
    breadcrumb_paths: list[str] = field(default_factory=list)
    title_paths: list[str] = field(default_factory=list)
    furniture: set[str] = field(default_factory=set)
    site_name: str = ""
    pages_seen: int = 0

    def as_dict(self) -> dict:
        """JSON-ready, so an interrupted import resumes with the profile it learned."""
        return {
            "content_paths": self.content_paths,
            "metadata_paths": self.metadata_paths,
            "breadcrumb_paths": self.breadcrumb_paths,
            "title_paths": self.title_paths,
            "furniture": sorted(self.furniture),
            "site_name": self.site_name,
            "pages_seen": self.pages_seen,
        }

    @classmethod
    def from_dict(cls, data: dict) -> SiteProfile:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        values["furniture"] = set(values.get("furniture", ()))
        return cls(**values)


def decode_page(data: bytes | str) -> str:
    """Bytes as the server sent them: the declared charset (GB2312/GBK read as GB18030), else UTF-8."""
    if isinstance(data, str):
        return data
    head = data[:4096].decode("ascii", "ignore")
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", head, re.I)
    charset = (match[1] if match else "utf-8").lower()
    if charset in {"gb2312", "gbk", "gb18030", "x-gbk"}:
        charset = "gb18030"
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("gb18030", "replace")


# The plain lxml parser: lxml.html's per-element class lookup cost a quarter of the reading time.
PARSER = etree.HTMLParser(remove_blank_text=False)


def _text(el) -> str:
    return "".join(el.itertext())


def _fragment(html: str):
    root = etree.fromstring(f"<html><body><div>{html}</div></body></html>", PARSER)
    return root.find("body/div")


def _parse(html: str | bytes):
    text = decode_page(html)
    # lxml refuses a str with an encoding declaration; drop the XML prolog.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = etree.fromstring(text or "<html></html>", PARSER)
        return root if root is not None else etree.fromstring("<html><body></body></html>", PARSER)
    except (etree.LxmlError, ValueError):
        return etree.fromstring("<html><body></body></html>", PARSER)


def _tag(el) -> str:
    return el.tag if isinstance(el.tag, str) else ""


def _signature(el) -> str:
    """tag#id.class of the element and its two ancestors: stable across a template's pages."""
    parts = []
    node = el
    for _level in range(3):
        if node is None or not _tag(node) or _tag(node) in {"html", "body"}:
            break
        ident = node.get("id") or ""
        ident = "" if re.search(r"\d{3,}", ident) else ident  # generated ids differ per page
        classes = (node.get("class") or "").split()
        parts.append(_tag(node) + (f"#{ident}" if ident else "") + (f".{classes[0]}" if classes else ""))
        node = node.getparent()
    return ">".join(reversed(parts))


def _norm(text: str) -> str:
    # str.split() splits on every Unicode space, \xa0 and \u3000 included.
    return " ".join((text or "").split())


def _own_text(el) -> str:
    """Text directly inside ``el`` (not its children), with its children's tails."""
    parts = [el.text or ""]
    parts += [child.tail or "" for child in el]
    return _norm("".join(parts))


def _drop_noise(root) -> None:
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(el)
    for el in list(root.iter()):
        tag = _tag(el)
        if tag in DROP_TAGS or ":" in tag:  # o:p, v:shape, w:… from Word
            _remove(el)


def _remove(el, keep_tail: bool = True) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if keep_tail and el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def text_lines(el) -> list[str]:
    """The element's text as lines, one per block (paragraph, row, list item, <br>)."""
    chunks: list[str] = []

    def walk(node) -> None:
        tag = _tag(node)
        if not tag:
            if node.tail:
                chunks.append(node.tail)
            return
        if tag in DROP_TAGS or ":" in tag:
            if node.tail:
                chunks.append(node.tail)
            return
        if tag in BLOCK_TAGS:
            chunks.append("\n")
        if tag in CELL_TAGS:
            chunks.append("\t")
        if node.text:
            chunks.append(node.text)
        for child in node:
            walk(child)
        if tag in CELL_TAGS:
            chunks.append("\t")
        if tag in BLOCK_TAGS or tag == "br":
            chunks.append("\n")
        if node.tail:
            chunks.append(node.tail)

    text = el.text or ""
    chunks.append(text)
    for child in el:
        walk(child)
    lines = []
    for line in "".join(chunks).split("\n"):
        line = re.sub(r"[ \t\xa0\u3000]*\t[ \t\xa0\u3000]*", "\t", line.replace("\r", ""))
        line = re.sub(r"[ \xa0\u3000]+", " ", line).strip(" \t")
        if line:
            lines.append(line)
    return lines


def _text_blocks(root) -> list[tuple[object, str]]:
    cached = _BLOCKS.get(root)
    if cached is not None:
        return cached
    blocks = [
        (el, t) for el in root.iter() if _tag(el) and _tag(el) not in DROP_TAGS and (t := _own_text(el))
    ]
    if len(_BLOCKS) > 8:  # a handful of trees at a time: memory stays flat over a whole site
        _BLOCKS.clear()
    _BLOCKS[root] = blocks
    return blocks


# A page's text blocks are read by several steps; computed once per tree (after the noise is
# dropped; the trees are not changed afterwards, the body is cleaned on a copy).
_BLOCKS: dict = {}


def _metadata_element(root):
    """The smallest element holding at least three metadata labels (索引号, 发布机构, 成文日期 …)."""
    from .extract_fields import LABEL_PATTERN

    best = None
    for el in root.iter("table", "div", "ul", "dl", "tbody", "section"):
        text = _text(el)
        if len(text) > 3000:
            continue
        labels = {m["label"] for m in LABEL_PATTERN.finditer(re.sub(r"[ \u3000\xa0]", "", text))}
        if len(labels) >= 3 and (best is None or len(text) < len(_text(best))):
            best = el
    return best


def _breadcrumb_element(root):
    for el in root.iter():
        if not _tag(el) or _tag(el) in DROP_TAGS:
            continue
        own = _own_text(el)
        if own and BREADCRUMB_MARK.match(own) and len(_text(el)) < 300:
            # The mark may sit in its own <span> beside the links: climb to the links.
            node = el
            while node is not None and len(node.findall(".//a")) == 0 and node.getparent() is not None:
                node = node.getparent()
            return node
    return None


INLINE_TAGS = {"span", "font", "strong", "b", "em", "i", "u", "a", "sub", "sup", "label", "small", "big"}


def _own_blocks(root, furniture: set[str], exclude: set, title: str = ""):
    """The page's own text blocks: not links, furniture, breadcrumb, metadata table, the title or
    the 时间/来源 line (those sit above the text in most templates and would pull the region up
    to the whole article frame)."""
    excluded = {node for e in exclude for node in e.iter()}
    for el, text in _text_blocks(root):
        if text in furniture or _tag(el) == "a" or el in excluded:
            continue
        if FURNITURE_LINE.match(text) or BREADCRUMB_MARK.match(text):
            continue
        if (title and text == title) or (len(text) < 100 and INFO_LINE.match(text)):
            continue
        yield el, text


def _find_content(root, furniture: set[str], exclude: set, title: str = ""):
    """The content region: the element whose paragraphs hold the most of the page's own text
    (each block counts fully for its container's parent and half for the grandparent); one step
    wider when only the parent holds the signature's date."""
    scores: dict = {}
    for el, text in _own_blocks(root, furniture, exclude, title):
        size = len(text)
        container = el
        while _tag(container) in INLINE_TAGS and container.getparent() is not None:
            container = container.getparent()
        parent = container.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + size
        if parent.getparent() is not None:
            scores[parent.getparent()] = scores.get(parent.getparent(), 0) + size / 2
    if not scores:
        return None
    best = max(scores, key=lambda el: scores[el])
    # One step up when the text lacks its signature date and the parent adds it in a few blocks.
    from .extract_fields import date_lines

    parent = best.getparent()
    if parent is not None and _tag(parent) not in {"body", "html"} and not date_lines(text_lines(best)):
        inside = set(best.iter())
        extra = [t for el, t in _own_blocks(parent, furniture, exclude, title) if el not in inside]
        if 0 < len(extra) <= 4 and date_lines(extra):
            best = parent
    return best


def _iter_pages(pages):
    for page in pages:
        if isinstance(page, tuple):
            yield page[0], page[1]
        else:
            yield "", page


def sample_pages(pages, size: int = 80) -> list:
    """A fixed-size, evenly drawn sample of an iterable of pages (reservoir sampling with a fixed
    seed: the same mirror gives the same profile), so memory stays flat with the site's size."""
    import random

    draw = random.Random(19)
    sample: list = []
    for seen, page in enumerate(pages):
        if seen < size:
            sample.append(page)
        else:
            slot = draw.randint(0, seen)
            if slot < size:
                sample[slot] = page
    return sample


def learn_profile(pages, max_pages: int = 80) -> SiteProfile:
    """Learn a site's templates from its article pages: ``pages`` are HTML strings/bytes or
    (url, html) pairs of one site, any number (an iterator is fine: at most ``max_pages`` of them,
    drawn evenly, are kept).

    Text blocks found on at least half of the pages (and on two or more) are furniture; on each
    page the content region is found from its paragraphs, and its signature is voted across
    pages, so one page with an odd layout does not decide.
    """
    from . import extract_fields as ef

    parsed = []
    for _url, html in _iter_pages(sample_pages(pages, max_pages)):
        root = _parse(html)
        metas = _metas(root)
        _drop_noise(root)
        parsed.append((root, metas))
    profile = SiteProfile(pages_seen=len(parsed))
    if not parsed:
        return profile
    seen: Counter = Counter()
    for root, _page_metas in parsed:
        seen.update({text for _el, text in _text_blocks(root)})
    threshold = max(2, (len(parsed) + 1) // 2)
    profile.furniture = (
        {text for text, count in seen.items() if count >= threshold} if len(parsed) > 1 else set()
    )

    content_votes: Counter = Counter()
    metadata_votes: Counter = Counter()
    crumb_votes: Counter = Counter()
    title_votes: Counter = Counter()
    names: Counter = Counter()
    for root, metas in parsed:
        meta = _metadata_element(root)
        crumb = _breadcrumb_element(root)
        exclude = {e for e in (meta, crumb) if e is not None}
        table_title = (
            ef.read_label_pairs("\n".join(_labelled(line) for line in text_lines(meta))).get("title", "")
            if meta is not None
            else ""
        )
        content = _find_content(root, profile.furniture, exclude, _meta(metas, "ArticleTitle") or table_title)
        if content is not None:
            content_votes[_signature(content)] += 1
        if meta is not None:
            metadata_votes[_signature(meta)] += 1
        if crumb is not None:
            crumb_votes[_signature(crumb)] += 1
        site = _meta(metas, "SiteName")
        if site:
            names[site] += 1
        # Where the template prints the title: learned on pages that also carry it in a meta tag,
        # used on pages of the same template that lack the tag.
        title = _meta(metas, "ArticleTitle")
        holder = _element_with_text(root, title) if title else None
        if holder is not None:
            title_votes[_signature(holder)] += 1
    profile.content_paths = [sig for sig, _ in content_votes.most_common() if sig]
    profile.metadata_paths = [sig for sig, _ in metadata_votes.most_common() if sig]
    profile.breadcrumb_paths = [sig for sig, _ in crumb_votes.most_common() if sig]
    profile.title_paths = [sig for sig, _ in title_votes.most_common() if sig]
    profile.site_name = names.most_common(1)[0][0] if names else ""
    return profile


def _metas(root) -> dict[str, str]:
    """<meta name=…> values (lower-cased names) and the <title>, read before the head is dropped."""
    found = {"<title>": _norm(root.findtext(".//title") or "")}
    for el in root.iter("meta"):
        name = (el.get("name") or "").lower()
        if name and name not in found:
            found[name] = _norm(el.get("content") or "")
    return found


def _meta(metas: dict[str, str], name: str) -> str:
    return metas.get(name.lower(), "")


def _element_with_text(root, text: str):
    """The deepest visible element whose whole text is ``text`` (where a template prints the title)."""
    wanted = _norm(text)
    for el in root.iter():
        if _tag(el) in {"", "a", "title", "meta", "option"} or _tag(el) in DROP_TAGS:
            continue
        if _norm(_text(el)) == wanted and not any(
            _tag(child) and _norm(_text(child)) == wanted for child in el
        ):
            return el  # the first place, innermost: a repeat further down (related lists) is not it
    return None


def _by_signature(root, signatures: list[str]):
    """The element at the most voted signature found on this page: a site often has several
    templates (portal articles, the 政府信息公开 platform), each with its own signature."""
    for wanted in signatures[:6]:
        innermost = wanted.rsplit(">", 1)[-1]
        if "#" not in innermost and "." not in innermost:
            continue  # a bare div>div>div names no template: the page's own reading decides
        # Cheap filter on the innermost part's tag before the full signature.
        tag = re.split(r"[#.]", innermost, maxsplit=1)[0]
        matches = [el for el in root.iter(tag) if _signature(el) == wanted]
        if matches:
            return max(matches, key=lambda el: len(_text(el)))
    return None


def _title(
    root, metas: dict[str, str], pairs: dict[str, str], site_name: str, profile: SiteProfile
) -> tuple[str, str]:
    from .extract_fields import normalize_text

    meta = _meta(metas, "ArticleTitle")
    if meta:
        return normalize_text(meta), "meta:ArticleTitle"
    if pairs.get("title"):
        return normalize_text(pairs["title"]), "metadata-table:标题"
    page_title = metas.get("<title>", "")
    learned = _by_signature(root, profile.title_paths)
    if learned is not None and 4 <= len(_norm(_text(learned))) <= 200:
        return normalize_text(_norm(_text(learned))), "profile:title"
    for tag in ("h1", "h2", "h3"):
        for el in root.iter(tag):
            text = _norm(_text(el))
            if len(text) >= 6 and (not page_title or text[:6] in page_title or len(text) >= 10):
                return normalize_text(text), f"heading:{tag}"
    for el in root.iter():
        marker = f"{el.get('class') or ''} {el.get('id') or ''}".lower() if _tag(el) else ""
        if "title" in marker and not el.findall(".//a") and _tag(el) not in {"title", "a"}:
            text = _norm(_text(el))
            if 6 <= len(text) <= 200 and not BREADCRUMB_MARK.match(text):
                return normalize_text(text), "class:title"
    for part in re.split(r"\s*[_|｜-]\s*|\s+-\s+", page_title):
        if part and part != site_name:
            return normalize_text(part), "html:title"
    return normalize_text(page_title), "html:title"


def _clean_body(content, title: str, furniture: set[str], exclude: set, base_url: str) -> str:
    """Content region → safe HTML: Word CSS/VML, comment anchors and furniture out, tables kept."""
    from gongkai.textproc.html import sanitize_html

    from .extract_fields import fix_mojibake

    node = etree.fromstring(etree.tostring(content), PARSER) if content is not None else None
    if node is None:
        return ""
    # The parser wraps a fragment in html/body: take the element back out.
    body = node.find(".//body")
    node = body[0] if body is not None and len(body) else node
    _drop_noise(node)
    excluded_text = {_norm(_text(e)) for e in exclude}
    for el in list(node.iter()):
        if not _tag(el) or el.getparent() is None:
            continue
        href = el.get("href") or ""
        classes = (el.get("class") or "").lower()
        style = (el.get("style") or "").lower()
        if (
            href.startswith("#_msocom")
            or "msocomtxt" in classes
            or "msocomanchor" in classes
            or "mso-element:comment" in style
        ):
            _remove(el, keep_tail=True)
            continue
        text = _norm(_text(el))
        if text and text in excluded_text:
            _remove(el)
            continue
        if (
            text
            and len(text) < 120
            and (FURNITURE_LINE.match(text) or BREADCRUMB_MARK.match(text))
            and not el.findall(".//table")
        ):
            _remove(el)
            continue
        if _tag(el) in {"h1", "h2", "h3", "h4"} and text == title:
            _remove(el)
            continue
        for attr in ("href", "src"):
            if el.get(attr) and not el.get(attr).startswith(("#", "javascript:", "data:")):
                el.set(attr, urljoin(base_url, el.get(attr)))
    _strip_edge_furniture(node, furniture, title)
    html = etree.tostring(node, encoding="unicode", method="html")
    html = WORD_COMMENT_ANCHOR.sub("", html)
    html = sanitize_html(html)
    # Word's spans carry nothing once their styles are gone; then empty paragraphs and runs of
    # &nbsp; left by the cleaning, and the template's indentation between blocks.
    html = re.sub(r"</?span>", "", html)
    for _round in range(3):  # nested empties (<p><b> </b></p>) go in a few rounds
        html = EMPTY_ELEMENT.sub("", html)
    html = re.sub(r">[ \t\r]*\n\s*<", ">\n<", html).strip()
    return fix_mojibake(html)


EMPTY_ELEMENT = re.compile(
    r"<(p|div|b|strong|em|i|u|h[2-5])(?:\s[^>]*)?>(?:\s|&nbsp;|\xa0|\u3000|<br>)*</\1>"
)


# A 附注 such as （此件公开发布） closes many documents of one site: it is the document's own line
# (GB/T 9704-2012 §7.3.7), never furniture, however many pages print it.
DOCUMENT_NOTE = re.compile(r"^\s*[(（](?:此件|本件|此文)[^)）]{0,20}[)）]\s*$")


def _strip_edge_furniture(node, furniture: set[str], title: str = "") -> None:
    """Page furniture at the start or end of the region: blocks common to the site's pages, the
    title printed again, the 时间：… 来源：… line, 来源：X 附件下载.

    Only the edges: inside the text, a line shared by many pages (特此通知。, the county
    government's signature) is the document's own and stays.
    """
    from .extract_fields import date_lines, looks_like_organ, normalize_text, strip_validity_mark

    bare_title = strip_validity_mark(normalize_text(title)) if title else ""

    def removable(text: str) -> bool:
        if bare_title and strip_validity_mark(normalize_text(text)) == bare_title:
            return True
        if len(text) < 100 and INFO_LINE.match(text):
            return True
        return (
            text in furniture
            and not looks_like_organ(text)
            and not date_lines([text])
            and not DOCUMENT_NOTE.match(text)
        )

    blocks = _text_blocks(node)
    # The title printed again over several lines (国务院关于在海南… / 暂时调整实施… / …的决定).
    if bare_title:
        squeezed = re.sub(r"\s", "", bare_title)
        taken, joined = [], ""
        for el, text in blocks:
            if el is node:
                continue
            candidate = joined + re.sub(r"\s", "", normalize_text(text))
            if not taken and looks_like_organ(candidate) and not squeezed.startswith(candidate):
                # The heading as printed: 发文机关 + the page's title (平潭综合实验区管委会 /
                # 关于修订…的通知), GB/T 9704-2012 §7.2.5.
                squeezed = candidate + squeezed
            if not squeezed.startswith(candidate) or len(taken) >= 5:
                break
            taken.append(el)
            joined = candidate
            if joined == squeezed:
                for done in taken:
                    _remove(done)
                break
    for ordered in (list(blocks), list(reversed(blocks))):
        for el, text in ordered:
            if el is node or el.getparent() is None:
                continue  # the region itself, or a block already taken out
            if not removable(text) or el.findall(".//table") or len(_norm(_text(el))) > len(text) + 2:
                break
            _remove(el)


def _breadcrumb_path(crumb, column_meta: str) -> list[str]:
    path: list[str] = []
    if crumb is not None:
        for a in crumb.iter("a"):
            text = _norm(_text(a))
            if (
                text
                and text not in {"首页", "网站首页", "主页", "返回首页"}
                and not BREADCRUMB_MARK.match(text)
            ):
                path.append(text)
        if not path:
            text = BREADCRUMB_MARK.sub("", _norm(_text(crumb)))
            path = [
                p.strip()
                for p in re.split(r"[>＞»›/]|&gt;", text)
                if p.strip() and p.strip() not in {"首页", "网站首页"}
            ]
    # Without a breadcrumb the CMS's ColumnName is the only column there is; with one, the
    # breadcrumb's last step is the column (ColumnName may be a parent's or a display name).
    if column_meta and not path:
        path.append(column_meta)
    return path


def _attachments(root, content, url: str, furniture: set[str]) -> list[ExtractedAttachment]:
    found: dict[str, ExtractedAttachment] = {}
    scopes = [content] if content is not None else []
    scopes.append(root)
    for scope in scopes:
        for a in scope.iter("a"):
            href = (a.get("href") or "").strip()
            text = _norm(_text(a))
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            handler = text.startswith(("附件", "下载")) and DOWNLOAD_HANDLER.search(href)
            if not (ATTACHMENT_URL.search(href) or ATTACHMENT_URL.search(text) or handler):
                continue
            if scope is root and (
                text in furniture or re.search(r"\.(jpg|jpeg|png|gif)(?:$|\?)", href, re.I)
            ):
                continue  # logos, QR codes and site-wide downloads are not the document's
            resolved = urljoin(url, href)
            name = text or urlsplit(resolved).path.rsplit("/", 1)[-1]
            found.setdefault(resolved, ExtractedAttachment(url=resolved, name=name))
    return list(found.values())


INFO_LABELS = tuple(
    (key, re.compile(rf"(?:^|\s){label}\s*[:：]\s*([^\s：:]+(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?)"))
    for label, key in (
        ("发布时间", "published_on"),
        ("发布日期", "published_on"),
        ("时间", "published_on"),
        ("日期", "published_on"),
        ("来源", "issuer"),
        ("信息来源", "issuer"),
        ("发布机构", "issuer"),
        ("作者", "author"),
    )
)


def _info_pairs(root, content, exclude: set) -> dict[str, str]:
    """时间：… 来源：… lines outside the content region (the article's header line)."""
    pairs: dict[str, str] = {}
    inside = set(content.iter()) if content is not None else set()
    # The header line may sit inside the content region, as its first blocks.
    head = [el for el, _ in _text_blocks(root) if el in inside][:4]
    for el, text in _text_blocks(root):
        if len(text) > 200 or ("：" not in text and ":" not in text):
            continue
        if el in inside and not (el in head and INFO_LINE.match(text)):
            continue
        for key, pattern in INFO_LABELS:
            match = pattern.search(text)
            if match and key not in pairs:
                pairs[key] = match[1]
    return pairs


def extract_article(html: str | bytes, url: str, profile: SiteProfile | None = None) -> ExtractedDocument:
    """Read one saved article page into an ``ExtractedDocument`` (pure: no database).

    The content region comes from the site's profile when its signature is on the page, else
    from this page alone (the deepest element holding most of its non-link text).
    """
    from . import extract_fields as ef

    profile = profile or SiteProfile()
    root = _parse(html)
    metas = _metas(root)
    _drop_noise(root)
    doc = ExtractedDocument(url=url)

    meta = _by_signature(root, profile.metadata_paths)
    meta = meta if meta is not None else _metadata_element(root)
    crumb = _by_signature(root, profile.breadcrumb_paths)
    crumb = crumb if crumb is not None else _breadcrumb_element(root)
    exclude = {e for e in (meta, crumb) if e is not None}
    pairs = (
        ef.read_label_pairs("\n".join(_labelled(line) for line in text_lines(meta)))
        if meta is not None
        else {}
    )
    site_name = _meta(metas, "SiteName") or profile.site_name
    doc.title, title_source = _title(root, metas, pairs, site_name, profile)
    # （已废止） in a title is the document's 有效性, not its name: read into validity below.
    marked_title, doc.title = doc.title, ef.strip_validity_mark(doc.title)

    content = _by_signature(root, profile.content_paths)
    if content is None or len(_norm(_text(content))) < 10:
        content = _find_content(root, profile.furniture, exclude, doc.title)
    # The region must not be the metadata table itself.
    if content is not None and meta is not None and content is meta:
        content = None
        doc.problems.append(_("未找到正文区域"))
    doc.index_number = (pairs.get("index_number") or "").split(" ")[0]
    info = _info_pairs(root, content, exclude)

    column_meta = _meta(metas, "ColumnName")
    doc.column_path = _breadcrumb_path(crumb, column_meta)

    doc.body_html = (
        _clean_body(content, doc.title, profile.furniture, exclude, url) if content is not None else ""
    )
    body_root = _fragment(doc.body_html) if doc.body_html else None
    lines = (
        [ef.normalize_text(line).replace("\t", " ").strip() for line in text_lines(body_root)]
        if body_root is not None
        else []
    )
    lines = [line for line in lines if line]
    # The title repeated as the body's first line is furniture of the template.
    while lines and (
        lines[0] == doc.title or ef.strip_validity_mark(lines[0]) == ef.strip_validity_mark(doc.title)
    ):
        lines.pop(0)
    first = lines[0] if lines else ""
    if (
        not doc.title
        and first
        and len(first) <= 60
        and not first.endswith(("：", ":", "。"))
        and not ef.find_doc_numbers(first)
        and not ef.date_lines([first])
    ):
        # No title anywhere in the template: the body's first line, when it reads as one.
        doc.title, title_source = lines.pop(0), "body:first-line"
        marked_title, doc.title = doc.title, ef.strip_validity_mark(doc.title)
        doc.problems.append(_("标题取自正文首行，请核对"))
    doc.body_text = "\n".join(lines)
    if not doc.body_text:
        doc.problems.append(_("正文为空（可能只有附件）"))

    doc.attachments = _attachments(root, content, url, profile.furniture)

    number, related, problems = ef.read_doc_number(
        doc.title, lines, pairs.get("doc_number", ""), [a.name for a in doc.attachments]
    )
    doc.doc_number = number
    doc.problems += problems

    issuer_header = pairs.get("issuer") or _meta(metas, "ContentSource") or info.get("issuer", "")
    doc.issuer, problems = ef.read_issuer(issuer_header, lines, site_name, doc.title)
    if doc.issuer and doc.issuer.source == "metadata-table:发布机构" and not pairs.get("issuer"):
        doc.issuer.source = "meta:ContentSource" if _meta(metas, "ContentSource") else "page:来源"
    doc.problems += problems

    doc.written_on, problems = ef.read_written_on(
        lines, pairs.get("written_on", ""), str(doc.issuer.value) if doc.issuer else ""
    )
    doc.problems += problems
    candidates = [
        ("meta:PubDate", _meta(metas, "PubDate")),
        ("metadata-table:发布日期", pairs.get("published_on", "")),
        ("page:发布时间", info.get("published_on", "")),
    ]
    doc.published_on, problems = ef.read_published_on(url, [c for c in candidates if c[1]])
    doc.problems += problems

    doc.validity = ef.read_validity(marked_title, pairs.get("validity", ""))
    doc.genre = ef.read_genre(doc.title, pairs.get("genre", ""))
    # A page filed under a 解读 column is a 政策解读 whatever its title's last word says.
    in_interpretations = any("解读" in step for step in doc.column_path)
    title_says_other = (
        doc.genre is not None and doc.genre.source == "title" and doc.genre.value != "interpretation"
    )
    if in_interpretations and (doc.genre is None or title_says_other):
        doc.genre = Evidence("interpretation", "column:解读", 0.8)
    doc.topic = ef.read_topic(doc.title, doc.body_text, pairs.get("topic", ""))
    doc.related_doc_numbers = list(dict.fromkeys([*related, *ef.read_related(lines)]))
    doc.related_links = _related_links(root, url, {a.url for a in doc.attachments})
    doc.repeals, doc.amends = ef.read_relations(doc.title, lines)
    doc.related_titles = ef.read_related_titles(lines)
    if doc.doc_number:
        # Its own number, also as written in full (中华人民共和国国务院令第707号 for 国令第707号).
        own = str(doc.doc_number.value)
        doc.related_doc_numbers = [r for r in doc.related_doc_numbers if not ef.same_doc_number(r, own)]
        doc.repeals = [r for r in doc.repeals if not ef.same_doc_number(r, own)]
        doc.amends = [r for r in doc.amends if not ef.same_doc_number(r, own)]
    doc.title_source = title_source
    doc.column_meta = column_meta
    doc.site_name = site_name
    return doc


def _labelled(line: str) -> str:
    # A table cell holding only a label (索引号 | 000…) reads as 索引号：000…
    from .extract_fields import METADATA_LABELS

    cells = [c.strip() for c in line.split("\t")]
    out = []
    for cell in cells:
        bare = re.sub(r"[\s\u3000]", "", cell)
        out.append(bare + "：" if bare in METADATA_LABELS else cell)
    return "  ".join(c for c in out if c)


RELATED_LABEL = re.compile(
    r"^\s*(?:相关文件|相关链接|政策原文|原文链接|相关政策|相关解读|政策解读|文件解读|图文解读)\s*[:：]?"
)


def _related_links(root, url: str, attachment_urls: set[str]) -> list[tuple[str, str]]:
    """Links printed under a 相关文件 / 政策原文 / 相关解读 label (in its block or the block after)."""
    found: dict[str, str] = {}
    for el, text in _text_blocks(root):
        if _tag(el) == "a" or not RELATED_LABEL.match(text) or len(text) > 200:
            continue  # a link named 政策解读 is a menu entry, not a label
        scopes = [el]
        if el.getparent() is not None:
            scopes.append(el.getparent())
        following = el.getnext()
        if following is not None:
            scopes.append(following)
        for scope in scopes:
            for a in scope.iter("a"):
                href = (a.get("href") or "").strip()
                title = _norm(_text(a))
                if not href or href.startswith(("javascript:", "#", "mailto:")) or len(title) < 4:
                    continue
                resolved = urljoin(url, href)
                if resolved not in attachment_urls:
                    found.setdefault(resolved, title)
    return [(title, link) for link, title in found.items()]


LIST_ITEM_DATE = re.compile(r"(?:19|20)\d{2}[-./年]\d{1,2}(?:[-./月]\d{1,2})?")


def page_kind(html: str | bytes, profile: SiteProfile | None = None) -> str:
    """``"article"``, ``"list"`` or ``"other"`` for one saved page, so a mirror's article pages,
    column lists (their URLs become redirects to the mapped column) and the rest are told apart.

    An article carries ArticleTitle, a metadata table, the profile's content region, or a block
    of its own text; a list is mostly links, many of them with a date beside them.
    """
    root = _parse(html)
    metas = _metas(root)
    _drop_noise(root)
    links = [a for a in root.iter("a") if len(_norm(_text(a))) >= 6]
    dated = sum(
        1
        for a in links
        if LIST_ITEM_DATE.search(_norm(_text(a.getparent())) if a.getparent() is not None else "")
    )
    furniture = profile.furniture if profile else set()
    own = sum(
        len(text)
        for el, text in _text_blocks(root)
        if _tag(el) != "a" and text not in furniture and not any(_tag(p) == "a" for p in el.iterancestors())
    )
    if _meta(metas, "ArticleTitle") or _metadata_element(root) is not None:
        return "article"
    if profile and profile.content_paths:
        region = _by_signature(root, profile.content_paths)
        if region is not None and len(_norm(_text(region))) >= 20:
            return "article"
    if dated >= 8 and dated * 40 > own:
        return "list"
    if own >= 200:
        return "article"
    return "list" if len(links) >= 10 else "other"
