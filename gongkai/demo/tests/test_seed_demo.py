"""``seed_demo`` builds the demo through the real workflow, keeps unpublished work private, and runs once."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Membership, Role, User
from gongkai.catalog.models import Column, Guide
from gongkai.demo import data
from gongkai.demo.management.commands.seed_demo import LOGINS_FILE, SHIPPED_SEEDS_DIR, seeds_dir
from gongkai.disclosure import selectors
from gongkai.disclosure.models import Attachment, Genre, Record, Status, Validity
from gongkai.orgs.codes import is_valid_credit_code
from gongkai.orgs.models import Kind, Level, Organization
from gongkai.textproc.cleanup import remove_injected

pytestmark = pytest.mark.django_db

PASSWORD = "Demo#2026pass"
UNPUBLISHED = {
    Status.DRAFT,
    Status.SUBMITTED,
    Status.CONFIDENTIALITY_PASSED,
    Status.APPROVED,
    Status.RETURNED,
}


@dataclass
class Demo:
    output: str
    var_dir: Path
    media_root: Path

    def file_bytes(self, attachment: Attachment) -> bytes:
        # The root conftest points MEDIA_ROOT at a fresh directory per test; the files are here.
        return (self.media_root / attachment.file.name).read_bytes()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed once for the whole module inside a transaction that is rolled back at the end."""
    var_dir = tmp_path_factory.mktemp("demo-var")
    media_root = var_dir / "media"
    settings = override_settings(VAR_DIR=var_dir, MEDIA_ROOT=media_root)
    with django_db_blocker.unblock(), settings, transaction.atomic():
        out = io.StringIO()
        call_command("seed_demo", "--records", "40", "--password", PASSWORD, stdout=out, stderr=io.StringIO())
        yield Demo(output=out.getvalue(), var_dir=var_dir, media_root=media_root)
        transaction.set_rollback(True)


def seed_record(prefix: str) -> Record:
    notice = next(n for n in data.SEED_NOTICES if n.prefix == prefix)
    return Record.objects.get(organization__slug=notice.government, title=notice.title)


def test_five_governments_are_the_roots_with_their_departments_and_townships(demo):
    roots = {org.slug: org for org in Organization.objects.get_root_nodes()}
    assert set(roots) == {"jilin", "chaoyang", "changji", "kuitun", "luntai"}
    assert {slug: org.level for slug, org in roots.items()} == {
        "jilin": Level.PROVINCE, "chaoyang": Level.CITY, "changji": Level.COUNTY, "kuitun": Level.COUNTY,
        "luntai": Level.COUNTY,
    }  # fmt: skip
    for org in roots.values():
        assert org.kind == Kind.GOVERNMENT
        assert len(org.site_code) == 10
        assert org.site_code.isdigit()
        departments = Organization.objects.get_children(org).filter(kind=Kind.DEPARTMENT)
        assert 4 <= departments.count() <= 10
        assert all(d.level == org.level for d in departments)
    townships = Organization.objects.filter(level=Level.TOWNSHIP)
    assert townships.count() == 6
    assert {Organization.objects.get_parent(t).slug for t in townships} == {"changji", "kuitun", "luntai"}
    assert all(t.kind == Kind.GOVERNMENT for t in townships)


def test_every_organ_carries_a_valid_credit_code_and_full_contact_data(demo):
    for org in Organization.objects.all():
        assert is_valid_credit_code(org.credit_code), org.slug
        assert org.credit_code.startswith("11")
        for name in ("office_name", "address", "office_hours", "phone", "fax", "email", "postal_address",
                     "postcode", "web_channel"):  # fmt: skip
            assert getattr(org, name), (org.slug, name)
        org.full_clean()
    assert Organization.objects.get(slug="changji").office_hours.startswith("周一至周五 10:00-14:00")
    assert "8:30-11:30" in Organization.objects.get(slug="jilin").office_hours
    fgw = Organization.objects.get(slug="changji-fgw")
    assert fgw.name == "昌吉市发展和改革委员会"
    assert {"市发改委", "发改委"} <= set(fgw.aliases.values_list("alias", flat=True))


