"""Every write to records: keyword-only, one transaction, validated, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.duties import enforce as enforce_duties
from gongkai.accounts.models import Role
from gongkai.accounts.permissions import require_role
from gongkai.audit.services import diff_fields, record_event
from gongkai.core.counters import next_serial
from gongkai.core.pagecache import public_content_changed
from gongkai.core.uploads import UploadKind, check_upload, refuse_active_pdf, screen_upload
from gongkai.disclosure import duties, integrity
from gongkai.disclosure.checks import prepublication_issues
from gongkai.disclosure.models import (
    EDITABLE_STATUSES,
    TRANSITIONS,
    VALIDITY_GENRES,
    Attachment,
    IndexCounter,
    Record,
    Status,
    Validity,
    ValidityChange,
)
from gongkai.disclosure.texts import ensure_texts
from gongkai.inspection import services as inspection
from gongkai.textproc import bounded
from gongkai.textproc.html import sanitize_html

EDITABLE_FIELDS = (
    "column",
    "title",
    "doc_number",
    "written_on",
    "topic",
    "genre",
    "disclosure_mode",
    "keywords",
    "summary",
    "body",
    "valid_until",
    "policy",
    "major_policy",
    "title_ug",
    "summary_ug",
    "body_ug",
)
# The Uyghur version (ADR 0040): edited in the record form's 维吾尔文版本 fold.
UYGHUR_FIELDS = ("title_ug", "summary_ug", "body_ug")
UYGHUR_BODY_WITHOUT_TITLE = "填写维吾尔文正文或内容概述时，须同时填写维吾尔文信息名称。"

RECORD_NOT_EDITABLE = "该信息当前状态为“{status}”，不能修改。"
TRANSITION_FORBIDDEN = "不能从“{current}”转为“{target}”。"
COLUMN_WRONG_ORG = "所选栏目不属于本机关。"
POLICY_WRONG = "政策解读须关联本机关已有的政策文件，且不能关联另一篇解读。"
WITHDRAW_REASON_REQUIRED = "撤回须填写理由，理由将在公开页面上显示。"
RETURN_COMMENT_REQUIRED = "退回修改须填写意见。"
VALIDITY_ONLY_FOR_NORMATIVE = "只有规章和规范性文件有有效性。"
PERSONAL_DATA_FOUND = (
    "发现{more}处可能不应公开的内容：{issues}。请退回修改（如对个人信息做脱敏处理），"
    "或在确认依法应当公开时填写放行理由。"
)

# Who may take each step. The roles are the first check; ``duties`` then refuses, per person, the
# drafter clearing, approving or publishing their own record and the 保密审查人 approving what they cleared.
STEP_ROLES: dict[str, set[str]] = {
    Status.SUBMITTED: {Role.EDITOR},
    Status.CONFIDENTIALITY_PASSED: {Role.CONFIDENTIALITY_REVIEWER},
    Status.APPROVED: {Role.REVIEWER, Role.HEAD},
    Status.PUBLISHED: {Role.REVIEWER, Role.HEAD},
    Status.WITHDRAWN: {Role.REVIEWER, Role.HEAD},
}
RETURN_ROLES = {
    Status.SUBMITTED: {Role.CONFIDENTIALITY_REVIEWER},
    Status.CONFIDENTIALITY_PASSED: {Role.REVIEWER, Role.HEAD},
    Status.APPROVED: {Role.REVIEWER, Role.HEAD},
}


_require_role = require_role


def _snapshot(record: Record) -> dict[str, Any]:
    return {
        name: getattr(record, f"{name}_id" if name in {"column", "policy"} else name)
        for name in EDITABLE_FIELDS
    }


def _check_relations(record: Record) -> None:
    if (record.body_ug.strip() or record.summary_ug.strip()) and not record.title_ug.strip():
        raise ValidationError({"title_ug": UYGHUR_BODY_WITHOUT_TITLE})
    if record.column.organization_id != record.organization_id:
        raise ValidationError({"column": COLUMN_WRONG_ORG})
    if record.policy_id is not None:
        policy = record.policy
        if (
            policy.organization_id != record.organization_id
            or policy.is_interpretation
            or policy.pk == record.pk
        ):
            raise ValidationError({"policy": POLICY_WRONG})
    if record.genre in VALIDITY_GENRES and not record.validity:
        record.validity = Validity.VALID
    if record.genre not in VALIDITY_GENRES:
        record.validity = ""
        record.valid_until = None


# A record the public can reach: listed (published, also when its time has not come yet) or at its
# address with the reason it was taken off the lists (withdrawn). Writes to drafts and records under
# review change no public page, so they invalidate nothing.
PUBLIC_STATUSES = {Status.PUBLISHED, Status.WITHDRAWN}


def public_records_changed(*organs) -> None:
    """Published records of these organs (or their attachments or validity) changed: the cached
    pages and fragments, and these organs' kept list counts, are stale after the commit. Called
    explicitly by every write that changes what the public sees — publication, withdrawal, a
    correction, an attachment or validity step of a public record, the site migration's imports,
    relations and undo (ADR 0063; before, post_save receivers did). A record moved from one organ
    to another names both."""
    public_content_changed(*organs)


@transaction.atomic
def create_record(*, org, actor, **fields) -> Record:
    """A 信息员 drafts a record in their organ."""
    _require_role(actor, org, {Role.EDITOR})
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown record fields: {sorted(unknown)}")
    record = Record(organization=org, created_by=actor, status=Status.DRAFT, **fields)
    record.body = sanitize_html(record.body)
    record.body_ug = sanitize_html(record.body_ug)
    _check_relations(record)
    record.full_clean()
    record.save()
    record_event(actor=actor, verb="record_created", obj=record, changes=_snapshot(record))
    return record


@transaction.atomic
def update_record(*, record: Record, actor, **fields) -> Record:
    """Edit a draft (信息员), or correct a published record (审核人/负责人), with the change audited."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    if record.status in EDITABLE_STATUSES:
        _require_role(actor, record.organization, {Role.EDITOR})
    elif record.status == Status.PUBLISHED:
        _require_role(actor, record.organization, {Role.REVIEWER, Role.HEAD})
    else:
        raise ValidationError(RECORD_NOT_EDITABLE.format(status=record.get_status_display()))
    before = _snapshot(record)
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"not an editable record field: {name}")
        setattr(record, name, value)
    record.body = sanitize_html(record.body)
    record.body_ug = sanitize_html(record.body_ug)
    _check_relations(record)
    record.full_clean()
    record.save()
    changes = diff_fields(before, _snapshot(record))
    record_event(actor=actor, verb="record_updated", obj=record, changes=changes)
    if record.status == Status.PUBLISHED:
        # A correction is a new published version: its content is sealed again (ADR 0032).
        integrity.seal(record, actor=actor, cause="record_updated")
        public_records_changed(record.organization_id)
    return record


