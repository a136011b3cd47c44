"""Tamper evidence (issue 13 item 4, ADR 0032): what is served is compared with what was sealed."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.audit.tests.test_chain import as_owner_without_triggers
from gongkai.disclosure import integrity, services
from gongkai.disclosure.models import Attachment, Record, Status, Validity
from gongkai.disclosure.tests.factories import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

SEED_002 = "为进一步做好秸秆禁烧工作，btbt365me现将有关事项通知如下。"


@pytest.fixture
def published(two_orgs):
    org = two_orgs.gov_a
    record = two_orgs.draft(org, body="<p>为进一步做好秸秆禁烧工作，现将有关事项通知如下。</p>")
    services.add_attachment(
        record=record, actor=two_orgs.staff(org, Role.EDITOR), name="实施方案.pdf", data=pdf_bytes()
    )
    return two_orgs.publish(record)


def seals(record):
    return AuditEntry.objects.filter(verb=integrity.SEAL_VERB, object_id=str(record.pk)).order_by("seq")


def test_publication_seals_page_and_files_into_the_audit_chain(published):
    entry = seals(published).get()
    assert entry.changes["cause"] == "record_published"
    assert len(entry.changes["page_sha256"]) == 64
    [item] = entry.changes["attachments"]
    assert item["sha256"] == published.attachments.get().sha256  # the bytes stored at upload


def test_unchanged_records_pass(published, two_orgs):
    assert integrity.verify_published() == []
    assert integrity.verify_published(two_orgs.gov_b) == []


def test_an_injected_string_in_the_stored_body_is_found_in_one_run(published, two_orgs):
    # Written past the services, as an intruder with database access would.
    Record.objects.filter(pk=published.pk).update(body=f"<p>{SEED_002}</p>")
    [finding] = integrity.verify_published()
    assert finding.record_id == published.pk
    assert finding.what == integrity.PAGE
    assert finding.expected == seals(published).get().changes["page_sha256"]
    assert finding.actual
    assert finding.actual != finding.expected
    assert "btbt365me" in finding.suspicious
    assert finding.url == published.get_absolute_url()
    # Another organ's run does not see it.
    assert integrity.verify_published(two_orgs.gov_b) == []


def test_a_changed_attachment_file_is_found(published):
    attachment = published.attachments.get()
    with attachment.file.storage.open(attachment.file.name, "wb") as handle:
        handle.write(docx_bytes())
    [finding] = integrity.verify_published()
    assert finding.what == integrity.FILE_CHANGED
    assert "实施方案.pdf" in finding.where
    assert finding.expected == attachment.sha256
    assert finding.actual != attachment.sha256


def test_a_deleted_file_and_a_file_slipped_in_are_found(published, two_orgs):
    attachment = published.attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    extra = Attachment.objects.create(
        record=published,
        file=attachment.file.name.replace(attachment.sha256, "0" * 64),
        original_name="附加.pdf",
        extension="pdf",
        content_type="application/pdf",
        size=3,
        sha256="0" * 64,
    )
    extra.file.storage.save(extra.file.name, ContentFile(b"abc"))
    found = {f.what: f for f in integrity.verify_published()}
    assert set(found) == {integrity.FILE_MISSING, integrity.FILE_ADDED, integrity.PAGE}  # the list shows it


def test_a_correction_through_the_service_is_a_new_sealed_version(published, two_orgs):
    reviewer = two_orgs.staff(two_orgs.gov_a, Role.REVIEWER)
    first = seals(published).get().changes["page_sha256"]
    services.update_record(record=published, actor=reviewer, summary="更正后的内容概述。")
    assert integrity.verify_published() == []
    entries = list(seals(published))
    assert len(entries) == 2
    assert entries[-1].changes["cause"] == "record_updated"
    assert entries[-1].changes["page_sha256"] != first


def test_a_validity_change_reseals_the_page(two_orgs):
    org = two_orgs.gov_a
    record = two_orgs.publish(
        two_orgs.draft(org, genre="normative", valid_until=timezone.localdate() + timedelta(days=900))
    )
    services.change_validity(
        record=record,
        actor=two_orgs.staff(org, Role.REVIEWER),
        validity=Validity.EXPIRED,
        effective_on=timezone.localdate(),
    )
    assert integrity.verify_published() == []


def rewrite_seal(entry, **values) -> None:
    """Rewrite a seal entry's expected hashes in the database, as an intruder would."""
    changes = dict(entry.changes, **values)
    value = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    with as_owner_without_triggers() as cursor:
        cursor.execute(
            f"UPDATE audit_auditentry SET changes = {value} WHERE id = %s", [json.dumps(changes), entry.pk]
        )


