"""The second factor at login (等保 2.0 第三级 8.1.4.1 d; issue 17): TOTP computed from the secret
the enrolment page shows, with an independent implementation (pyotp)."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import DEFAULT_PASSWORD, make_staff
from gongkai.audit.models import AuditEntry
from gongkai.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

LOGIN = "/workbench/login/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.GONGKAI_REQUIRE_SECOND_FACTOR = True


def login(client, username):
    return client.post(LOGIN, {"username": username, "password": DEFAULT_PASSWORD})


def enrol(client) -> tuple[str, list[str]]:
    """Go through the enrolment page with a real TOTP; returns the secret and the recovery codes."""
    page = client.get(reverse("workbench:otp_setup")).content.decode()
    assert "<svg" in page, "a QR code is shown"
    secret = re.search(r'class="otp-secret">([A-Z2-7=]+)<', page).group(1)
    done = client.post(reverse("workbench:otp_setup"), {"token": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    return secret, codes


@pytest.fixture
def head():
    return make_staff(OrganizationFactory(slug="hetian"), Role.HEAD, username="head1")


@pytest.mark.parametrize("role", [Role.HEAD, Role.COMPETENT_ADMIN])
def test_an_administrator_or_head_with_only_a_password_reaches_no_workbench_page(client, role):
    make_staff(OrganizationFactory(), role, username="boss")
    login(client, "boss")
    for url in ("/workbench/", "/workbench/records/", "/workbench/requests/", "/workbench/password/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("workbench:otp_setup")), url


def test_a_superuser_with_only_a_password_reaches_no_ops_admin_page(client, django_user_model):
    django_user_model.objects.create_superuser("ops", "ops@example.gov.cn", DEFAULT_PASSWORD)
    client.post("/ops-admin/login/", {"username": "ops", "password": DEFAULT_PASSWORD})
    response = client.get("/ops-admin/accounts/user/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("workbench:otp_setup"))


def test_an_editor_needs_no_second_factor(client):
    make_staff(OrganizationFactory(), Role.EDITOR, username="clerk")
    login(client, "clerk")
    assert client.get("/workbench/").status_code == 200


def test_enrolment_then_every_login_asks_for_the_current_totp(client, head):
    login(client, "head1")
    secret, codes = enrol(client)
    assert len(codes) == 10
    assert client.get("/workbench/").status_code == 200
    assert AuditEntry.objects.filter(verb="otp_enrolled", actor=head).exists()

    client.post(reverse("workbench:logout"))
    login(client, "head1")
    assert client.get("/workbench/").url.startswith(reverse("workbench:otp_verify"))
    wrong = client.post(reverse("workbench:otp_verify"), {"token": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    assert client.get("/workbench/").status_code == 302
    time.sleep(1.1)  # django-otp refuses any token for 2^(failures-1) seconds after a failure
    # The next time step: the token used at enrolment may not be replayed.
    token = pyotp.TOTP(secret).at(time.time() + 30)
    response = client.post(reverse("workbench:otp_verify"), {"token": token, "next": "/workbench/records/"})
    assert response.url == "/workbench/records/"
    assert client.get("/workbench/").status_code == 200
    assert AuditEntry.objects.filter(verb="otp_failed", actor=head).exists()
    assert AuditEntry.objects.filter(verb="otp_verified", actor=head).exists()


def test_a_totp_is_accepted_only_once(client, head):
    login(client, "head1")
    secret, _ = enrol(client)
    client.post(reverse("workbench:logout"))
    login(client, "head1")
    token = pyotp.TOTP(secret).at(time.time() + 30)
    client.post(reverse("workbench:otp_verify"), {"token": token})
    client.post(reverse("workbench:logout"))
    login(client, "head1")
    client.post(reverse("workbench:otp_verify"), {"token": token})
    assert client.get("/workbench/").status_code == 302


def test_a_recovery_code_works_once_and_can_be_renewed(client, head):
    login(client, "head1")
    _, codes = enrol(client)
    client.post(reverse("workbench:logout"))
    login(client, "head1")
    client.post(reverse("workbench:otp_verify"), {"token": codes[0].upper()})
    assert client.get("/workbench/").status_code == 200
    assert AuditEntry.objects.filter(verb="otp_recovery_used").count() == 1
    client.post(reverse("workbench:logout"))
    login(client, "head1")
    client.post(reverse("workbench:otp_verify"), {"token": codes[0]})
    assert client.get("/workbench/").status_code == 302
    time.sleep(1.1)  # after the refused, already used code
    client.post(reverse("workbench:otp_verify"), {"token": codes[1]})
    renewed = client.post(reverse("workbench:otp_recovery_codes")).content.decode()
    new_codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", renewed)
    assert len(new_codes) == 10
    assert not set(new_codes) & set(codes)


def test_wrong_tokens_are_throttled(client, head):
    login(client, "head1")
    secret, _ = enrol(client)
    client.post(reverse("workbench:logout"))
    login(client, "head1")
    for _ in range(5):
        client.post(reverse("workbench:otp_verify"), {"token": "000000"})
    # django-otp's per-device throttle (in the database, so across workers) now refuses at once.
    client.post(reverse("workbench:otp_verify"), {"token": pyotp.TOTP(secret).at(time.time() + 30)})
    assert client.get("/workbench/").status_code == 302


def test_an_enrolled_editor_is_asked_too(client):
    make_staff(OrganizationFactory(), Role.EDITOR, username="careful")
    login(client, "careful")
    enrol(client)
    client.post(reverse("workbench:logout"))
    login(client, "careful")
    assert client.get("/workbench/").url.startswith(reverse("workbench:otp_verify"))