def _transition(record: Record, target: str, *, actor, roles: set[str] | None = None) -> tuple[Record, str]:
    """Lock the row, check the step is allowed from its current status and by this actor."""
    locked = Record.objects.select_for_update().select_related("organization").get(pk=record.pk)
    if target not in TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            TRANSITION_FORBIDDEN.format(current=locked.get_status_display(), target=Status(target).label)
        )
    _require_role(actor, locked.organization, roles if roles is not None else STEP_ROLES[target])
    # Read by _audit_transition: a step allowed only by the single-officer setting says so in the log.
    locked.duty_waiver = enforce_duties(duties.conflict(locked, target, actor))
    previous = locked.status
    locked.status = target
    return locked, previous


def _audit_transition(record: Record, previous: str, *, actor, reason: str = "", extra=None) -> None:
    changes = {"status": [previous, record.status], **getattr(record, "duty_waiver", {}), **(extra or {})}
    record_event(actor=actor, verb=f"record_{record.status}", obj=record, changes=changes, reason=reason)


@transaction.atomic
def submit_record(*, record: Record, actor, release_reason: str = "") -> Record:
    """信息员 sends a draft (or a returned record) for 保密审查.

    The pre-publication checks run first (issue 13); a blocking finding stops the submission and
    the draft stays exactly as it was.
    """
    record, previous = _transition(record, Status.SUBMITTED, actor=actor)
    if not record.title.strip():
        raise ValidationError({"title": "信息名称不能为空。"})
    inspection.enforce(record, actor=actor, stage=inspection.Stage.SUBMIT, release_reason=release_reason)
    record.save(update_fields=["status", "updated_at"])
    _audit_transition(record, previous, actor=actor)
    return record


