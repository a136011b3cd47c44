"""The workbench at an organ's full size (issue 20, ADR 0046): the lists, the queues and the dashboard
run the same number of queries for 5 rows as for 50, page any depth in two short reads, count the
dashboard's queues up to a bound, and the record pickers never list every record of the organ."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.catalog.models import Column
from gongkai.disclosure.forms import RecordForm, ValidityForm
from gongkai.disclosure.models import Genre, Record, Status
from gongkai.disclosure.selectors import records_in_workbench
from gongkai.info_requests import services as request_services
from gongkai.info_requests.tests.factories import applicant
from gongkai.workbench import paging

pytestmark = pytest.mark.django_db


def add_records(
    org, editor, n: int, *, status=Status.DRAFT, genre=Genre.NOTICE, start: int = 0
) -> list[Record]:
    """``n`` rows straight into the table (the services are tested elsewhere), a minute apart."""
    column = Column.objects.for_org(org).proactive().first()
    now = timezone.now()
    made = []
    for i in range(start, start + n):
        fields = {}
        if status in (Status.PUBLISHED, Status.WITHDRAWN):
            fields = {"published_at": now, "index_year": now.year, "index_serial": i + 1}
            fields["index_number"] = f"{org.credit_code}/{now.year}-{i + 1:05d}"
        made.append(
            Record(
                organization=org,
                column=column,
                status=status,
                genre=genre,
                title=f"测试信息{i}",
                created_by=editor,
                **fields,
            )
        )
    made = Record.objects.bulk_create(made)
    for offset, record in enumerate(made):
        Record.objects.filter(pk=record.pk).update(updated_at=now - timedelta(minutes=offset))
    return made


def queries_for(client, url: str) -> int:
    client.get(url)  # the first request after logging in also touches the session and the user
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(two_orgs, n: int, start: int = 0) -> None:
    org = two_orgs.gov_a
    other_editor = two_orgs.staff(org, Role.EDITOR)
    drafter = two_orgs.staff(two_orgs.gov_a, Role.CONFIDENTIALITY_REVIEWER)  # not the reviewer
    add_records(org, other_editor, n, status=Status.DRAFT, start=start)
    add_records(org, drafter, n, status=Status.CONFIDENTIALITY_PASSED, start=start)
    add_records(org, drafter, n, status=Status.APPROVED, start=start)
    add_records(org, other_editor, n, status=Status.PUBLISHED, genre=Genre.NORMATIVE, start=start)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (Role.EDITOR, "workbench:dashboard"),
        (Role.REVIEWER, "workbench:dashboard"),
        (Role.HEAD, "workbench:dashboard"),
        (Role.EDITOR, "workbench:record_list"),
        (Role.REVIEWER, "workbench:review_queue"),
    ],
)
def test_record_pages_run_as_many_queries_for_50_rows_as_for_5(client, two_orgs, role, url):
    client.force_login(two_orgs.staff(two_orgs.gov_a, role))
    grow(two_orgs, 5)
    small = queries_for(client, reverse(url))
    grow(two_orgs, 45, start=5)
    assert queries_for(client, reverse(url)) == small
    # A deep page costs what the first does.
    if url != "workbench:dashboard":
        assert queries_for(client, reverse(url) + "?page=2") == small


def test_the_application_list_runs_as_many_queries_for_50_rows_as_for_5(client, two_orgs):
    org = two_orgs.gov_a
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)

    def register(n):
        for _ in range(n):
            request_services.register(
                org=org, actor=handler, channel="letter", data=applicant(), received_on=timezone.localdate()
            )

    client.force_login(handler)
    register(5)
    small = queries_for(client, reverse("workbench:request_list"))
    register(45)
    assert queries_for(client, reverse("workbench:request_list")) == small
    assert queries_for(client, reverse("workbench:request_list") + "?page=2") == small


def test_keys_first_pages_are_the_pages_django_gives(two_orgs):
    org = two_orgs.gov_a
    add_records(org, two_orgs.staff(org, Role.EDITOR), 23)
    add_records(org, two_orgs.staff(org, Role.EDITOR), 4, status=Status.PUBLISHED, start=23)
    records = records_in_workbench(org=org)
    plain, keys_first = Paginator(records, 5, orphans=1), paging.KeysFirstPaginator(records, 5, orphans=1)
    assert keys_first.count == plain.count == 27
    assert keys_first.num_pages == plain.num_pages
    for number in plain.page_range:
        assert [r.pk for r in keys_first.page(number)] == [r.pk for r in plain.page(number)]
    # Rows come with what the list shows, loaded in the same query.
    row = keys_first.page(2)[0]
    with CaptureQueriesContext(connection) as captured:
        assert row.column.name
        assert row.created_by.username
    assert not captured


def test_bounded_count_says_more_instead_of_counting_on(two_orgs):
    org = two_orgs.gov_a
    add_records(org, two_orgs.staff(org, Role.EDITOR), 7)
    records = records_in_workbench(org=org)
    assert paging.bounded_count(records, limit=10) == (7, False)
    assert paging.bounded_count(records, limit=7) == (7, False)
    assert paging.bounded_count(records, limit=6) == (6, True)


def test_the_dashboard_shows_a_capped_queue_with_a_plus(client, two_orgs, monkeypatch):
    org = two_orgs.gov_a
    editor = two_orgs.staff(org, Role.EDITOR)
    add_records(org, editor, 4)
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    client.force_login(editor)
    text = client.get(reverse("workbench:dashboard")).content.decode()
    assert '我的草稿 <span class="count">3+</span>' in text
    monkeypatch.setattr(paging, "COUNT_LIMIT", 4)
    text = client.get(reverse("workbench:dashboard")).content.decode()
    assert '我的草稿 <span class="count">4</span>' in text


def test_the_policy_picker_lists_a_bounded_few_and_takes_a_number_or_an_index_number(two_orgs, monkeypatch):
    from gongkai.disclosure import forms

    org = two_orgs.gov_a
    editor = two_orgs.staff(org, Role.EDITOR)
    monkeypatch.setattr(forms, "RECORD_SUGGESTIONS", 3)
    published = add_records(org, editor, 6, status=Status.PUBLISHED, genre=Genre.NORMATIVE)
    oldest = published[-1]  # updated last minute × 5: not among the three newest
    html = str(RecordForm(org=org)["policy"])
    assert html.count("<option") == 3
    assert f'value="{oldest.pk}"' not in html
    assert "<datalist" in html
    assert 'list="id_policy-choices"' in html
    # The current choice is listed even when older than the suggestions.
    interpretation = Record(organization=org, policy=oldest, genre=Genre.INTERPRETATION)
    html = str(RecordForm(org=org, instance=interpretation)["policy"])
    assert f'value="{oldest.pk}"' in html
    assert html.count("<option") == 4

    def chosen(value):
        form = RecordForm({"policy": value}, org=org)
        form.is_valid()
        return form.cleaned_data.get("policy"), form.errors.get("policy")

    assert chosen(str(oldest.pk)) == (oldest, None)
    assert chosen(f" {oldest.index_number} ") == (oldest, None)
    # Another organ's record, or a number that is no record: a clear message, nothing chosen.
    foreign = add_records(two_orgs.gov_b, two_orgs.staff(two_orgs.gov_b, Role.EDITOR), 1, start=90)[0]
    for value in (str(foreign.pk), "999999", "不存在的索引号"):
        record, errors = chosen(value)
        assert record is None
        assert errors == ["找不到该文件：请填写可选文件的编号或索引号（输入时可从列表中选择）。"]


def test_the_validity_form_picks_a_published_record_of_the_organ(two_orgs):
    org = two_orgs.gov_a
    editor = two_orgs.staff(org, Role.EDITOR)
    published = add_records(org, editor, 2, status=Status.PUBLISHED)[0]
    draft = add_records(org, editor, 1, start=10)[0]
    form = ValidityForm(
        {"validity": "amended", "effective_on": "2024-05-01", "related_record": published.index_number},
        org=org,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["related_record"] == published
    form = ValidityForm(
        {"validity": "amended", "effective_on": "2024-05-01", "related_record": str(draft.pk)}, org=org
    )
    assert not form.is_valid()
    assert "related_record" in form.errors


def test_the_workbench_indexes_are_in_the_database():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Record._meta.db_table)
    columns = {name: c["columns"] for name, c in constraints.items() if c["index"]}
    assert columns["record_org_updated_idx"] == ["organization_id", "updated_at", "id"]
    assert columns["record_org_status_updated_idx"] == [
        "organization_id",
        "status",
        "updated_at",
        "id",
        "created_by_id",
    ]
    assert columns["record_org_author_idx"] == ["organization_id", "created_by_id", "status", "updated_at"]
    assert columns["record_org_genre_idx"] == ["organization_id", "genre", "major_policy", "status"]


def test_the_application_index_serves_the_list_by_state():
    from gongkai.info_requests.models import InfoRequest

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, InfoRequest._meta.db_table)
    columns = {name: c["columns"] for name, c in constraints.items() if c["index"]}
    assert columns["inforequest_org_status_idx"] == ["organization_id", "status", "year", "serial"]


@pytest.mark.parametrize("url", ["workbench:dashboard", "workbench:record_list", "workbench:review_queue"])
def test_record_tables_link_each_row_to_its_record_and_read_only_what_they_show(client, two_orgs, url):
    """The row links are built from one reverse of the list's address (ADR 0057): each must be the
    record's own page; the rows are read without their bodies."""
    org = two_orgs.gov_a
    reviewer = two_orgs.staff(org, Role.REVIEWER)
    made = add_records(org, two_orgs.staff(org, Role.CONFIDENTIALITY_REVIEWER), 3, status=Status.APPROVED)
    client.force_login(reviewer)
    response = client.get(reverse(url))
    html = response.content.decode()
    for record in made:
        assert f'href="{reverse("workbench:record_detail", args=[record.pk])}"' in html
    rows = response.context["page"] if "page" in response.context else response.context["recent"]
    assert all({"body", "summary"} <= row.get_deferred_fields() for row in rows)


def test_the_application_list_reads_no_applicant_data_it_does_not_show(client, two_orgs):
    org = two_orgs.gov_a
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    request_services.register(
        org=org, actor=handler, channel="letter", data=applicant(), received_on=timezone.localdate()
    )
    client.force_login(handler)
    response = client.get(reverse("workbench:request_list"))
    ((application, masked, _clock),) = response.context["rows"]
    assert {"address", "email", "contact_person"} <= application.get_deferred_fields()
    assert masked["name"]
    assert masked["name"] in response.content.decode()
