"""The import pipeline: dry run (plan), import (run), resume, undo (issue 19, ADR 0022).

``plan_batch`` reads the whole source once, extracts every page, and writes a batch in status
"planned": its items (the review queue), the column mapping to review, and a report (counts per
column and organ, what could not be read and why, duplicates, low-confidence fields). Nothing is
published by a plan.

``run_batch`` imports the planned items in chunks of 100 (ADR 0029), each prepared outside any
transaction and written in one, so a crash loses at most the chunk in hand and ``run_batch`` on the
same batch resumes where it stopped.
A document already imported by an earlier batch of the organ (same old URL) is updated, never
duplicated; an unchanged one is left alone. The editorial workflow (《政府信息公开条例》第十七条
review steps) is bypassed because these documents were published years ago by their organ; the
tenancy rules are not: only the organ's 政务公开办管理员 (or the server's operator at the
console) imports into the organ, records land in that organ and only in columns of that organ,
and every batch and record is in the audit log. The pre-publication checks run in report mode.

``undo_batch`` removes what a batch created and restores what it changed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from dataclasses import field as dc_field
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.audit.services import record_event
from gongkai.catalog.models import Column
from gongkai.disclosure import integrity
from gongkai.disclosure.models import (
    Attachment,
    Genre,
    Record,
    Status,
    Topic,
    Validity,
)
from gongkai.disclosure.services import allocate_index_numbers, public_records_changed
from gongkai.migration import discovery, extraction, relations
from gongkai.migration.extraction import Evidence, ExtractedAttachment, ExtractedDocument
from gongkai.migration.models import (
    BatchStatus,
    ColumnMapping,
    ItemKind,
    ItemStatus,
    MigratedAttachment,
    MigratedItem,
    MigrationBatch,
    Redirect,
)
from gongkai.orgs.models import Organization
from gongkai.textproc.html import sanitize_html

logger = logging.getLogger(__name__)

IMPORT_ROLES = {Role.COMPETENT_ADMIN}
LOW_CONFIDENCE = 0.6
PROFILE_SAMPLE = 60  # pages the template learner sees, spread over the site
CHUNK = 500  # items written per bulk insert (memory stays flat with the size of the site)
NO_COLUMN = "（无栏目）"

NOT_ALLOWED = "导入网站需要本机关的政务公开办管理员角色。"
EXTRACTOR_MISSING = "文章提取模块（learn_profile / extract_article）尚未安装，无法读取页面。"
BATCH_NOT_RUNNABLE = "该批次状态为“{status}”，不能导入。"
BATCH_NOT_UNDOABLE = "该批次已撤销。"
ALREADY_RUNNING = "本机关已有一个正在导入的批次（#{pk}）；请先续导或撤销它。"
COLUMN_NOT_MAPPED = "原栏目“{column}”尚未映射到本机关的栏目，未导入。"
MAPPING_WRONG_ORG = "所选栏目不属于本机关。"
PUBLISHED_DATE_MISSING = "发布日期无法读取，暂以成文日期或导入时间代替，请核对。"
ATTACHMENT_MISSING = "附件不在来源中：{url}"
ATTACHMENT_REFUSED = "附件“{name}”未能导入：{reason}"
INDEX_NUMBER_TAKEN = "原索引号“{number}”已被其他信息使用，已另行编号。"
LOW_CONFIDENCE_FIELD = "{field}置信度低（{value}，依据：{source}），请核对。"
UNREADABLE_PAGE = "页面无法读取：{reason}"
NOT_AN_ARTICLE = "页面没有标题和正文，按列表页处理。"
DUPLICATE_OF = "与 {url} 内容相同（重复或转载）。"

FIELD_LABELS = {
    "doc_number": "文号",
    "issuer": "发布机构",
    "written_on": "成文日期",
    "published_on": "发布日期",
    "genre": "体裁",
    "topic": "主题分类",
    "validity": "有效性",
}


class ConsoleOperator:
    """The server's operator running ``gongkai import-site`` at the console.

    Whoever can run management commands already holds the database; the audit log names the
    run as 系统 (``record_event`` writes no user for an unauthenticated actor)."""

    is_superuser = True
    is_authenticated = False
    pk = None

    def __str__(self) -> str:
        return "系统（命令行）"


CONSOLE = ConsoleOperator()


# --- who may ---------------------------------------------------------------------------------


def check_may_migrate(actor, org: Organization) -> None:
    """Only the organ's own 政务公开办管理员 (or the console) migrates a site into the organ."""
    if actor.is_superuser:
        return
    if not actor.roles_in(org) & IMPORT_ROLES:
        raise PermissionDenied(NOT_ALLOWED)


def batches_for(org: Organization):
    return MigrationBatch.objects.filter(organization=org)


# --- ExtractedDocument <-> JSON (the item keeps what the dry run read) -----------------------


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def document_to_json(doc: ExtractedDocument) -> dict:
    data = asdict(doc)
    for value in data.values():
        if isinstance(value, dict) and "source" in value:  # an Evidence
            value["value"] = _plain(value["value"])
    return data


DATE_FIELDS = {"written_on", "published_on"}


def document_from_json(data: dict) -> ExtractedDocument:
    """Back from the item's JSON; fields the extractor no longer has are ignored."""
    known = {f.name for f in fields(ExtractedDocument)}
    out = {}
    for name, value in data.items():
        if name not in known:
            continue
        if isinstance(value, dict) and "source" in value:
            value = Evidence(**value)
            if name in DATE_FIELDS and isinstance(value.value, str):
                value.value = date.fromisoformat(value.value)
        out[name] = value
    out["attachments"] = [ExtractedAttachment(**a) for a in data.get("attachments", [])]
    return ExtractedDocument(**out)


# --- reading pages --------------------------------------------------------------------------

CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def decode_page(data: bytes) -> str:
    """Bytes of a saved page as text: the declared charset, else UTF-8, else GB18030 (GBK's superset)."""
    declared = CHARSET.search(data[:4096])
    candidates = [declared.group(1).decode("ascii").lower()] if declared else []
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        if encoding in {"gb2312", "gbk"}:
            encoding = "gb18030"
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnicodeDecodeError("gb18030", data, 0, 1, "编码无法识别")