def pass_confidentiality_review(
    *, record: Record, actor, note: str = "", override_reason: str = ""
) -> Record:
    """保密审查人 clears the record (《政府信息公开条例》第十七条).

    Unmasked personal data or spam found in the fields or attachments blocks clearance, unless
    the reviewer states why it may be published (e.g. a 公示 the law requires); that reason and the
    masked findings go into the audit log. An attachment that could not be read counts as a
    finding ("无法读取，请人工审核"): the reviewer reads it by hand and says so in the reason.

    Attachment text is extracted before the transaction opens (bounded, in a child process), so
    the row lock is held only for the checks on stored text (ADR 0011).
    """
    ensure_texts(record)
    with transaction.atomic():
        record, previous = _transition(record, Status.CONFIDENTIALITY_PASSED, actor=actor)
        issues = prepublication_issues(record)
        if issues and not override_reason.strip():
            raise ValidationError(
                PERSONAL_DATA_FOUND.format(issues="；".join(str(i) for i in issues[:10]), more=len(issues))
            )
        record.save(update_fields=["status", "updated_at"])
        extra = {"findings": [str(i) for i in issues]} if issues else None
        reason = "；".join(
            filter(None, [note.strip(), f"放行理由：{override_reason.strip()}" if issues else ""])
        )
        _audit_transition(record, previous, actor=actor, reason=reason, extra=extra)
        return record


@transaction.atomic
def approve_record(*, record: Record, actor, note: str = "") -> Record:
    """审核人 approves the wording and content for publication."""
    record, previous = _transition(record, Status.APPROVED, actor=actor)
    record.save(update_fields=["status", "updated_at"])
    _audit_transition(record, previous, actor=actor, reason=note)
    return record


@transaction.atomic
def return_record(*, record: Record, actor, comment: str) -> Record:
    """Send a record back to its drafter with comments."""
    if not comment.strip():
        raise ValidationError({"comment": RETURN_COMMENT_REQUIRED})
    current = Record.objects.get(pk=record.pk).status
    record, previous = _transition(
        record, Status.RETURNED, actor=actor, roles=RETURN_ROLES.get(current, set())
    )
    record.save(update_fields=["status", "updated_at"])
    _audit_transition(record, previous, actor=actor, reason=comment.strip())
    return record


def allocate_index_number(*, org, year: int) -> tuple[str, int]:
    """Next 索引号 of ``org`` in ``year``: unique and gap-free.

    The counter row is locked for the rest of the caller's transaction, so two publishers queue
    instead of sharing a serial; if the publication rolls back, so does the serial (no gap).
    """
    serial = next_serial(IndexCounter, organization=org, year=year)
    number = settings.GONGKAI_INDEX_NUMBER_FORMAT.format(
        credit_code=org.credit_code or org.slug,
        site_code=org.site_code,
        slug=org.slug,
        year=year,
        serial=serial,
    )
    return number, serial


@transaction.atomic
def publish_record(*, record: Record, actor, at: datetime | None = None, release_reason: str = "") -> Record:
    """Publish an approved record now, or at ``at`` (it stays invisible until then).

    The pre-publication checks run again just before (issue 13), with 条例第二十六条's delay
    counted to the publication date; ``release_reason`` states why a blocking finding may stand.
    """
    record, previous = _transition(record, Status.PUBLISHED, actor=actor)
    record.published_at = at or timezone.now()
    inspection.enforce(
        record,
        actor=actor,
        stage=inspection.Stage.PUBLISH,
        release_reason=release_reason,
        published_on=timezone.localtime(record.published_at).date(),
    )
    year = timezone.localtime(record.published_at).year
    record.index_number, record.index_serial = allocate_index_number(org=record.organization, year=year)
    record.index_year = year
    if record.has_validity and not record.validity_changes.exists():
        ValidityChange.objects.create(
            record=record,
            validity=Validity.VALID,
            effective_on=record.written_on or timezone.localdate(),
            note="发布",
        )
    record.save()
    _audit_transition(
        record,
        previous,
        actor=actor,
        extra={"index_number": record.index_number, "published_at": record.published_at.isoformat()},
    )
    # What the public will be served, hashed into the audit chain (防篡改, ADR 0032).
    integrity.seal(record, actor=actor, cause="record_published")
    public_records_changed(record.organization_id)
    return record


