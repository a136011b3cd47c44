"""A generated site mirror (wget layout) and a reader of its meta tags, for tests and bench/.

The generated pages follow the shape of the TRS/Hanweb-style CMS pages government sites serve
(``<meta name="ArticleTitle|ColumnName|PubDate|ContentSource">``, ``t20230101_123.html`` article
names, ``index.html`` list pages, attachments beside the article). ``MetaExtractor`` reads only
those tags: it stands in for the real extractor where a test is about the pipeline, not about
reading real pages (``gongkai.migration.extraction`` has its own tests on real saved pages).
"""

from __future__ import annotations

import html as htmllib
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin

from gongkai.migration.extraction import Evidence, ExtractedAttachment, ExtractedDocument

COLUMNS = [("tzgg", "通知公告"), ("zcwj", "政策文件"), ("ghjh", "规划计划"), ("czzj", "财政资金")]
HOST = "www.example.gov.cn"

ARTICLE = """<!DOCTYPE html>
<html><head><meta charset="{charset}">
<meta name="SiteName" content="示例县人民政府">
<meta name="ColumnName" content="{column}">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{day} 09:30">
<meta name="ContentSource" content="{issuer}">
<title>{title}_{column}_示例县人民政府</title><link rel="stylesheet" href="/css/site.css"></head>
<body>
<div class="header"><div class="logo">示例县人民政府</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="container">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
<a href="./">{column}</a></div>
<div class="article">
<table class="xxgk-info">
<tr><td>索引号：</td><td>{index_number}</td><td>发布机构：</td><td>{issuer}</td></tr>
<tr><td>成文日期：</td><td>{day}</td><td>发布日期：</td><td>{day}</td></tr>
<tr><td>文号：</td><td><span class="wh">{number}</span></td><td>主题分类：</td><td>综合政务</td></tr>
</table>
<h1 class="title">{title}</h1>
<div class="content">{body}</div>
<div class="files">{links}</div>
</div></div>
<div class="footer"><p>主办单位：示例县人民政府办公室</p>
<p>网站标识码：1234000001 备案号：示ICP备00000001号</p></div>
</body></html>
"""

LIST = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="ColumnName" content="{column}"><title>{column}</title></head>
<body><ul>{items}</ul></body></html>
"""


def minimal_pdf(text: str) -> bytes:
    """A small valid PDF whose text layer holds ``text`` (ASCII)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def article_path(index: int, start: date = date(2015, 1, 5)) -> tuple[str, str, date, str]:
    """(column slug, column name, day, path under the host) of the ``index``-th article."""
    slug, name = COLUMNS[index % len(COLUMNS)]
    day = start + timedelta(days=index % 3000)
    return slug, name, day, f"zwgk/{slug}/{day:%Y%m}/t{day:%Y%m%d}_{index}.html"


def write_article(
    host_dir: Path,
    index: int,
    *,
    attachment: bool = False,
    title: str | None = None,
    body: str | None = None,
    issuer: str = "示例县人民政府办公室",
    charset: str = "utf-8",
) -> str:
    _slug, name, day, path = article_path(index)
    title = title or f"关于第{index}号事项的通知"
    body = body or (
        "<p>各乡镇人民政府，县直各单位：</p>"
        f"<p>为做好第{index}号事项的相关工作，根据《中华人民共和国政府信息公开条例》和上级有关要求，"
        "结合本县实际，现将有关事项通知如下。</p>"
        "<p>一、提高思想认识。各单位要高度重视，明确分管领导和工作人员，确保各项任务按期完成。</p>"
        "<p>二、强化工作落实。各单位要对照任务清单逐项推进，建立工作台账，定期报送工作进展情况。</p>"
        "<table><tr><td>项目</td><td>金额（万元）</td></tr><tr><td>道路</td><td>120</td></tr></table>"
        "<p>三、加强督促检查。县政府办公室将适时开展督查，督查结果纳入年度目标考核。</p>"
        f"<p>示例县人民政府办公室</p><p>{day.year}年{day.month}月{day.day}日</p>"
    )
    links = ""
    file = host_dir / path
    file.parent.mkdir(parents=True, exist_ok=True)
    if attachment:
        pdf = f"P0{day:%Y%m%d}{index}.pdf"
        (file.parent / pdf).write_bytes(minimal_pdf(f"Attachment {index} budget table"))
        links = f'<a href="./{pdf}">附件{index}：项目清单</a>'
    page = ARTICLE.format(
        charset=charset,
        column=name,
        title=htmllib.escape(title),
        day=day.isoformat(),
        issuer=issuer,
        number=f"示政办发〔{day.year}〕{index % 90 + 1}号",
        index_number=f"11652399MB0000001/{day.year}-{index:05d}",
        body=body,
        links=links,
    )
    file.write_bytes(page.encode(charset))
    return f"http://{HOST}/{path}"


