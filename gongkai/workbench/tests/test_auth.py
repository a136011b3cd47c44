"""Login, lockout, session and password-age rules (等保 2.0 第三级 8.1.4.1)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from gongkai.accounts.models import Role, User
from gongkai.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory, make_staff
from gongkai.audit.models import AuditEntry
from gongkai.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

LOGIN = "/workbench/login/"
SAME_MESSAGE = "用户名或密码不正确"
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def editor():
    return make_staff(OrganizationFactory(), Role.EDITOR, username="zhangsan")


def attempt(client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


class TestLogin:
    def test_right_password_logs_in_and_is_audited(self, client, editor):
        response = attempt(client, "zhangsan", DEFAULT_PASSWORD)
        assert response.status_code == 302
        assert logged_in(client)
        assert AuditEntry.objects.filter(verb="login", actor=editor).exists()

    def test_username_is_case_insensitive_at_login(self, client, editor):
        attempt(client, "ZhangSan", DEFAULT_PASSWORD)
        assert logged_in(client)

    def test_unknown_user_and_wrong_password_get_the_same_answer(self, client, editor):
        unknown = attempt(client, "nobody", "Whatever#2024")
        wrong = attempt(client, "zhangsan", "Whatever#2024")
        assert unknown.status_code == wrong.status_code == 200
        unknown_errors = unknown.context["form"].non_field_errors()
        wrong_errors = wrong.context["form"].non_field_errors()
        assert unknown_errors == wrong_errors
        assert SAME_MESSAGE in unknown_errors[0]
        assert not logged_in(client)

    def test_inactive_user_gets_the_same_answer_as_a_wrong_password(self, client, editor):
        UserFactory(username="retired", is_active=False)
        inactive = attempt(client, "retired", DEFAULT_PASSWORD)
        assert SAME_MESSAGE in inactive.context["form"].non_field_errors()[0]
        assert not logged_in(client)

    def test_failed_login_is_audited_with_the_typed_name_but_never_the_password(self, client, editor):
        attempt(client, "zhangsan", "Wrong#Secret-1")
        entry = AuditEntry.objects.get(verb="login_failed")
        assert entry.changes == {"username": "zhangsan"}
        assert entry.actor is None
        assert "Wrong#Secret-1" not in str(entry.changes) + entry.reason

    def test_five_failures_lock_the_account_even_for_the_right_password(self, client, editor):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, "zhangsan", "Wrong#2024-pass")
        response = attempt(client, "zhangsan", DEFAULT_PASSWORD)
        assert not logged_in(client)
        assert response.status_code in (403, 429)
        assert "锁定" in response.content.decode()
        # The five wrong passwords, and the refused right one, are all recorded as failures.
        assert AuditEntry.objects.filter(verb="login_failed").count() == settings.AXES_FAILURE_LIMIT + 1
        assert AuditEntry.objects.filter(verb="login_locked_out").exists()
        assert not AuditEntry.objects.filter(verb="login").exists()

    def test_four_failures_do_not_lock(self, client, editor):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(client, "zhangsan", "Wrong#2024-pass")
        attempt(client, "zhangsan", DEFAULT_PASSWORD)
        assert logged_in(client)

    def test_changing_the_case_of_the_username_does_not_buy_more_attempts(self, client, editor):
        for name in ("zhangsan", "Zhangsan", "ZHANGSAN", "zhangSan", "ZhangSan"):
            attempt(client, name, "Wrong#2024-pass")
        attempt(client, "zhangsan", DEFAULT_PASSWORD)
        assert not logged_in(client)

    def test_lockout_is_per_account_not_per_office_address(self, client, editor):
        colleague = make_staff(OrganizationFactory(), Role.EDITOR, username="lisi")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, "zhangsan", "Wrong#2024-pass")
        attempt(client, "lisi", DEFAULT_PASSWORD)
        assert int(client.session["_auth_user_id"]) == colleague.pk

    def test_lock_lifts_after_the_cool_off_time(self, client, editor):
        with time_machine.travel(T0, tick=False) as traveller:
            for _ in range(settings.AXES_FAILURE_LIMIT):
                attempt(client, "zhangsan", "Wrong#2024-pass")
            traveller.move_to(T0 + settings.AXES_COOLOFF_TIME * timedelta(hours=1) + timedelta(minutes=1))
            attempt(client, "zhangsan", DEFAULT_PASSWORD)
            assert logged_in(client)


class TestLockoutByAccountAndAddress:
    """Issue 17 finding 8: lock-out by user name only let anyone lock a known account, and 30
    accounts sprayed from one address met no throttling."""

    def test_failures_from_elsewhere_do_not_lock_the_account_at_its_own_address(self, client, editor):
        for _ in range(settings.AXES_FAILURE_LIMIT * 3):
            attempt(client, "zhangsan", "Wrong#2024-pass", address="198.51.100.9")
        assert not logged_in(client)
        attempt(client, "zhangsan", DEFAULT_PASSWORD, address="203.0.113.20")
        assert logged_in(client)

    def test_the_attacking_address_stays_locked_for_that_account(self, client, editor):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, "zhangsan", "Wrong#2024-pass", address="198.51.100.9")
        response = attempt(client, "zhangsan", DEFAULT_PASSWORD, address="198.51.100.9")
        assert not logged_in(client)
        assert "锁定" in response.content.decode()

    def test_spraying_many_accounts_from_one_address_is_throttled(self, client, editor):
        limit = settings.GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT
        for i in range(30):
            response = attempt(client, f"user{i:02d}", "Spring#2024x", address="198.51.100.7")
        assert response.status_code == 429
        assert "登录失败次数过多" in response.content.decode()
        assert AuditEntry.objects.filter(verb="login_failed").count() == 30
        # Even a right password is not tried from that address during the window...
        response = attempt(client, "zhangsan", DEFAULT_PASSWORD, address="198.51.100.7")
        assert response.status_code == 429
        assert not logged_in(client)
        # ...while the account works from anywhere else, and the window ends.
        attempt(client, "zhangsan", DEFAULT_PASSWORD, address="203.0.113.20")
        assert logged_in(client)
        assert limit < 30

    def test_the_address_throttle_lifts_after_its_window(self, client, editor):
        with time_machine.travel(T0, tick=False) as traveller:
            for i in range(settings.GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT):
                attempt(client, f"user{i:02d}", "Spring#2024x", address="198.51.100.7")
            assert attempt(client, "zhangsan", DEFAULT_PASSWORD, address="198.51.100.7").status_code == 429
            traveller.move_to(T0 + timedelta(seconds=settings.GONGKAI_LOGIN_ADDRESS_WINDOW + 1))
            attempt(client, "zhangsan", DEFAULT_PASSWORD, address="198.51.100.7")
            assert logged_in(client)


class TestSessions:
    def test_idle_sessions_end_after_thirty_minutes(self):
        assert settings.SESSION_COOKIE_AGE == 1800
        assert settings.SESSION_SAVE_EVERY_REQUEST is True

    def test_session_cookie_is_not_readable_by_scripts(self):
        assert settings.SESSION_COOKIE_HTTPONLY is True

    def test_session_expires_after_idle_time(self, client, editor):
        with time_machine.travel(T0, tick=False) as traveller:
            client.force_login(editor)
            assert client.get("/workbench/").status_code == 200
            traveller.move_to(T0 + timedelta(minutes=29))
            assert client.get("/workbench/").status_code == 200  # activity renews the session
            traveller.move_to(T0 + timedelta(minutes=29 + 31))
            response = client.get("/workbench/")
            assert response.status_code == 302
            assert response.url.startswith(reverse("workbench:login"))


class TestPasswordAge:
    def make_editor_at(self, moment: datetime) -> User:
        with time_machine.travel(moment, tick=False):
            user = make_staff(OrganizationFactory(), Role.EDITOR, username="wangwu")
            user.set_password(DEFAULT_PASSWORD)
            user.save()
        return user

    def test_password_older_than_ninety_days_redirects_workbench_to_password_change(self, client):
        user = self.make_editor_at(T0)
        with time_machine.travel(T0 + timedelta(days=91), tick=False):
            client.force_login(user)
            for url in ("/workbench/", "/workbench/records/", "/workbench/review/"):
                response = client.get(url)
                assert response.status_code == 302, url
                assert response.url == reverse("workbench:password_change")

    def test_password_younger_than_ninety_days_is_fine(self, client):
        user = self.make_editor_at(T0)
        with time_machine.travel(T0 + timedelta(days=89), tick=False):
            client.force_login(user)
            assert client.get("/workbench/").status_code == 200

    def test_expired_password_can_still_be_changed_and_then_work_goes_on(self, client):
        user = self.make_editor_at(T0)
        with time_machine.travel(T0 + timedelta(days=120), tick=False):
            client.force_login(user)
            change = reverse("workbench:password_change")
            assert client.get(change).status_code == 200
            response = client.post(
                change,
                {
                    "old_password": DEFAULT_PASSWORD,
                    "new_password1": "Tianshan#2024-new",
                    "new_password2": "Tianshan#2024-new",
                },
            )
            assert response.status_code == 302
            assert client.get("/workbench/").status_code == 200

    def test_password_change_is_audited_without_the_password(self, client):
        user = self.make_editor_at(T0)
        client.force_login(user)
        client.post(
            reverse("workbench:password_change"),
            {
                "old_password": DEFAULT_PASSWORD,
                "new_password1": "Tianshan#2024-new",
                "new_password2": "Tianshan#2024-new",
            },
        )
        entry = AuditEntry.objects.get(verb="password_changed")
        assert entry.actor == user
        assert entry.verb_label == "修改密码"
        assert "Tianshan" not in str(entry.changes) + entry.reason

    def test_password_set_by_an_administrator_must_be_changed_first(self, client):
        user = self.make_editor_at(T0)
        user.must_change_password = True
        user.save()
        client.force_login(user)
        assert client.get("/workbench/").url == reverse("workbench:password_change")

    def test_public_pages_are_not_redirected(self, client):
        user = self.make_editor_at(T0)
        with time_machine.travel(T0 + timedelta(days=200), tick=False):
            client.force_login(user)
            assert client.get("/").status_code == 200

    def test_weak_new_password_is_refused_on_change(self, client, editor):
        client.force_login(editor)
        response = client.post(
            reverse("workbench:password_change"),
            {"old_password": DEFAULT_PASSWORD, "new_password1": "admin@123", "new_password2": "admin@123"},
        )
        assert response.status_code == 200
        editor.refresh_from_db()
        assert editor.check_password(DEFAULT_PASSWORD)


class TestUsernames:
    def test_usernames_are_unique_regardless_of_case(self):
        User.objects.create_user("Zhang", password=DEFAULT_PASSWORD)
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.create_user("zhang", password=DEFAULT_PASSWORD)
        assert User.objects.filter(username__iexact="zhang").count() == 1

    def test_natural_key_lookup_ignores_case(self):
        user = User.objects.create_user("Zhang", password=DEFAULT_PASSWORD)
        assert User.objects.get_by_natural_key("ZHANG") == user

    def test_set_password_stamps_the_change_time(self):
        with time_machine.travel(T0, tick=False):
            user = User.objects.create_user("zhao", password=DEFAULT_PASSWORD)
        assert user.password_changed_at == T0


class TestOperatorSetPasswords:
    """Issue 17 finding 3: a password set in /ops-admin/ did not force a change (ADR 0002 says it does)."""

    @pytest.fixture
    def operator(self, client, django_user_model):
        ops = django_user_model.objects.create_superuser("ops", "ops@example.gov.cn", DEFAULT_PASSWORD)
        client.force_login(ops)
        return ops

    def _must_change_at_next_login(self, username: str, password: str):
        from django.test import Client

        staff = Client()
        staff.post(LOGIN, {"username": username, "password": password})
        assert "_auth_user_id" in staff.session
        for url in ("/workbench/", "/workbench/records/"):
            assert staff.get(url).url == reverse("workbench:password_change")
        staff.post(
            reverse("workbench:password_change"),
            {"old_password": password, "new_password1": "Kashi#58-Oasis", "new_password2": "Kashi#58-Oasis"},
        )
        # No longer sent to the form (a new account without an organ gets the 403 page instead).
        assert staff.get("/workbench/").status_code in (200, 403)

    def test_a_password_an_operator_sets_must_be_changed_at_next_login(self, client, operator, editor):
        response = client.post(
            f"/ops-admin/accounts/user/{editor.pk}/password/",
            {"password1": "Hami#37-Melon", "password2": "Hami#37-Melon", "usable_password": "true"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        editor.refresh_from_db()
        assert editor.must_change_password
        self._must_change_at_next_login("zhangsan", "Hami#37-Melon")

    def test_an_account_an_operator_creates_must_change_its_password_first(self, client, operator):
        response = client.post(
            "/ops-admin/accounts/user/add/",
            {
                "username": "newclerk",
                "password1": "Hami#37-Melon",
                "password2": "Hami#37-Melon",
                "usable_password": "true",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        assert User.objects.get(username="newclerk").must_change_password
        self._must_change_at_next_login("newclerk", "Hami#37-Melon")
