"""The import pipeline: dry run report, import, idempotence, resume, undo, redirects, tenancy."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import Column
from gongkai.disclosure.models import Attachment, Record, Status
from gongkai.migration import services
from gongkai.migration.models import BatchStatus, ColumnMapping, ItemKind, ItemStatus, MigratedItem, Redirect
from gongkai.migration.sites import HOST, MetaExtractor, write_article, write_mirror

pytestmark = pytest.mark.django_db


@pytest.fixture
def mirror(tmp_path) -> Path:
    return write_mirror(tmp_path / "mirror", 12, attachment_every=4)


@pytest.fixture
def admin(two_orgs):
    """The 政务公开办管理员 of government A, who is also one of its 信息员 (attachments)."""
    from gongkai.accounts.models import Membership

    user = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    Membership.objects.create(user=user, organization=two_orgs.gov_a, role=Role.EDITOR)
    return user


def plan(mirror, org, actor):
    return services.plan_batch(source_path=str(mirror), org=org, actor=actor, extractor=MetaExtractor())


def map_all(batch, actor, column=None):
    column = column or Column.objects.for_org(batch.organization).proactive().first()
    for mapping in batch.column_mappings.all():
        services.set_column_mapping(
            batch=batch, actor=actor, source_column=mapping.source_column, column=column
        )


def planned_and_mapped(mirror, org, actor):
    batch = plan(mirror, org, actor)
    map_all(batch, actor)
    return batch


def test_dry_run_reports_counts_and_publishes_nothing(two_orgs, mirror, admin):
    batch = plan(mirror, two_orgs.gov_a, admin)
    report = batch.report
    assert report["articles"] == 12
    assert report["list_pages"] == 4
    assert report["attachment_files"] == 3
    assert report["attachments_linked"] == 3
    assert report["columns"] == {
        f"政务公开 > {n}": 3 for n in ("通知公告", "政策文件", "规划计划", "财政资金")
    }
    assert report["organs"] == {"示例县人民政府办公室（未对应到机关）": 12}
    assert batch.status == BatchStatus.PLANNED
    suggested = {m.source_column: (m.column.category_code, m.reason) for m in batch.column_mappings.all()}
    assert suggested == {
        "政务公开 > 通知公告": ("art20-15", "关键词“通知公告”"),
        "政务公开 > 政策文件": ("art20-01", "关键词“政策文件”"),
        "政务公开 > 规划计划": ("art20-03", "关键词“规划”"),
        "政务公开 > 财政资金": ("art20-07", "关键词“财政资金”"),
    }
    assert not Record.objects.filter(organization=two_orgs.gov_a, title__contains="事项的通知").exists()
    assert AuditEntry.objects.filter(verb="migration_planned", object_id=str(batch.pk)).exists()


def test_dry_run_reports_unreadable_pages_duplicates_and_low_confidence(two_orgs, mirror, admin):
    host = mirror / HOST
    # A repost: the same page saved at a second URL.
    original = next(host.glob("zwgk/tzgg/*/t*_0.html"))
    (original.parent / "t_copy.html").write_bytes(original.read_bytes())
    # Bytes no charset decodes.
    (host / "zwgk" / "tzgg" / "broken.html").write_bytes(b"\x81\x00\xff" * 10)

    class Flaky(MetaExtractor):
        def extract(self, html, url, profile):
            doc = super().extract(html, url, profile)
            if url.endswith("_1.html"):
                doc.doc_number.confidence = 0.3
            return doc

    batch = services.plan_batch(source_path=str(mirror), org=two_orgs.gov_a, actor=admin, extractor=Flaky())
    report = batch.report
    assert report["duplicate_count"] == 1
    assert report["duplicates"][0]["first"].endswith("_0.html")
    assert report["unreadable_count"] == 1
    assert "broken.html" in report["unreadable"][0]["url"]
    assert report["low_confidence"] == {"文号": 1}
    queued = list(services.review_queue(batch))
    assert [i.old_url.rsplit("/", 1)[-1] for i in queued if i.kind == ItemKind.ARTICLE] == [
        next(host.glob("zwgk/*/*/t*_1.html")).name
    ]
    assert "文号置信度低" in queued[0].problems[0]


def test_import_publishes_in_the_organ_with_attachments_redirects_and_findings(two_orgs, mirror, admin):
    batch = planned_and_mapped(mirror, two_orgs.gov_a, admin)
    batch = services.run_batch(batch=batch, actor=admin)
    assert batch.status == BatchStatus.DONE
    records = Record.objects.filter(organization=two_orgs.gov_a, title__contains="事项的通知")
    assert records.count() == 12
    assert set(records.values_list("status", flat=True)) == {Status.PUBLISHED}
    record = records.get(title="关于第4号事项的通知")
    assert record.doc_number == "示政办发〔2015〕5号"
    assert record.published_at.date().isoformat() == "2015-01-09"
    assert "<table>" in record.body
    assert record.index_number
    assert record.index_serial
    attachment = record.attachments.get()
    assert attachment.original_name == "附件4：项目清单.pdf"
    assert "Attachment 4" in attachment.text
    item = MigratedItem.objects.get(batch=batch, record=record)
    assert item.status == ItemStatus.IMPORTED
    assert item.findings == []
    assert Redirect.objects.filter(old_path=item.old_path, record=record).exists()
    assert Redirect.objects.filter(attachment=attachment).exists()
    assert Redirect.objects.filter(old_path="/zwgk/tzgg/", column__isnull=False).exists()
    # One audited batch: who started it, from which source (and its hash), and what came of it.
    started = AuditEntry.objects.get(verb="migration_started", object_id=str(batch.pk))
    assert started.changes["hash"] == batch.source_hash
    assert (
        AuditEntry.objects.get(verb="migration_done", object_id=str(batch.pk)).changes["result"]["imported"]
        == 16
    )


def test_prepublication_checks_report_and_never_block(two_orgs, tmp_path, admin):
    root = tmp_path / "m"
    write_article(root / HOST, 1, body="<p>联系人张三，身份证号110101199003071233。</p>")
    batch = planned_and_mapped(root, two_orgs.gov_a, admin)
    services.run_batch(batch=batch, actor=admin)
    item = batch.items.get(kind=ItemKind.ARTICLE)
    assert item.status == ItemStatus.IMPORTED
    assert item.record.status == Status.PUBLISHED
    assert any("身份证号码" in finding for finding in item.findings)
    assert list(services.review_queue(batch)) == [item]  # the official sees it


def test_a_second_run_updates_and_never_duplicates(two_orgs, mirror, admin):
    first = services.run_batch(batch=planned_and_mapped(mirror, two_orgs.gov_a, admin), actor=admin)
    ids = set(Record.objects.filter(organization=two_orgs.gov_a).values_list("pk", flat=True))
    attachments = Attachment.objects.count()
    # One page changed on the old site between the runs.
    write_article(mirror / HOST, 5, title="关于第5号事项的通知（修订）")
    second = services.run_batch(batch=planned_and_mapped(mirror, two_orgs.gov_a, admin), actor=admin)
    assert set(Record.objects.filter(organization=two_orgs.gov_a).values_list("pk", flat=True)) == ids
    assert Attachment.objects.count() == attachments
    assert second.report["result"]["unchanged"] == 11
    assert second.report["result"]["imported"] == 1 + 4  # the changed article, the four list pages
    assert Record.objects.filter(title="关于第5号事项的通知（修订）").count() == 1
    assert first.status == BatchStatus.DONE


def test_resume_after_a_crash_finishes_without_duplicates(two_orgs, mirror, admin):
    batch = planned_and_mapped(mirror, two_orgs.gov_a, admin)
    services.run_batch(batch=batch, actor=admin, stop_after=5)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RUNNING
    assert batch.processed == 5
    # A crash between the draft and its publication: the item holds a draft record.
    item = batch.items.filter(status=ItemStatus.PLANNED, kind=ItemKind.ARTICLE).first()
    draft = Record.objects.create(
        organization=two_orgs.gov_a, column=Column.objects.for_org(two_orgs.gov_a).first(), title="x"
    )
    MigratedItem.objects.filter(pk=item.pk).update(record=draft, created_record=True)
    out = io.StringIO()
    call_command("import_site", str(mirror), "--org", "jia", "--resume", stdout=out, stderr=io.StringIO())
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    migrated = Record.objects.filter(
        organization=two_orgs.gov_a, status=Status.PUBLISHED, title__contains="事项"
    )
    assert migrated.count() == 12
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED  # the crashed item's record was finished, not duplicated


def test_undo_removes_what_the_batch_made_and_restores_what_it_changed(two_orgs, mirror, admin):
    first = services.run_batch(batch=planned_and_mapped(mirror, two_orgs.gov_a, admin), actor=admin)
    write_article(mirror / HOST, 5, title="改过的标题")
    second = services.run_batch(batch=planned_and_mapped(mirror, two_orgs.gov_a, admin), actor=admin)
    services.undo_batch(batch=second, actor=admin)
    assert Record.objects.filter(title="改过的标题").count() == 0
    assert Record.objects.filter(title="关于第5号事项的通知", status=Status.PUBLISHED).count() == 1
    services.undo_batch(batch=first, actor=admin)
    assert not Record.objects.filter(organization=two_orgs.gov_a, title__contains="事项").exists()
    assert not Redirect.objects.exists()
    assert not Attachment.objects.exists()
    first.refresh_from_db()
    assert first.status == BatchStatus.UNDONE
    with pytest.raises(ValidationError):
        services.undo_batch(batch=first, actor=admin)


def test_old_links_answer_301_and_unknown_paths_stay_404(client, two_orgs, mirror, admin):
    services.run_batch(batch=planned_and_mapped(mirror, two_orgs.gov_a, admin), actor=admin)
    item = MigratedItem.objects.filter(kind=ItemKind.ARTICLE, status=ItemStatus.IMPORTED).first()
    response = client.get(item.old_path)
    assert response.status_code == 301
    assert response["Location"] == item.record.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
    listing = client.get("/zwgk/tzgg/index.html")
    assert listing.status_code == 301
    assert "column=" in listing["Location"]
    assert client.get("/zwgk/nothing-here.html").status_code == 404
    # A withdrawn record's old link no longer leads anywhere.
    Record.objects.filter(pk=item.record_id).update(status=Status.WITHDRAWN)
    assert client.get(item.old_path).status_code == 404


def test_unmapped_columns_are_not_imported_and_say_so(two_orgs, mirror, admin):
    batch = plan(mirror, two_orgs.gov_a, admin)
    ColumnMapping.objects.filter(batch=batch).update(column=None)
    services.run_batch(batch=batch, actor=admin)
    skipped = batch.items.filter(kind=ItemKind.ARTICLE, status=ItemStatus.SKIPPED)
    assert skipped.count() == 12
    assert "尚未映射" in skipped.first().note
    assert not Record.objects.filter(title__contains="事项的通知").exists()


def test_tenancy_another_organs_people_and_columns_are_refused(two_orgs, mirror, admin):
    outsider = two_orgs.staff(two_orgs.gov_b, Role.COMPETENT_ADMIN)
    with pytest.raises(PermissionDenied):
        plan(mirror, two_orgs.gov_a, outsider)
    editor_only = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    with pytest.raises(PermissionDenied):
        plan(mirror, two_orgs.gov_a, editor_only)
    batch = plan(mirror, two_orgs.gov_a, admin)
    foreign = Column.objects.for_org(two_orgs.gov_b).first()
    with pytest.raises(ValidationError):
        services.set_column_mapping(
            batch=batch,
            actor=admin,
            source_column=batch.column_mappings.first().source_column,
            column=foreign,
        )
    with pytest.raises(PermissionDenied):
        services.undo_batch(batch=batch, actor=outsider)


def test_command_dry_run_then_run_and_another_organs_batch_is_missing(two_orgs, mirror, monkeypatch):
    monkeypatch.setattr(services, "Extractor", MetaExtractor)
    monkeypatch.setattr(services.extraction, "extract_article", lambda *a: None, raising=False)
    monkeypatch.setattr(services.extraction, "learn_profile", lambda *a: None, raising=False)
    column = Column.objects.for_org(two_orgs.gov_a).proactive().first()
    out = io.StringIO()
    call_command("import_site", str(mirror), "--org", "jia", "--dry-run", stdout=out, stderr=io.StringIO())
    assert "试运行完成" in out.getvalue()
    assert "政务公开 > 通知公告：3" in out.getvalue()
    batch = services.batches_for(two_orgs.gov_a).get()
    call_command(
        "import_site", str(mirror), "--org", "jia", "--run", str(batch.pk), "--fallback-column", column.slug,
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    assert Record.objects.filter(organization=two_orgs.gov_a, title__contains="事项的通知").count() == 12
    with pytest.raises(CommandError, match="没有批次"):
        call_command("import_site", "-", "--org", "yi", "--undo", str(batch.pk), stdout=out)


def test_warc_and_vendor_export_sources(two_orgs, tmp_path, admin):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from gongkai.migration.sites import ARTICLE, minimal_pdf

    page = ARTICLE.format(
        charset="utf-8", column="通知公告", title="WARC 里的通知", day="2020-03-04", issuer="甲市人民政府",
        number="甲政发〔2020〕1号", index_number="", body="<p>正文</p>", links='<a href="/f/a.pdf">附件</a>',
    ).encode()  # fmt: skip
    warc = tmp_path / "site.warc.gz"
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, data, kind in (
            ("http://old.gov.cn/art/2020/3/4/art_1_1.html", page, "text/html; charset=utf-8"),
            ("http://old.gov.cn/f/a.pdf", minimal_pdf("warc file"), "application/pdf"),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(data), http_headers=headers)
            )
    batch = services.plan_batch(
        source_path=str(warc), org=two_orgs.gov_a, actor=admin, extractor=MetaExtractor()
    )
    assert batch.source_kind == "warc"
    assert batch.report["organs"] == {"甲市人民政府": 1}
    map_all(batch, admin)
    services.run_batch(batch=batch, actor=admin)
    record = Record.objects.get(title="WARC 里的通知")
    assert record.attachments.get().text.strip().startswith("warc file")

    export = tmp_path / "export"
    export.mkdir()
    (export / "a.pdf").write_bytes(minimal_pdf("vendor file"))
    (export / "list.csv").write_text(
        "标题,栏目,发布日期,文号,原网址,附件\n"
        "厂商导出的通知,政务公开>政策文件,2019年5月6日,甲政办〔2019〕3号,http://old.gov.cn/a?id=7,a.pdf\n"
        ",,,,,\n",
        encoding="utf-8",
    )
    batch = services.plan_batch(
        source_path=str(export / "list.csv"), org=two_orgs.gov_a, actor=admin, extractor=MetaExtractor()
    )
    assert batch.report["articles"] == 1
    map_all(batch, admin)
    services.run_batch(batch=batch, actor=admin)
    record = Record.objects.get(title="厂商导出的通知")
    assert record.doc_number == "甲政办〔2019〕3号"
    assert record.published_at.date().isoformat() == "2019-05-06"
    assert Redirect.objects.filter(old_path="/a?id=7", record=record).exists()
    assert not Redirect.objects.filter(attachment__record=record).exists()  # "a.pdf" had no URL


@pytest.mark.django_db(transaction=True)
def test_two_workers_import_every_document_once(two_orgs, mirror, admin, settings):
    settings.GONGKAI_MIGRATION_WORKERS = 2  # PostgreSQL only: SQLite takes one writer
    batch = services.run_batch(batch=planned_and_mapped(mirror, two_orgs.gov_a, admin), actor=admin)
    assert batch.status == BatchStatus.DONE
    records = Record.objects.filter(organization=two_orgs.gov_a, title__contains="事项的通知")
    assert records.count() == 12
    assert len(set(records.values_list("index_serial", flat=True))) == 12
    assert Attachment.objects.filter(record__in=records).count() == 3


def test_an_interpretation_finds_its_policy_by_doc_number_even_when_the_policy_comes_later(
    two_orgs, tmp_path, admin
):
    from gongkai.disclosure.models import Genre
    from gongkai.migration.extraction import Evidence

    class WithGenres(MetaExtractor):
        def extract(self, html, url, profile):
            doc = super().extract(html, url, profile)
            if "解读" in doc.title:
                doc.genre = Evidence("interpretation", "title", 0.9)
                doc.doc_number = None
                doc.related_doc_numbers = ["示政办发〔2015〕1号"]
            return doc

    def import_(root):
        batch = services.plan_batch(
            source_path=str(root), org=two_orgs.gov_a, actor=admin, extractor=WithGenres()
        )
        map_all(batch, admin)
        return services.run_batch(batch=batch, actor=admin)

    root = tmp_path / "m"
    write_article(root / HOST, 1, title="《关于第0号事项的通知》政策解读")
    import_(root)
    interpretation = Record.objects.get(title__endswith="政策解读")
    assert interpretation.genre == Genre.INTERPRETATION
    assert interpretation.policy is None
    write_article(root / HOST, 0)  # the policy, 示政办发〔2015〕1号, saved later
    import_(root)
    interpretation.refresh_from_db()
    assert interpretation.policy == Record.objects.get(doc_number="示政办发〔2015〕1号")


def test_issuers_are_counted_per_organ_of_the_tree_and_other_issuers_kept_as_text(two_orgs, tmp_path, admin):
    root = tmp_path / "m"
    write_article(root / HOST, 1, issuer="甲市发改委")  # a department's short name
    write_article(root / HOST, 2, issuer="本站")
    write_article(root / HOST, 3, issuer="甲市人民政府、甲市发展和改革委员会")  # a joint issue
    batch = plan(root, two_orgs.gov_a, admin)
    assert batch.report["organs"] == {
        "甲市发展和改革委员会": 1,
        "本站（未对应到机关）": 1,
        "甲市人民政府": 1,
    }
    assert batch.items.get(issuer_text="甲市发改委").issuer_org == two_orgs.dept_a1


def test_the_one_shot_command_leaves_nothing_behind_and_names_the_catch_all(two_orgs, tmp_path, monkeypatch):
    from gongkai.migration.sites import ARTICLE

    monkeypatch.setattr(services, "Extractor", MetaExtractor)
    monkeypatch.setattr(services.extraction, "extract_article", lambda *a: None, raising=False)
    monkeypatch.setattr(services.extraction, "learn_profile", lambda *a: None, raising=False)
    page = ARTICLE.format(
        charset="utf-8", column="乡镇动态", title="某镇召开春耕动员会", day="2021-03-01", issuer="某镇",
        number="", index_number="", body="<p>会议要求……</p>", links="",
    )  # fmt: skip
    folder = tmp_path / "m" / HOST / "xzdt"
    folder.mkdir(parents=True)
    (folder / "t20210301_1.html").write_text(page)
    out = io.StringIO()
    call_command("import_site", str(tmp_path / "m"), "--org", "jia", stdout=out, stderr=io.StringIO())
    assert "兜底栏目" in out.getvalue()
    record = Record.objects.get(title="某镇召开春耕动员会")
    assert record.column.category_code == "art20-15"
    assert record.doc_number == ""


def test_with_the_real_extractor_the_generated_site_imports_with_its_fields(two_orgs, mirror, admin):
    batch = services.plan_batch(source_path=str(mirror), org=two_orgs.gov_a, actor=admin)  # extraction.py
    assert batch.report["articles"] == 12
    assert batch.report["list_pages"] == 4
    map_all(batch, admin)
    services.run_batch(batch=batch, actor=admin)
    record = Record.objects.get(title="关于第4号事项的通知")
    assert record.doc_number == "示政办发〔2015〕5号"
    assert record.index_number == "11652399MB0000001/2015-00004"  # the old site's own 索引号
    assert record.written_on.isoformat() == "2015-01-09"
    assert "<table>" in record.body
    assert record.attachments.get().original_name == "附件4：项目清单.pdf"


def test_an_article_that_is_only_its_attachment_is_still_an_article(two_orgs, tmp_path, admin):
    root = tmp_path / "m"
    write_article(root / HOST, 8, body="<p></p>", attachment=True)

    class Empty(MetaExtractor):
        def extract(self, html, url, profile):
            doc = super().extract(html, url, profile)
            doc.body_html = doc.body_text = ""  # "详见附件": nothing but the file
            return doc

    batch = services.plan_batch(source_path=str(root), org=two_orgs.gov_a, actor=admin, extractor=Empty())
    assert batch.report["articles"] == 1
    map_all(batch, admin)
    services.run_batch(batch=batch, actor=admin)
    assert Record.objects.get(title="关于第8号事项的通知").attachments.count() == 1


def test_a_vendor_xlsx_export_with_gb_headers_and_a_body_file(two_orgs, tmp_path, admin):
    from openpyxl import Workbook

    export = tmp_path / "export"
    (export / "pages").mkdir(parents=True)
    (export / "pages" / "1.html").write_text("<p>导出正文第一段。</p>", encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.append(["信息名称", "所属栏目", "发布时间", "发文字号", "索引号", "正文文件", "链接"])
    sheet.append(
        [
            "厂商表格里的公告",
            "通知公告",
            "2018-07-01",
            "",
            "XYZ-2018-0001",
            "pages/1.html",
            "http://o.gov.cn/1",
        ]
    )
    sheet.append(["越界的文件", "通知公告", "2018-07-02", "", "", "../../etc/passwd", "http://o.gov.cn/2"])
    book.save(export / "list.xlsx")
    batch = services.plan_batch(
        source_path=str(export / "list.xlsx"), org=two_orgs.gov_a, actor=admin, extractor=MetaExtractor()
    )
    assert batch.report["articles"] == 1
    assert batch.report["unreadable_count"] == 1
    assert "不在导出表所在目录内" in batch.report["unreadable"][0]["reason"]
    map_all(batch, admin)
    services.run_batch(batch=batch, actor=admin)
    record = Record.objects.get(title="厂商表格里的公告")
    assert record.index_number == "XYZ-2018-0001"
    assert record.published_at.date().isoformat() == "2018-07-01"
    assert "导出正文第一段" in record.body


def test_each_migrated_record_is_sealed_with_the_digests_of_its_files_without_reading_them_again(
    two_orgs, mirror, admin, monkeypatch
):
    from gongkai.disclosure import integrity

    read_back = []
    real = integrity.file_digest
    monkeypatch.setattr(
        integrity, "file_digest", lambda attachment: read_back.append(attachment) or real(attachment)
    )
    batch = planned_and_mapped(mirror, two_orgs.gov_a, admin)
    services.run_batch(batch=batch, actor=admin)
    assert read_back == []  # the digest computed when each file was read and stored is used
    record = Record.objects.get(organization=two_orgs.gov_a, title="关于第4号事项的通知")
    seal = AuditEntry.objects.get(verb=integrity.SEAL_VERB, object_id=str(record.pk))
    [sealed] = seal.changes["attachments"]
    attachment = record.attachments.get()
    assert sealed == {"id": attachment.pk, "name": attachment.original_name, "sha256": real(attachment)}
    monkeypatch.undo()
    assert integrity.verify_published(two_orgs.gov_a, served=0) == []  # and the check agrees