class Extractor:
    """The site's template learner and article reader (``gongkai.migration.extraction``).

    One place: tests pass their own; the pipeline calls ``learn`` once and ``extract`` per page."""

    def learn(self, pages: list[tuple[str, str]]):
        return extraction.learn_profile(pages)

    def extract(self, html: str, url: str, profile) -> ExtractedDocument:
        return extraction.extract_article(html, url, profile)


def _vendor_document(entry: discovery.Entry, html: str, extractor: Extractor, profile) -> ExtractedDocument:
    """A vendor row: the table's metadata wins over what the page says (it is the CMS's own)."""
    row = entry.row
    doc = extractor.extract(html, entry.url, profile) if html.strip() else ExtractedDocument(url=entry.url)
    if row.get("title"):
        doc.title = row["title"]
    if not doc.body_text.strip() and html.strip():
        # A body file that is only the article's fragment has no page around it to find.
        doc.body_html = html
        doc.body_text = strip_tags(html)
    if row.get("body") and not doc.body_html:
        doc.body_html = row["body"]
        doc.body_text = row["body"]
    if row.get("index_number"):
        doc.index_number = row["index_number"]
    if row.get("doc_number"):
        doc.doc_number = Evidence(row["doc_number"], "export:文号")
    if row.get("issuer"):
        doc.issuer = Evidence(row["issuer"], "export:发布机构")
    for key, label in (("written_on", "成文日期"), ("published_on", "发布日期")):
        if row.get(key):
            parsed = _parse_date(row[key])
            if parsed:
                setattr(doc, key, Evidence(parsed, f"export:{label}"))
            else:
                doc.problems.append(f"导出表{label}“{row[key]}”无法识别。")
    if row.get("column"):
        doc.column_path = [p.strip() for p in re.split(r"[>/＞》]", row["column"]) if p.strip()]
    doc.attachments += [ExtractedAttachment(url=u, name=n) for u, n in discovery.attachment_urls(entry)]
    return doc


DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


def _parse_date(text: str) -> date | None:
    match = DATE.search(text)
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


# --- mapping helpers ------------------------------------------------------------------------


def _organ_names(org: Organization) -> dict[str, Organization]:
    """Names (full, short, aliases) of every organ in the government's tree → the organ."""
    government = org.government()
    organs = Organization.objects.get_tree(government)
    names: dict[str, Organization] = {}
    for organ in organs:
        for name in (organ.name, organ.short_name, *organ.aliases.values_list("alias", flat=True)):
            if name:
                names.setdefault(name.strip(), organ)
    return names


def _map_issuer(text: str, names: dict[str, Organization]) -> Organization | None:
    """The organ an issuer text names; a joint issue ("甲、乙") maps to its first organ."""
    text = (text or "").strip()
    if not text:
        return None
    if text in names:
        return names[text]
    for part in re.split(r"[、，,;；\s]+", text):
        if part in names:
            return names[part]
    return None


# What old sites call their columns → the statutory category (《条例》第二十、二十一条) that holds
# such documents, by its stable code. Checked on the innermost segment first, then the outer ones.
COLUMN_KEYWORDS: list[tuple[tuple[str, ...], str]] = [
    (("解读", "图解", "答问", "问答"), "interpretation"),
    (("年报", "年度报告"), "annual-reports"),
    (("公开制度", "公开指南", "公开规定"), "rules"),
    (("预算", "决算", "预决算", "财政资金", "三公", "财政"), "art20-07"),
    (("采购", "招标", "中标"), "art20-09"),
    (("收费",), "art20-08"),
    (("统计", "数据发布"), "art20-04"),
    (("规划", "计划", "总结"), "art20-03"),
    (("处罚", "强制", "执法"), "art20-06"),
    (("许可", "审批", "办事", "服务事项"), "art20-05"),
    (("重大项目", "建设项目", "项目建设"), "art20-10"),
    (("应急", "预警", "突发"), "art20-12"),
    (("环境", "环保", "安全生产", "食品", "药品", "质量", "监督检查", "双随机"), "art20-13"),
    (("招考", "招聘", "录用", "人事"), "art20-14"),
    (("机构", "职能", "领导", "联系方式"), "art20-02"),
    (("扶贫", "教育", "医疗", "社会保障", "社保", "就业", "民生"), "art20-11"),
    (("征收", "拆迁"), "art21-land"),
    (("救助", "低保"), "art21-social-assistance"),
    (("政策文件", "规范性文件", "政府文件", "文件", "规章", "法规", "政府令", "决定", "命令"), "art20-01"),
    (("其他", "通知公告", "工作动态", "公告", "通知"), "art20-15"),
]


def _suggest_column(source_column: str, columns: list[Column]) -> tuple[Column | None, str]:
    """A suggested column and why: same name, a keyword of the old name, else none (the official
    decides; an unmapped column is not imported)."""
    if source_column == NO_COLUMN:
        return None, ""
    segments = [s.strip() for s in source_column.split(">") if s.strip()]
    for segment in reversed(segments):
        for column in columns:
            if column.name == segment:
                return column, "名称相同"
    by_code = {c.category_code: c for c in columns if c.category_code}
    for segment in reversed(segments):
        for words, code in COLUMN_KEYWORDS:
            word = next((w for w in words if w in segment), None)
            if word and code in by_code:
                return by_code[code], f"关键词“{word}”"
    return None, ""


def _repost_keys(doc: ExtractedDocument, doc_number: str) -> list[tuple]:
    """A repost — the same document in another column, under other furniture, on another day — has
    other bytes: it is known by its 文号 and title, or by its title and body text."""
    title = re.sub(r"\s", "", doc.title)
    if not title:
        return []
    keys: list[tuple] = [("repost:number", title, doc_number)] if doc_number else []
    body = re.sub(r"\s", "", doc.body_text)
    if len(body) >= 50:
        keys.append(("repost:body", title, hashlib.sha256(body.encode()).hexdigest()))
    return keys


def _low_confidence(doc: ExtractedDocument) -> list[str]:
    out = []
    for name, label in FIELD_LABELS.items():
        evidence = getattr(doc, name)
        if evidence is not None and evidence.confidence < LOW_CONFIDENCE:
            out.append(name)
            doc.problems.append(
                LOW_CONFIDENCE_FIELD.format(field=label, value=_plain(evidence.value), source=evidence.source)
            )
    return out


