"""Nothing that is not published (and due) reaches a public page, feed, sitemap or API answer.

Every non-published state gets a record with a sentinel title (ASCII, so it survives JSON and XML
escaping). One published control record proves each page really lists records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.catalog.models import Column
from gongkai.disclosure import services
from gongkai.disclosure.models import Genre, Record, Status
from gongkai.disclosure.tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db

CONTROL = "SHOWN-CONTROL-公开对照"
SENTINEL = "LEAK-"
UNPUBLISHED_STATES = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.CONFIDENTIALITY_PASSED,
    Status.APPROVED,
    Status.RETURNED,
    "scheduled",
    Status.WITHDRAWN,
]


@dataclass
class World:
    org: object
    control: Record
    sentinels: dict[str, Record]
    withdrawn_attachment_id: int


@pytest.fixture
def world(two_orgs) -> World:
    org = two_orgs.gov_a
    columns = list(Column.objects.for_org(org).order_by("position"))
    control = two_orgs.publish(two_orgs.draft(org, title=CONTROL, column=columns[0], summary="对照摘要"))
    sentinels: dict[str, Record] = {}
    attachment_id = None
    for i, state in enumerate(UNPUBLISHED_STATES):
        # Spread over the columns (and always one in the control's column) so every list is probed.
        column = columns[0] if i == 0 else columns[i % len(columns)]
        record = two_orgs.draft(
            org,
            title=f"{SENTINEL}{state.upper()}-未公开",
            column=column,
            summary=f"{SENTINEL}{state}-summary",
        )
        if state == Status.WITHDRAWN:
            attachment_id = services.add_attachment(
                record=record, actor=two_orgs.staff(org, Role.EDITOR), name="撤回附件.pdf", data=pdf_bytes()
            ).pk
            record = two_orgs.publish(record, at=timezone.now() - timedelta(days=2))
            record = two_orgs.advance(record, Status.WITHDRAWN)
        elif state == "scheduled":
            record = two_orgs.publish(record, at=timezone.now() + timedelta(days=1))
        else:
            record = two_orgs.advance(record, state)
        sentinels[state] = Record.objects.get(pk=record.pk)
    assert {r.status for r in sentinels.values()} == set(UNPUBLISHED_STATES) - {"scheduled"} | {
        Status.PUBLISHED
    }
    return World(org=org, control=control, sentinels=sentinels, withdrawn_attachment_id=attachment_id)


def keyed_sentinel_urls(world: World) -> list[str]:
    """Detail URLs of the sentinels that carry an 索引号 (scheduled and withdrawn ones)."""
    return [r.get_absolute_url() for r in world.sentinels.values() if r.index_serial is not None]


def assert_no_leak(response, world: World, *, control_expected: bool) -> None:
    assert response.status_code == 200, response.request["PATH_INFO"]
    body = response.content.decode()
    assert SENTINEL not in body, f"unpublished record leaked into {response.request['PATH_INFO']}"
    for url in keyed_sentinel_urls(world):
        assert url not in body
    if control_expected:
        assert "SHOWN-CONTROL" in body


def test_sentinels_cover_every_unpublished_state(world):
    assert len(world.sentinels) == 7
    scheduled = world.sentinels["scheduled"]
    assert scheduled.status == Status.PUBLISHED
    assert scheduled.published_at > timezone.now()


def test_portal_home_lists_only_published(client, world):
    assert_no_leak(client.get(reverse("portal:home")), world, control_expected=True)


def test_organ_platform_lists_only_published(client, world):
    assert_no_leak(
        client.get(reverse("portal:platform", kwargs={"org": world.org.slug})), world, control_expected=True
    )


def test_records_list_lists_only_published_in_every_column(client, world):
    url = reverse("portal:records", kwargs={"org": world.org.slug})
    assert_no_leak(client.get(url), world, control_expected=True)
    for column in Column.objects.for_org(world.org):
        response = client.get(url, {"column": column.slug})
        assert_no_leak(response, world, control_expected=column == world.control.column)


def test_records_list_filters_do_not_reveal_unpublished(client, world):
    url = reverse("portal:records", kwargs={"org": world.org.slug})
    year = timezone.localdate().year
    for params in ({"year": year}, {"year": year + 1}, {"genre": Genre.NOTICE}, {"page": 2}, {"last": 1}):
        # ?page=N redirects to the keyset page it names now (ADR 0047)
        assert_no_leak(client.get(url, params, follow=True), world, control_expected=False)


def test_rules_and_annual_report_pages_list_only_published(client, world):
    for name in ("portal:rules", "portal:annual_reports", "portal:guide"):
        assert_no_leak(
            client.get(reverse(name, kwargs={"org": world.org.slug})), world, control_expected=False
        )


def test_organ_feed_carries_only_published(client, world):
    assert_no_leak(
        client.get(reverse("portal:feed", kwargs={"org": world.org.slug})), world, control_expected=True
    )


def test_every_column_feed_carries_only_published(client, world):
    for column in Column.objects.for_org(world.org):
        response = client.get(
            reverse("portal:column_feed", kwargs={"org": world.org.slug, "column": column.slug})
        )
        assert_no_leak(response, world, control_expected=column == world.control.column)


def test_sitemap_lists_only_published_records(client, world):
    index = client.get("/sitemap.xml")
    assert_no_leak(index, world, control_expected=False)
    response = client.get("/sitemap-records.xml")  # the index's part of the records (ADR 0047)
    assert_no_leak(response, world, control_expected=False)
    assert world.control.get_absolute_url() in response.content.decode()


def test_api_record_list_returns_only_published(client, world):
    for params in ({}, {"organ": world.org.slug}):
        response = client.get("/api/v1/records", params)
        assert_no_leak(response, world, control_expected=True)
        titles = [item["title"] for item in response.json()["items"]]
        assert titles == [CONTROL]


def test_api_record_list_by_column_returns_only_published(client, world):
    for column in Column.objects.for_org(world.org):
        response = client.get("/api/v1/records", {"organ": world.org.slug, "column": column.slug})
        assert_no_leak(response, world, control_expected=column == world.control.column)


def test_api_detail_of_scheduled_and_withdrawn_records_is_404(client, world):
    for state in ("scheduled", Status.WITHDRAWN):
        record = world.sentinels[state]
        response = client.get(f"/api/v1/records/{world.org.slug}/{record.public_key}")
        assert response.status_code == 404
        assert SENTINEL not in response.content.decode()
    assert client.get(f"/api/v1/records/{world.org.slug}/{world.control.public_key}").status_code == 200


@pytest.mark.parametrize("key", ["2024-00099", "None-None", "0-0", "草稿", "1-1-1"])
def test_detail_url_of_an_unknown_key_is_404(client, world, key):
    response = client.get(reverse("portal:record", kwargs={"org": world.org.slug, "key": key}))
    assert response.status_code == 404
    assert SENTINEL not in response.content.decode()


def test_draft_detail_under_the_key_it_would_get_next_is_404(client, world):
    year = timezone.localdate().year
    next_serial = Record.objects.filter(organization=world.org, index_year=year).count() + 1
    response = client.get(
        reverse("portal:record", kwargs={"org": world.org.slug, "key": f"{year}-{next_serial:05d}"})
    )
    assert response.status_code == 404


def test_scheduled_record_detail_is_404_until_its_time(client, world):
    record = world.sentinels["scheduled"]
    response = client.get(record.get_absolute_url())
    assert response.status_code == 404
    assert SENTINEL not in response.content.decode()


def test_withdrawn_record_page_stays_with_its_reason(client, world):
    record = world.sentinels[Status.WITHDRAWN]
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r"已(于.{0,20})?撤回", body)
    assert record.withdrawal_reason in body
    assert "撤回附件.pdf" not in body
    file_url = reverse(
        "portal:attachment",
        kwargs={
            "org": world.org.slug,
            "key": record.public_key,
            "attachment_id": world.withdrawn_attachment_id,
        },
    )
    assert file_url not in body


def test_withdrawn_record_attachment_download_is_404(client, world):
    record = world.sentinels[Status.WITHDRAWN]
    url = reverse(
        "portal:attachment",
        kwargs={
            "org": world.org.slug,
            "key": record.public_key,
            "attachment_id": world.withdrawn_attachment_id,
        },
    )
    assert client.get(url).status_code == 404


def test_attachment_of_published_record_downloads(client, two_orgs):
    org = two_orgs.gov_a
    record = two_orgs.draft(org)
    data = pdf_bytes()
    attachment = services.add_attachment(
        record=record, actor=two_orgs.staff(org, Role.EDITOR), name="公开附件.pdf", data=data
    )
    record = two_orgs.publish(record)
    url = reverse(
        "portal:attachment",
        kwargs={"org": org.slug, "key": record.public_key, "attachment_id": attachment.pk},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["X-Content-Type-Options"] == "nosniff"
    # The same attachment id under another record's key is not found.
    other = two_orgs.publish(two_orgs.draft(org))
    assert (
        client.get(
            reverse(
                "portal:attachment",
                kwargs={"org": org.slug, "key": other.public_key, "attachment_id": attachment.pk},
            )
        ).status_code
        == 404
    )


def test_scheduled_policy_is_not_named_on_its_published_interpretation(client, two_orgs):
    org = two_orgs.gov_a
    regulations = Column.objects.for_org(org).get(slug="regulations")
    policy = two_orgs.publish(
        two_orgs.draft(org, title=f"{SENTINEL}SCHEDULED-POLICY", genre=Genre.NORMATIVE, column=regulations),
        at=timezone.now() + timedelta(days=3),
    )
    interpretation = two_orgs.publish(
        two_orgs.draft(org, title="政策解读 SHOWN-CONTROL", genre=Genre.INTERPRETATION, policy=policy)
    )
    response = client.get(interpretation.get_absolute_url())
    assert response.status_code == 200
    assert SENTINEL not in response.content.decode()
    assert policy.get_absolute_url() not in response.content.decode()


def test_scheduled_amending_document_is_not_named_on_the_amended_one(client, two_orgs):
    org = two_orgs.gov_a
    regulations = Column.objects.for_org(org).get(slug="regulations")
    old = two_orgs.publish(
        two_orgs.draft(org, title="旧办法 SHOWN-CONTROL", genre=Genre.NORMATIVE, column=regulations)
    )
    new = two_orgs.publish(
        two_orgs.draft(
            org, title=f"{SENTINEL}SCHEDULED-AMENDMENT", genre=Genre.NORMATIVE, column=regulations
        ),
        at=timezone.now() + timedelta(days=3),
    )
    services.change_validity(
        record=old,
        actor=two_orgs.staff(org, Role.REVIEWER),
        validity="amended",
        effective_on=timezone.localdate(),
        related_record=new,
        note="修订",
    )
    response = client.get(old.get_absolute_url())
    assert response.status_code == 200
    assert SENTINEL not in response.content.decode()


def test_records_of_organ_b_never_appear_on_organ_a_pages(client, two_orgs):
    two_orgs.publish(two_orgs.draft(two_orgs.gov_b, title="乙县 ONLY-B"))
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="甲市 SHOWN-CONTROL"))
    for url in (
        reverse("portal:platform", kwargs={"org": "jia"}),
        reverse("portal:records", kwargs={"org": "jia"}),
        reverse("portal:feed", kwargs={"org": "jia"}),
    ):
        body = client.get(url).content.decode()
        assert "SHOWN-CONTROL" in body
        assert "ONLY-B" not in body
    titles = [i["title"] for i in client.get("/api/v1/records", {"organ": "jia"}).json()["items"]]
    assert titles == ["甲市 SHOWN-CONTROL"]
