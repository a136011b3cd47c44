"""Every write that changes what the public sees — a record published, corrected, withdrawn, a file
imported into a public record, a validity step, an annual report or a list published, the site
migration's imports, relations and undo — invalidates the cached pages by an explicit call from
its own service (ADR 0063), naming the organs whose list counts change; no signal receiver does
it, so a bare ``save()`` invalidates nothing. A record moved from one organ to another recounts
both."""

from __future__ import annotations

import ast
import random
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.accounts.models import Membership, Role
from gongkai.catalog.models import Column
from gongkai.core.pagecache import current_generation, organ_generation
from gongkai.disclosure import selectors
from gongkai.disclosure import services as disclosure
from gongkai.disclosure.models import Genre, Record, Validity
from gongkai.disclosure.selectors import RecordFilters
from gongkai.disclosure.tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db

GONGKAI = Path(__file__).resolve().parents[2]


def _get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def _cached(client, url: str) -> str:
    """The page rendered once and then served from the cache: what a visitor sees now."""
    page = _get(client, url).content.decode()
    assert _get(client, url)["X-Cache"] == "hit", url
    return page


def _markers(*organs) -> list[str]:
    return [organ_generation(o.pk) for o in organs]


def _normative(two_orgs, title: str) -> Record:
    org = two_orgs.gov_a
    return two_orgs.publish(
        two_orgs.draft(org, title=title, genre=Genre.NORMATIVE, written_on=date(2024, 3, 1))
    )


def _report(two_orgs):
    """Government A's 2025 annual report, written and locked, ready to publish."""
    from gongkai.demo.reports import finished_texts
    from gongkai.info_requests import services as requests
    from gongkai.info_requests.tests.factories import applicant
    from gongkai.reports import services as reports

    org = two_orgs.gov_a
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    application, _ = requests.register(
        org=org, actor=handler, channel="letter", data=applicant(), received_on=date(2025, 3, 3)
    )
    requests.reply(
        application=application,
        actor=handler,
        outcome="disclose",
        reasons="公开",
        replied_on=date(2025, 3, 10),
    )
    admin = two_orgs.staff(org, Role.COMPETENT_ADMIN)
    draft = reports.prepare(org=org, actor=admin, year=2025)
    draft = reports.update_texts(report=draft, actor=admin, **finished_texts(draft, random.Random(1)))
    return reports.lock(report=draft, actor=admin), admin


def _submitted_list(two_orgs):
    from gongkai.powers import services as powers
    from gongkai.powers.tests.factories import real_bytes

    org = two_orgs.gov_a
    editor = two_orgs.staff(org, Role.EDITOR)
    version = powers.import_list(
        org=org, actor=editor, kind="powers", name="清单.xlsx", data=real_bytes("county-market-powers.xlsx")
    )
    return powers.submit_version(version=version, actor=editor)


# Each public write path: (set up, return (url, write, what the page shows after the write)).


def _publication(two_orgs):
    record = two_orgs.advance(two_orgs.draft(two_orgs.gov_a, title="关于开展防汛演练的通知"), "approved")
    staff = two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    return (
        f"/org/{two_orgs.gov_a.slug}/records/",
        lambda: disclosure.publish_record(record=record, actor=staff),
        lambda page: "关于开展防汛演练的通知" in page,
    )


def _correction(two_orgs):
    record = two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="关于开展防汛演练的通知"))
    staff = two_orgs.staff(two_orgs.gov_a, Role.REVIEWER)
    return (
        f"/org/{two_orgs.gov_a.slug}/records/",
        lambda: disclosure.update_record(record=record, actor=staff, title="关于开展防汛应急演练的通知"),
        lambda page: "关于开展防汛应急演练的通知" in page,
    )


def _withdrawal(two_orgs):
    record = two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="关于开展防汛演练的通知"))
    staff = two_orgs.staff(two_orgs.gov_a, Role.REVIEWER)
    return (
        f"/org/{two_orgs.gov_a.slug}/records/",
        lambda: disclosure.withdraw_record(record=record, actor=staff, reason="内容有误"),
        lambda page: "关于开展防汛演练的通知" not in page,
    )


def _validity_step(two_orgs):
    record = _normative(two_orgs, "甲市城市绿化管理办法")
    staff = two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    return (
        record.get_absolute_url(),
        lambda: disclosure.change_validity(
            record=record, actor=staff, validity=Validity.REPEALED, effective_on=date(2025, 1, 1), note="清理"
        ),
        lambda page: "废止" in page,
    )


def _imported_file(two_orgs):
    record = two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="关于某地块出让的公告"))
    staff = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    return (
        record.get_absolute_url(),
        lambda: disclosure.import_attachment(
            record=record, actor=staff, name="出让须知.pdf", data=pdf_bytes()
        ),
        lambda page: "出让须知" in page,
    )