def test_every_government_has_a_user_for_every_role_and_departments_the_review_chain(demo):
    for org in Organization.objects.governments():
        assert set(Membership.objects.filter(organization=org).values_list("role", flat=True)) == set(
            Role.values
        )
    for org in Organization.objects.filter(kind=Kind.DEPARTMENT):
        roles = set(Membership.objects.filter(organization=org).values_list("role", flat=True))
        assert {Role.EDITOR, Role.CONFIDENTIALITY_REVIEWER, Role.REVIEWER, Role.HEAD} <= roles
    editor = User.objects.get(username="changji_editor")
    assert editor.full_name
    assert editor.check_password(PASSWORD)
    assert User.objects.get(username="changji-fgw_reviewer").roles_in(
        Organization.objects.get(slug="changji-fgw")
    )
    admin = User.objects.get(username="ops_admin")
    assert admin.is_staff
    assert admin.is_superuser


def test_the_logins_are_written_to_the_var_dir_and_printed(demo):
    logins = (demo.var_dir / LOGINS_FILE).read_text(encoding="utf-8")
    assert (demo.var_dir / LOGINS_FILE).stat().st_mode & 0o077 == 0
    for username in ("ops_admin", "changji_editor", "changji-fgw_reviewer", "jilin_competent_admin"):
        assert username in logins
    # The printed table names every government's accounts; departments' stay in the file.
    for username in ("ops_admin", "changji_editor", "luntai_head", "jilin_competent_admin"):
        assert username in demo.output
    assert "changji-fgw_reviewer" not in demo.output
    assert PASSWORD in logins


def test_each_government_has_published_records_and_every_organ_some(demo):
    for slug in data.DEMO_SLUGS:
        assert Record.objects.published().filter(organization__slug=slug).exists(), slug
    assert Record.objects.exclude(organization__kind=Kind.GOVERNMENT).published().exists()
    assert Record.objects.filter(column__section="rules").published().exists()


def test_dates_are_never_in_the_future(demo):
    now, today = timezone.now(), timezone.localdate()
    assert not Record.objects.filter(published_at__gt=now).exists()
    assert not Record.objects.filter(written_on__gt=today).exists()
    for record in Record.objects.exclude(published_at=None):
        assert record.written_on <= timezone.localtime(record.published_at).date()


def test_unpublished_and_withdrawn_records_exist_but_are_never_public(demo):
    statuses = set(Record.objects.values_list("status", flat=True))
    assert statuses >= UNPUBLISHED | {Status.PUBLISHED, Status.WITHDRAWN}
    withdrawn = Record.objects.filter(status=Status.WITHDRAWN)
    assert withdrawn.count() == 2
    assert all(r.withdrawal_reason and r.withdrawn_at for r in withdrawn)
    hidden = set(Record.objects.exclude(status=Status.PUBLISHED).values_list("pk", flat=True))
    assert not hidden & set(Record.objects.published().values_list("pk", flat=True))
    assert not hidden & set(selectors.public_records().values_list("pk", flat=True))
    unpublished = Record.objects.filter(status__in=UNPUBLISHED)
    assert all(r.index_number is None and r.published_at is None for r in unpublished)


def test_index_numbers_are_unique_and_gap_free_per_organ_and_year(demo):
    serials = defaultdict(list)
    numbers = []
    for record in Record.objects.exclude(index_number=None):
        serials[(record.organization_id, record.index_year)].append(record.index_serial)
        numbers.append(record.index_number)
        assert record.index_year == timezone.localtime(record.published_at).year
    assert len(numbers) == len(set(numbers))
    for key, found in serials.items():
        assert sorted(found) == list(range(1, len(found) + 1)), key


def test_serials_follow_the_publication_order(demo):
    for org in Organization.objects.all():
        records = (
            Record.objects.filter(organization=org).exclude(index_number=None).order_by("published_at", "id")
        )
        keys = [(r.index_year, r.index_serial) for r in records]
        assert keys == sorted(keys), org.slug