@transaction.atomic
def withdraw_record(*, record: Record, actor, reason: str) -> Record:
    """Take a published record off the lists; its page stays and shows the reason."""
    if not reason.strip():
        raise ValidationError({"reason": WITHDRAW_REASON_REQUIRED})
    record, previous = _transition(record, Status.WITHDRAWN, actor=actor)
    record.withdrawn_at = timezone.now()
    record.withdrawal_reason = reason.strip()
    record.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
    _audit_transition(record, previous, actor=actor, reason=record.withdrawal_reason)
    public_records_changed(record.organization_id)  # off the lists, its page shows the reason
    return record


def add_attachment(*, record: Record, actor, name: str, data: bytes) -> Attachment:
    """Attach a file after checking its size and real type; nothing is saved if it is refused.

    Everything slow — the structure scan of a PDF, the malware scan, the text extraction — runs
    before the transaction, bounded (ADR 0011); the transaction only stores the results. Staff
    may attach the legacy office formats (.doc .xls .ppt .wps .et, ADR 0023).
    """
    _require_role(actor, record.organization, {Role.EDITOR})
    checked = check_upload(name, data, kind=UploadKind.RECORD)
    extraction, scan_note = _read_and_screen(checked)
    return _store_attachment(
        record, actor, checked, extraction, scan_note, verb="attachment_added", editable_only=True
    )


# Who may import an old site's files into a record of their organ (the migration, issue 19).
IMPORT_ROLES = {Role.EDITOR, Role.HEAD, Role.COMPETENT_ADMIN}


def import_attachment(*, record: Record, actor, name: str, data: bytes) -> Attachment:
    """Attach a file of a migrated site to ``record``, in whatever state the record is (issue 19).

    The old site published .doc/.xls/.wps/.et/.ppt and .zip/.rar/.7z: they are accepted by their
    content (``UploadKind.MIGRATION``), their text read in the bounded child (archives member by
    member, ADR 0023) and the original always kept as it was. A file whose text cannot be read is
    kept and marked unreadable, so the pre-publication check reports it; an archive over a limit
    (a bomb, nesting deeper than ``GONGKAI_EXTRACT_MAX_DEPTH``) or an active PDF or malware is
    refused with a Chinese reason, nothing saved. Tenancy holds: ``actor`` needs a role in the
    record's own organ. No search re-index here: the migration pipeline indexes its batch.
    """
    _require_role(actor, record.organization, IMPORT_ROLES)
    checked = check_upload(name, data, kind=UploadKind.MIGRATION)
    extraction, scan_note = _read_and_screen(checked)
    with transaction.atomic():
        attachment = _store_attachment(
            record, actor, checked, extraction, scan_note, verb="attachment_imported", editable_only=False
        )
        record = attachment.record
        if record.status == Status.PUBLISHED:
            integrity.seal(record, actor=actor, cause="attachment_imported")
    return attachment


def import_attachments(
    *, record: Record, actor, files: list[tuple[str, bytes]]
) -> list[Attachment | ValidationError]:
    """``import_attachment`` for all files of one migrated document, their text read in batches
    (``bounded.extract_texts``: one child for many small files, ADR 0023).

    One result per file, in order: the stored ``Attachment``, or the ``ValidationError`` that
    refused that file (the others are still imported; the pipeline reports the refusals). The
    caller seals a published record once its batch is in (``integrity.seal``, ADR 0032).
    """
    results: list[Attachment | ValidationError] = []
    for prepared in prepare_imports(org=record.organization, actor=actor, files=files):
        if isinstance(prepared, ValidationError):
            results.append(prepared)
            continue
        results.append(
            _store_attachment(
                record,
                actor,
                prepared.checked,
                prepared.extraction,
                prepared.scan_note,
                verb="attachment_imported",
                editable_only=False,
            )
        )
    return results


