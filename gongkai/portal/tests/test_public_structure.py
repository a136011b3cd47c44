"""Organs and columns written through the operators' admin or the workbench show on the next
request: every write path calls ``orgs.services.public_structure_changed`` explicitly (no signal
receiver, ADR 0057). And an organ's kept list counts follow that organ's own changes: a publication
in one organ recounts its lists and leaves every other organ's kept counts alone."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.accounts.models import AdminRole, Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.catalog.models import Column, Section
from gongkai.disclosure import selectors, services
from gongkai.disclosure.selectors import RecordFilters
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Organization

pytestmark = pytest.mark.django_db


class _Form(HTMLParser):
    """What a browser would send from the admin's change form, as it stands."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("id") or "").endswith("_form"):
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            else:
                self.data[name] = a.get("value") or ""
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in a:
            self.data[self.select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def admin_post(client, url: str, **changes) -> None:
    form = _Form()
    form.feed(client.get(url).content.decode())
    response = client.post(url, form.data | changes)
    errors = response.context["adminform"].form.errors if response.status_code == 200 else ""
    assert response.status_code == 302, errors


@pytest.fixture
def operator_client():
    client = Client()
    client.force_login(UserFactory(admin_role=AdminRole.SYSTEM, is_staff=True))
    return client


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_organ_renamed_in_the_admin_shows_at_once(
    client, two_orgs, fragments, page_cache, operator_client, django_capture_on_commit_callbacks
):
    org = two_orgs.dept_a1
    assert "甲市发展和改革委员会" in _page(client, f"/org/{org.slug}/records/")
    assert "甲市发展和改革委员会" in _page(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        admin_post(
            operator_client, reverse("admin:orgs_organization_change", args=[org.pk]), name="甲市发展改革委"
        )
    assert Organization.objects.get(pk=org.pk).name == "甲市发展改革委"
    for url in [f"/org/{org.slug}/records/", "/"]:
        page = _page(client, url)
        assert "甲市发展改革委" in page, url
        assert "甲市发展和改革委员会" not in page, url


def test_an_organ_added_in_the_admin_appears_in_the_organ_tree_at_once(
    client, two_orgs, fragments, page_cache, operator_client, django_capture_on_commit_callbacks
):
    assert "丙县人民政府" not in _page(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        admin_post(
            operator_client,
            reverse("admin:orgs_organization_add"),
            name="丙县人民政府",
            short_name="丙县政府",
            slug="bing",
            kind="government",
            level="county",
            credit_code=make_credit_code("11659900000000077"),
            treebeard_position="sorted-child",
            treebeard_ref_node=str(two_orgs.gov_a.pk),
        )
    assert "丙县人民政府" in _page(client, "/")


def test_a_column_renamed_in_the_admin_shows_in_the_menus_at_once(
    client, two_orgs, fragments, page_cache, operator_client, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    column = Column.objects.for_org(org).proactive().applicable().exclude(section=Section.RULES).first()
    with django_capture_on_commit_callbacks(execute=True):
        two_orgs.publish(two_orgs.draft(org, title="关于调整最低工资标准的通知", column=column))
    url = f"/org/{org.slug}/records/"
    assert f">{column.name}</a>" in _page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        admin_post(
            operator_client, reverse("admin:catalog_column_change", args=[column.pk]), name="改名后的栏目"
        )
    for url in [f"/org/{org.slug}/records/", f"/org/{org.slug}/"]:
        assert ">改名后的栏目</a>" in _page(client, url), url


def test_a_column_added_in_the_workbench_shows_in_the_menus_at_once(
    client, two_orgs, fragments, page_cache, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    parent = Column.objects.for_org(org).proactive().applicable().filter(parent=None).first()
    staff = Client()
    staff.force_login(two_orgs.staff(org, Role.HEAD))
    url = f"/org/{org.slug}/records/"
    with django_capture_on_commit_callbacks(execute=True):  # the parent column is shown
        two_orgs.publish(two_orgs.draft(org, title="2026年财政预算报告", column=parent))
    assert "年度预算执行" not in _page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("workbench:catalog_settings"),
            {
                "add_column": "1",
                "column-parent": parent.pk,
                "column-name": "年度预算执行",
                "column-slug": "budget-run",
            },
        )
    assert response.status_code == 302
    column = Column.objects.get(organization=org, slug="budget-run")
    assert "年度预算执行" not in _page(client, url)  # an empty column is never shown (ADR 0038)…
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("workbench:column_status", args=[column.pk]),
            {"applies": "on", "no_info": "on", "no_info_reason": "本年度尚未形成预算执行报告。"},
        )
    assert response.status_code == 302
    assert "年度预算执行" in _page(client, url)  # …until it states 「本机关无此项信息」


def test_the_organs_functions_edited_in_the_workbench_show_at_once(
    client, two_orgs, fragments, page_cache, django_capture_on_commit_callbacks
):
    from gongkai.orgs.services import update_organ_profile

    org = two_orgs.gov_a
    url = reverse("portal:organ_profile", args=[org.slug])
    before = _page(client, url)
    assert "统筹推进全市政务公开标准化规范化工作" not in before
    with django_capture_on_commit_callbacks(execute=True):
        update_organ_profile(
            org=org,
            actor=two_orgs.staff(org, Role.HEAD),
            functions="统筹推进全市政务公开标准化规范化工作。",
            units=[{"name": "办公室"}],
            leaders=[{"name": "王某", "post": "市长"}],
        )
    assert "统筹推进全市政务公开标准化规范化工作" in _page(client, url)


@pytest.fixture
def kept_counts(settings):
    settings.GONGKAI_LIST_COUNT_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _total(org) -> int:
    return selectors.public_record_total(org=org, filters=RecordFilters())


def _queries(read) -> int:
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured)


def test_a_publication_recounts_its_organ_and_leaves_the_other_organs_kept_counts(
    two_orgs, kept_counts, django_capture_on_commit_callbacks
):
    a, b = two_orgs.gov_a, two_orgs.gov_b
    with django_capture_on_commit_callbacks(execute=True):
        two_orgs.publish(two_orgs.draft(b, title="乙市关于防汛工作的通知"))
    a_before, b_before = _total(a), _total(b)
    b_columns = selectors.public_column_counts(org=b)
    assert _queries(lambda: _total(b)) == 0  # kept
    with django_capture_on_commit_callbacks(execute=True):
        two_orgs.publish(two_orgs.draft(a, title="甲市关于安全生产的通知"))
    assert _total(a) == a_before + 1  # A's change moved A's marker: counted again
    assert _queries(lambda: _total(b)) == 0  # B's kept total is left alone…
    assert _total(b) == b_before
    assert _queries(lambda: selectors.public_column_counts(org=b)) == 0  # …and its category counts
    assert selectors.public_column_counts(org=b) == b_columns


def test_a_withdrawal_recounts_its_organ(two_orgs, kept_counts, django_capture_on_commit_callbacks):
    a = two_orgs.gov_a
    with django_capture_on_commit_callbacks(execute=True):
        record = two_orgs.publish(two_orgs.draft(a, title="甲市关于安全生产的通知"))
    before = _total(a)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_record(record=record, actor=two_orgs.staff(a, Role.REVIEWER), reason="已失效")
    assert _total(a) == before - 1


def test_a_change_that_names_no_organ_recounts_every_organ(two_orgs, kept_counts):
    from gongkai.core.pagecache import bump_generation

    b = two_orgs.gov_b
    _total(b)
    assert _queries(lambda: _total(b)) == 0
    bump_generation()  # e.g. public_structure_changed() naming no organ: which is unknown
    assert _queries(lambda: _total(b)) > 0