def test_normative_documents_have_validity_history_and_interpretations_link_to_them(demo):
    normative = Record.objects.filter(genre=Genre.NORMATIVE)
    assert normative.count() >= 5
    assert all(r.validity for r in normative)
    repealed = normative.get(validity=Validity.REPEALED)
    assert repealed.replaced_by.organization_id == repealed.organization_id
    assert repealed.replaced_by.written_on > repealed.written_on
    assert normative.get(validity=Validity.AMENDED).amended_by is not None
    assert normative.filter(validity=Validity.EXPIRED).exists()
    assert repealed.validity_changes.count() == 2
    interpretations = Record.objects.filter(genre=Genre.INTERPRETATION)
    assert interpretations.count() >= 3
    for record in interpretations:
        assert record.column.slug == "interpretations"
        assert record.policy.organization_id == record.organization_id
        assert record.policy.genre == Genre.NORMATIVE
        assert record.published_at >= record.policy.published_at


def test_columns_guides_and_sub_columns(demo):
    for org in Organization.objects.all():
        assert Column.objects.filter(organization=org, is_statutory=True).exists()
        assert Column.objects.filter(organization=org, parent__slug="budgets").exists()
        assert org.name in Guide.objects.get(organization=org).overview


def test_the_five_seed_notices_ship_with_the_project():
    # A fresh clone has nothing beside it: the notices are the project's own files.
    shipped = sorted(SHIPPED_SEEDS_DIR.glob("*.txt"))
    assert [path.name[:3] for path in shipped] == ["000", "001", "002", "003", "004"]
    assert SHIPPED_SEEDS_DIR.resolve().is_relative_to(Path(settings.BASE_DIR).resolve())
    assert "btbt365me" in shipped[2].read_text(encoding="utf-8")  # raw, artefacts included


def test_the_seed_notices_are_published_cleaned_with_their_raw_original(demo):
    for notice in data.SEED_NOTICES:
        record = seed_record(notice.prefix)
        assert record.status == Status.PUBLISHED
        assert record.written_on == notice.written_on
        assert record.column.category_code == "art20-15"
        raw = record.attachments.get(original_name="原文（采集稿）.txt")
        assert raw.extension == "txt"
        source = next(seeds_dir().glob(f"{notice.prefix}_*.txt"))
        # The capture as it came, less what was injected into it (a public gambling string is a
        # 单项否决 item of the national website check).
        assert demo.file_bytes(raw) == remove_injected(source.read_text(encoding="utf-8")).encode("utf-8")
        assert "btbt365me" not in demo.file_bytes(raw).decode("utf-8")
    chaoyang = seed_record("001")
    assert "朝阳市" in chaoyang.body
    for leftover in ("陽", "務", "(yáng)", "yáng"):
        assert leftover not in chaoyang.body
    assert "btbt365me" not in seed_record("002").body
    assert seed_record("000").doc_number == "昌市政办发〔2020〕24号"


def test_attachments_are_real_files_of_every_kind(demo):
    attachments = Attachment.objects.select_related("record")
    kinds = set(attachments.values_list("extension", flat=True))
    assert {"pdf", "docx", "xlsx"} <= kinds
    assert "txt" in kinds
    pdf = attachments.filter(extension="pdf").first()
    reader = pypdf.PdfReader(io.BytesIO(demo.file_bytes(pdf)))
    assert reader.metadata.title == pdf.record.title
    assert pdf.record.title[:10] in reader.pages[0].extract_text()
    word = attachments.filter(extension="docx").first()
    assert docx.Document(io.BytesIO(demo.file_bytes(word))).paragraphs
    sheet = attachments.filter(extension="xlsx").first()
    assert openpyxl.load_workbook(io.BytesIO(demo.file_bytes(sheet))).active.max_row > 2