def write_mirror(root: Path, articles: int, *, attachment_every: int = 0) -> Path:
    """A wget-style mirror: ``root/<host>/...`` with list pages, articles, attachments, styles."""
    host_dir = root / HOST
    (host_dir / "css").mkdir(parents=True, exist_ok=True)
    (host_dir / "css" / "site.css").write_text("body{}")
    (root / "hts-cache").mkdir(exist_ok=True)
    (root / "hts-cache" / "doit.log").write_text("httrack")
    items: dict[str, list[str]] = {slug: [] for slug, _ in COLUMNS}
    for index in range(articles):
        with_file = bool(attachment_every) and index % attachment_every == 0
        url = write_article(host_dir, index, attachment=with_file)
        slug = article_path(index)[0]
        if len(items[slug]) < 20:
            items[slug].append(url)
    for slug, name in COLUMNS:
        folder = host_dir / "zwgk" / slug
        folder.mkdir(parents=True, exist_ok=True)
        links = "".join(f'<li><a href="{u}">{u}</a></li>' for u in items[slug])
        (folder / "index.html").write_text(LIST.format(column=name, items=links))
    return root


META = re.compile(r'<meta\s+name="(\w+)"\s+content="([^"]*)"', re.IGNORECASE)
CONTENT = re.compile(r'<div class="content">(.*?)</div>\s*<div class="files">', re.S)
LINK = re.compile(r'<a href="([^"]+\.(?:pdf|docx?|xlsx?|wps|et|zip|rar|ofd))">([^<]*)</a>', re.I)
NUMBER = re.compile(r'<span class="wh">([^<]*)</span>')
TAGS = re.compile(r"<[^>]+>")


class MetaExtractor:
    """Reads the generated pages' meta tags (see the module docstring); learns nothing."""

    def learn(self, pages):
        return None

    def extract(self, html: str, url: str, profile) -> ExtractedDocument:
        meta = {name: htmllib.unescape(value) for name, value in META.findall(html)}
        body = CONTENT.search(html)
        body_html = body.group(1) if body else ""
        doc = ExtractedDocument(url=url, title=meta.get("ArticleTitle", ""))
        doc.body_html = body_html
        doc.body_text = htmllib.unescape(TAGS.sub("", body_html))
        if meta.get("ColumnName"):
            doc.column_path = ["政务公开", meta["ColumnName"]]
        if meta.get("PubDate"):
            doc.published_on = Evidence(date.fromisoformat(meta["PubDate"][:10]), "meta:PubDate")
        if meta.get("ContentSource"):
            doc.issuer = Evidence(meta["ContentSource"], "meta:ContentSource", 0.9)
        number = NUMBER.search(html)
        if number and number.group(1).strip():
            doc.doc_number = Evidence(number.group(1).strip(), "metadata-table:文号")
        doc.attachments = [
            ExtractedAttachment(url=urljoin(url, href), name=name) for href, name in LINK.findall(html)
        ]
        return doc
