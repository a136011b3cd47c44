"""Tenant isolation in the workbench: another organ's object answers exactly like a missing one.

The URL list comes from the URLconf itself, so a workbench URL added tomorrow is swept too; a URL
keyword this module does not know how to fill makes the sweep fail until it is taught.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import make_staff
from gongkai.catalog.models import Column
from gongkai.disclosure import services
from gongkai.disclosure.models import Attachment, Record, Status
from gongkai.disclosure.tests.factories import pdf_bytes
from gongkai.info_requests import services as request_services
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.tests.factories import applicant
from gongkai.inspection.models import WordRule
from gongkai.migration.models import BatchStatus, MigrationBatch, SourceKind
from gongkai.participation.models import ConsultationComment, PublicConsultation
from gongkai.reports import services as report_services
from gongkai.workbench import requests
from gongkai.workbench.middleware import SESSION_KEY

# Every step name record_transition understands (the <slug:step> keyword).
STEPS = ["submit", "pass", "approve", "return", "withdraw", "publish"]
# Every step name request_step understands.
REQUEST_STEPS = [*requests.STEPS, *requests.FORMLESS_STEPS]
# URLs an anonymous visitor may open.
PUBLIC_WORKBENCH_URLS = {"workbench:login"}


def workbench_patterns() -> list[tuple[str, URLPattern]]:
    """(``workbench:name``, pattern) for every URL in the workbench namespace of config.urls."""
    found: list[tuple[str, URLPattern]] = []

    def walk(patterns, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif namespace == "workbench":
                assert entry.name, f"workbench URL {entry.pattern} has no name"
                found.append((f"workbench:{entry.name}", entry))

    walk(get_resolver("config.urls").url_patterns, None)
    return found


WORKBENCH = workbench_patterns()
# Installation-level pages that take a key but own no organ's object: the 后台任务 of the whole
# installation (gongkai/jobs/views.py checks the role itself; gongkai/jobs/tests/test_views.py).
INSTALLATION_URLS = {"workbench:job_run_now", "workbench:job_settings"}
OBJECT_URLS = [(name, p) for name, p in WORKBENCH if p.pattern.converters and name not in INSTALLATION_URLS]


def test_url_sweep_found_the_workbench_urls_that_take_an_object():
    names = {name for name, _ in OBJECT_URLS}
    assert {
        "workbench:record_detail",
        "workbench:record_edit",
        "workbench:record_transition",
        "workbench:attachment_upload",
        "workbench:attachment_delete",
        "workbench:record_validity",
        "workbench:powers_version",
        "workbench:powers_version_step",
        "workbench:powers_item_edit",
        "workbench:consultation_detail",
        "workbench:consultation_comment",
        "workbench:consultation_export",
    } <= names


def kwarg_variants(pattern: URLPattern, objects: dict) -> list[dict]:
    """Every keyword combination to request for ``pattern``, filled from organ A's objects."""
    variants: list[dict] = [{}]
    application_url = (pattern.name or "").startswith("request_")
    report_url = (pattern.name or "").startswith("report_")
    plan_url = (pattern.name or "").startswith("plan_")
    batch_url = (pattern.name or "").startswith("migration_")
    column_url = (pattern.name or "").startswith("column_")
    wordlist_url = (pattern.name or "").startswith("wordlist_")
    catalogue_url = (pattern.name or "").startswith("catalogue_")
    power_list_url = (pattern.name or "") in {"powers_version", "powers_version_step", "powers_item_add"}
    consultation_url = (pattern.name or "").startswith("consultation_")
    for keyword in pattern.pattern.converters:
        if keyword == "step":
            values = REQUEST_STEPS if application_url else ["lock", "publish"] if report_url else STEPS
        elif keyword == "pk" and report_url:
            values = [objects["report_pk"]]
        elif keyword == "pk" and plan_url:
            values = [objects["plan_pk"]]
        elif keyword == "pk" and batch_url:
            values = [objects["batch_pk"]]
        elif keyword == "pk" and column_url:
            values = [objects["column_pk"]]
        elif keyword == "pk" and wordlist_url:
            values = [objects["wordrule_pk"]]
        elif keyword == "pk" and catalogue_url:
            values = [objects[f"{pattern.name}_pk"]]
        elif keyword == "pk" and power_list_url:
            values = [objects["power_version"]]
        elif keyword == "pk" and consultation_url:
            values = [objects["consultation_pk"]]
        elif keyword == "comment_id":
            values = [objects["comment_id"]]
        elif keyword == "action":
            values = ["report", "review", "carry", "adjust", "indicators"]
        elif keyword == "kind":
            values = ["receipt"]
        elif keyword == "fmt":
            values = ["docx"]
        elif keyword == "name":  # a job's code (installation-level)
            values = ["backup"]
        elif keyword == "file_id":
            values = [objects["file_id"]]
        elif keyword == "supplement_id":
            values = [objects["supplement_id"]]
        elif keyword == "pk" and application_url and "letter_id" in pattern.pattern.converters:
            values = [objects["letter_request_pk"]]
        elif keyword == "pk" and application_url:
            values = [objects["request_pk"]]
        elif keyword in objects:
            values = [objects[keyword]]
        else:
            pytest.fail(f"tenancy sweep does not know how to fill <{keyword}> in {pattern.pattern}: teach it")
        variants = [{**v, keyword: value} for v in variants for value in values]
    return variants