def test_a_second_run_says_so_and_changes_nothing(demo):
    before = (Organization.objects.count(), User.objects.count(), Record.objects.count())
    out = io.StringIO()
    call_command("seed_demo", "--records", "40", stdout=out)
    assert "已存在" in out.getvalue()
    assert (Organization.objects.count(), User.objects.count(), Record.objects.count()) == before


def test_a_weak_password_is_refused_before_anything_is_written(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    before = Organization.objects.count()
    with pytest.raises(CommandError, match="密码"):
        call_command("seed_demo", "--records", "5", "--password", "12345678")
    assert Organization.objects.count() == before
    assert not (tmp_path / LOGINS_FILE).exists()


def test_the_four_sections_render_for_every_demo_organ(demo, client, settings):
    settings.MEDIA_ROOT = demo.media_root  # where the module's seeding stored the files
    sections = ("platform", "guide", "rules", "records", "annual_reports")
    for org in Organization.objects.all():
        for section in sections:
            response = client.get(reverse(f"portal:{section}", kwargs={"org": org.slug}))
            assert response.status_code == 200, (org.slug, section)
            assert org.name in response.content.decode(), (org.slug, section)
        for record in selectors.public_records(org=org)[:3]:
            page = client.get(record.get_absolute_url())
            assert page.status_code == 200
            assert record.index_number in page.content.decode()
            for attachment in record.attachments.all():
                download = client.get(f"{record.get_absolute_url()}files/{attachment.pk}/")
                assert download.status_code == 200
                assert b"".join(download.streaming_content) == demo.file_bytes(attachment)


def test_the_demo_guide_of_every_organ_names_its_disclosure_office(demo, client):
    for org in Organization.objects.all():
        body = client.get(reverse("portal:guide", kwargs={"org": org.slug})).content.decode()
        assert org.office_name
        assert org.office_name in body
        assert org.phone in body


def test_applications_in_every_state_across_the_governments(demo):
    from gongkai.info_requests.models import InfoRequest, Status

    applications = InfoRequest.objects.all()
    assert {a.status for a in applications} >= {
        Status.AWAITING_CONFIRMATION,
        Status.IN_PROGRESS,
        Status.AWAITING_CORRECTION,
        Status.CLOSED,
    }
    # Over 春节 2026 and 国庆 2025, numbered in the year of receipt.
    assert applications.filter(received_on="2026-02-13").exists()
    assert applications.filter(received_on="2025-09-26", year=2025, serial=1).exists()
    assert applications.filter(extension__isnull=False, consultations__isnull=False).exists()
    for government in ("jilin", "changji", "chaoyang", "kuitun", "luntai"):
        assert applications.filter(organization__slug=government).count() >= 9


def test_each_government_publishes_its_2025_report_and_roll_up(demo, client):
    from gongkai.reports.models import AnnualReport, ReportStatus

    for government in ("jilin", "changji", "chaoyang", "kuitun", "luntai"):
        reports = AnnualReport.objects.filter(
            organization__slug=government, year=2025, status=ReportStatus.PUBLISHED
        )
        assert {r.rollup for r in reports} == {False, True}
    assert client.get("/org/changji/annual-reports/2025/?scope=rollup").status_code == 200
    departments = AnnualReport.objects.filter(organization__kind="department", year=2025)
    assert departments.count() > 0


def test_the_five_seed_notices_are_their_governments_ledgers_with_progress(demo):
    from gongkai.workplans.models import ProgressReport, WorkPlan

    plans = {p.organization.slug: p for p in WorkPlan.objects.select_related("organization")}
    assert set(plans) == {"changji", "chaoyang", "kuitun", "luntai", "jilin"}
    assert plans["changji"].tasks.count() == 31
    statuses = set(ProgressReport.objects.values_list("status", flat=True))
    assert statuses >= {"accepted", "submitted"}
    assert WorkPlan.objects.filter(tasks__completed_on__isnull=False).exists()


def test_ledger_units_match_only_organs_of_the_issuing_government(demo):
    from gongkai.workplans.models import TaskUnit

    matched = TaskUnit.objects.exclude(organization=None).select_related(
        "organization", "task__plan__organization"
    )
    assert matched.exists()
    for unit in matched:
        assert unit.organization.government().pk == unit.task.plan.organization.government().pk, unit.name


def test_the_demo_has_the_three_operators_each_in_one_role_only(demo):
    from gongkai.accounts.models import AdminRole

    operators = User.objects.exclude(admin_role="")
    assert sorted(operators.values_list("admin_role", flat=True)) == sorted(AdminRole.values)
    assert not operators.filter(is_superuser=True).exists()
    assert not Membership.objects.filter(user__in=operators).exists()


def test_no_demo_organ_shows_an_empty_column(demo, client):
    """An empty column is a 单项否决 item of 国办秘函〔2019〕19号: every demo organ's columns carry
    records or say 「本机关无此项信息」 with a reason."""
    import re

    from gongkai.disclosure.selectors import empty_columns, public_column_counts

    for org in Organization.objects.all():
        assert empty_columns(org=org) == [], org.slug
        for entry in public_column_counts(org=org):
            for item in (entry, *entry.children):
                assert item.count or item.column.no_info_reason.strip(), (org.slug, item.column.slug)
        body = client.get(reverse("portal:records", kwargs={"org": org.slug})).content.decode()
        assert not re.search(r'class="count">0<', body), org.slug
    # Something was explained, and a 发改委 carries no 治安管理 column.
    assert Column.objects.exclude(no_info_reason="").exists()
    assert not Column.objects.filter(
        organization__name__contains="发展和改革委员会", slug="public-security", applies=True
    ).exists()


def test_base_level_catalogues_are_adopted_linked_and_show_every_coverage_status(demo):
    from gongkai.catalog import standard_selectors
    from gongkai.catalog.standard_models import CatalogueChange, CatalogueVersion, ChangeKind

    organs = standard_selectors.base_level_orgs(Organization.objects.all())
    summaries = [s for s in standard_selectors.coverage_summary(organs) if s.version is not None]
    assert len(summaries) >= 4
    assert any(s.org.level == "township" for s in summaries)
    statuses = set().union(*(set(s.counts) for s in summaries))
    assert {"on_time", "overdue", "no_content"} <= statuses
    assert all(len(s.by_domain) >= 2 for s in summaries)
    revised = CatalogueVersion.objects.get(number=2, status="published")
    kinds = set(CatalogueChange.objects.filter(version=revised).values_list("kind", flat=True))
    assert {ChangeKind.CHANGED, ChangeKind.DROPPED} <= kinds


def test_the_demo_has_lists_one_adjusted_into_a_second_version_and_organ_profiles(demo, client):
    from gongkai.orgs.models import InternalUnit
    from gongkai.powers.models import ListVersion, VersionStatus

    public = ListVersion.objects.filter(status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED])
    assert public.values("organization").distinct().count() >= 2
    adjusted = public.filter(kind="powers", number=2, status=VersionStatus.PUBLISHED).get()
    assert adjusted.reason
    assert public.filter(kind="services").exists()
    page = client.get(f"/org/{adjusted.organization.slug}/lists/powers/changes/").content.decode()
    assert "第1版与第2版比较" in page
    assert "药品零售企业经营许可" in page
    assert InternalUnit.objects.filter(organization=adjusted.organization).exists()