def _report_publication(two_orgs):
    from gongkai.reports import services as reports

    report, admin = _report(two_orgs)
    return (
        reverse("portal:annual_reports", args=[two_orgs.gov_a.slug]),
        lambda: reports.publish(report=report, actor=admin),
        lambda page: "2025年政府信息公开工作年度报告" in page,
    )


def _list_publication(two_orgs):
    from gongkai.powers import services as powers

    version = _submitted_list(two_orgs)
    name = version.items.order_by("position").first().name
    reviewer = two_orgs.staff(two_orgs.gov_a, Role.REVIEWER)
    return (
        reverse("portal:power_list", args=[two_orgs.gov_a.slug, "powers"]),
        lambda: powers.publish_version(version=version, actor=reviewer),
        lambda page: name in page,
    )


WRITES = {
    "publish_record": _publication,
    "update_record": _correction,
    "withdraw_record": _withdrawal,
    "change_validity": _validity_step,
    "import_attachment": _imported_file,
    "reports.publish": _report_publication,
    "powers.publish_version": _list_publication,
}


@pytest.mark.parametrize("name", list(WRITES))
def test_each_public_write_shows_on_the_next_request_and_moves_only_its_organs_marker(
    name, client, two_orgs, page_cache, fragments, django_capture_on_commit_callbacks
):
    url, write, shown = WRITES[name](two_orgs)
    assert not shown(_cached(client, url))
    a_before, b_before = _markers(two_orgs.gov_a, two_orgs.gov_b)
    with django_capture_on_commit_callbacks(execute=True):
        write()
    response = _get(client, url)
    assert "X-Cache" not in response  # rendered afresh
    assert shown(response.content.decode())
    a_after, b_after = _markers(two_orgs.gov_a, two_orgs.gov_b)
    assert a_after != a_before  # the organ written in: its kept counts are recounted
    assert b_after == b_before  # another organ's kept counts are left alone


def test_a_bare_save_or_delete_invalidates_nothing_no_receiver_is_left(
    client, two_orgs, page_cache, django_capture_on_commit_callbacks
):
    """The explicit calls are the only path: were a receiver still connected to any of these models,
    a save or delete outside the services would move the generation here."""
    from gongkai.powers import services as powers
    from gongkai.reports import services as reports

    org = two_orgs.gov_a
    draft = two_orgs.draft(
        org, title="甲市城市绿化管理办法", genre=Genre.NORMATIVE, written_on=date(2024, 3, 1)
    )
    disclosure.add_attachment(
        record=draft, actor=two_orgs.staff(org, Role.EDITOR), name="附件.pdf", data=pdf_bytes()
    )
    record = two_orgs.publish(draft)
    report, admin = _report(two_orgs)
    report = reports.publish(report=report, actor=admin)
    version = powers.publish_version(
        version=_submitted_list(two_orgs), actor=two_orgs.staff(org, Role.REVIEWER)
    )
    url = f"/org/{org.slug}/records/"
    _cached(client, url)
    generation, markers = current_generation(), _markers(two_orgs.gov_a, two_orgs.gov_b)
    attachment, change, item = (
        record.attachments.get(),
        record.validity_changes.first(),
        version.items.first(),
    )
    assert change is not None  # a 规范性文件 is published 有效
    with django_capture_on_commit_callbacks(execute=True):
        for obj in (record, attachment, change, report, version, item):
            obj.save()
        item.delete()
        record.delete()  # its attachments and validity steps with it
    assert current_generation() == generation
    assert _markers(two_orgs.gov_a, two_orgs.gov_b) == markers
    assert _get(client, url)["X-Cache"] == "hit"


def test_draft_steps_invalidate_nothing(two_orgs, page_cache, django_capture_on_commit_callbacks):
    """Drafting, review steps, a draft's files: nothing a visitor can see changes."""
    org = two_orgs.gov_a
    generation = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        record = two_orgs.draft(org, title="草稿")
        disclosure.add_attachment(
            record=record, actor=two_orgs.staff(org, Role.EDITOR), name="a.pdf", data=pdf_bytes()
        )
        two_orgs.advance(record, "approved")
    assert current_generation() == generation


# --- a record moved between organs (the site migration's re-import, ADR 0030) -----------------------


@pytest.fixture
def kept_counts(settings):
    settings.GONGKAI_LIST_COUNT_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _total(org) -> int:
    return selectors.public_record_total(org=org, filters=RecordFilters())


