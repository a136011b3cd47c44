"""Finding 1 and 8 of issue 17: hostile attachments are refused at upload, or read by a bounded
child process and marked "无法读取，请人工审核" — never parsed in the worker, never inside a
transaction, and never reported as "nothing found"."""

from __future__ import annotations

import resource
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.core.uploads import check_upload
from gongkai.disclosure import services
from gongkai.disclosure.checks import prepublication_issues
from gongkai.disclosure.models import Attachment, Status
from gongkai.disclosure.tests.factories import docx_bytes, pdf_bytes
from gongkai.textproc import bounded
from gongkai.textproc.tests import hostile
from gongkai.textproc.tests.fake_clamd import FakeClamd


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module")
def bomb_100mb() -> bytes:
    return hostile.bomb_docx(100)


@pytest.fixture(scope="module")
def bomb_20mb() -> bytes:
    return hostile.bomb_docx(20)


@pytest.fixture
def draft(two_orgs):
    org = two_orgs.gov_a
    return two_orgs.draft(org, title="关于公开附件的通知"), two_orgs.staff(org, Role.EDITOR)


class TestZipBombs:
    def test_a_docx_inflating_to_100_mb_is_refused_at_upload_fast_and_in_bounded_memory(
        self, draft, bomb_100mb
    ):
        record, editor = draft
        assert len(bomb_100mb) < 400_000  # the finding: a few hundred KB on the wire
        before, started = _peak_rss_mb(), time.monotonic()
        with pytest.raises(ValidationError) as excinfo:
            services.add_attachment(record=record, actor=editor, name="名单.docx", data=bomb_100mb)
        assert time.monotonic() - started < 2
        assert _peak_rss_mb() - before < 50  # nothing was inflated in this process
        message = " ".join(excinfo.value.messages)
        assert "解压后约" in message
        assert "超过" in message
        assert not Attachment.objects.filter(record=record).exists()

    def test_a_modest_docx_with_20_mb_of_xml_is_refused_by_its_compression_ratio(self, draft, bomb_20mb):
        record, editor = draft
        assert len(bomb_20mb) < 150_000
        started = time.monotonic()
        with pytest.raises(ValidationError, match="压缩炸弹"):
            services.add_attachment(record=record, actor=editor, name="名单.docx", data=bomb_20mb)
        assert time.monotonic() - started < 2

    def test_too_many_entries_are_refused(self, settings):
        settings.GONGKAI_EXTRACT_MAX_ENTRIES = 100
        with pytest.raises(ValidationError, match="个的上限"):
            check_upload("预算.xlsx", hostile.many_entries_xlsx(150))

    def test_past_the_directory_check_the_child_process_hits_its_memory_limit_not_the_worker(
        self, settings, bomb_100mb
    ):
        # The pre-parse fence switched off: the second fence (rlimits in the child) must hold alone.
        settings.GONGKAI_EXTRACT_MAX_INFLATED_BYTES = 10**12
        settings.GONGKAI_EXTRACT_MAX_RATIO = 10**6
        settings.GONGKAI_EXTRACT_MEMORY_BYTES = 300 * 1024 * 1024
        before, started = _peak_rss_mb(), time.monotonic()
        extraction = bounded.extract_text("docx", bomb_100mb)
        assert extraction.status == bounded.STATUS_UNREADABLE
        assert "内存" in extraction.reason or "时间" in extraction.reason
        assert time.monotonic() - started < 20
        assert _peak_rss_mb() - before < 50

    def test_a_parse_that_runs_too_long_is_cut_off_by_the_wall_clock(self, settings, bomb_100mb):
        settings.GONGKAI_EXTRACT_MAX_INFLATED_BYTES = 10**12
        settings.GONGKAI_EXTRACT_MAX_RATIO = 10**6
        settings.GONGKAI_EXTRACT_MEMORY_BYTES = 4 * 1024**3  # room enough that time runs out first
        settings.GONGKAI_EXTRACT_TIMEOUT_SECONDS = 1
        started = time.monotonic()
        extraction = bounded.extract_text("docx", bomb_100mb)
        assert extraction.status == bounded.STATUS_UNREADABLE
        assert "超时" in extraction.reason
        assert time.monotonic() - started < 5

    def test_an_ordinary_docx_is_read_in_the_child(self):
        extraction = bounded.extract_text("docx", docx_bytes())
        assert extraction.status == bounded.STATUS_OK
        assert extraction.text.strip()

    def test_a_pdf_over_the_page_limit_is_unreadable_with_the_reason(self, settings):
        from pypdf import PdfWriter

        writer = PdfWriter()
        for _ in range(5):
            writer.add_blank_page(width=595, height=842)
        import io

        out = io.BytesIO()
        writer.write(out)
        settings.GONGKAI_EXTRACT_MAX_PAGES = 3
        extraction = bounded.extract_text("pdf", out.getvalue())
        assert extraction.status == bounded.STATUS_UNREADABLE
        assert "5页" in extraction.reason