@pytest.fixture
def organ_a_objects(two_orgs) -> dict:
    """A draft of organ A with an attachment, keyed by the URL keywords that address them."""
    record = two_orgs.draft(two_orgs.gov_a, title="甲市内部草稿")
    attachment = services.add_attachment(
        record=record, actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR), name="附件.pdf", data=pdf_bytes()
    )
    application, _ = request_services.register(
        org=two_orgs.gov_a,
        actor=two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER),
        channel="letter",
        data=applicant(),
        received_on=application_received_on(),
    )
    released = request_services.release_file(
        application=application,
        actor=two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER),
        name="提供的信息.pdf",
        data=pdf_bytes(),
    )
    request_services.request_correction(
        application=application,
        actor=two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER),
        items="请写明文号。",
        sent_on=application.received_on,
        due_on=application.received_on + timedelta(days=15),
    )
    request_services.supplement_online(
        application=application, text="文号见附件。", files=[("补正.pdf", pdf_bytes())]
    )
    # An issued letter (the 补正告知书 of a second application), for the issued-letter URLs.
    corrected, _ = request_services.register(
        org=two_orgs.gov_a,
        actor=two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER),
        channel="letter",
        data=applicant(),
        received_on=application_received_on(),
    )
    request_services.request_correction(
        application=corrected,
        actor=two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER),
        items="请写明所需信息的年份",
        due_on=application_received_on() + timedelta(days=15),
        sent_on=application_received_on(),
    )
    report = report_services.prepare(
        org=two_orgs.gov_a, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD), year=2025
    )
    from gongkai.workplans import services as plan_services
    from gongkai.workplans.parsing import parse as parse_plan

    notice = "一、公开\n1.2026年底前完成平台建设。（牵头单位：甲市人民政府；责任单位：各部门）"
    plan = plan_services.import_plan(
        org=two_orgs.gov_a,
        actor=two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN),
        parsed=parse_plan(notice, year=2026),
        source_text=notice,
    )
    # A finished 网站迁移 batch: run refuses it (no source needed), detail, mapping and undo answer.
    batch = MigrationBatch.objects.create(
        organization=two_orgs.gov_a,
        source="/nonexistent/mirror",
        source_kind=SourceKind.MIRROR,
        source_hash="0" * 64,
        status=BatchStatus.DONE,
    )
    # An entry of organ A's own 错敏词 list (the installation's entries are everyone's).
    wordrule = WordRule.objects.create(
        organization=two_orgs.gov_a,
        category="organ",
        pattern="甲市专用错词",
        suggestion="甲市正确用词",
        reason="甲市自定",
    )
    # A stored self-inspection of organ A, so its page and exports have something to show.
    from gongkai.inspection.models import InspectionRun, InspectionScore

    run = InspectionRun.objects.create(
        organization=two_orgs.gov_a, started_at=timezone.now(), finished_at=timezone.now(), score=100
    )
    InspectionScore.objects.create(run=run, organization=two_orgs.gov_a, score=100)
    # A 标准目录 draft of organ A and one of its items (rows only: the sweep needs ids, not a 基层 organ).
    from gongkai.catalog.models import CatalogueItem, CatalogueVersion

    catalogue = CatalogueVersion.objects.create(organization=two_orgs.gov_a, number=1)
    catalogue_item = CatalogueItem.objects.create(
        organization=two_orgs.gov_a,
        version=catalogue,
        key="local-0001",
        domain_code="base-17",
        level1="甲市事项",
    )
    # A draft 权责清单 of organ A with one item.
    from gongkai.powers import services as power_services
    from gongkai.powers.tests.factories import real_bytes

    power_version = power_services.import_list(
        org=two_orgs.gov_a,
        actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
        kind="powers",
        name="权责清单.xlsx",
        data=real_bytes("county-market-powers.xlsx"),
    )
    # An open 意见征集 of organ A with one public comment.
    from gongkai.participation import services_consultations as consultation_services

    consultation = consultation_services.open_consultation(
        org=two_orgs.gov_a,
        actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
        title="甲市草案征求意见",
        contact="电话 0991-1234567",
        starts_on=timezone.localdate(),
        draft_text="第一条 甲市草案。",
    )
    consultation_comment = consultation_services.submit_comment(
        consultation=consultation, text="甲市草案的一条意见。"
    )
    return {
        "catalogue_version_pk": catalogue.pk,
        "catalogue_item_pk": catalogue_item.pk,
        "power_version": power_version.pk,
        "power_item": power_version.items.first().pk,
        "consultation_pk": consultation.pk,
        "comment_id": consultation_comment.pk,
        "wordrule_pk": wordrule.pk,
        "batch_pk": batch.pk,
        "column_pk": Column.objects.for_org(two_orgs.gov_a).first().pk,
        "plan_pk": plan.pk,
        "report_pk": report.pk,
        "pk": record.pk,
        "attachment_id": attachment.pk,
        "request_pk": application.pk,
        "file_id": released.pk,
        "supplement_id": application.supplement_files.get().pk,
        "letter_id": corrected.issued_letters.get(kind="correction").pk,
        "letter_request_pk": corrected.pk,
    }