@dataclass(frozen=True)
class PreparedImport:
    """A migrated file checked, read and screened, ready to be stored (``imported_attachment``)."""

    checked: Any  # core.uploads.CheckedUpload
    extraction: bounded.Extraction
    scan_note: str


def prepare_imports(*, org, actor, files: list[tuple[str, bytes]]) -> list[PreparedImport | ValidationError]:
    """The slow half of ``import_attachments``, for the files of many documents of ``org`` at once
    (the site migration's chunk, issue 19): type by content (``UploadKind.MIGRATION``), the text of
    all of them read in as few bounded children as the limits allow (``bounded.extract_texts``), the
    structure and malware screens. Runs outside any transaction; nothing is stored. One result per
    file, in order: a ``PreparedImport`` or the ``ValidationError`` that refuses the file.
    """
    _require_role(actor, org, IMPORT_ROLES)
    results: list[PreparedImport | ValidationError | None] = [None] * len(files)
    checked: list[tuple[int, Any]] = []
    for index, (name, data) in enumerate(files):
        try:
            checked.append((index, check_upload(name, data, kind=UploadKind.MIGRATION)))
        except ValidationError as exc:
            results[index] = exc
    extractions = bounded.extract_texts([(c.kind.extension, c.data) for _, c in checked])
    for (index, item), extraction in zip(checked, extractions, strict=True):
        try:
            _, scan_note = _read_and_screen(item, extraction=extraction)
            results[index] = PreparedImport(item, extraction, scan_note)
        except ValidationError as exc:
            results[index] = exc
    return results  # type: ignore[return-value]


def imported_attachment(*, record: Record, prepared: PreparedImport, position: int) -> Attachment:
    """The ``Attachment`` row of a prepared file, its original written to storage, not yet saved:
    the migration inserts a chunk's rows at once and audits each as ``attachment_imported``
    (``imported_attachment_event``) in the same transaction."""
    checked, extraction = prepared.checked, prepared.extraction
    attachment = Attachment(
        record=record,
        original_name=checked.name,
        extension=checked.kind.extension,
        content_type=checked.kind.content_type,
        size=len(checked.data),
        sha256=checked.sha256,
        position=position,
        text=extraction.text,
        text_status=extraction.status,
        text_note=extraction.reason[:200],
        scan_note=prepared.scan_note,
    )
    attachment.file.save(checked.name, ContentFile(checked.data), save=False)
    return attachment


def imported_attachment_event(*, record: Record, actor, prepared: PreparedImport) -> None:
    """The audit entry of one imported file, the same as ``_store_attachment`` writes."""
    checked, extraction = prepared.checked, prepared.extraction
    changes = {"file": checked.name, "sha256": checked.sha256, "scan": prepared.scan_note}
    if extraction.status == bounded.STATUS_UNREADABLE:
        changes["text"] = f"{bounded.UNREADABLE_LABEL}：{extraction.reason}"
    record_event(actor=actor, verb="attachment_imported", obj=record, changes=changes)


def allocate_index_numbers(*, org, year: int, count: int) -> list[tuple[str, int]]:
    """``count`` consecutive 索引号 of ``org`` in ``year`` with one step of the locked counter (a
    migration chunk); gap-free as ``allocate_index_number``: they roll back with the caller."""
    last = next_serial(IndexCounter, step=count, organization=org, year=year)
    return [
        (
            settings.GONGKAI_INDEX_NUMBER_FORMAT.format(
                credit_code=org.credit_code or org.slug,
                site_code=org.site_code,
                slug=org.slug,
                year=year,
                serial=serial,
            ),
            serial,
        )
        for serial in range(last - count + 1, last + 1)
    ]