class TestUnreadableAttachmentsAreReviewedByHand:
    def _stored_unreadable(self, record, editor, settings, bomb):
        # Past the directory check (looser limits), the child's memory limit stops the parse.
        settings.GONGKAI_EXTRACT_MAX_INFLATED_BYTES = 10**12
        settings.GONGKAI_EXTRACT_MAX_RATIO = 10**6
        settings.GONGKAI_EXTRACT_MEMORY_BYTES = 300 * 1024 * 1024
        attachment = services.add_attachment(record=record, actor=editor, name="名单.docx", data=bomb)
        assert attachment.text_status == bounded.STATUS_UNREADABLE
        return attachment

    def test_the_check_names_it_and_clearance_needs_a_stated_reason(
        self, two_orgs, draft, settings, bomb_100mb
    ):
        record, editor = draft
        self._stored_unreadable(record, editor, settings, bomb_100mb)
        issues = [str(i) for i in prepublication_issues(record)]
        assert any("名单.docx" in i and "无法读取，请人工审核" in i and "内存" in i for i in issues)
        services.submit_record(record=record, actor=editor)
        reviewer = two_orgs.staff(two_orgs.gov_a, Role.CONFIDENTIALITY_REVIEWER)
        with pytest.raises(ValidationError, match="无法读取"):
            services.pass_confidentiality_review(record=record, actor=reviewer)
        services.pass_confidentiality_review(record=record, actor=reviewer, override_reason="已逐页人工审阅")
        record.refresh_from_db()
        assert record.status == Status.CONFIDENTIALITY_PASSED
        entry = AuditEntry.objects.filter(verb="record_confidentiality_passed").latest("id")
        assert "已逐页人工审阅" in entry.reason

    def test_the_reviewer_page_never_says_nothing_was_found(
        self, client, two_orgs, draft, settings, bomb_100mb
    ):
        record, editor = draft
        self._stored_unreadable(record, editor, settings, bomb_100mb)
        services.submit_record(record=record, actor=editor)
        client.force_login(two_orgs.staff(two_orgs.gov_a, Role.CONFIDENTIALITY_REVIEWER))
        page = client.get(reverse("workbench:record_detail", args=[record.pk])).content.decode()
        assert "无法读取，请人工审核" in page
        assert "未发现" not in page


class TestActiveContent:
    @pytest.mark.parametrize(
        ("make", "feature"),
        [
            (hostile.pdf_open_action_js, "JS"),
            (hostile.pdf_escaped_javascript_name, "JavaScript"),
            (hostile.pdf_launch_action, "Launch"),
            (hostile.pdf_page_additional_action, "AA"),
        ],
    )
    def test_pdfs_with_scripts_or_launch_actions_are_refused(self, draft, make, feature):
        record, editor = draft
        with pytest.raises(ValidationError) as excinfo:
            services.add_attachment(record=record, actor=editor, name="通知.pdf", data=make())
        assert feature in " ".join(excinfo.value.messages)
        assert not Attachment.objects.filter(record=record).exists()

    def test_the_structure_scan_walks_the_object_tree(self):
        from gongkai.textproc.extract import pdf_active_content

        assert "JS" in pdf_active_content(hostile.pdf_open_action_js())
        assert pdf_active_content(pdf_bytes()) == []

    def test_a_pdf_html_polyglot_is_refused(self, draft):
        record, editor = draft
        with pytest.raises(ValidationError, match="同时是PDF和网页"):
            services.add_attachment(
                record=record, actor=editor, name="通知.pdf", data=hostile.pdf_html_polyglot()
            )

    def test_html_behind_a_line_of_text_is_not_text(self, draft):
        record, editor = draft
        with pytest.raises(ValidationError, match="不是允许的类型"):
            services.add_attachment(
                record=record, actor=editor, name="说明.txt", data=hostile.html_behind_a_text_line()
            )

    def test_plain_text_with_angle_brackets_in_prose_is_still_text(self):
        assert check_upload("说明.txt", "收入<5000元且人数>3人的家庭".encode()).kind.extension == "txt"

    def test_a_clean_pdf_is_accepted(self, draft):
        record, editor = draft
        attachment = services.add_attachment(record=record, actor=editor, name="通知.pdf", data=pdf_bytes())
        assert attachment.scan_note == "未配置病毒扫描"


@pytest.fixture
def clamd(tmp_path, settings):
    path = str(tmp_path / "clamd.sock")
    server = FakeClamd(path)
    settings.GONGKAI_CLAMD = path
    yield server
    server.stop()


class TestMalwareScan:
    def test_eicar_is_refused_by_name_and_nothing_is_saved(self, draft, clamd):
        record, editor = draft
        with pytest.raises(ValidationError, match="Eicar-Test-Signature"):
            services.add_attachment(record=record, actor=editor, name="说明.txt", data=hostile.EICAR)
        assert not Attachment.objects.filter(record=record).exists()
        assert clamd.scanned == [len(hostile.EICAR)]

    def test_a_clean_file_records_the_engine_and_signature_date(self, draft, clamd, client, two_orgs):
        record, editor = draft
        data = "政府信息公开指南".encode() * 30_000  # several INSTREAM chunks
        attachment = services.add_attachment(record=record, actor=editor, name="指南.txt", data=data)
        assert clamd.scanned == [len(data)]
        assert "ClamAV 1.0.7" in attachment.scan_note
        assert "病毒库第27110版（Mon Nov 30 09:23:01 2026）" in attachment.scan_note
        client.force_login(editor)
        page = client.get(reverse("workbench:record_detail", args=[record.pk])).content.decode()
        assert "病毒库第27110版" in page

    def test_a_configured_scanner_that_does_not_answer_refuses_the_upload(self, draft, settings, tmp_path):
        record, editor = draft
        settings.GONGKAI_CLAMD = str(tmp_path / "no-such.sock")
        with pytest.raises(ValidationError, match="病毒扫描服务暂时不可用"):
            services.add_attachment(record=record, actor=editor, name="指南.txt", data="指南".encode())

    def test_without_a_scanner_staff_are_told(self, draft, client):
        record, editor = draft
        client.force_login(editor)
        page = client.get(reverse("workbench:record_detail", args=[record.pk])).content.decode()
        assert "未配置病毒扫描" in page
