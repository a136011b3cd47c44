"""Sentinel test for 政策咨询 (个人信息保护法, ADR 0037): the asker's name, phone and ID number,
typed into the question, the answer and the contact field, appear in no public page, feed,
sitemap, API answer, search result, suggestion or audit entry — only their masked forms do — and a
question without the asker's consent is not public at all."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.participation.models import Question
from gongkai.participation.questions import services
from gongkai.textproc.pii import make_id_number, mask_name

pytestmark = pytest.mark.django_db

NAME = "哨兵司马娜娜"
PHONE = "13987650001"
IDENT = make_id_number("652301", date(1990, 3, 4), 21)
ADDRESS = "甲市和平路18号2单元402室"
PRIVATE_TITLE = "哨兵未同意公开的咨询"


@pytest.fixture
def sentinel(two_orgs, search_index):
    org = two_orgs.gov_a
    editor, head = two_orgs.staff(org, Role.EDITOR), two_orgs.staff(org, Role.HEAD)
    q = services.ask_question(
        organization=org,
        title="廉租房申请条件",
        text=f"我是{NAME}，住在家庭住址：{ADDRESS}，电话{PHONE}，请问廉租房申请条件？",
        asker_name=NAME,
        asker_contact=PHONE,
        consent_to_publish=True,
    )
    services.answer_question(
        question=q, text=f"{NAME}您好，经核实身份证{IDENT}符合条件，请致电{PHONE}预约。", actor=editor
    )
    services.publish_question(question=Question.objects.get(pk=q.pk), actor=head)
    private = services.ask_question(
        organization=org, title=PRIVATE_TITLE, text="不公开的内容", asker_name=NAME, consent_to_publish=False
    )
    services.answer_question(question=private, text="已答复", actor=editor)
    search_index()
    return org, Question.objects.get(pk=q.pk), [NAME, PHONE, IDENT, "18号2单元402室", PRIVATE_TITLE]


def public_urls(org, question) -> list[str]:
    return [
        reverse("portal:home"),
        reverse("portal:platform", args=[org.slug]),
        reverse("portal:feed", args=[org.slug]),
        reverse("sitemap"),
        reverse("sitemap_section", args=["questions"]),
        reverse("questions:list"),
        reverse("questions:detail", args=[question.number]),
        reverse("questions:suggest") + "?q=廉租房",
        "/api/v1/questions",
        f"/api/v1/questions/{question.number}",
        reverse("search:search") + "?q=廉租房申请条件",
        reverse("search:suggest") + "?q=廉租房",
    ]


def test_asker_data_reaches_no_public_output(client, sentinel):
    org, question, secrets = sentinel
    for url in public_urls(org, question):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        if "json" in response["Content-Type"]:
            body = body.encode().decode("unicode_escape", errors="ignore")
        for secret in secrets:
            assert secret not in body, f"{secret} leaked into {url}"


def test_the_published_question_is_found_masked_and_the_asker_never(client, sentinel):
    _org, question, _secrets = sentinel
    found = client.get(reverse("search:search"), {"q": "廉租房申请条件"})
    assert reverse("questions:detail", args=[question.number]) in found.content.decode()
    for q in (NAME, PHONE, PRIVATE_TITLE):
        assert client.get(reverse("search:search"), {"q": q})["X-Result-Total"] == "0"
    detail = client.get(reverse("questions:detail", args=[question.number])).content.decode()
    assert mask_name(NAME) in detail
    assert "139****0001" in detail


def test_the_audit_log_names_questions_not_askers(sentinel):
    logged = str(list(AuditEntry.objects.values()))
    for secret in (NAME, PHONE, IDENT):
        assert secret not in logged