def _spread(items: list, count: int) -> list:
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _directory(path: str) -> str:
    path = path.split("?", 1)[0]
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


# --- the dry run ----------------------------------------------------------------------------


def plan_batch(
    *,
    source_path: str,
    org: Organization,
    actor,
    extractor: Extractor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> MigrationBatch:
    """Read the source and write a planned batch: items, column mapping, report. Publishes nothing."""
    check_may_migrate(actor, org)
    if extractor is None:
        if not hasattr(extraction, "extract_article") or not hasattr(extraction, "learn_profile"):
            raise ValidationError(EXTRACTOR_MISSING)
        extractor = Extractor()
    source = discovery.open_source(source_path)
    entries = list(source.entries())  # URLs and locators only, not contents
    pages = [e for e in entries if e.kind == "page"]
    files = [e for e in entries if e.kind == "attachment"]
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(f"{entry.url}\0{entry.locator}\n".encode())

    sample = []
    for entry in _spread([p for p in pages if not discovery.is_list_name(p.url)], PROFILE_SAMPLE):
        try:
            sample.append((entry.url, decode_page(source.read(entry))))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
    profile = extractor.learn(sample) if sample else None
    del sample

    with transaction.atomic():
        batch = MigrationBatch.objects.create(
            organization=org,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            started_by_name=str(actor),
            source=str(source_path)[:500],
            source_kind=source.kind,
            source_hash=digest.hexdigest(),
            status=BatchStatus.PLANNED,
        )
        record_event(
            actor=actor,
            verb="migration_planned",
            obj=batch,
            changes={"source": batch.source, "hash": batch.source_hash, "pages": len(pages)},
        )

    names = _organ_names(org)
    seen_hashes: dict[str, str] = {}
    seen_keys: dict[tuple, str] = {}
    column_counts: Counter = Counter()
    column_samples: dict[str, list] = defaultdict(list)
    organ_counts: Counter = Counter()
    directory_columns: dict[str, Counter] = defaultdict(Counter)
    low_counts: Counter = Counter()
    unreadable, duplicates = [], []
    linked: set[str] = set()
    pending: list[MigratedItem] = []
    lists: list[MigratedItem] = []
    position = 0

    def flush():
        MigratedItem.objects.bulk_create(pending)
        pending.clear()

    for done, entry in enumerate(pages, start=1):
        position += 1
        item = MigratedItem(
            batch=batch,
            position=position,
            kind=ItemKind.ARTICLE,
            old_url=entry.url[:1000],
            old_path=entry.path[:1000],
            locator=entry.locator[:1000],
        )
        try:
            data = source.read(entry)
            # A vendor row's metadata is part of what it says (two rows may share a body file).
            row = "\0".join(f"{k}={v}" for k, v in sorted(entry.row.items()) if k != "line").encode()
            item.content_hash = hashlib.sha256(row + b"\0" + data).hexdigest()
            html = decode_page(data) if data else ""
            if entry.row:
                doc = _vendor_document(entry, html, extractor, profile)
            else:
                doc = extractor.extract(html, entry.url, profile)
        except Exception as exc:  # one bad page is reported, never stops the batch
            logger.info("unreadable page %s: %s", entry.url, exc)
            item.status = ItemStatus.UNREADABLE
            item.note = UNREADABLE_PAGE.format(reason=str(exc) or type(exc).__name__)[:500]
            unreadable.append({"url": entry.url, "reason": item.note})
            pending.append(item)
            continue
        item.source_column = (" > ".join(doc.column_path) or NO_COLUMN)[:300]
        item.title = doc.title[:300]
        # An article may be only "详见附件" (files, no body): it is still an article.
        has_content = doc.body_text.strip() or doc.attachments
        is_list = not entry.row and (discovery.is_list_name(entry.url) or not (doc.title and has_content))
        if is_list:
            item.kind = ItemKind.LIST
            if not discovery.is_list_name(entry.url):
                item.note = NOT_AN_ARTICLE
            item.extracted = {"column_path": doc.column_path}
            lists.append(item)
            pending.append(item)
            continue
        low = _low_confidence(doc)
        low_counts.update(low)
        issuer_text = str(doc.issuer.value) if doc.issuer else ""
        organ = _map_issuer(issuer_text, names)
        item.issuer_text = issuer_text[:300]
        item.issuer_org = organ
        organ_counts[
            organ.name if organ else (issuer_text and f"{issuer_text}（未对应到机关）") or "（未读出）"
        ] += 1
        doc_number = str(doc.doc_number.value) if doc.doc_number else ""
        key = (doc.title.strip(), doc_number, doc.published_date)
        reposted = _repost_keys(doc, doc_number)
        first = seen_hashes.get(item.content_hash) or (seen_keys.get(key) if doc.title.strip() else None)
        first = first or next((seen_keys[k] for k in reposted if k in seen_keys), None)
        if first:
            item.status = ItemStatus.DUPLICATE
            item.note = DUPLICATE_OF.format(url=first)[:500]
            duplicates.append({"url": entry.url, "first": first, "title": doc.title})
        else:
            seen_hashes[item.content_hash] = entry.url
            seen_keys[key] = entry.url
            seen_keys.update(dict.fromkeys(reposted, entry.url))
            column_counts[item.source_column] += 1
            if len(column_samples[item.source_column]) < 3:
                column_samples[item.source_column].append({"title": doc.title[:100], "url": entry.url})
            directory_columns[_directory(item.old_path)][item.source_column] += 1
        linked.update(a.url for a in doc.attachments)
        item.extracted = document_to_json(doc)
        item.problems = list(doc.problems)
        pending.append(item)
        if len(pending) >= CHUNK:
            flush()
        if progress:
            progress(done, len(pages))
    flush()

    # A list page without its own 栏目 takes the column of most articles in and below its folder
    # (CMSs file articles as <column>/<yyyymm>/t….html beside <column>/index.html); a folder
    # without one clear column (80 % of its articles: the site's home) is left unmapped, not guessed.
    for item in lists:
        if item.source_column != NO_COLUMN and item.source_column in column_counts:
            continue
        folder = _directory(item.old_path)
        votes: Counter = Counter()
        for directory, counts in directory_columns.items():
            if directory.startswith(folder):
                votes.update(counts)
        top = votes.most_common(1)
        if not top or top[0][1] < 0.8 * sum(votes.values()):
            continue
        item.source_column = top[0][0]
        MigratedItem.objects.filter(batch=batch, position=item.position).update(
            source_column=item.source_column
        )

    for entry in files:
        if entry.url in linked:
            continue
        position += 1
        pending.append(
            MigratedItem(
                batch=batch,
                position=position,
                kind=ItemKind.ATTACHMENT,
                old_url=entry.url[:1000],
                old_path=entry.path[:1000],
                locator=entry.locator[:1000],
                status=ItemStatus.SKIPPED,
                note=_("附件未被任何文章页链接，未导入。"),
            )
        )
        if len(pending) >= CHUNK:
            flush()
    flush()

    columns = list(Column.objects.for_org(org))
    mappings = []
    for name, count in column_counts.items():
        column, reason = _suggest_column(name, columns)
        mappings.append(
            ColumnMapping(
                batch=batch,
                source_column=name,
                column=column,
                reason=reason,
                count=count,
                samples=column_samples[name],
            )
        )
    ColumnMapping.objects.bulk_create(mappings)
    batch.total = sum(column_counts.values())
    batch.report = {
        "pages": len(pages),
        "articles": batch.total,
        "list_pages": len(lists),
        "attachment_files": len(files),
        "attachments_linked": len(linked),
        "orphan_files": sum(1 for e in files if e.url not in linked),
        "columns": dict(column_counts.most_common()),
        "organs": dict(organ_counts.most_common()),
        "unreadable": unreadable[:500],
        "unreadable_count": len(unreadable),
        "duplicates": duplicates[:500],
        "duplicate_count": len(duplicates),
        "low_confidence": {FIELD_LABELS[k]: v for k, v in low_counts.most_common()},
        "review_count": MigratedItem.objects.filter(batch=batch).exclude(problems=[]).count(),
    }
    batch.save(update_fields=["total", "report", "updated_at"])
    return batch


def set_column_mapping(
    *, batch: MigrationBatch, actor, source_column: str, column: Column | None
) -> ColumnMapping:
    """The official confirms or corrects where one source column's documents go."""
    check_may_migrate(actor, batch.organization)
    if column is not None and column.organization_id != batch.organization_id:
        raise ValidationError(MAPPING_WRONG_ORG)
    with transaction.atomic():
        mapping = ColumnMapping.objects.select_for_update().get(batch=batch, source_column=source_column)
        before = mapping.column_id
        mapping.column = column
        mapping.confirmed = True
        mapping.reason = "人工确认"
        mapping.save(update_fields=["column", "confirmed", "reason"])
        record_event(
            actor=actor,
            verb="migration_mapping_set",
            obj=batch,
            changes={"source_column": source_column, "column": [before, column.pk if column else None]},
        )
    return mapping


# --- the import -----------------------------------------------------------------------------


def _choice(evidence: Evidence | None, choices, default: str) -> str:
    value = str(evidence.value) if evidence is not None else ""
    if value in choices.values:
        return value
    by_label = {str(label): val for val, label in choices.choices}
    return by_label.get(value, default)


def _published_at(doc: ExtractedDocument) -> tuple[datetime, bool]:
    day = doc.published_date or doc.written_date
    if day is None:
        return timezone.now(), False
    return timezone.make_aware(datetime.combine(day, time(9, 0))), doc.published_date is not None


RESTORED_FIELDS = (
    # The organ too: a re-import may have moved the record to its issuing department (ADR 0030),
    # and its column (restored below) belongs to the organ it came from.
    "organization_id",
    "title",
    "body",
    "doc_number",
    "written_on",
    "published_at",
    "column_id",
    "topic",
    "genre",
    "validity",
    "status",
)


def _snapshot(record: Record) -> dict:
    """What undo restores on a record an import updated (JSON-safe)."""
    values = {name: getattr(record, name) for name in RESTORED_FIELDS}
    values["published_at"] = record.published_at.isoformat() if record.published_at else None
    values["written_on"] = _plain(record.written_on)
    return values


def _apply_document(record: Record, doc: ExtractedDocument, column: Column) -> list[str]:
    problems = []
    record.column = column
    record.title = (doc.title or "（无标题）")[:300]
    record.body = sanitize_html(doc.body_html)
    record.doc_number = (str(doc.doc_number.value) if doc.doc_number else "")[:100]
    record.written_on = doc.written_date
    record.published_at, certain = _published_at(doc)
    if not certain:
        problems.append(PUBLISHED_DATE_MISSING)
    record.genre = _choice(doc.genre, Genre, Genre.OTHER)
    record.topic = _choice(doc.topic, Topic, Topic.OTHER)
    record.genre, record.validity, problem = relations.suggested_genre_and_validity(
        record.genre, _choice(doc.validity, Validity, "")
    )
    problems += [problem] if problem else []
    return problems


def _attach(org, actor, files: list[tuple[str, bytes]]) -> list:
    """The ONE call of the platform's attachment service: the migration's import, which takes the
    legacy formats by content, reads the text of a whole chunk's files in as few bounded children
    as the limits allow, keeps the original, and works on a published record (ADR 0023). Returns a
    ``PreparedImport`` or the refusal per file; the chunk's transaction stores them."""
    from gongkai.disclosure.services import prepare_imports

    return prepare_imports(org=org, actor=actor, files=files)


def _check(record: Record, body_html: str = "", attachments=None) -> list[str]:
    """The ONE call of the pre-publication checks, in report mode: findings never block."""
    from gongkai.disclosure.checks import migration_findings

    return [
        str(finding) for finding in migration_findings(record, body_html=body_html, attachments=attachments)
    ]


def _attachment_name(link: ExtractedAttachment) -> str:
    name = (link.name or "").strip() or link.url.rsplit("/", 1)[-1]
    url_ext = discovery.extension(link.url.split("?", 1)[0])
    if url_ext and not name.lower().endswith("." + url_ext):
        name = f"{name}.{url_ext}"
    return name[:200]


def _earlier_records(org: Organization, batch: MigrationBatch) -> dict[str, tuple[int, str]]:
    """old URL → (record id, content hash) from the organ's earlier batches that were not undone."""
    rows = (
        MigratedItem.objects.filter(batch__organization=org, record__isnull=False, kind=ItemKind.ARTICLE)
        .exclude(batch=batch)
        .exclude(batch__status=BatchStatus.UNDONE)
        .order_by("id")
        .values_list("old_url", "record_id", "content_hash")
    )
    return {url: (record_id, content_hash) for url, record_id, content_hash in rows}


def run_batch(
    *,
    batch: MigrationBatch,
    actor,
    source_path: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    stop_after: int | None = None,
) -> MigrationBatch:
    """Import (or resume importing) a planned batch; ``stop_after`` items is for crash tests."""
    org = batch.organization
    check_may_migrate(actor, org)
    with transaction.atomic():
        batch = MigrationBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status not in {BatchStatus.PLANNED, BatchStatus.RUNNING, BatchStatus.INTERRUPTED}:
            raise ValidationError(BATCH_NOT_RUNNABLE.format(status=batch.get_status_display()))
        other = batches_for(org).filter(status=BatchStatus.RUNNING).exclude(pk=batch.pk).first()
        if other:
            raise ValidationError(ALREADY_RUNNING.format(pk=other.pk))
        resumed = batch.status != BatchStatus.PLANNED
        batch.status = BatchStatus.RUNNING
        batch.started_at = batch.started_at or timezone.now()
        batch.save(update_fields=["status", "started_at", "updated_at"])
        record_event(
            actor=actor,
            verb="migration_resumed" if resumed else "migration_started",
            obj=batch,
            changes={"source": batch.source, "hash": batch.source_hash, "total": batch.total},
        )
    source = discovery.open_source(source_path or batch.source)
    mapping = {m.source_column: m.column for m in batch.column_mappings.select_related("column")}
    todo = list(
        batch.items.filter(kind=ItemKind.ARTICLE, status=ItemStatus.PLANNED)
        .order_by("position")
        .values_list("pk", flat=True)
    )  # ids only: 20,000 ints
    if stop_after is not None:
        todo = todo[:stop_after]
    articles = batch.items.filter(kind=ItemKind.ARTICLE)
    done_before = articles.exclude(status=ItemStatus.PLANNED).count()
    run = _Run(
        batch=batch,
        actor=actor,
        source=source,
        mapping=mapping,
        earlier=_earlier_records(org, batch),
        homes=relations.writable_organs(org, actor),
    )
    counter = {"n": 0}
    lock = threading.Lock()

    def one_chunk(pks: list[int]) -> None:
        _import_chunk(pks, run)
        with lock:
            counter["n"] += len(pks)
            if progress:
                progress(done_before + counter["n"], batch.total)
        # The stored count is for people watching (the item statuses drive a resume).
        MigrationBatch.objects.filter(pk=batch.pk).update(processed=F("processed") + len(pks))

    chunks = [todo[i : i + IMPORT_CHUNK] for i in range(0, len(todo), IMPORT_CHUNK)]
    workers = 1 if stop_after is not None else _workers()
    try:
        if workers == 1:
            for pks in chunks:
                one_chunk(pks)
            if stop_after is not None and articles.filter(status=ItemStatus.PLANNED).exists():
                MigrationBatch.objects.filter(pk=batch.pk).update(processed=done_before + counter["n"])
                return batch  # left RUNNING, exactly as a crash would leave it
        else:
            _in_threads(one_chunk, chunks, workers)
        processed = articles.exclude(status=ItemStatus.PLANNED).count()
        MigrationBatch.objects.filter(pk=batch.pk).update(processed=processed)
        _redirect_lists(batch, mapping)
        _link_relations(org)
        relations.apply_relations(org, batch, actor)
    except KeyboardInterrupt:
        MigrationBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.INTERRUPTED)
        raise
    with transaction.atomic():
        batch.refresh_from_db()
        batch.status = BatchStatus.DONE
        batch.finished_at = timezone.now()
        statuses = Counter(batch.items.values_list("status", flat=True))
        batch.report = {**batch.report, "result": dict(statuses)}
        batch.save(update_fields=["status", "finished_at", "report", "updated_at"])
        record_event(actor=actor, verb="migration_done", obj=batch, changes={"result": dict(statuses)})
    return batch