def test_a_rewritten_seal_is_reported(published, two_orgs):
    rewrite_seal(seals(published).get(), page_sha256="f" * 64)
    kinds = {f.what for f in integrity.verify_published()}
    assert kinds == {integrity.SEAL_ALTERED, integrity.PAGE}


def test_served_cached_page_and_stored_content_are_both_compared(published, settings):
    settings.GONGKAI_PORTAL_CACHE_SECONDS = 60
    assert integrity.verify_published() == []  # also warms the page cache
    Record.objects.filter(pk=published.pk).update(title="关于btbt365me的通知")
    [finding] = integrity.verify_published()
    assert finding.what == integrity.STORED  # the cached copy is still the sealed one


def test_records_published_before_the_check_are_reported_and_can_be_sealed(published):
    # A seal cannot be deleted (append-only): an unsealed record is a copy written past the services.
    older = Record.objects.get(pk=published.pk)
    older.pk = None
    older.index_serial += 1
    older.index_number = (older.index_number or "") + "x"
    older.save()
    assert [f.what for f in integrity.verify_published()] == [integrity.UNSEALED]
    assert integrity.seal_unsealed() == 1
    assert integrity.verify_published() == []


def test_command_json_and_exit_status(published, capsys):
    call_command("verify_published", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload == {"checked": 1, "checked_versions": 0, "sealed": 0, "findings": []}
    Record.objects.filter(pk=published.pk).update(body=f"<p>{SEED_002}</p>")
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_published", "--json", "--org", "jia")
    assert exit_info.value.code == 1
    payload = json.loads(capsys.readouterr().out)
    [finding] = payload["findings"]
    assert finding["record_id"] == published.pk
    assert {"what", "where", "expected", "actual", "reason"} <= set(finding)


def test_scheduled_record_is_compared_before_its_time(two_orgs):
    record = two_orgs.publish(two_orgs.draft(two_orgs.gov_a), at=timezone.now() + timedelta(days=2))
    assert record.status == Status.PUBLISHED
    assert integrity.verify_published() == []
    Record.objects.filter(pk=record.pk).update(body=f"<p>{SEED_002}</p>")
    [finding] = integrity.verify_published()
    assert finding.what == integrity.STORED


def test_a_run_that_renders_from_the_database_still_finds_a_changed_body(published):
    # The nightly self-inspection fetches only the newest pages through the handler (served=N).
    Record.objects.filter(pk=published.pk).update(body=f"<p>{SEED_002}</p>")
    [stored] = integrity.verify_published(served=0)
    assert stored.what == integrity.STORED
    assert "btbt365me" in stored.suspicious
    [page] = integrity.verify_published(served=1)
    assert page.what == integrity.PAGE


@pytest.mark.parametrize("served", [None, 0])
def test_a_changed_file_and_a_changed_page_are_both_found_in_one_run(published, two_orgs, served):
    # Issue 13 item 4: "a changed file" and "an injected string like seed 002's … within one run",
    # whether the page is fetched through the handler (None) or rendered from the database (0).
    org = two_orgs.gov_a
    other = two_orgs.draft(org, title="关于印发工作方案的通知", body="<p>现将工作方案印发给你们。</p>")
    services.add_attachment(
        record=other, actor=two_orgs.staff(org, Role.EDITOR), name="工作方案.docx", data=docx_bytes()
    )
    other = two_orgs.publish(other)
    assert integrity.verify_published(served=served) == []
    Record.objects.filter(pk=published.pk).update(body=f"<p>{SEED_002}</p>")
    attachment = other.attachments.get()
    with attachment.file.storage.open(attachment.file.name, "wb") as handle:
        handle.write(pdf_bytes())
    found = {(f.record_id, f.what): f for f in integrity.verify_published(served=served)}
    page = integrity.PAGE if served is None else integrity.STORED
    assert set(found) == {(published.pk, page), (other.pk, integrity.FILE_CHANGED)}
    assert "btbt365me" in found[published.pk, page].suspicious
    assert "工作方案.docx" in found[other.pk, integrity.FILE_CHANGED].where