def test_changji_publishes_records_with_a_uyghur_version_that_are_sealed(demo, client):
    """民汉双语 (ADR 0040): the Xinjiang government's bilingual records, public and sealed."""
    from gongkai.demo.bilingual import RECORDS
    from gongkai.disclosure import integrity

    changji = Record.objects.filter(organization__slug="changji", status=Status.PUBLISHED)
    bilingual = changji.exclude(title_ug="")
    assert {r.title for r in bilingual} == {spec["title"] for spec in RECORDS}
    assert all(r.published_at <= timezone.now() for r in bilingual)
    for record in bilingual:
        assert integrity.verify_record(record, integrity._latest_seals([record.pk]).get(record.pk)) == []
    record = bilingual.first()
    client.cookies["gk_lang"] = "ug"
    page = client.get(record.get_absolute_url()).content.decode()
    assert record.title_ug in page
    assert '<html lang="ug" dir="rtl"' in page


def test_the_demo_has_an_open_and_a_closed_consultation_with_published_feedback(demo, client):
    from gongkai.participation.models import CommentStatus, PublicConsultation

    consultations = list(PublicConsultation.objects.all())
    assert len(consultations) == 2
    current = next(c for c in consultations if c.is_open)
    closed = next(c for c in consultations if not c.is_open)
    assert current.is_major_decision
    # 3 comments, the campaign of 12 and the one held for review (a link, ADR 0054).
    assert current.comments.count() == 16
    # The twelve campaign comments are one group; the held comment leads no group and joins none.
    assert current.comments.exclude(status=CommentStatus.HELD).filter(duplicate_of=None).count() == 4
    (held,) = current.comments.filter(status=CommentStatus.HELD)
    assert held.duplicate_of_id is None
    assert not held.duplicates.exists()
    assert "网址链接" in "".join(held.held_reasons)
    assert "example.com/tingche" not in client.get(current.get_absolute_url()).content.decode()
    # The organ's 信息员 finds it in the consultation's review queue (`make run`'s demo).
    client.force_login(Membership.objects.filter(organization=current.organization, role=Role.EDITOR)[0].user)
    wb = client.get(reverse("workbench:consultation_detail", args=[current.pk])).content.decode()
    assert "待复核" in wb
    assert "example.com/tingche" in wb
    client.logout()
    assert closed.has_feedback
    assert closed.final_record is not None
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "意见采纳情况反馈" in page
    assert "王先生" in page
    assert "意见征集及采纳情况" in client.get(closed.final_record.get_absolute_url()).content.decode()
    assert client.get(current.get_absolute_url()).status_code == 200