def test_a_record_moved_to_another_organ_recounts_both_organs_and_undo_moves_it_back(
    two_orgs, tmp_path, kept_counts, django_capture_on_commit_callbacks
):
    from gongkai.migration import services as migration
    from gongkai.migration.models import ItemKind, MigratedItem
    from gongkai.migration.sites import HOST, write_article

    gov, dept = two_orgs.gov_a, two_orgs.dept_a1

    def import_(folder: str, actor, **article):
        root = tmp_path / folder
        write_article(root / HOST, 1, issuer="甲市发展和改革委员会", **article)
        batch = migration.plan_batch(source_path=str(root), org=gov, actor=actor)
        column = gov.columns.get(category_code="art20-15")
        for mapping in batch.column_mappings.all():
            migration.set_column_mapping(
                batch=batch, actor=actor, source_column=mapping.source_column, column=column
            )
        with django_capture_on_commit_callbacks(execute=True):
            return migration.run_batch(batch=batch, actor=actor)

    import_("first", migration.CONSOLE)  # the issuing department's record (ADR 0030)
    record = Record.objects.get(title="关于第1号事项的通知")
    assert record.organization == dept
    in_dept, in_gov = _total(dept), _total(gov)  # kept for 300 s
    # The department's column of that category no longer applies: imported again, changed, the
    # record goes back to the importing government (relations.record_home).
    Column.objects.filter(organization=dept, category_code="art20-15").update(applies=False)
    admin = two_orgs.staff(gov, Role.COMPETENT_ADMIN)
    for organ in (gov, dept):
        Membership.objects.create(user=admin, organization=organ, role=Role.EDITOR)
    batch = import_("again", admin, body="<p>修订后的正文。</p>")
    record.refresh_from_db()
    assert record.organization == gov
    assert Record.objects.filter(title="关于第1号事项的通知").count() == 1  # the same record, moved
    item = MigratedItem.objects.get(batch=batch, kind=ItemKind.ARTICLE)
    assert any("暂归入本机关" in p for p in item.problems)
    assert _total(gov) == in_gov + 1
    assert _total(dept) == in_dept - 1  # the organ it left is recounted too, not stale for 300 s
    with django_capture_on_commit_callbacks(execute=True):
        migration.undo_batch(batch=batch, actor=admin)
    record.refresh_from_db()
    assert record.organization == dept  # with its column, which belongs to the department
    assert record.column.organization == dept
    assert (_total(dept), _total(gov)) == (in_dept, in_gov)


# --- every module that writes these models is one whose writes were checked above -------------------

PUBLIC_MODELS = {
    "Record",
    "Interpretation",
    "Attachment",
    "ValidityChange",
    "AnnualReport",
    "ListVersion",
    "PowerListItem",
}
MODEL_MODULES = ("disclosure.models", "reports.models", "powers.models")
WRITES_CALLS = {
    "save",
    "delete",
    "update",
    "bulk_create",
    "bulk_update",
    "create",
    "get_or_create",
    "update_or_create",
}

# Modules that write public records, attachments, validity, reports or lists, and the explicit
# call each makes (ADR 0063); the tests above drive them.
WRITERS = {
    "disclosure/services.py": "public_records_changed(",
    "migration/services.py": "public_records_changed(",
    "migration/relations.py": "public_records_changed(",
    "reports/services.py": "public_reports_changed(",
    "powers/services.py": "public_lists_changed(",
}
# Modules that import these models and write, but only other tables or nothing a public page shows.
NOT_PUBLIC = {
    "disclosure/texts.py": "an attachment's extracted text, read by search and the checks, never shown",
    "disclosure/reads.py": "read counts (最多阅读), refreshed by their job within the page-cache lifetime",
    "disclosure/integrity.py": "hashes only; the seal goes to the audit chain",
    "demo/loader.py": "records through disclosure.services; organs through public_structure_changed",
    "participation/forms_consultations.py": "a form; the consultation services write",
    "participation/questions/services.py": "questions and 常见问题 (their own explicit call)",
    "participation/services_consultations.py": "consultations (their own explicit call)",
    "catalog/services.py": "columns and 指南 (public_structure_changed, ADR 0057); records only read",
    "catalog/topics.py": "专题 entries (their own explicit call); records only read",
    "inspection/selfcheck.py": "self-inspection scores and findings (staff only)",
    "portal/views.py": "reads only (a template context's update)",
    "workbench/reports.py": "a year's statistics for a draft report (not public)",
    "workbench/views.py": "through disclosure.services",
}


def _writing_modules() -> set[str]:
    found = set()
    for path in GONGKAI.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports = any(
            isinstance(node, ast.ImportFrom)
            and (node.module or "").endswith((*MODEL_MODULES, "models"))
            and PUBLIC_MODELS & {alias.name for alias in node.names}
            for node in ast.walk(tree)
        )
        writes = any(
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITES_CALLS
            for node in ast.walk(tree)
        )
        if imports and writes:
            found.add(path.relative_to(GONGKAI).as_posix())
    return found


def test_every_module_writing_public_content_makes_its_explicit_call():
    """A new module that imports these models and writes must be classed here: a writer of public
    content makes its explicit call (and gains a case in WRITES), or it says why nothing public
    changes."""
    found = _writing_modules()
    unclassed = found - set(WRITERS) - set(NOT_PUBLIC)
    assert not unclassed, f"writes public models without a known invalidation: {sorted(unclassed)}"
    stale = (set(WRITERS) | set(NOT_PUBLIC)) - found
    assert not stale, f"listed but no longer writing these models: {sorted(stale)}"
    for module, call in WRITERS.items():
        assert call in (GONGKAI / module).read_text(encoding="utf-8"), module
