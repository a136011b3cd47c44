#!/usr/bin/env python
"""Every workbench page at one organ's full size: 100,000 records and 10,000 applications.

    .venv/bin/python bench/workbench.py [--records 100000] [--applications 10000] [--requests 30]
        [--seed 20] [--var-dir /tmp/gongkai-bench-workbench] [--database-url postgres://…/h20b_bench]
        [--only dashboard,record_list]

Generates (once; a second run reuses the data) into a scratch GONGKAI_VAR_DIR on SQLite, or into the
PostgreSQL database of ``--database-url`` (created if missing): one government holding ``--records``
disclosure records in a realistic mix of states (draft, in review, published, withdrawn, returned)
across its columns, one attachment row for every third record, and ``--applications`` 依申请公开
applications in every state with their clock dates (replies, 补正 notices, extensions), plus one
staff member per role. Rows go in with ``bulk_create`` from a seeded ``random.Random``, so two runs
with the same seed build the same installation.

Then, in-process through Django's test client (the full middleware stack, a real session cookie from
``force_login``; no network or gunicorn in between), it logs in as each role and requests every
workbench page that role's menu offers, the record and application pages, and the lists with
filters and a deep page: ``--requests`` timed requests per page after two warm-up ones, printing
p50/p95 wall-clock ms, p50/p95 CPU ms of this process (Python and, on SQLite, the database engine:
less sensitive to other load on the machine than wall-clock), the number of SQL queries and the
HTML size of one request, as a Markdown table for docs/benchmarks.md. A page whose first request
takes longer than ``--slow-ms`` is timed once. Exits non-zero if a page does not answer 200.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORG_SLUG = "bench-workbench"
COUNTY_SLUG = "bench-workbench-county"  # under ORG_SLUG: a county's pages (标准目录)
COUNTY_ADMIN = "county_competent_admin"  # the role of a page asked as the county's 政务公开办
PASSWORD = "Gk#2024-Strong"


def configure(args) -> None:
    os.environ["GONGKAI_VAR_DIR"] = args.var_dir
    os.environ["GONGKAI_REQUIRE_SECOND_FACTOR"] = "0"  # the bench logs in without a TOTP device
    os.environ["GONGKAI_PORTAL_CACHE_SECONDS"] = "0"
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        _create_pg_database(args.database_url)
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _create_pg_database(url: str) -> None:
    import psycopg
    from dj_database_url import parse

    config = parse(url)
    admin = dict(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        dbname="postgres",
        autocommit=True,
    )
    if config.get("PASSWORD"):
        admin["password"] = config["PASSWORD"]
    with psycopg.connect(**admin) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


# The share of each state among the organ's records (sums to 1).
RECORD_MIX = [
    ("published", 0.82),
    ("draft", 0.06),
    ("submitted", 0.02),
    ("confidentiality_passed", 0.015),
    ("approved", 0.015),
    ("returned", 0.02),
    ("withdrawn", 0.05),
]
APPLICATION_MIX = [
    ("awaiting_confirmation", 0.04),
    ("in_progress", 0.10),
    ("awaiting_correction", 0.03),
    ("replied", 0.13),
    ("closed", 0.25),
    ("archived", 0.43),
    ("withdrawn", 0.02),
]


def _pick(rng: random.Random, mix) -> str:
    return rng.choices([name for name, _ in mix], weights=[share for _, share in mix])[0]


def generate(args) -> None:
    from django.db import transaction
    from django.utils import timezone

    from gongkai.accounts.models import Membership, Role, User
    from gongkai.catalog.models import Column, Section
    from gongkai.catalog.services import seed_statutory_columns
    from gongkai.disclosure.models import Attachment, Genre, Record, Topic
    from gongkai.info_requests.models import (
        ApplicantKind,
        Channel,
        CorrectionNotice,
        Extension,
        IdType,
        InfoRequest,
        ObtainMethod,
        ProvisionForm,
        Reply,
    )
    from gongkai.info_requests.outcomes import CHOICES as OUTCOMES
    from gongkai.orgs.codes import make_credit_code
    from gongkai.orgs.models import Kind, Level, Organization

    if Organization.objects.filter(slug=ORG_SLUG).exists():
        print(f"reusing the generated organ {ORG_SLUG}", file=sys.stderr)
        return
    rng = random.Random(args.seed)
    started = time.perf_counter()
    with transaction.atomic():
        org = Organization.objects.add_root(
            {
                "name": "基准市人民政府",
                "short_name": "基准市政府",
                "slug": ORG_SLUG,
                "kind": Kind.GOVERNMENT,
                "level": Level.CITY,
                "credit_code": make_credit_code("11659900000000001"),
            }
        )
        seed_statutory_columns(org=org)
        staff = {}
        for role in Role.values:
            user = User.objects.create_user(
                username=f"bench_{role}", password=PASSWORD, full_name=f"基准{role}"
            )
            Membership.objects.create(user=user, organization=org, role=role)
            staff[role] = user
        # A few more 信息员 so that "my drafts" is a part of the drafts.
        editors = [staff[Role.EDITOR]]
        for n in range(3):
            user = User.objects.create_user(
                username=f"bench_editor_{n}", password=PASSWORD, full_name="基准信息员"
            )
            Membership.objects.create(user=user, organization=org, role=Role.EDITOR)
            editors.append(user)

    columns = list(Column.objects.for_org(org).filter(section=Section.PROACTIVE))
    genres, topics = list(Genre.values), list(Topic.values)
    # Timestamps are the generator's, not "now": auto_now would stamp 100,000 rows alike.
    stamped = [Record._meta.get_field("created_at"), Record._meta.get_field("updated_at")]
    for field in stamped:
        field.auto_now = field.auto_now_add = False
    now = timezone.now()
    serials: dict[int, int] = {}
    batch: list = []
    total = 0
    try:
        for n in range(args.records):
            status = _pick(rng, RECORD_MIX)
            created = now - timedelta(days=rng.uniform(0, 6 * 365))
            updated = created + timedelta(days=rng.uniform(0, 30))
            fields = {}
            if status in ("published", "withdrawn"):
                published = updated
                year = published.year
                serials[year] = serials.get(year, 0) + 1
                fields = {
                    "published_at": published,
                    "index_year": year,
                    "index_serial": serials[year],
                    "index_number": f"{org.credit_code}/{year}-{serials[year]:05d}",
                }
                if status == "withdrawn":
                    fields |= {"withdrawn_at": published + timedelta(days=30), "withdrawal_reason": "已失效"}
            batch.append(
                Record(
                    organization=org,
                    column=rng.choice(columns),
                    status=status,
                    title=f"基准市关于第{n}项工作的通知",
                    doc_number=f"基政发〔{created.year}〕{n % 400 + 1}号",
                    written_on=created.date(),
                    topic=rng.choice(topics),
                    genre=rng.choice(genres),
                    summary="关于做好有关工作的通知。",
                    body="<p>各县（市）人民政府，市直各部门：现将有关事项通知如下。</p>" * 3,
                    created_by=rng.choice(editors),
                    created_at=created,
                    updated_at=updated,
                    **fields,
                )
            )
            if len(batch) == 5000 or n == args.records - 1:
                made = Record.objects.bulk_create(batch)
                total += len(made)
                if made[0].pk is None:  # backends that do not return keys
                    made = list(Record.objects.for_org(org).order_by("-id")[: len(batch)])
                Attachment.objects.bulk_create(
                    Attachment(
                        record=record,
                        file=f"attachments/{org.pk}/{record.pk:08d}.pdf",
                        original_name=f"附件{record.pk}.pdf",
                        extension="pdf",
                        content_type="application/pdf",
                        size=120_000,
                        sha256=hashlib.sha256(str(record.pk).encode()).hexdigest(),
                        text_status="ok",
                    )
                    for record in made
                    if record.pk % 3 == 0
                )
                batch = []
                print(f"  records {total}", file=sys.stderr, end="\r")
    finally:
        for field, (auto_now, auto_now_add) in zip(stamped, ((False, True), (True, False)), strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add

    from gongkai.core.crypto import cipher

    handlers = [staff[Role.REQUEST_HANDLER], staff[Role.HEAD]]
    outcome_codes = [code for code, _ in OUTCOMES]
    today = timezone.localdate()
    year_serials: dict[int, int] = {}
    applications, replies, corrections, extensions = [], [], [], []
    for n in range(args.applications):
        status = _pick(rng, APPLICATION_MIX)
        open_ = status in ("awaiting_confirmation", "in_progress", "awaiting_correction")
        # Open applications arrived lately (their clocks still run); closed ones over six years.
        submitted = now - timedelta(days=rng.uniform(0, 40) if open_ else rng.uniform(40, 6 * 365))
        year = submitted.year
        year_serials[year] = year_serials.get(year, 0) + 1
        id_number = f"65230119{rng.randint(1950, 2005)}0101{n % 10000:04d}"
        applications.append(
            InfoRequest(
                organization=org,
                year=year,
                serial=year_serials[year],
                query_code_index=hashlib.sha256(f"q{args.seed}-{n}".encode()).hexdigest(),
                submission_token=hashlib.sha256(f"t{args.seed}-{n}".encode()).hexdigest(),
                channel=rng.choice(Channel.values),
                submitted_at=submitted,
                received_on=None if status == "awaiting_confirmation" else submitted.date(),
                withdrawn_on=submitted.date() + timedelta(days=3) if status == "withdrawn" else None,
                status=status,
                applicant_kind=ApplicantKind.NATURAL_PERSON,
                applicant_name=f"申请人{n}",
                id_type=IdType.RESIDENT_ID,
                id_number=id_number,
                id_number_index=cipher().blind_index(id_number),
                phone=f"1390994{n % 10000:04d}",
                address="昌吉市延安北路1号",
                description=f"请公开第{n}项工作的有关文件。",
                provision_form=rng.choice(ProvisionForm.values),
                obtain_method=rng.choice(ObtainMethod.values),
                assigned_to=rng.choice(handlers),
                registered_by=staff[Role.REQUEST_HANDLER],
            )
        )
    made = InfoRequest.objects.bulk_create(applications, batch_size=2000)
    if made[0].pk is None:
        made = list(InfoRequest.objects.filter(organization=org))
    for application in made:
        received = application.received_on
        if application.status in ("replied", "closed", "archived"):
            replied = received + timedelta(days=rng.randint(3, 25))
            replies.append(
                Reply(
                    request=application,
                    outcome=rng.choice(outcome_codes),
                    reasons="经审查，现答复如下。",
                    replied_on=replied,
                    replied_by=application.assigned_to,
                    delivery_method=application.obtain_method,
                    delivered_on=replied + timedelta(days=1) if application.status != "replied" else None,
                )
            )
        elif application.status == "awaiting_correction":
            corrections.append(
                CorrectionNotice(
                    request=application,
                    sent_on=received + timedelta(days=2),
                    items="请补充所需信息的文号。",
                    due_on=min(today + timedelta(days=10), received + timedelta(days=30)),
                )
            )
        elif application.status == "in_progress" and rng.random() < 0.2:
            extensions.append(
                Extension(
                    request=application,
                    reason="需要较长时间检索档案。",
                    approved_by=handlers[1],
                    approved_on=received + timedelta(days=15),
                )
            )
    Reply.objects.bulk_create(replies, batch_size=2000)
    CorrectionNotice.objects.bulk_create(corrections)
    Extension.objects.bulk_create(extensions)
    print(
        f"generated {total} records, {len(made)} applications in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


QUESTION_MIX = [
    ("open", 0.06),
    ("answered", 0.40),
    ("published", 0.40),
    ("closed", 0.06),
    ("held", 0.02),
    ("rejected", 0.06),
]


def generate_questions(args) -> None:
    """``--questions`` 政策咨询 of the organ over the last two years (about 45 % received this
    year), answered ones within a few working days of their limit either way; skipped when the organ
    has questions already (data generated before this step existed gets them on the next run)."""
    from django.utils import timezone

    from gongkai.accounts.models import Role, User
    from gongkai.orgs.models import Organization
    from gongkai.participation.models import Answer, Question

    org = Organization.objects.get(slug=ORG_SLUG)
    if not args.questions or Question.objects.filter(organization=org).exists():
        return
    rng = random.Random(args.seed + 1)
    started = time.perf_counter()
    today = timezone.localdate()
    editor = User.objects.get(username=f"bench_{Role.EDITOR}")
    questions = []
    for n in range(args.questions):
        status = _pick(rng, QUESTION_MIX)
        questions.append(
            Question(
                organization=org,
                asked_organization=org,
                number=f"ZXB{n:08d}",
                title=f"关于第{n}项政策的咨询",
                text="请问这项政策的申请条件和办理流程是什么？",
                consent_to_publish=status == "published",
                status=status,
                # Open ones arrived lately (their clocks still run); the rest over two years.
                received_on=today
                - timedelta(days=rng.randint(0, 10) if status in ("open", "held") else rng.randint(10, 730)),
                answer_days=rng.choice((5, 5, 5, 10)),
                published_at=timezone.now() if status == "published" else None,
            )
        )
    made = Question.objects.bulk_create(questions, batch_size=2000)
    if made[0].pk is None:
        made = list(Question.objects.filter(organization=org).order_by("id"))
    Answer.objects.bulk_create(
        (
            Answer(
                question=q,
                text="经核实，答复如下。",
                answered_on=q.received_on + timedelta(days=rng.randint(1, 16)),
                answered_by=editor,
            )
            for q in made
            if q.status in ("answered", "published")
        ),
        batch_size=2000,
    )
    print(f"generated {len(made)} questions in {time.perf_counter() - started:.0f} s", file=sys.stderr)


WORKPLAN_NOTICE = """基准市人民政府办公室关于印发2026年基准市政务公开工作要点的通知
各部门：
现将要点印发给你们。
基准市人民政府办公室
2026年3月1日
一、加强政策解读
1.2026年底前，全面公开规范性文件并做好解读。（牵头单位：市政府办公室；责任单位：市直各部门）
2.9月30日前完成政府信息公开平台建设。（市政府办公室）
3.每季度更新权责清单。（责任单位：市直各部门）
"""


def generate_extras(args) -> None:
    """One of each object a workbench page shows by its id and the bulk above has none of: an
    错敏词 rule, a 标准目录 version, a published 权责清单, a 工作要点 ledger, an annual report, an
    意见征集 with comments, a migration batch and a 专题专栏 — each made once, through the services
    where there is one, so every page of the workbench urlconf has an address (``targets``)."""
    from django.utils import timezone

    from gongkai.accounts.models import Membership, Role, User
    from gongkai.catalog.models import TopicColumn
    from gongkai.catalog.standard_models import CatalogueVersion, StandardCatalogItem
    from gongkai.inspection.models import WordCategory, WordRule
    from gongkai.migration.models import MigrationBatch, SourceKind
    from gongkai.orgs.models import Organization
    from gongkai.participation import services_consultations as consultations
    from gongkai.participation.models import PublicConsultation
    from gongkai.powers.models import ListVersion
    from gongkai.reports.models import AnnualReport
    from gongkai.workplans.models import WorkPlan

    org = Organization.objects.get(slug=ORG_SLUG)
    staff = {role: User.objects.get(username=f"bench_{role}") for role in Role.values}
    editor, head = staff[Role.EDITOR], staff[Role.HEAD]
    today = timezone.localdate()
    if not WordRule.objects.filter(organization=org).exists():
        WordRule.objects.create(
            organization=org,
            category=WordCategory.OUTDATED,
            pattern="基准旧称",
            suggestion="基准新称",
            reason="基准",
        )
    county = Organization.objects.filter(slug=COUNTY_SLUG).first()
    if county is None:
        # 标准目录 are compiled by counties and townships (国办发〔2019〕54号), not by a city: a county
        # under the organ, with a 信息员 and a 政务公开办管理员 of its own, holds one.
        from gongkai.catalog.services import seed_statutory_columns
        from gongkai.orgs.codes import make_credit_code
        from gongkai.orgs.models import Kind, Level

        county = Organization.objects.add_child(
            Organization.objects.get(pk=org.pk),
            instance=Organization(
                name="基准县人民政府",
                short_name="基准县政府",
                slug=COUNTY_SLUG,
                kind=Kind.GOVERNMENT,
                level=Level.COUNTY,
                credit_code=make_credit_code("11659900000000002"),
            ),
        )
        seed_statutory_columns(org=county)
        for role in (Role.EDITOR, Role.COMPETENT_ADMIN):
            user = User.objects.create_user(
                username=f"bench_county_{role}", password=PASSWORD, full_name="基准县"
            )
            Membership.objects.create(user=user, organization=county, role=role)
    if not CatalogueVersion.objects.filter(organization=county).exists():
        from gongkai.catalog import baseline
        from gongkai.catalog import standard_services as catalogue

        baseline.load(StandardCatalogItem)
        county_editor = User.objects.get(username=f"bench_county_{Role.EDITOR}")
        version = catalogue.start_version(org=county, actor=county_editor, reason="基准目录")
        catalogue.adopt_items(
            version=version, actor=county_editor, items=list(StandardCatalogItem.objects.order_by("pk")[:20])
        )
    if not ListVersion.objects.filter(organization=org).exists():
        from gongkai.demo.powers import county_market
        from gongkai.powers import services as powers

        version = powers.import_list(
            org=org,
            actor=editor,
            kind="powers",
            name="权责清单.xlsx",
            data=county_market(org.name),
            reason="",
        )
        powers.submit_version(version=version, actor=editor)
        powers.publish_version(version=version, actor=staff[Role.REVIEWER])
    if not WorkPlan.objects.filter(organization=org).exists():
        from gongkai.workplans import services as workplans
        from gongkai.workplans.parsing import parse

        workplans.import_plan(
            org=org,
            actor=staff[Role.COMPETENT_ADMIN],
            parsed=parse(WORKPLAN_NOTICE),
            source_text=WORKPLAN_NOTICE,
        )
    if not AnnualReport.objects.filter(organization=org).exists():
        from gongkai.reports import services as reports

        reports.prepare(org=org, actor=head, year=today.year - 1, rollup=False)
    if not PublicConsultation.objects.filter(organization=org).exists():
        consultation = consultations.open_consultation(
            org=org,
            actor=editor,
            title="基准市停车管理办法（征求意见稿）",
            contact="电话 0991-1234567",
            starts_on=today,
            draft_text="第一条 为规范停车管理，制定本办法。\n\n第二条 本办法适用于本市行政区域。",
        )
        for n in range(50):
            consultations.submit_comment(consultation=consultation, text=f"第{n}条意见：建议增加停车位。")
    if not MigrationBatch.objects.filter(organization=org).exists():
        MigrationBatch.objects.create(
            organization=org,
            created_by=staff[Role.COMPETENT_ADMIN],
            source="bench-site",
            source_kind=SourceKind.MIRROR,
            source_hash="0" * 64,
        )
    if not TopicColumn.objects.filter(organization=org).exists():
        TopicColumn.objects.create(organization=org, name="基准专题", slug="bench-topic", keywords="通知")


# Workbench URL names the bench does not time, each with the reason. Every other name of the
# workbench urlconf must be among targets(): gongkai/workbench/tests/test_bench_coverage.py holds the
# two together, so a new workbench page cannot be left out of the figures.
NOT_PAGES = {
    "logout": "a POST that ends the session",
    "otp_recovery_codes": "a POST (new recovery codes)",
    "switch_organization": "a POST that changes the organ and redirects",
    "record_transition": "a POST (a workflow step)",
    "attachment_upload": "a POST (an upload)",
    "attachment_download": "a file download (the bench writes no files)",
    "attachment_delete": "a POST",
    "record_validity": "a POST (answers with the record page, timed as record_detail)",
    "job_run_now": "a POST",
    "job_settings": "a POST",
    "self_inspection_run": "a POST that starts the self-inspection",
    "self_inspection_export": "an .xlsx/.docx download of the self-inspection",
    "request_step": "a POST (a step of the application)",
    "request_letter": "a .docx/PDF letter",
    "request_released_file": "a file download",
    "request_supplement_file": "a file download",
    "letter_settings": "a POST",
    "request_correct_letter": "a POST",
    "request_issued_letter": "a .docx/PDF letter",
    "powers_version_step": "a POST (submit, publish, return)",
    "plan_action": "a POST (a ledger step)",
    "plan_export": "an .xlsx download of the ledger",
    "plan_import": "a POST (the notice uploaded on the ledger list, timed as plan_list)",
    "report_step": "a POST (a report step)",
    "report_file": "a .docx/PDF download of the report",
    "consultation_period": "a POST",
    "consultation_theme_add": "a POST",
    "consultation_comment": "a POST (moderation)",
    "consultation_feedback": "a POST (answers with the consultation page)",
    "consultation_export": "an .xlsx download",
    "migration_mapping": "a POST",
    "migration_run": "a POST that starts an import",
    "migration_undo": "a POST",
    "question_action": "a POST (a step of the question)",
    "otp_setup": "the TOTP enrolment: the bench logs in without a second factor, which redirects it",
    "otp_verify": "the TOTP prompt: the bench logs in without a second factor, which redirects it",
}


def workbench_url_names() -> set[str]:
    """Every named URL of the workbench urlconf (``workbench:`` left off)."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLResolver

    names: set[str] = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif pattern.name:
                names.add(pattern.name)

    walk(get_resolver("gongkai.workbench.urls").url_patterns)
    return names