def _workers() -> int:
    """Chunks imported at once. While one thread prepares its chunk (reading pages and files, the
    bounded child reading their text, the checks) the other writes its own; SQLite takes one writer."""
    if connection.vendor == "sqlite":
        return 1
    return max(1, int(getattr(settings, "GONGKAI_MIGRATION_WORKERS", 2)))


def _in_threads(work: Callable, units: list, workers: int) -> None:
    """``work`` on every unit (a chunk of item ids), in ``workers`` threads; each thread keeps one
    database connection for the whole run (a connection per unit would cost the server a process
    start each)."""
    import queue

    todo: queue.SimpleQueue = queue.SimpleQueue()
    for unit in units:
        todo.put(unit)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            while not errors:
                try:
                    unit = todo.get_nowait()
                except queue.Empty:
                    return
                work(unit)
        except BaseException as exc:  # handed to the calling thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, name=f"migration-{n}", daemon=True) for n in range(workers)]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.5)
    except KeyboardInterrupt:
        errors.append(KeyboardInterrupt())  # the workers stop after the chunk in hand
        for thread in threads:
            thread.join()
        raise
    if errors:
        raise errors[0]


# A chunk of documents is prepared outside any transaction (their files read, typed and their text
# read by one bounded child for all of them, their records drafted and checked) and written in one
# transaction. A crash loses at most the chunk in hand: its items are still planned, and a resume
# does them again. The files a chunk holds in memory at once are capped, so memory stays flat.
IMPORT_CHUNK = 100
CHUNK_FILE_BYTES = 32 * 1024 * 1024


