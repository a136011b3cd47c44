"""网站迁移 in the workbench: upload, dry-run report, mapping review, run, undo; tenancy."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.models import Membership, Role
from gongkai.catalog.models import Column
from gongkai.disclosure.models import Record, Status
from gongkai.migration import services
from gongkai.migration.models import BatchStatus, MigrationBatch
from gongkai.migration.sites import MetaExtractor, write_mirror

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _meta_extractor(monkeypatch, settings, tmp_path):
    monkeypatch.setattr(services, "Extractor", MetaExtractor)
    monkeypatch.setattr(services.extraction, "extract_article", lambda *a: None, raising=False)
    monkeypatch.setattr(services.extraction, "learn_profile", lambda *a: None, raising=False)
    settings.GONGKAI_MIGRATION_SOURCES_DIR = tmp_path / "sources"


def zipped_mirror(tmp_path) -> SimpleUploadedFile:
    root = write_mirror(tmp_path / "m", 6, attachment_every=3)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in root.rglob("*"):
            if path.is_file():
                archive.write(path, path.relative_to(root).as_posix())
    return SimpleUploadedFile("site.zip", buffer.getvalue(), content_type="application/zip")


def test_upload_dry_run_map_run_and_undo(client, two_orgs, tmp_path):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    Membership.objects.create(user=admin, organization=two_orgs.gov_a, role=Role.EDITOR)
    client.force_login(admin)
    assert "网站迁移" in client.get(reverse("workbench:dashboard")).content.decode()
    response = client.post(
        reverse("workbench:migration_list"), {"file": zipped_mirror(tmp_path)}, follow=True
    )
    page = response.content.decode()
    assert "试运行完成" in page
    assert "页面 10，其中文章 6，列表页 4" in page
    batch = MigrationBatch.objects.get(organization=two_orgs.gov_a)
    column = Column.objects.for_org(two_orgs.gov_a).proactive().first()
    form = {f"map-{m.pk}": str(column.pk) for m in batch.column_mappings.all()}
    assert (
        "栏目映射已保存"
        in client.post(
            reverse("workbench:migration_mapping", args=[batch.pk]), form, follow=True
        ).content.decode()
    )
    assert set(batch.column_mappings.values_list("column", flat=True)) == {column.pk}
    client.post(reverse("workbench:migration_run", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert (
        Record.objects.filter(organization=two_orgs.gov_a, status=Status.PUBLISHED, column=column).count()
        == 6
    )
    # Undo asks for an explicit confirmation.
    client.post(reverse("workbench:migration_undo", args=[batch.pk]))
    assert Record.objects.filter(organization=two_orgs.gov_a, title__contains="事项").count() == 6
    client.post(reverse("workbench:migration_undo", args=[batch.pk]), {"confirm": "yes"})
    assert not Record.objects.filter(organization=two_orgs.gov_a, title__contains="事项").exists()


def test_a_zip_with_dotdot_paths_is_refused(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil.html", "<html></html>")
    upload = SimpleUploadedFile("site.zip", buffer.getvalue())
    page = client.post(reverse("workbench:migration_list"), {"file": upload}, follow=True).content.decode()
    assert "压缩包不安全" in page
    assert not MigrationBatch.objects.exists()


def test_another_organs_batch_is_404_and_others_may_not_migrate(client, two_orgs, tmp_path):
    root = write_mirror(tmp_path / "m", 2)
    batch = services.plan_batch(
        source_path=str(root), org=two_orgs.gov_a, actor=services.CONSOLE, extractor=MetaExtractor()
    )
    client.force_login(two_orgs.staff(two_orgs.gov_b, Role.COMPETENT_ADMIN))
    for name in ("migration_detail",):
        assert client.get(reverse(f"workbench:{name}", args=[batch.pk])).status_code == 404
    for name in ("migration_run", "migration_undo", "migration_mapping"):
        assert (
            client.post(reverse(f"workbench:{name}", args=[batch.pk]), {"confirm": "yes"}).status_code == 404
        )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PLANNED
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    assert client.get(reverse("workbench:migration_list")).status_code == 403
    assert "网站迁移" not in client.get(reverse("workbench:dashboard")).content.decode()