def _read_and_screen(checked, extraction: bounded.Extraction | None = None) -> tuple[bounded.Extraction, str]:
    """Text, structure scan and malware scan, outside any transaction; raises if refused."""
    if extraction is None:
        extraction = bounded.extract_text(checked.kind.extension, checked.data)  # also scans a PDF
    if extraction.unsafe:
        raise ValidationError(
            f"文件“{checked.name}”无法安全读取：{extraction.reason}，已拒绝上传。", code="unsafe_archive"
        )
    refuse_active_pdf(checked.name, extraction.active)
    return extraction, screen_upload(checked, structure_scan=False)


def _store_attachment(record, actor, checked, extraction, scan_note, *, verb: str, editable_only: bool):
    with transaction.atomic():
        record = Record.objects.select_for_update().select_related("organization").get(pk=record.pk)
        if editable_only and record.status not in EDITABLE_STATUSES:
            raise ValidationError(RECORD_NOT_EDITABLE.format(status=record.get_status_display()))
        attachment = Attachment(
            record=record,
            original_name=checked.name,
            extension=checked.kind.extension,
            content_type=checked.kind.content_type,
            size=len(checked.data),
            sha256=checked.sha256,
            position=record.attachments.count(),
            text=extraction.text,
            text_status=extraction.status,
            text_note=extraction.reason[:200],
            scan_note=scan_note,
        )
        attachment.file.save(checked.name, ContentFile(checked.data), save=False)
        attachment.save()
        changes = {"file": checked.name, "sha256": checked.sha256, "scan": scan_note}
        if extraction.status == bounded.STATUS_UNREADABLE:
            changes["text"] = f"{bounded.UNREADABLE_LABEL}：{extraction.reason}"
        record_event(actor=actor, verb=verb, obj=record, changes=changes)
        if record.status in PUBLIC_STATUSES:  # an imported file of a migrated, published record
            public_records_changed(record.organization_id)
        return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, actor) -> None:
    """Delete an attachment of a draft; the record is locked and re-read, as for every other write.
    A draft is not public: no page to invalidate."""
    record = Record.objects.select_for_update().select_related("organization").get(pk=attachment.record_id)
    if record.status not in EDITABLE_STATUSES:
        raise ValidationError(RECORD_NOT_EDITABLE.format(status=record.get_status_display()))
    _require_role(actor, record.organization, {Role.EDITOR})
    name = attachment.original_name
    attachment.delete()
    record_event(actor=actor, verb="attachment_removed", obj=record, changes={"file": name})


@transaction.atomic
def change_validity(
    *,
    record: Record,
    actor,
    validity: str,
    effective_on: date,
    related_record: Record | None = None,
    note: str = "",
) -> ValidityChange:
    """Record one 立改废 step of a 规章 or 规范性文件 and point to what amended or replaced it."""
    record = Record.objects.select_for_update().select_related("organization").get(pk=record.pk)
    if record.genre not in VALIDITY_GENRES:
        raise ValidationError(VALIDITY_ONLY_FOR_NORMATIVE)
    _require_role(actor, record.organization, {Role.REVIEWER, Role.HEAD})
    if related_record is not None and related_record.organization_id != record.organization_id:
        raise ValidationError("相关文件须为本机关的文件。")
    change = ValidityChange.objects.create(
        record=record, validity=validity, effective_on=effective_on, related_record=related_record, note=note
    )
    before = record.validity
    record.validity = validity
    if validity == Validity.AMENDED and related_record is not None:
        record.amended_by = related_record
    if validity == Validity.REPEALED and related_record is not None:
        record.replaced_by = related_record
    if validity == Validity.EXPIRED and record.valid_until is None:
        record.valid_until = effective_on
    record.save()
    record_event(
        actor=actor,
        verb="validity_changed",
        obj=record,
        changes={"validity": [before, validity]},
        reason=note,
    )
    if record.status == Status.PUBLISHED:
        integrity.seal(record, actor=actor, cause="validity_changed")
    if record.status in PUBLIC_STATUSES:
        public_records_changed(record.organization_id)
    return change