@dataclass
class _Run:
    batch: MigrationBatch
    actor: object
    source: object
    mapping: dict
    earlier: dict
    homes: list = dc_field(default_factory=list)  # the organs the run may file records under
    _homes_of: dict = dc_field(default_factory=dict)

    def home(self, issuer_id: int | None, column: Column) -> tuple[Organization, Column, str]:
        """relations.record_home, asked once per issuer and column in a run."""
        key = (issuer_id, column.pk)
        if key not in self._homes_of:
            org = self.batch.organization
            self._homes_of[key] = relations.record_home(org, issuer_id, column, self.homes)
        return self._homes_of[key]


@dataclass
class _Doc:
    """One document of a chunk on its way in."""

    item: MigratedItem
    doc: ExtractedDocument | None = None
    record: Record | None = None
    problems: list = dc_field(default_factory=list)
    # (link, name, digest, PreparedImport or ValidationError): its new files, in order
    files: list = dc_field(default_factory=list)
    attachments: list = dc_field(default_factory=list)  # Attachment rows about to be stored
    links: list = dc_field(default_factory=list)  # MigratedAttachment rows


def _import_chunk(pks: list[int], run: _Run) -> None:
    """Import the planned items among ``pks``: prepared in parts of at most ``CHUNK_FILE_BYTES`` of
    files, each part written in one transaction. A part whose transaction fails is done again one
    document at a time, so one bad document fails alone."""
    items = list(MigratedItem.objects.filter(pk__in=pks, status=ItemStatus.PLANNED).order_by("position"))
    existing = _existing_records(items, run)
    part: list[_Doc] = []
    size = 0
    for item in items:
        entry = _prepare_document(item, run, existing)
        if entry is None:
            continue
        part.append(entry)
        size += sum(len(data) for _link, _name, data, _digest in entry.files)
        if size >= CHUNK_FILE_BYTES:
            _write_part(part, run)
            part, size = [], 0
    _write_part(part, run)