def test_the_demo_has_questions_in_every_state_and_two_topic_columns(demo, client):
    from gongkai.catalog import topics
    from gongkai.catalog.models import TopicColumn
    from gongkai.participation.models import Question, QuestionStatus
    from gongkai.participation.questions import selectors, services
    from gongkai.textproc.pii import ID_NUMBER

    questions = Question.objects.all()
    assert questions.filter(status=QuestionStatus.PUBLISHED).count() == 3
    assert questions.filter(transfers__from_organization__isnull=False).exists()  # transferred
    assert questions.filter(routed=True).exists()  # routed by topic
    assert any(
        selectors.clock_of(q).state == "due_soon" for q in questions.filter(status=QuestionStatus.OPEN)
    )
    # One held for review: its ID number kept for the organ's staff, masked in what the asker is
    # told, and not on any public page.
    (held,) = questions.filter(status=QuestionStatus.HELD)
    assert ID_NUMBER.search(held.text)
    assert "身份证号码" in "".join(held.held_reasons)
    assert ID_NUMBER.search(services.held_message(held)) is None
    assert held.title not in client.get(reverse("questions:list")).content.decode()
    assert client.get(reverse("questions:detail", args=[held.number])).status_code == 404
    client.force_login(Membership.objects.filter(organization=held.organization, role=Role.EDITOR)[0].user)
    dashboard = client.get(reverse("workbench:dashboard")).content.decode()
    assert "政策咨询：待审核" in dashboard
    assert reverse("workbench:question_detail", args=[held.pk]) in dashboard
    client.logout()
    published = questions.filter(status=QuestionStatus.PUBLISHED)
    assert all("13899012345" not in q.public_text and "马建国" not in q.public_text for q in published)
    from gongkai.participation.models import FrequentQuestion

    entry = FrequentQuestion.objects.select_related("record", "question").get()
    assert entry.question.public_title in client.get(entry.record.get_absolute_url()).content.decode()
    columns = list(TopicColumn.objects.all())
    assert len(columns) == 2
    assert all(topics.gathered(c).exists() for c in columns)
    assert client.get("/topics/").status_code == 200