def application_received_on():
    from django.utils import timezone

    return timezone.localdate()


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), OBJECT_URLS, ids=[n for n, _ in OBJECT_URLS])
def test_staff_of_organ_b_get_404_for_organ_a_objects(client, two_orgs, organ_a_objects, name, pattern):
    # One person holding every role in B: the strongest outsider there is.
    outsider = make_staff(two_orgs.gov_b, *Role.values, username="b_everything")
    client_for(client, outsider)
    record_before = Record.objects.values().get(pk=organ_a_objects["pk"])
    application_before = InfoRequest.objects.values().get(pk=organ_a_objects["request_pk"])
    consultation_before = PublicConsultation.objects.values().get(pk=organ_a_objects["consultation_pk"])
    comment_before = ConsultationComment.objects.values().get(pk=organ_a_objects["comment_id"])
    for kwargs in kwarg_variants(pattern, organ_a_objects):
        url = reverse(name, kwargs=kwargs)
        post = client.post(url, {"comment": "越权", "reason": "越权", "title": "越权"})
        assert post.status_code == 404, f"POST {url} answered {post.status_code}"
        get = client.get(url)
        # A POST-only view answers 405 to every GET, whatever the pk: that tells the outsider nothing.
        assert get.status_code in (404, 405), f"GET {url} answered {get.status_code}"
        if get.status_code == 405:
            assert client.get(reverse(name, kwargs={**kwargs, "pk": 999999999})).status_code == 405
    assert Record.objects.values().get(pk=organ_a_objects["pk"]) == record_before
    assert Attachment.objects.filter(pk=organ_a_objects["attachment_id"]).exists()
    assert InfoRequest.objects.values().get(pk=organ_a_objects["request_pk"]) == application_before
    assert (
        PublicConsultation.objects.values().get(pk=organ_a_objects["consultation_pk"]) == consultation_before
    )
    assert ConsultationComment.objects.values().get(pk=organ_a_objects["comment_id"]) == comment_before


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), OBJECT_URLS, ids=[n for n, _ in OBJECT_URLS])
def test_staff_of_organ_a_reach_the_same_urls(client, two_orgs, organ_a_objects, name, pattern):
    """The control for the sweep: the 404s above come from tenancy, not from a wrong object id."""
    insider = make_staff(two_orgs.gov_a, *Role.values, username="a_everything")
    client_for(client, insider)
    kwargs = kwarg_variants(pattern, organ_a_objects)[0]
    url = reverse(name, kwargs=kwargs)
    get = client.get(url)
    assert get.status_code in (200, 405), f"GET {url} answered {get.status_code}"
    post = client.post(url, {"comment": "同意", "reason": "同意"})
    assert post.status_code in (200, 302), f"POST {url} answered {post.status_code}"