def _existing_records(items: list[MigratedItem], run: _Run) -> dict[int, Record]:
    """The records the chunk's items update (a resumed item's, or an earlier batch's), in one query."""
    ids = {item.record_id for item in items if item.record_id is not None}
    ids |= {
        run.earlier[item.old_url][0]
        for item in items
        if item.record_id is None and item.old_url in run.earlier
    }
    if not ids:
        return {}
    records = Record.objects.filter(pk__in=ids, organization__in=run.homes).prefetch_related("attachments")
    return {record.pk: record for record in records}


def _prepare_document(item: MigratedItem, run: _Run, existing: dict[int, Record]) -> _Doc | None:
    """The document's record drafted (fields checked, not saved) and its files read; an unmapped
    column, an unchanged page or a document that cannot be drafted is settled here."""
    column = run.mapping.get(item.source_column)
    if column is None:
        MigratedItem.objects.filter(pk=item.pk, status=ItemStatus.PLANNED).update(
            status=ItemStatus.SKIPPED, note=COLUMN_NOT_MAPPED.format(column=item.source_column)[:500]
        )
        return None
    try:
        doc = document_from_json(item.extracted)
        record = None
        if item.record_id is not None:
            record = existing.get(item.record_id)
        elif item.old_url in run.earlier:
            record_id, old_hash = run.earlier[item.old_url]
            record = existing.get(record_id)
            if record is not None and old_hash == item.content_hash:
                MigratedItem.objects.filter(pk=item.pk, status=ItemStatus.PLANNED).update(
                    status=ItemStatus.UNCHANGED, record=record
                )
                return None
            if record is not None:
                item.previous = _snapshot(record)
        item.created_record = item.created_record or record is None
        old_attachments = list(record.attachments.all()) if record is not None else []
        # 发布机构 → the department of the tree that issued it, in its own column (ADR 0030).
        home, column, moved = run.home(record.organization_id if record else item.issuer_org_id, column)
        record, more = _draft(record, home, doc, column)
        record.organization = home  # the run's organ object: no query for it later
        problems = list(item.problems) + ([moved] if moved else []) + more
        entry = _Doc(item=item, doc=doc, record=record, problems=problems)
        entry.attachments = old_attachments
        have = {a.sha256 for a in old_attachments}
        for link in doc.attachments:
            found = run.source.find(link.url)
            if found is None:
                entry.problems.append(ATTACHMENT_MISSING.format(url=link.url))
                continue
            data = run.source.read(found)
            digest = hashlib.sha256(data).hexdigest()
            if digest not in have:
                have.add(digest)
                entry.files.append((link, _attachment_name(link), data, digest))
        return entry
    except Exception as exc:  # one bad document is reported, the batch goes on
        _failed(item, exc)
        return None


def _failed(item: MigratedItem, exc: BaseException) -> None:
    logger.error("migration item %s failed", item.old_url, exc_info=exc)
    reason = "；".join(exc.messages) if isinstance(exc, ValidationError) else repr(exc)
    MigratedItem.objects.filter(pk=item.pk).update(
        status=ItemStatus.FAILED, note=_("导入失败：%(reason)s") % {"reason": reason[:450]}
    )


def _write_part(part: list[_Doc], run: _Run, *, retry: bool = True) -> None:
    """Files of the whole part read at once (one bounded child), the checks run, then every record,
    redirect, file and item of the part in one transaction."""
    if not part:
        return
    org, actor = run.batch.organization, run.actor
    files = [(name, data) for entry in part for _link, name, data, _digest in entry.files]
    prepared = iter(_attach(org, actor, files) if files else [])
    from gongkai.disclosure.services import imported_attachment

    for entry in part:
        position = len(entry.attachments)
        for link, name, _data, digest in entry.files:
            result = next(prepared)
            migrated = MigratedAttachment(
                item=entry.item,
                old_url=link.url[:1000],
                old_path=discovery.old_path(link.url)[:1000],
                content_hash=digest,
            )
            if isinstance(result, ValidationError):
                reason = "；".join(result.messages)
                migrated.note = reason[:500]
                entry.problems.append(ATTACHMENT_REFUSED.format(name=name, reason=reason))
            else:
                migrated.attachment = imported_attachment(
                    record=entry.record, prepared=result, position=position
                )
                migrated.prepared = result
                entry.attachments.append(migrated.attachment)
                position += 1
            entry.links.append(migrated)
        entry.files = []  # the bytes are written; the part keeps only what the rows need
        entry.item.findings = _check(entry.record, entry.doc.body_html, attachments=entry.attachments)
    try:
        with transaction.atomic():
            _store_part(part, run)
    except Exception as exc:
        if not retry or len(part) == 1:
            for entry in part:
                _failed(entry.item, exc)
            return
        logger.warning("migration chunk failed (%r); its documents are done one by one", exc)
        for entry in part:
            item = MigratedItem.objects.get(pk=entry.item.pk)
            again = _prepare_document(item, run, _existing_records([item], run))
            if again is not None:
                _write_part([again], run, retry=False)


