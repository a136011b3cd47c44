"""Tamper evidence (防篡改) for published records (issue 13 item 4, ADR 0032).

At publication — and again whenever an audited service changes what a published record shows —
``seal`` hashes (SHA-256, like the audit chain) the record's public content as the record page
renders it, between the ``<!--gk:published-->`` markers, normalised so that volatile parts do not
count, and every attachment file as storage holds it, and appends both to the tamper-evident audit
log (ADR 0014) as a ``record_sealed`` entry.

``verify_published`` re-renders each published record's page through the real view (the whole
request handler, as the public gets it, and once more bypassing the page cache: what is stored
now), reads each file back from storage, and reports every difference from the latest seal. A
string injected into a stored body (seed 002's ``btbt365me``) or a replaced file is found in one
run. A seal entry whose own hash no longer matches its content (the expected hash was rewritten)
is reported too; the whole chain is ``gongkai audit verify``'s.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.disclosure.models import Record, Status

SEAL_VERB = "record_sealed"
OBJECT_TYPE = "disclosure.record"
TEMPLATE = "portal/_record_published.html"
START, END = "<!--gk:published-->", "<!--/gk:published-->"
SKIPPED = re.compile(r"<!--gk:skip-->.*?<!--/gk:skip-->", re.S)
# Volatile parts that differ from one rendering to the next: the CSRF token, CSP nonces.
CSRF_INPUT = re.compile(r"<input[^>]*name=[\"']csrfmiddlewaretoken[\"'][^>]*>", re.I)
NONCE = re.compile(r"\snonce=[\"'][^\"']*[\"']", re.I)
SPACE = re.compile(r"\s+")
CHUNK = 1 << 20

# What a finding is about.
PAGE = "page"  # the page as served differs from the seal
STORED = "stored"  # what the database holds now renders differently (the served copy is a cached one)
FILE_CHANGED = "file_changed"
FILE_MISSING = "file_missing"
FILE_ADDED = "file_added"
UNREADABLE = "unreadable"
UNSEALED = "unsealed"
SEAL_ALTERED = "seal_altered"


@dataclass(frozen=True)
class TamperFinding:
    record_id: int | None  # None: a published list version (标准目录, 权责清单), ADR 0051
    organization_id: int
    index_number: str
    title: str
    url: str
    what: str
    where: str
    expected: str
    actual: str
    reason: str
    suspicious: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["suspicious"] = list(self.suspicious)
        return data


def normalise(html: str) -> str:
    """The sealed region of a rendered page, with what varies between renderings taken out."""
    start = html.find(START)
    end = html.find(END, start + len(START)) if start >= 0 else -1
    if start < 0 or end < 0:
        return ""
    region = html[start + len(START) : end]
    region = SKIPPED.sub("", region)
    region = CSRF_INPUT.sub("", region)
    region = NONCE.sub("", region)
    return SPACE.sub(" ", region).strip()


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_digest(attachment) -> str:
    """SHA-256 of the file as storage holds it now (read in chunks)."""
    h = hashlib.sha256()
    with attachment.file.storage.open(attachment.file.name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


UYGHUR = "ug"


def render_published(record: Record, language: str | None = None) -> str:
    """The sealed region as the record page renders it, rendered directly (also for a record whose
    publication time has not come yet, which the public view does not serve)."""
    context = {"record": record, "org": record.organization, "attachments": list(record.attachments.all())}
    # The language the public page is served in, whoever seals (a staff request, a command).
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_to_string(TEMPLATE, context)


def uyghur_digest(record: Record) -> str:
    """民汉双语 (ADR 0040): the hash of the Uyghur page's sealed region, '' for a record without a
    Uyghur version (its Uyghur page shows the Chinese text the main hash already covers)."""
    if not record.has_uyghur:
        return ""
    return digest(normalise(render_published(record, UYGHUR)))


def seal(record: Record, *, actor=None, cause: str, digests: dict[int, str] | None = None) -> dict:
    """Hash what ``record`` shows the public now and append it to the audit chain.

    Called by the services that publish or change a published record, inside their transaction and
    after their own audit entry (ADR 0014: the chain's lock is taken last). ``digests``: attachment
    id → SHA-256 the caller computed in this run from the very bytes it has just stored (the site
    migration): those files are not read back again. Never the ``sha256`` column: the database is
    what an intruder would edit (ADR 0032)."""
    attachments = []
    for attachment in record.attachments.all():
        if digests and attachment.pk in digests:
            sha = digests[attachment.pk]
            attachments.append({"id": attachment.pk, "name": attachment.original_name, "sha256": sha})
            continue
        try:
            sha = file_digest(attachment)
        except OSError:
            sha = ""  # a missing file is sealed as missing: verify keeps reporting it
        attachments.append({"id": attachment.pk, "name": attachment.original_name, "sha256": sha})
    content = normalise(render_published(record))
    changes = {
        "cause": cause,
        "algorithm": "sha256",
        "page_sha256": digest(content),
        "page_chars": len(content),
        "attachments": attachments,
    }
    ug_sha256 = uyghur_digest(record)
    if ug_sha256:
        changes["page_ug_sha256"] = ug_sha256
    record_event(actor=actor, verb=SEAL_VERB, obj=record, changes=changes)
    return changes


# --- verification ------------------------------------------------------------------------------


def _host() -> str:
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and "*" not in host:
            return host
    return "localhost"


class _Pages:
    """The real request handler (every middleware and the view), loaded once per run."""

    def __init__(self):
        from django.core.handlers.base import BaseHandler
        from django.test import RequestFactory

        self.handler = BaseHandler()
        self.handler.load_middleware()
        self.factory = RequestFactory()
        self.host = _host()

    def get(self, path: str, *, fresh: bool) -> tuple[int, str, bool]:
        """(status, body, whether the page cache served it)."""
        request = self.factory.get(path, HTTP_HOST=self.host, secure=True)
        request.gongkai_fresh = fresh
        response = self.handler.get_response(request)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        cached = response.get("X-Cache") == "hit"
        if response.streaming:
            return response.status_code, "", cached
        body = response.content.decode(response.charset or "utf-8", errors="replace")
        return response.status_code, body, cached


def _latest_seals(record_ids: list[int]) -> dict[int, Any]:
    from gongkai.audit.models import AuditEntry

    seals: dict[int, Any] = {}
    entries = AuditEntry.objects.filter(
        verb=SEAL_VERB, object_type=OBJECT_TYPE, object_id__in=[str(pk) for pk in record_ids]
    ).order_by("seq")
    for entry in entries:
        seals[int(entry.object_id)] = entry  # the last one wins: the version in force
    return seals


def _suspicious(html_region: str) -> tuple[str, ...]:
    """Injected strings the pre-publication engine recognises in what is served now: a hint of
    what changed (only hashes are sealed, not the old text)."""
    from gongkai.inspection import engine

    text = strip_tags(html_region)
    found = engine.injected_findings("", text) + engine.active_findings("", html_region)
    return tuple(dict.fromkeys(f.text for f in found if f.kind == engine.INJECTED))


def verify_record(record: Record, seal_entry, pages: _Pages | None = None) -> list[TamperFinding]:
    from gongkai.audit.chain import entry_hash

    def finding(what, where, expected, actual, reason, suspicious=()):
        return TamperFinding(
            record.pk,
            record.organization_id,
            record.index_number or "",
            record.title,
            record.get_absolute_url() if record.index_serial is not None else "",
            what,
            where,
            expected,
            actual,
            reason,
            tuple(suspicious),
        )

    if seal_entry is None:
        return [finding(UNSEALED, _("页面"), "", "", _("发布时未留存内容哈希，无法比对（本功能启用前发布）"))]
    findings: list[TamperFinding] = []
    if entry_hash(seal_entry.prev_hash, seal_entry) != seal_entry.entry_hash:
        findings.append(
            finding(
                SEAL_ALTERED,
                _("审计日志第%(seq)d条") % {"seq": seal_entry.seq},
                seal_entry.entry_hash,
                entry_hash(seal_entry.prev_hash, seal_entry),
                _("留存的内容哈希被改动，与审计日志哈希链不符"),
            )
        )
    sealed = seal_entry.changes or {}
    expected = sealed.get("page_sha256", "")

    due = record.published_at is not None and record.published_at <= timezone.now()
    regions: list[tuple[str, str]] = []  # (what, region)
    if due and pages is not None:
        status, html, cached = pages.get(record.get_absolute_url(), fresh=False)
        regions.append((PAGE, normalise(html) if status == 200 else ""))
        if cached:  # a cached copy was served: render what is stored now as well
            status, html, _cached = pages.get(record.get_absolute_url(), fresh=True)
            regions.append((STORED, normalise(html) if status == 200 else ""))
    else:
        regions.append((STORED, normalise(render_published(record))))
    reported: set[str] = set()
    for what, region in regions:
        actual = digest(region) if region else ""
        if actual == expected or actual in reported:
            continue
        reported.add(actual)
        if not region:
            reason = _("公开页面无法打开或缺少内容标记")
        elif what == PAGE:
            reason = _("公开页面的内容与发布时不一致")
        else:
            reason = _("数据库中的内容与发布时不一致")
        findings.append(finding(what, _("页面"), expected, actual, reason, _suspicious(region)))

    # The Uyghur version (ADR 0040), rendered from what is stored: a changed title_ug/summary_ug/body_ug,
    # or one added or removed after the seal, is reported like a changed Chinese page.
    expected_ug = sealed.get("page_ug_sha256", "")
    actual_ug = uyghur_digest(record)
    if actual_ug != expected_ug:
        findings.append(
            finding(STORED, _("维吾尔文版本"), expected_ug, actual_ug, _("维吾尔文版本的内容与发布时不一致"))
        )

    sealed_files = {item["id"]: item for item in sealed.get("attachments", [])}
    for attachment in record.attachments.all():
        item = sealed_files.pop(attachment.pk, None)
        where = _("附件“%(name)s”") % {"name": attachment.original_name}
        try:
            actual = file_digest(attachment)
        except OSError as exc:
            findings.append(
                finding(
                    FILE_MISSING if item else FILE_ADDED,
                    where,
                    item["sha256"] if item else "",
                    "",
                    _("附件文件无法读取：%(error)s") % {"error": exc.__class__.__name__},
                )
            )
            continue
        if item is None:
            findings.append(finding(FILE_ADDED, where, "", actual, _("发布后新增的附件，未经发布流程")))
        elif item["sha256"] != actual:
            findings.append(finding(FILE_CHANGED, where, item["sha256"], actual, _("附件文件与发布时不一致")))
    for item in sealed_files.values():
        findings.append(
            finding(
                FILE_MISSING,
                _("附件“%(name)s”") % {"name": item["name"]},
                item["sha256"],
                "",
                _("发布时的附件已不存在"),
            )
        )
    return findings


def published_records(organ=None):
    # An inactive organ's platform is not served at all: nothing of it to compare.
    records = Record.objects.filter(status=Status.PUBLISHED, organization__is_active=True).select_related(
        "organization", "column"
    )
    if organ is not None:
        records = records.filter(organization=organ)
    return records.order_by("pk")


def request_handler() -> _Pages:
    """The real request handler, loaded once, for several ``verify_published`` calls in one run."""
    return _Pages()


def verify_published(
    organ=None, *, batch: int = 500, served: int | None = None, pages: _Pages | None = None
) -> list[TamperFinding]:
    """Every difference between what each published record (of ``organ``, or all) serves now and
    what was sealed. An empty list: nothing changed. For the self-inspection and the command.

    ``served``: how many of the most recently published records are fetched through the whole
    request handler (middleware, page cache, view); the others are rendered straight from the
    database, which finds a changed body or file in one run at a fraction of the cost (the nightly
    self-inspection of 100,000 records must take minutes). None: every record through the handler.
    """
    pages = pages or _Pages()
    findings: list[TamperFinding] = []
    records = published_records(organ)
    through_handler = None
    if served is not None:
        newest = records.order_by("-published_at", "-pk").values_list("pk", flat=True)[:served]
        through_handler = set(newest)
    last = 0
    while True:
        chunk = list(records.filter(pk__gt=last).prefetch_related("attachments")[:batch])
        if not chunk:
            return findings + verify_versions(organ)
        seals = _latest_seals([r.pk for r in chunk])
        for record in chunk:
            handler = pages if through_handler is None or record.pk in through_handler else None
            findings += verify_record(record, seals.get(record.pk), handler)
        last = chunk[-1].pk


VERSION_REASONS = {
    UNSEALED: _("发布时未留存内容哈希，无法比对（本功能启用前发布）"),
    SEAL_ALTERED: _("留存的内容哈希被改动，与审计日志哈希链不符"),
    STORED: _("数据库中的内容与发布时不一致"),
}


def verify_versions(organ=None) -> list[TamperFinding]:
    """The published (and superseded, still public) versions of the 标准目录 and the 权责清单 /
    公共服务事项清单, compared with their seals (``core.versions``, ADR 0051): part of the same check."""
    from gongkai.core import versions

    return [
        TamperFinding(
            None,
            version.organization_id,
            "",
            str(version),
            version.public_url(),
            what,
            str(version),
            expected,
            actual,
            str(VERSION_REASONS[what]),
        )
        for version, what, expected, actual in versions.verify(organ)
    ]


def seal_unsealed(organ=None, *, actor=None) -> int:
    """Seal published records that have no seal yet (published before this check existed): the
    operator takes what is served today as the reference; audited like every seal."""
    from django.db import transaction

    count = 0
    for record in published_records(organ).iterator():
        if _latest_seals([record.pk]):
            continue
        with transaction.atomic():
            seal(record, actor=actor, cause="baseline")
        count += 1
    from gongkai.core import versions

    return count + versions.seal_unsealed(organ, actor=actor)