def targets() -> list[tuple[str, str, str]]:
    """(role, page name, path): every page the role's menu offers, then detail and filtered pages."""
    from django.urls import NoReverseMatch, reverse

    from gongkai.accounts.models import Role
    from gongkai.disclosure.models import Record
    from gongkai.info_requests.models import InfoRequest
    from gongkai.orgs.models import Organization
    from gongkai.workbench.menu import allowed_pages

    org = Organization.objects.get(slug=ORG_SLUG)
    seen: set[str] = set()
    found = []
    for role in (Role.EDITOR, Role.REVIEWER, Role.HEAD, Role.REQUEST_HANDLER, Role.COMPETENT_ADMIN):
        for name in sorted(allowed_pages({role})):
            if name in seen and name != "dashboard":
                continue
            seen.add(name)
            found.append((role, name, reverse(f"workbench:{name}")))
    from gongkai.catalog.models import Column, TopicColumn
    from gongkai.catalog.standard_models import CatalogueItem, CatalogueVersion
    from gongkai.inspection.models import WordRule
    from gongkai.migration.models import MigrationBatch
    from gongkai.participation.models import PublicConsultation, Question
    from gongkai.powers.models import ListVersion, PowerListItem
    from gongkai.reports.models import AnnualReport
    from gongkai.workplans.models import WorkPlan

    published = Record.objects.for_org(org).filter(status="published").order_by("id").first()
    draft = Record.objects.for_org(org).filter(status="draft").order_by("id").first()
    application = InfoRequest.objects.filter(organization=org, status="in_progress").order_by("id").first()
    record_list = reverse("workbench:record_list")
    request_list = reverse("workbench:request_list")
    found += [
        (Role.EDITOR, "record_list ?status=draft", f"{record_list}?status=draft"),
        (Role.EDITOR, "record_list ?status=published page 2000", f"{record_list}?status=published&page=2000"),
        (Role.EDITOR, "record_list page 3000", f"{record_list}?page=3000"),
        (Role.EDITOR, "record_detail (published)", reverse("workbench:record_detail", args=[published.pk])),
        (Role.EDITOR, "record_detail (draft)", reverse("workbench:record_detail", args=[draft.pk])),
        (Role.EDITOR, "record_edit (draft)", reverse("workbench:record_edit", args=[draft.pk])),
        (Role.REQUEST_HANDLER, "request_list ?status=in_progress", f"{request_list}?status=in_progress"),
        (Role.REQUEST_HANDLER, "request_list page 300", f"{request_list}?page=300"),
        (Role.REQUEST_HANDLER, "request_detail", reverse("workbench:request_detail", args=[application.pk])),
        (Role.REQUEST_HANDLER, "request_suggestions", reverse("workbench:request_suggestions")),
        (Role.HEAD, "report_list", reverse("workbench:report_list")),
    ]

    # Pages no menu links and pages of one object (its id from the generated data), as the role
    # that works there.
    def first(model, **where):
        return model.objects.filter(organization=org, **where).order_by("pk").values_list("pk", flat=True)[0]

    def in_county(model):
        return (
            model.objects.filter(organization__slug=COUNTY_SLUG)
            .order_by("pk")
            .values_list("pk", flat=True)[0]
        )

    version = first(ListVersion)
    by_id = [
        (None, "login", reverse("workbench:login")),
        (Role.EDITOR, "password_change", reverse("workbench:password_change")),
        (Role.COMPETENT_ADMIN, "wordlist_edit", reverse("workbench:wordlist_edit", args=[first(WordRule)])),
        (COUNTY_ADMIN, "catalogue", reverse("workbench:catalogue")),
        (COUNTY_ADMIN, "catalogue_coverage", reverse("workbench:catalogue_coverage")),
        (
            COUNTY_ADMIN,
            "catalogue_item",
            reverse("workbench:catalogue_item", args=[in_county(CatalogueItem)]),
        ),
        (
            COUNTY_ADMIN,
            "catalogue_version",
            reverse("workbench:catalogue_version", args=[in_county(CatalogueVersion)]),
        ),
        (Role.HEAD, "column_status", reverse("workbench:column_status", args=[first(Column)])),
        (Role.EDITOR, "powers_version", reverse("workbench:powers_version", args=[version])),
        (Role.EDITOR, "powers_item_add", reverse("workbench:powers_item_add", args=[version])),
        (
            Role.EDITOR,
            "powers_item_edit",
            reverse(
                "workbench:powers_item_edit",
                args=[PowerListItem.objects.filter(version_id=version).order_by("pk")[0].pk],
            ),
        ),
        (Role.COMPETENT_ADMIN, "plan_detail", reverse("workbench:plan_detail", args=[first(WorkPlan)])),
        (Role.HEAD, "report_detail", reverse("workbench:report_detail", args=[first(AnnualReport)])),
        (
            Role.EDITOR,
            "consultation_detail",
            reverse("workbench:consultation_detail", args=[first(PublicConsultation)]),
        ),
        (
            Role.COMPETENT_ADMIN,
            "migration_detail",
            reverse("workbench:migration_detail", args=[first(MigrationBatch)]),
        ),
        (
            Role.EDITOR,
            "question_detail",
            reverse("workbench:question_detail", args=[first(Question, status="open")]),
        ),
        (Role.COMPETENT_ADMIN, "topic_edit", reverse("workbench:topic_edit", args=[first(TopicColumn)])),
    ]
    covered = {name.split(" ")[0] for _, name, _ in found + by_id}
    for role, name, path in by_id:
        found.append((role, name, path))
    # Whatever else the urlconf names and takes no id: as the competent admin (whose menu is widest).
    for name in sorted(workbench_url_names() - covered - set(NOT_PAGES)):
        try:
            found.append((Role.COMPETENT_ADMIN, name, reverse(f"workbench:{name}")))
        except NoReverseMatch:  # a page of one object the list above does not know: left uncovered
            continue
    unique, paths = [], set()
    for role, name, path in found:
        if (role, path) not in paths:
            paths.add((role, path))
            unique.append((role, name, path))
    return unique


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(args) -> int:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from gongkai.accounts.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    clients: dict[str, Client] = {}
    failures = 0
    vendor = connection.vendor
    only = set(filter(None, (args.only or "").split(",")))
    print(f"| page ({vendor}) | role | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms | queries | HTML KB |")
    print("|---|---|---|---|---|---|---|---|")
    for role, name, path in targets():
        if only and name.split(" ")[0] not in only:
            continue
        if role not in clients:
            client = Client()
            if role is not None:  # None: a page before login, asked anonymously
                client.force_login(User.objects.get(username=f"bench_{role}"))  # COUNTY_ADMIN: bench_county_…
            clients[role] = client
        client = clients[role]
        start = time.perf_counter()
        response = client.get(path)
        first = (time.perf_counter() - start) * 1000
        if first > args.slow_ms:
            # Too slow to repeat N times: one timed request is the figure.
            print(f"| {name} `{path}` | {role} | {first:.0f} (once) | — | — | — | — | — |", flush=True)
            continue
        response = client.get(path)
        queries: list[str] = []

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            response = client.get(path)
        if response.status_code != 200:
            print(f"| {name} `{path}` | {role} | answered {response.status_code} | | | | | |")
            failures += 1
            continue
        timings, cpu = [], []
        for _ in range(args.requests):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        print(
            f"| {name} `{path}` | {role} | {statistics.median(timings):.1f} | "
            f"{percentile(timings, 0.95):.1f} | {statistics.median(cpu):.1f} | {percentile(cpu, 0.95):.1f} | "
            f"{len(queries)} | {len(response.content) / 1024:.0f} |",
            flush=True,
        )
    return failures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--var-dir", default="/tmp/gongkai-bench-workbench")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--only", default="", help="comma-separated page names to measure")
    parser.add_argument("--slow-ms", type=float, default=10_000, help="a page slower than this is timed once")
    args = parser.parse_args()
    configure(args)
    generate(args)
    generate_questions(args)
    generate_extras(args)
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", file=sys.stderr)
    failures = measure(args)
    load = os.getloadavg()
    print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
