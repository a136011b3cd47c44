"""Finding the pages and files of a saved site, whatever shape the source has (issue 19).

Three sources, one interface (``open_source(path)`` → ``Source``):

- a mirror as ``wget --mirror`` or HTTrack leave it: files at their URL paths under a host folder;
- a WARC file (read with warcio), each response record one URL;
- a vendor export: a CSV/XLSX of metadata (one row per document) with the files beside it.

``Source.entries()`` yields ``Entry`` objects in a stable order without reading the contents (so
memory stays flat with the size of the site); ``Source.read(entry)`` returns the bytes when the
pipeline needs them. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

PAGE_EXTENSIONS = {"html", "htm", "shtml", "shtm", "xhtml", "jsp", "asp", "aspx", "php", ""}
ATTACHMENT_EXTENSIONS = {
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "dps", "ofd", "txt", "rtf",
    "zip", "rar", "7z", "jpg", "jpeg", "png", "gif", "tif", "tiff", "csv", "odt", "ods",
}  # fmt: skip
# Names a CMS gives its column index pages: index.html, index_3.html, list.shtml, list_2.htm…
LIST_NAME = re.compile(r"^(index|list|default|more)(_\d+)?\.(s?html?|jsp|aspx?|php)$|^$", re.IGNORECASE)
# Mirroring tools' own files, never part of the site.
TOOL_FILES = re.compile(r"(^|/)(hts-cache|hts-log\.txt|backblue\.gif|fade\.gif|index-\d+\.html)", re.I)

UNSUPPORTED_SOURCE = "无法识别的来源：{path}。支持网站镜像目录（wget/HTTrack）、WARC 文件（.warc/.warc.gz）和厂商导出表（.csv/.xlsx，文件放在表格旁边）。"  # noqa: E501


@dataclass
class Entry:
    url: str
    kind: str  # "page" or "attachment"; list vs article is decided once the page is read
    locator: str  # where to read it again: a relative file path, a WARC offset
    content_type: str = ""
    row: dict = field(default_factory=dict)  # a vendor export's metadata for this document

    @property
    def path(self) -> str:
        return old_path(self.url)


def normalise_path(path: str) -> str:
    """One spelling of a path, whether it came percent-encoded (a saved link) or decoded (Django)."""
    return quote(unquote(path or "/"), safe="/:@!$&'()*+,;=-._~")


def old_path(url: str) -> str:
    """The path (and query) a browser would ask the new host for: percent-encoded, no fragment."""
    parts = urlsplit(url)
    path = normalise_path(parts.path)
    return f"{path}?{parts.query}" if parts.query else path


def extension(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def is_list_name(url: str) -> bool:
    return bool(LIST_NAME.match(urlsplit(url).path.rsplit("/", 1)[-1]))


SKIPPED_EXTENSIONS = {
    "css",
    "js",
    "ico",
    "svg",
    "woff",
    "woff2",
    "ttf",
    "eot",
    "map",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "bmp",
    "webp",
}


def classify(url: str, content_type: str = "") -> str | None:
    """ "page", "attachment", or None for what is never a document (styles, scripts, page images).

    Images are found again when an article links one as its attachment (``Source.find``)."""
    ext = extension(urlsplit(url).path)
    if ext in SKIPPED_EXTENSIONS:
        return None
    if content_type:
        if content_type in {"text/html", "application/xhtml+xml"}:
            return "page"
        office = ext in ATTACHMENT_EXTENSIONS or content_type.startswith("application/")
        return "attachment" if office else None
    if ext in PAGE_EXTENSIONS:
        return "page"
    return "attachment" if ext in ATTACHMENT_EXTENSIONS else None


class Source:
    kind = ""

    def __init__(self, path: Path):
        self.path = path

    def entries(self) -> Iterator[Entry]:
        raise NotImplementedError

    def read(self, entry: Entry) -> bytes:
        raise NotImplementedError

    def fingerprint(self) -> str:
        """A hash of what the source holds (names, sizes, times): the batch records it."""
        digest = hashlib.sha256()
        for entry in self.entries():
            digest.update(f"{entry.url}\0{entry.locator}\n".encode())
        return digest.hexdigest()

    def find(self, url: str) -> Entry | None:
        """The entry of an attachment URL linked from a page (None when the mirror lacks it)."""
        return None


class MirrorSource(Source):
    """wget --mirror / HTTrack: ``<root>/<host>/<path>``; the host folder gives the URL."""

    kind = "mirror"

    def __init__(self, path: Path):
        super().__init__(path)
        hosts = [p for p in sorted(path.iterdir()) if p.is_dir() and not TOOL_FILES.search(p.name + "/")]
        # wget -nH (no host folder) leaves the site's own folders at the top: take the root itself.
        looks_like_host = [p for p in hosts if "." in p.name or ":" in p.name]
        self.hosts = looks_like_host or [path]

    def _url(self, file: Path) -> tuple[str, str]:
        for host in self.hosts:
            try:
                rel = file.relative_to(host).as_posix()
            except ValueError:
                continue
            name = host.name if host != self.path else "localhost"
            # wget saves "dir/" as dir/index.html and "a.jsp?id=1" as "a.jsp?id=1" (or a.jsp@id=1 on Windows).
            url_path = rel.replace("@", "?", 1) if "@" in rel and "?" not in rel else rel
            return f"http://{name}/{url_path}", file.relative_to(self.path).as_posix()
        raise ValueError(file)

    def entries(self) -> Iterator[Entry]:
        for host in self.hosts:
            for root, dirs, files in os.walk(host):
                dirs[:] = sorted(d for d in dirs if not TOOL_FILES.search(d + "/"))
                for name in sorted(files):
                    file = Path(root) / name
                    rel = file.relative_to(self.path).as_posix()
                    if TOOL_FILES.search(rel):
                        continue
                    url, locator = self._url(file)
                    kind = classify(url)
                    if kind:
                        yield Entry(url=url, kind=kind, locator=locator)

    def read(self, entry: Entry) -> bytes:
        return (self.path / entry.locator).read_bytes()

    def find(self, url: str) -> Entry | None:
        parts = urlsplit(url)
        for host in self.hosts:
            if host != self.path and host.name != parts.netloc:
                continue
            file = host / unquote(parts.path.lstrip("/"))
            if parts.query:
                file = file.with_name(f"{file.name}?{parts.query}")
            if file.is_file():
                kind = classify(url) or "attachment"
                return Entry(url=url, kind=kind, locator=file.relative_to(self.path).as_posix())
        return None


class WarcSource(Source):
    """A WARC (or .warc.gz): every ``response`` record with status 200 is one URL."""

    kind = "warc"

    def entries(self) -> Iterator[Entry]:
        from warcio.archiveiterator import ArchiveIterator

        with self.path.open("rb") as stream:
            iterator = ArchiveIterator(stream)
            for record in iterator:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if record.http_headers.get_statuscode() != "200":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                header = record.http_headers.get_header("Content-Type") or ""
                content_type = header.split(";")[0].strip().lower()
                kind = classify(url, content_type)
                if kind:
                    offset = str(iterator.get_record_offset())
                    yield Entry(url=url, kind=kind, locator=offset, content_type=content_type)

    def read(self, entry: Entry) -> bytes:
        from warcio.archiveiterator import ArchiveIterator

        with self.path.open("rb") as stream:
            stream.seek(int(entry.locator))
            for record in ArchiveIterator(stream):
                return record.content_stream().read()
        return b""

    def find(self, url: str) -> Entry | None:
        # One pass over the archive's index, built once (offsets only: small).
        if not hasattr(self, "_by_url"):
            self._by_url = {e.url: e for e in self.entries()}
        return self._by_url.get(url)


# Header names vendors use for the same field (first match wins).
VENDOR_COLUMNS = {
    "url": ("原网址", "链接", "网址", "url", "URL", "地址"),
    "title": ("标题", "信息名称", "题名", "title"),
    "column": ("栏目", "所属栏目", "栏目名称", "column"),
    "index_number": ("索引号",),
    "doc_number": ("文号", "发文字号"),
    "issuer": ("发布机构", "发文机关", "来源"),
    "written_on": ("成文日期", "生成日期"),
    "published_on": ("发布日期", "发布时间"),
    "body_file": ("正文文件", "页面文件", "文件", "html"),
    "body": ("正文", "内容"),
    "attachments": ("附件", "附件文件"),
    "topic": ("主题分类", "主题"),
    "genre": ("体裁", "文种"),
    "validity": ("有效性",),
}


class VendorSource(Source):
    """A metadata table (CSV or XLSX, first row the headers) with the files it names beside it."""

    kind = "vendor"

    def _rows(self) -> Iterator[dict]:
        if self.path.suffix.lower() == ".csv":
            raw = self.path.read_bytes()
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    text = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise ValueError("CSV 文件编码无法识别（应为 UTF-8 或 GB18030）。")
            yield from csv.DictReader(text.splitlines())
        else:
            from openpyxl import load_workbook

            book = load_workbook(self.path, read_only=True, data_only=True)
            rows = book.worksheets[0].iter_rows(values_only=True)
            headers = [str(h or "").strip() for h in next(rows, [])]
            for values in rows:
                yield {h: ("" if v is None else str(v)) for h, v in zip(headers, values, strict=False)}
            book.close()

    @staticmethod
    def normalise(row: dict) -> dict:
        out = {}
        for key, names in VENDOR_COLUMNS.items():
            for name in names:
                if name in row and str(row[name] or "").strip():
                    out[key] = str(row[name]).strip()
                    break
        return out

    def entries(self) -> Iterator[Entry]:
        for number, raw in enumerate(self._rows(), start=2):
            row = self.normalise(raw)
            if not row.get("url") and not row.get("body_file") and not row.get("title"):
                continue  # an empty line
            url = row.get("url") or f"vendor:/row/{number}"
            yield Entry(url=url, kind="page", locator=row.get("body_file", ""), row={**row, "line": number})

    def read(self, entry: Entry) -> bytes:
        if entry.locator:
            return self._file(entry.locator).read_bytes()
        return entry.row.get("body", "").encode()

    def _file(self, name: str) -> Path:
        # Only files beside the table: a name with ".." or an absolute path is refused.
        candidate = (self.path.parent / name).resolve()
        if self.path.parent.resolve() not in candidate.parents:
            raise ValueError(f"文件不在导出表所在目录内：{name}")
        return candidate

    def find(self, url: str) -> Entry | None:
        name = url.removeprefix("vendor:/files/")
        try:
            file = self._file(name)
        except ValueError:
            return None
        return Entry(url=url, kind="attachment", locator=name) if file.is_file() else None


def attachment_urls(entry: Entry) -> list[tuple[str, str]]:
    """A vendor row's attachment files as (url, name): "a.pdf; b.doc" or "a.pdf|b.doc"."""
    names = [n.strip() for n in re.split(r"[;；|\n]", entry.row.get("attachments", "")) if n.strip()]
    return [(f"vendor:/files/{n}", n.rsplit("/", 1)[-1]) for n in names]


def resolve(base: str, href: str) -> str:
    return urljoin(base, href)


def open_source(path: str | Path) -> Source:
    path = Path(path)
    name = path.name.lower()
    if path.is_dir():
        return MirrorSource(path)
    if path.is_file() and (name.endswith(".warc") or name.endswith(".warc.gz")):
        return WarcSource(path)
    if path.is_file() and path.suffix.lower() in {".csv", ".xlsx"}:
        return VendorSource(path)
    raise ValueError(UNSUPPORTED_SOURCE.format(path=path))
