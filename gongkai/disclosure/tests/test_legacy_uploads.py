"""Legacy formats and archives by upload kind, and ``import_attachment`` for the site migration
(issue 19, ADR 0023). Real files: tests/fixtures/attachments/real (SOURCES.md)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.core.uploads import UploadKind, check_upload
from gongkai.disclosure import services
from gongkai.disclosure.checks import prepublication_issues
from gongkai.disclosure.models import Attachment, Status
from gongkai.textproc import bounded

REAL = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "attachments" / "real"


def real(name: str) -> bytes:
    return (REAL / name).read_bytes()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


class TestUploadKinds:
    def test_the_public_may_not_upload_a_doc_and_is_told_what_to_do(self):
        with pytest.raises(ValidationError) as info:
            check_upload("申请材料.doc", real("chinese-properties.doc"))
        error = info.value.error_list[0]
        assert error.code == "legacy_not_allowed"
        assert "Word 97-2003" in error.message
        assert "另存为PDF、DOCX或XLSX" in error.message

    @pytest.mark.parametrize(
        ("name", "fixture", "extension"),
        [
            ("通知.doc", "chinese-properties.doc", "doc"),
            ("通知.wps", "chinese-properties.doc", "wps"),
            ("统计表.xls", "chinese-provinces.xls", "xls"),
            ("统计表.et", "chinese-provinces.xls", "et"),
            ("汇报.ppt", "with-comments.ppt", "ppt"),
        ],
    )
    def test_staff_may_attach_legacy_office_files(self, name, fixture, extension):
        checked = check_upload(name, real(fixture), kind=UploadKind.RECORD)
        assert checked.kind.extension == extension

    def test_archives_are_only_for_migration(self):
        with pytest.raises(ValidationError) as info:
            check_upload("附件.rar", real("rar5-two-texts.rar"), kind=UploadKind.RECORD)
        assert info.value.error_list[0].code == "legacy_not_allowed"
        migration = UploadKind.MIGRATION
        assert check_upload("附件.rar", real("rar5-two-texts.rar"), kind=migration).kind.extension == "rar"
        assert check_upload("附件.7z", real("py7zr-test1.7z"), kind=migration).kind.extension == "7z"
        assert check_upload("附件.zip", zip_of({"a.txt": b"a"}), kind=migration).kind.extension == "zip"

    def test_the_content_decides_not_the_name(self):
        with pytest.raises(ValidationError) as info:
            check_upload("统计表.xls", real("chinese-properties.doc"), kind=UploadKind.RECORD)
        assert info.value.error_list[0].code == "extension_mismatch"
        assert "Word 97-2003" in info.value.error_list[0].message
        with pytest.raises(ValidationError):  # an .et holds a spreadsheet, not a Word document
            check_upload("统计表.et", real("chinese-properties.doc"), kind=UploadKind.RECORD)

    def test_a_zip_bomb_is_refused_at_the_upload_check(self):
        bomb = zip_of({"名单.txt": b"0" * (30 * 1024 * 1024)})
        with pytest.raises(ValidationError, match="压缩炸弹"):
            check_upload("名单.zip", bomb, kind=UploadKind.MIGRATION)


@pytest.fixture
def published(two_orgs, publish):
    org = two_orgs.gov_a
    record = two_orgs.draft(org, title="关于某地块国有建设用地使用权出让的公告")
    return publish(record), two_orgs.staff(org, Role.EDITOR)


@pytest.mark.django_db
class TestImportAttachment:
    def test_a_doc_is_imported_into_a_published_record_original_kept_text_read(self, published):
        record, editor = published
        assert record.status == Status.PUBLISHED
        data = real("chinese-properties.doc")
        attachment = services.import_attachment(record=record, actor=editor, name="出让公告.doc", data=data)
        assert attachment.extension == "doc"
        assert attachment.content_type == "application/msword"
        assert attachment.text_status == bounded.STATUS_OK
        assert "世界雅虎" in attachment.text
        with attachment.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == hashlib.sha256(data).hexdigest()
        assert AuditEntry.objects.filter(verb="attachment_imported").count() == 1

    def test_add_attachment_still_refuses_a_published_record(self, published):
        record, editor = published
        with pytest.raises(ValidationError):
            services.add_attachment(
                record=record, actor=editor, name="补充.doc", data=real("chinese-properties.doc")
            )

    def test_an_archive_is_imported_with_the_text_of_its_members(self, published):
        record, editor = published
        data = zip_of({"附件1.xls": real("chinese-provinces.xls"), "附件2.rar": real("rar3-two-texts.rar")})
        attachment = services.import_attachment(record=record, actor=editor, name="附件.zip", data=data)
        assert "安徽省" in attachment.text
        assert "【附件2.rar/file1.txt】" in attachment.text

    def test_an_unreadable_file_is_kept_and_the_check_reports_it(self, published):
        record, editor = published
        attachment = services.import_attachment(
            record=record, actor=editor, name="旧格式.wps", data=real("works-shortlastblock.wps")
        )
        assert attachment.text_status == bounded.STATUS_UNREADABLE
        issues = [str(i) for i in prepublication_issues(record)]
        assert any("旧格式.wps" in i and bounded.UNREADABLE_LABEL in i for i in issues)

    def test_a_bomb_or_too_deep_nesting_is_refused_and_nothing_saved(self, published):
        record, editor = published
        deep = zip_of({"1.zip": zip_of({"2.zip": zip_of({"3.zip": zip_of({"a.txt": "说明".encode()})})})})
        with pytest.raises(ValidationError) as info:
            services.import_attachment(record=record, actor=editor, name="深.zip", data=deep)
        assert "压缩包嵌套超过3层" in " ".join(info.value.messages)
        assert info.value.error_list[0].code == "unsafe_archive"
        assert not Attachment.objects.filter(record=record).exists()

    def test_another_organs_staff_may_not_import(self, published, two_orgs):
        record, _ = published
        outsider = two_orgs.staff(two_orgs.gov_b, Role.EDITOR)
        with pytest.raises(PermissionDenied):
            services.import_attachment(
                record=record, actor=outsider, name="a.doc", data=real("chinese-properties.doc")
            )
        assert not Attachment.objects.filter(record=record).exists()


@pytest.mark.django_db
class TestChecksInReportMode:
    def test_government_codes_no_longer_block_the_confidentiality_review(self, two_orgs):
        org = two_orgs.gov_a
        record = two_orgs.draft(
            org,
            title="关于2020G003号宗地国有建设用地使用权挂牌出让的公告",
            body="<p>竞得人统一社会信用代码91440300708461136T，采购品目A02010104。</p>",
        )
        assert prepublication_issues(record) == []

    def test_injected_spam_still_blocks(self, two_orgs):
        org = two_orgs.gov_a
        record = two_orgs.draft(org, body="<p>加快btbt365me与信用网站的连接工作。</p>")
        assert [i.detail for i in prepublication_issues(record)] == ["btbt365me"]

    def test_migration_findings_are_recorded_in_the_audit_trail_without_blocking(self, published):
        from gongkai.disclosure.checks import migration_findings, record_scan_report

        record, editor = published
        old = real("works-shortlastblock.wps")
        services.import_attachment(record=record, actor=editor, name="旧.wps", data=old)
        html = "<p>正文</p><div style='display:none'><a href='http://365bet.cd/'>365bet体育在线</a></div>"
        findings = migration_findings(record, body_html=html)
        kinds = {f.kind for f in findings}
        assert {"hidden_link", "spam", "unreadable"} <= kinds
        record_scan_report(
            record=record, actor=editor, findings=findings, source="http://old.example/art/1.html"
        )
        entry = AuditEntry.objects.get(verb="scan_reported")
        assert entry.changes["count"] == len(findings)
        record.refresh_from_db()
        assert record.status == Status.PUBLISHED


def test_an_ole_file_of_unknown_streams_is_kept_for_migration_only():
    works = real("works-shortlastblock.wps")
    assert check_upload("旧公告.doc", works, kind=UploadKind.MIGRATION).kind.extension == "doc"
    with pytest.raises(ValidationError):
        check_upload("旧公告.doc", works, kind=UploadKind.RECORD)


@pytest.mark.django_db
def test_import_attachments_reads_a_documents_files_in_one_batch_and_refuses_only_the_bad_one(published):
    record, editor = published
    bomb = zip_of({"名单.txt": b"0" * (30 * 1024 * 1024)})
    results = services.import_attachments(
        record=record,
        actor=editor,
        files=[
            ("附件1.doc", real("chinese-properties.doc")),
            ("附件2.zip", bomb),
            ("附件3.xls", real("chinese-provinces.xls")),
            ("附件4.exe", b"MZ\x90\x00" + b"\x00" * 60),
        ],
    )
    assert isinstance(results[0], Attachment)
    assert "世界雅虎" in results[0].text
    assert isinstance(results[1], ValidationError)
    assert "压缩炸弹" in " ".join(results[1].messages)
    assert isinstance(results[2], Attachment)
    assert "安徽省" in results[2].text
    assert isinstance(results[3], ValidationError)
    assert [a.original_name for a in record.attachments.all()] == ["附件1.doc", "附件3.xls"]
