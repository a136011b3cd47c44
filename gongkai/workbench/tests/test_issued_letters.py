"""Issued letters in the workbench: listed with their numbers, downloaded as stored, corrected as
new letters, another organ's a 404; the organ's letter settings."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.info_requests import issuing, services
from gongkai.info_requests.models import IssuedLetter, LetterSettings
from gongkai.info_requests.tests.factories import applicant

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied(two_orgs, django_capture_on_commit_callbacks):
    org = two_orgs.gov_a
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    application, _ = services.register(
        org=org, actor=handler, channel="letter", data=applicant(), received_on=timezone.localdate()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(
            application=application,
            actor=handler,
            outcome="unavailable_not_held",
            ground="not_responsible",
            responsible_organ="甲市自然资源局",
            responsible_contact="0994-1234567",
            reasons="该信息由自然资源部门制作",
            replied_on=timezone.localdate(),
        )
    return application


def test_the_detail_lists_the_issued_letter_and_serves_its_stored_bytes(client, two_orgs, replied):
    issued = IssuedLetter.objects.get(request=replied, kind="reply")
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER))
    page = client.get(reverse("workbench:request_detail", args=[replied.pk])).content.decode()
    assert issued.number in page
    response = client.get(reverse("workbench:request_issued_letter", args=[replied.pk, issued.pk, "pdf"]))
    assert hashlib.sha256(response.content).hexdigest() == issued.pdf_sha256


def test_another_organs_letter_is_a_404(client, two_orgs, replied):
    issued = IssuedLetter.objects.get(request=replied, kind="reply")
    client.force_login(two_orgs.staff(two_orgs.gov_b, Role.REQUEST_HANDLER))
    url = reverse("workbench:request_issued_letter", args=[replied.pk, issued.pk, "pdf"])
    assert client.get(url).status_code == 404


def test_a_correction_through_the_form(client, two_orgs, replied, django_capture_on_commit_callbacks):
    issued = IssuedLetter.objects.get(request=replied, kind="reply")
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER))
    url = reverse("workbench:request_correct_letter", args=[replied.pk, issued.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "联系方式有误"})
    new = issuing.latest(replied, "reply")
    assert new.corrects == issued
    assert new.number.endswith(f"〔{timezone.localdate().year}〕2号")


def test_letter_settings_through_the_form(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    client.post(
        reverse("workbench:letter_settings"),
        {
            "organ_code": "甲政",
            "number_pattern": "｛机关代字｝依申｛文书代字｝〔｛年度｝〕｛序号｝号",
            "payment_channel": "甲市非税收入缴款码",
        },
    )
    settings = LetterSettings.objects.get(organization=two_orgs.gov_a)
    assert settings.organ_code == "甲政"
    assert settings.sealed is False  # unchecked box
    assert settings.payment_channel == "甲市非税收入缴款码"
    # A clerk without the role cannot change them.
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER))
    response = client.post(reverse("workbench:letter_settings"), {"number_pattern": "x"})
    assert response.status_code == 403
