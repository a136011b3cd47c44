"""The import's mechanics at speed (issue 19, item 6): chunks, one bounded child per chunk's files,
one transaction per chunk, the search outbox per chunk, a failing chunk done one document at a
time, the files a chunk holds capped, and who runs the command (``--user``)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from gongkai.accounts.models import Membership, Role
from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import Column
from gongkai.disclosure.models import Attachment, Record, Status
from gongkai.migration import services
from gongkai.migration.models import ItemKind, ItemStatus, Redirect
from gongkai.migration.sites import MetaExtractor, write_mirror
from gongkai.search.models import OutboxEntry
from gongkai.textproc import bounded

pytestmark = pytest.mark.django_db


@pytest.fixture
def mirror(tmp_path) -> Path:
    return write_mirror(tmp_path / "mirror", 12, attachment_every=4)  # 3 PDF attachments


@pytest.fixture
def admin(two_orgs):
    user = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    Membership.objects.create(user=user, organization=two_orgs.gov_a, role=Role.EDITOR)
    return user


def planned(mirror, org, actor):
    batch = services.plan_batch(source_path=str(mirror), org=org, actor=actor, extractor=MetaExtractor())
    column = Column.objects.for_org(org).proactive().first()
    for mapping in batch.column_mappings.all():
        services.set_column_mapping(
            batch=batch, actor=actor, source_column=mapping.source_column, column=column
        )
    return batch


def migrated(org):
    return Record.objects.filter(organization=org, title__contains="事项的通知")


def test_one_bounded_child_reads_the_files_of_a_whole_chunk(two_orgs, mirror, admin, monkeypatch):
    tasks = []
    real = bounded.run_bounded

    def counted(task, data):
        tasks.append(task)
        return real(task, data)

    monkeypatch.setattr(bounded, "run_bounded", counted)
    services.run_batch(batch=planned(mirror, two_orgs.gov_a, admin), actor=admin)
    assert tasks == ["batch_text"]  # three documents' files, one child (it was one per document)
    texts = Attachment.objects.filter(record__in=migrated(two_orgs.gov_a)).values_list("text", flat=True)
    assert sorted(t.split()[1] for t in texts) == ["0", "4", "8"]  # "Attachment 0", …: each its own


def test_a_chunk_is_published_indexed_and_audited_like_one_document_at_a_time(two_orgs, mirror, admin):
    before = OutboxEntry.objects.count()
    batch = services.run_batch(batch=planned(mirror, two_orgs.gov_a, admin), actor=admin)
    records = migrated(two_orgs.gov_a)
    assert records.count() == 12
    assert set(records.values_list("status", flat=True)) == {Status.PUBLISHED}
    serials = sorted(records.values_list("index_serial", flat=True))
    assert serials == list(range(serials[0], serials[0] + 12))  # gap-free, each once
    assert len(set(records.values_list("index_number", flat=True))) == 12
    # The search index hears of every record (and nothing else) once per chunk, not per save.
    queued = OutboxEntry.objects.filter(pk__gt=0).order_by("pk")[before:]
    assert sorted(int(e.object_id) for e in queued if e.object_type == "record") == sorted(
        records.values_list("pk", flat=True)
    )
    # Each imported file is audited as before (who, which file, its hash, the scan).
    files = AuditEntry.objects.filter(verb="attachment_imported", organization=two_orgs.gov_a)
    assert files.count() == 3
    assert {e.changes["sha256"] for e in files} == set(
        Attachment.objects.filter(record__in=records).values_list("sha256", flat=True)
    )
    # Old links of pages and files, items done with their checks' report.
    assert Redirect.objects.filter(batch=batch, record__isnull=False).count() == 12
    assert Redirect.objects.filter(batch=batch, attachment__isnull=False).count() == 3
    articles = batch.items.filter(kind=ItemKind.ARTICLE)
    assert set(articles.values_list("status", flat=True)) == {ItemStatus.IMPORTED}
    assert all(item.record_id for item in articles)


def test_a_failing_chunk_is_done_again_one_document_at_a_time(two_orgs, mirror, admin, monkeypatch):
    real = services._redirects

    def flaky(batch, org, paths):
        if any(p.endswith("_4.html") for p in paths):
            raise IntegrityError("simulated conflict")
        return real(batch, org, paths)

    monkeypatch.setattr(services, "_redirects", flaky)
    batch = services.run_batch(batch=planned(mirror, two_orgs.gov_a, admin), actor=admin)
    bad = batch.items.get(status=ItemStatus.FAILED)
    assert bad.old_path.endswith("_4.html")
    assert "simulated conflict" in bad.note
    assert bad.record_id is None
    assert migrated(two_orgs.gov_a).count() == 11  # the others of its chunk came in alone
    assert batch.items.filter(kind=ItemKind.ARTICLE, status=ItemStatus.IMPORTED).count() == 11
    # Nothing of the failed document stayed: no record, no file row, no redirect.
    assert not Record.objects.filter(title="关于第4号事项的通知").exists()
    assert Attachment.objects.filter(record__in=migrated(two_orgs.gov_a)).count() == 2


def test_the_files_a_chunk_holds_are_capped_and_a_resume_finishes_it(two_orgs, mirror, admin, monkeypatch):
    monkeypatch.setattr(services, "CHUNK_FILE_BYTES", 1)  # every document with a file is its own part
    monkeypatch.setattr(services, "IMPORT_CHUNK", 5)
    batch = planned(mirror, two_orgs.gov_a, admin)
    services.run_batch(batch=batch, actor=admin, stop_after=7)
    assert migrated(two_orgs.gov_a).count() == 7
    batch = services.run_batch(batch=batch, actor=admin)
    assert migrated(two_orgs.gov_a).count() == 12
    assert Attachment.objects.filter(record__in=migrated(two_orgs.gov_a)).count() == 3
    assert AuditEntry.objects.filter(verb="migration_resumed", object_id=str(batch.pk)).exists()


def test_the_command_runs_as_the_named_admin_and_refuses_anyone_else(two_orgs, mirror, admin, monkeypatch):
    monkeypatch.setattr(services, "Extractor", MetaExtractor)
    monkeypatch.setattr(services.extraction, "extract_article", lambda *a: None, raising=False)
    monkeypatch.setattr(services.extraction, "learn_profile", lambda *a: None, raising=False)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_site", str(mirror), "--org", "jia", "--user", admin.username, stdout=out, stderr=err)
    assert migrated(two_orgs.gov_a).count() == 12
    for verb in ("migration_planned", "migration_started", "migration_done"):
        entry = AuditEntry.objects.get(verb=verb)
        assert entry.actor == admin
        assert entry.actor_name == str(admin)
    outsider = two_orgs.staff(two_orgs.gov_b, Role.COMPETENT_ADMIN)
    with pytest.raises(CommandError, match="政务公开办管理员"):
        call_command("import_site", str(mirror), "--org", "jia", "--user", outsider.username, stdout=out)
    with pytest.raises(CommandError, match="找不到账号"):
        call_command("import_site", str(mirror), "--org", "jia", "--user", "nobody", stdout=out)