def _store_part(part: list[_Doc], run: _Run) -> None:
    batch, org, actor = run.batch, run.batch.organization, run.actor
    # Items another run (a resume started twice) finished meanwhile are left as they are.
    locked = dict(
        MigratedItem.objects.select_for_update()
        .filter(pk__in=[entry.item.pk for entry in part], status=ItemStatus.PLANNED)
        .values_list("pk", "record_id")
    )
    part = [e for e in part if e.item.pk in locked and locked[e.item.pk] == e.item.record_id]
    if not part:
        return
    # 1. Records, published as they were on the old site; 索引号: the old site's own where it is
    # free, else the organ's next ones, taken for the whole part at once.
    wanted = {e.doc.index_number.strip()[:80] for e in part if e.record.index_serial is None} - {""}
    taken = set(Record.objects.filter(index_number__in=wanted).values_list("index_number", flat=True))
    # Each organ numbers its own records: a department's record takes the department's counter.
    by_year: dict[tuple, list[_Doc]] = defaultdict(list)
    for entry in part:
        entry.record.status = Status.PUBLISHED
        if entry.record.index_serial is None:
            home = entry.record.organization
            by_year[(home.pk, timezone.localtime(entry.record.published_at).year)].append(entry)
    for (_home, year), entries in sorted(by_year.items()):
        numbers = allocate_index_numbers(org=entries[0].record.organization, year=year, count=len(entries))
        for entry, (number, serial) in zip(entries, numbers, strict=True):
            record = entry.record
            record.index_year, record.index_serial = year, serial
            own = entry.doc.index_number.strip()[:80]
            if own and own not in taken:
                record.index_number = own
                taken.add(own)
            else:
                if own:
                    entry.problems.append(INDEX_NUMBER_TAKEN.format(number=own))
                record.index_number = number
    new = [e.record for e in part if e.record.pk is None]
    # A re-imported record may move to another organ (its issuing department, ADR 0030): the organ
    # it leaves loses a listed record, so its list counts are stale too (read before the update).
    left = set(
        Record.objects.filter(pk__in=[e.record.pk for e in part if e.record.pk is not None]).values_list(
            "organization_id", flat=True
        )
    )
    Record.objects.bulk_create(new)
    created = {id(record) for record in new}
    for entry in part:
        if id(entry.record) not in created:
            entry.record.save()  # an update: its signal queues the search index (not the page cache)
    # 2. Old links of the pages and their files; the files' rows and their audit entries.
    paths = {}
    for entry in part:
        if not entry.item.old_url.startswith("vendor:"):  # a vendor row without a URL never had an address
            paths[entry.item.old_path[:500]] = {"record": entry.record}
    attachments = [link.attachment for e in part for link in e.links if link.attachment is not None]
    for attachment in attachments:
        attachment.record_id = attachment.record.pk  # drafted before its record had an id
    Attachment.objects.bulk_create(attachments)
    links = [link for e in part for link in e.links]
    for link in links:
        if link.attachment is not None and not link.old_url.startswith("vendor:"):
            paths[link.old_path[:500]] = {"attachment": link.attachment}
    MigratedAttachment.objects.bulk_create(links)
    _redirects(batch, org, paths)
    # 3. The items, done; the search index and the public pages learn of the part once.
    for entry in part:
        entry.item.record = entry.record
        entry.item.status = ItemStatus.IMPORTED
        entry.item.problems = entry.problems
    _set_fields(
        [e.item for e in part], ["record", "created_record", "previous", "status", "problems", "findings"]
    )
    from gongkai.disclosure.services import imported_attachment_event

    for entry in part:
        digests = {}
        for link in entry.links:
            if link.attachment is not None:
                imported_attachment_event(record=entry.record, actor=actor, prepared=link.prepared)
                digests[link.attachment.pk] = link.prepared.checked.sha256  # of the bytes just stored
        # What the migrated record serves is its reference for the tamper check (ADR 0032); its
        # files were hashed when they were read and stored in this run: not read back again.
        integrity.seal(entry.record, actor=actor, cause="migrated", digests=digests)
    from gongkai.search.registry import enqueue

    enqueue("record", [e.record.pk for e in part])
    public_records_changed(*{e.record.organization_id for e in part} | left)


def _set_fields(objs: list, names: list[str]) -> None:
    """``UPDATE … SET … WHERE id = …`` for each object, sent with one ``executemany``: Django's
    ``bulk_update`` builds a CASE per field and row, which took half the import's CPU on a profile
    (docs/benchmarks.md). Values are prepared by their fields, as ``save`` would."""
    if not objs:
        return
    meta = type(objs[0])._meta
    fields = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk] for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _redirects(batch, org, paths: dict[str, dict]) -> None:
    """``_redirect`` for many old paths at once: another organ's path is left to it."""
    if not paths:
        return
    existing = {r.old_path: r for r in Redirect.objects.filter(old_path__in=list(paths))}
    create, update = [], []
    for old_path, target in paths.items():
        redirect = existing.get(old_path)
        if redirect is None:
            create.append(Redirect(organization=org, batch=batch, old_path=old_path, **target))
        elif redirect.organization_id == org.pk:
            redirect.record, redirect.attachment, redirect.column = (
                target.get("record"),
                target.get("attachment"),
                target.get("column"),
            )
            update.append(redirect)
    Redirect.objects.bulk_create(create)
    Redirect.objects.bulk_update(update, ["record", "attachment", "column"])


def _draft(record: Record | None, org, doc: ExtractedDocument, column) -> tuple[Record, list[str]]:
    """The record (new, or the one to update) with the document's fields, checked, not saved."""
    if record is None:
        record = Record(organization=org, created_by=None)
    problems = _apply_document(record, doc, column)
    record.status = Status.DRAFT
    # Field checks only: 索引号 and serial uniqueness are settled at publication.
    record.full_clean(
        exclude=["index_number", "column", "organization"], validate_unique=False, validate_constraints=False
    )
    return record, problems


def _redirect(batch, org, old_path: str, *, record=None, attachment=None, column=None) -> None:
    old_path = old_path[:500]
    existing = Redirect.objects.filter(old_path=old_path).first()
    if existing is not None and existing.organization_id != org.pk:
        return  # another organ's old site answered this path first; the report shows the item anyway
    if existing is None:
        Redirect.objects.create(
            organization=org,
            batch=batch,
            old_path=old_path,
            record=record,
            attachment=attachment,
            column=column,
        )
    else:
        existing.record, existing.attachment, existing.column = record, attachment, column
        existing.save(update_fields=["record", "attachment", "column"])


