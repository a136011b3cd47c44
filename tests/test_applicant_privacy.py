"""Sentinel test (security.md §1.6, 个人信息保护法): an applicant's name, ID number and phone,
submitted in an application, appear in no public page, feed, sitemap, API answer, search result or
audit entry — and the description they wrote does not either."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.info_requests import services
from gongkai.info_requests.tests.factories import applicant, id_number

pytestmark = pytest.mark.django_db

NAME = "哨兵欧阳娜娜"
PHONE = "13987654321"
DESCRIPTION = "哨兵申请内容关于某某地块的征收补偿协议"


@pytest.fixture
def sentinel(two_orgs, search_index):
    org = two_orgs.gov_a
    ident = id_number()
    services.submit_online(
        org=org,
        data=applicant(applicant_name=NAME, id_number=ident, phone=PHONE, description=DESCRIPTION),
        token="sentinel",
    )
    services.register(
        org=org,
        actor=two_orgs.staff(org, "request_handler"),
        channel="letter",
        data=applicant(applicant_name=NAME + "二", id_number=ident, phone=PHONE, description=DESCRIPTION),
        received_on=timezone.localdate(),
    )
    two_orgs.publish(two_orgs.draft(org, title="征收补偿协议公开对照"))
    search_index()
    return org, [NAME, ident, PHONE, DESCRIPTION, ident[:6] + ident[-4:]]


def public_urls(org) -> list[str]:
    slug = org.slug
    return [
        reverse("portal:home"),
        reverse("portal:platform", args=[slug]),
        reverse("portal:records", args=[slug]),
        reverse("portal:guide", args=[slug]),
        reverse("portal:annual_reports", args=[slug]),
        reverse("portal:feed", args=[slug]),
        reverse("portal:apply", args=[slug]),
        reverse("sitemap"),
        # The index's parts (ADR 0047): records and platforms are where an applicant's words could go.
        reverse("sitemap_section", args=["records"]),
        reverse("sitemap_section", args=["platform"]),
        "/api/v1/organs",
        f"/api/v1/records?organ={slug}",
        reverse("search:search") + "?q=征收补偿协议",
        reverse("search:suggest") + "?q=征收",
    ]


def test_applicant_data_reaches_no_public_output(client, sentinel):
    org, secrets = sentinel
    for url in public_urls(org):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        body = (
            body.encode().decode("unicode_escape", errors="ignore")
            if "json" in response["Content-Type"]
            else body
        )
        for secret in secrets:
            assert secret not in body, f"{secret} leaked into {url}"


def test_searching_for_the_applicant_finds_nothing(client, sentinel):
    for q in (NAME, PHONE, "哨兵"):
        assert client.get(reverse("search:search"), {"q": q})["X-Result-Total"] == "0"
    # The description's words may find public documents on the same subject, never the application.
    page = client.get(reverse("search:search"), {"q": DESCRIPTION})
    assert page["X-Result-Total"] == "1"
    text = re.sub(r"</?mark>", "", page.content.decode())
    assert "征收补偿协议公开对照" in text
    assert "未找到“哨兵" in text


def test_the_search_page_finds_the_published_control_but_never_the_application(client, sentinel):
    text = re.sub(r"</?mark>", "", client.get(reverse("search:search") + "?q=征收补偿协议").content.decode())
    assert "征收补偿协议公开对照" in text
    assert DESCRIPTION not in text


def test_the_audit_log_names_applications_not_applicants(sentinel):
    logged = str(list(AuditEntry.objects.values()))
    for secret in sentinel[1]:
        assert secret not in logged