@pytest.mark.django_db
def test_competent_admin_of_government_a_can_switch_to_department_a1(client, two_orgs):
    a1_record = two_orgs.draft(two_orgs.dept_a1, title="发改委草稿")
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    client_for(client, admin)
    detail = reverse("workbench:record_detail", kwargs={"pk": a1_record.pk})
    assert client.get(detail).status_code == 404  # still working in government A

    response = client.post(reverse("workbench:switch_organization"), {"organization": two_orgs.dept_a1.pk})

    assert response.status_code == 302
    assert response.url == reverse("workbench:dashboard")
    assert client.session[SESSION_KEY] == two_orgs.dept_a1.pk
    assert client.get(detail).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_staff_of_b_cannot_switch_to_government_a(client, two_orgs, role):
    client_for(client, two_orgs.staff(two_orgs.gov_b, role))
    response = client.post(reverse("workbench:switch_organization"), {"organization": two_orgs.gov_a.pk})
    assert response.status_code == 404
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_competent_admin_of_b_cannot_switch_into_a_department_of_a(client, two_orgs):
    client_for(client, two_orgs.staff(two_orgs.gov_b, Role.COMPETENT_ADMIN))
    response = client.post(reverse("workbench:switch_organization"), {"organization": two_orgs.dept_a1.pk})
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.COMPETENT_ADMIN])
def test_department_oversight_is_only_for_the_competent_admin(client, two_orgs, role):
    client_for(client, two_orgs.staff(two_orgs.gov_a, role))
    response = client.post(reverse("workbench:switch_organization"), {"organization": two_orgs.dept_a1.pk})
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "abc", "999999999"])
def test_switching_to_nonsense_is_404(client, two_orgs, value):
    client_for(client, two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    assert client.post(reverse("workbench:switch_organization"), {"organization": value}).status_code == 404


@pytest.mark.django_db
def test_stale_session_organ_falls_back_to_own_organ(client, two_orgs):
    """A session pointing at an organ the user may no longer open is ignored, not obeyed."""
    a_record = two_orgs.draft(two_orgs.gov_a)
    b_editor = two_orgs.staff(two_orgs.gov_b, Role.EDITOR)
    client_for(client, b_editor)
    session = client.session
    session[SESSION_KEY] = two_orgs.gov_a.pk
    session.save()
    assert client.get(reverse("workbench:record_detail", kwargs={"pk": a_record.pk})).status_code == 404


def anonymous_variants():
    for name, pattern in WORKBENCH:
        if name in PUBLIC_WORKBENCH_URLS:
            continue
        yield pytest.param(name, pattern, id=name)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), list(anonymous_variants()))
def test_anonymous_visitors_are_sent_to_login(client, two_orgs, organ_a_objects, name, pattern):
    login = reverse("workbench:login")
    kwargs = kwarg_variants(pattern, organ_a_objects)[0] if pattern.pattern.converters else {}
    url = reverse(name, kwargs=kwargs)

    post = client.post(url, {"comment": "x", "reason": "x"})
    assert post.status_code == 302, f"POST {url} answered {post.status_code}"
    assert post.url.startswith(login)

    get = client.get(url)
    if get.status_code == 405:
        # POST-only views refuse other methods before anything else, for everyone.
        client_for(client, two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
        assert client.get(url).status_code == 405
    else:
        assert get.status_code == 302, f"GET {url} answered {get.status_code}"
        assert get.url.startswith(login)
    assert Record.objects.get(pk=organ_a_objects["pk"]).status == Status.DRAFT