def _redirect_lists(batch: MigrationBatch, mapping: dict) -> None:
    """List pages (and their folders) → the column their documents were mapped to."""
    org = batch.organization
    for item in batch.items.filter(kind=ItemKind.LIST, status=ItemStatus.PLANNED).iterator():
        column = mapping.get(item.source_column)
        with transaction.atomic():
            if column is None:
                item.status = ItemStatus.SKIPPED
                item.note = COLUMN_NOT_MAPPED.format(column=item.source_column)[:500]
            else:
                _redirect(batch, org, item.old_path, column=column)
                if discovery.is_list_name(item.old_url) and "?" not in item.old_path:
                    _redirect(batch, org, _directory(item.old_path), column=column)
                item.status = ItemStatus.IMPORTED
            item.save(update_fields=["status", "note"])


def _link_relations(org: Organization) -> None:
    """政策解读 → the policy it explains, by the link under 相关文件/政策原文 (the policy's old URL)
    or by 文号, also when the policy came in a later batch. Only records of this organ."""
    organs = relations.writable_organs(org)
    items = MigratedItem.objects.filter(
        batch__organization=org,
        record__genre=Genre.INTERPRETATION,
        record__policy__isnull=True,
        status=ItemStatus.IMPORTED,
    ).select_related("record")
    by_number = None
    linked = set()
    for item in items.iterator():
        policy_id = None
        urls = [link[1] for link in item.extracted.get("related_links", []) if len(link) == 2]
        if urls:
            policy_id = (
                MigratedItem.objects.filter(
                    batch__organization=org,
                    old_url__in=urls,
                    record__isnull=False,
                    record__organization__in=organs,
                )
                .exclude(record__genre=Genre.INTERPRETATION)
                .exclude(batch__status=BatchStatus.UNDONE)
                .values_list("record_id", flat=True)
                .first()
            )
        if policy_id is None and item.extracted.get("related_doc_numbers"):
            if by_number is None:
                by_number = dict(
                    Record.objects.filter(organization__in=organs, status=Status.PUBLISHED)
                    .exclude(doc_number="")
                    .exclude(genre=Genre.INTERPRETATION)
                    .values_list("doc_number", "pk")
                )
            policy_id = next(
                (by_number[n] for n in item.extracted["related_doc_numbers"] if n in by_number), None
            )
        if policy_id is None:
            policy_id = relations.policy_by_title(organs, item)
        if policy_id is not None:
            Record.objects.filter(pk=item.record_id).update(policy_id=policy_id)
            linked.add(item.record.organization_id)
    if linked:  # the 解读s' pages now link their policies
        public_records_changed(*linked)


# --- undo -----------------------------------------------------------------------------------


@transaction.atomic
def undo_batch(*, batch: MigrationBatch, actor) -> MigrationBatch:
    """Remove every record the batch created, restore those it updated, drop its redirects."""
    check_may_migrate(actor, batch.organization)
    batch = MigrationBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == BatchStatus.UNDONE:
        raise ValidationError(BATCH_NOT_UNDOABLE)
    deleted = restored = 0
    touched = {batch.organization_id}  # every organ a record is taken from or given back to
    relations.undo_relations(batch)
    for link in MigratedAttachment.objects.filter(
        item__batch=batch, item__created_record=False, attachment__isnull=False
    ):
        _delete_attachment(link.attachment)
    items = batch.items.filter(record__isnull=False).select_related("record")
    for item in items.iterator():
        record = item.record
        touched.add(record.organization_id)
        if item.created_record:
            for attachment in record.attachments.all():
                _delete_attachment(attachment)
            record.delete()
            deleted += 1
        elif item.previous:
            for name, value in item.previous.items():
                if name == "published_at":
                    value = datetime.fromisoformat(value) if value else None
                elif name == "written_on":
                    value = date.fromisoformat(value) if value else None
                setattr(record, name, value)
            record.save()
            touched.add(record.organization_id)  # the organ it was moved back to
            restored += 1
    batch.redirects.all().delete()
    batch.items.exclude(status__in=[ItemStatus.UNREADABLE, ItemStatus.DUPLICATE]).update(
        status=ItemStatus.UNDONE
    )
    batch.status = BatchStatus.UNDONE
    batch.undone_at = timezone.now()
    batch.save(update_fields=["status", "undone_at", "updated_at"])
    record_event(
        actor=actor, verb="migration_undone", obj=batch, changes={"deleted": deleted, "restored": restored}
    )
    public_records_changed(*touched)
    return batch


def _delete_attachment(attachment: Attachment) -> None:
    name = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    # The file is content-addressed: another record may hold the same bytes.
    if name and not Attachment.objects.filter(file=name).exists():
        transaction.on_commit(lambda: storage.delete(name))


# --- redirects at request time --------------------------------------------------------------


def redirect_target(path: str, query: str = "") -> str | None:
    """The new URL for an old path (with its query first, as CMS article URLs often are ?id=)."""
    path = discovery.normalise_path(path)
    candidates = [f"{path}?{query}"] if query else []
    candidates.append(path)
    redirect = (
        Redirect.objects.filter(old_path__in=[c[:500] for c in candidates])
        .select_related("record__organization", "column__organization", "attachment__record__organization")
        .order_by("-old_path")  # the longer (with query) first
        .first()
    )
    if redirect is None:
        return None
    from django.urls import reverse

    if redirect.record is not None:
        record = redirect.record
        if record.status != Status.PUBLISHED:
            return None
        return record.get_absolute_url()
    if redirect.attachment is not None:
        record = redirect.attachment.record
        if record.status != Status.PUBLISHED:
            return None
        return reverse(
            "portal:attachment",
            kwargs={
                "org": record.organization.slug,
                "key": record.public_key,
                "attachment_id": redirect.attachment_id,
            },
        )
    if redirect.column is not None:
        url = reverse("portal:records", kwargs={"org": redirect.column.organization.slug})
        return f"{url}?column={redirect.column.slug}"
    return None


def review_queue(batch: MigrationBatch):
    """Items a person should look at: problems from reading, or findings of the checks."""
    from django.db.models import Q

    return batch.items.filter(~Q(problems=[]) | ~Q(findings=[])).order_by("position")
