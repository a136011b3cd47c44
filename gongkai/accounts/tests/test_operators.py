"""The three operators in /ops-admin/ (等保 2.0 第三级 三员) and the audit of every change made there.

Finding 17.3: granting a second role and setting a password in /ops-admin/ left no audit entry.
"""

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse

from gongkai.accounts.models import AdminRole, DutyPolicy, Membership, Role, User
from gongkai.accounts.operators import OperatorAdminMixin, OperatorInlineMixin
from gongkai.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory, make_staff
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record_event

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Qz7#river-stone-42"
IP = {"REMOTE_ADDR": "192.0.2.44"}


def operator(role: str, **fields) -> User:
    return UserFactory(admin_role=role, is_staff=True, **fields)


@pytest.fixture
def system():
    return operator(AdminRole.SYSTEM, username="sysadmin")


@pytest.fixture
def security():
    return operator(AdminRole.SECURITY, username="secadmin")


@pytest.fixture
def auditor():
    return operator(AdminRole.AUDIT, username="auditadmin")


def url(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


def test_every_admin_page_names_the_operators_allowed_on_it():
    """A ModelAdmin without the mixin would fall back to Django's permissions, which bypass the split."""
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, OperatorAdminMixin), model
        for inline in model_admin.inlines:
            assert issubclass(inline, OperatorInlineMixin), (model, inline)


@pytest.mark.parametrize(
    ("role", "name", "status"),
    [
        (AdminRole.SYSTEM, "audit_auditentry_changelist", 403),
        (AdminRole.SECURITY, "audit_auditentry_changelist", 403),
        (AdminRole.AUDIT, "audit_auditentry_changelist", 200),
        (AdminRole.AUDIT, "accounts_user_changelist", 403),
        (AdminRole.AUDIT, "accounts_membership_changelist", 403),
        (AdminRole.AUDIT, "orgs_organization_changelist", 403),
        (AdminRole.SYSTEM, "accounts_user_changelist", 200),
        (AdminRole.SYSTEM, "orgs_organization_changelist", 200),
        (AdminRole.SYSTEM, "workdays_calendarday_changelist", 200),
        (AdminRole.SYSTEM, "accounts_membership_add", 403),
        (AdminRole.SYSTEM, "accounts_dutypolicy_changelist", 403),
        (AdminRole.SECURITY, "accounts_membership_add", 200),
        (AdminRole.SECURITY, "accounts_dutypolicy_add", 200),
        (AdminRole.SECURITY, "accounts_user_add", 403),
        (AdminRole.SECURITY, "workdays_calendarday_changelist", 403),
        (AdminRole.SECURITY, "catalog_column_changelist", 403),
    ],
)
def test_role_by_page_matrix(client, role, name, status):
    client.force_login(operator(role))
    assert client.get(url(name)).status_code == status


def test_business_staff_and_unassigned_accounts_do_not_get_in(client, two_orgs):
    head = two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    head.is_staff = True  # set by mistake
    head.save()
    client.force_login(head)
    assert client.get(url("index")).status_code == 302  # to the admin login
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url("accounts_user_changelist")).status_code == 302


def test_granting_a_second_role_in_the_user_form_is_audited_with_actor_and_address(
    client, two_orgs, security
):
    target = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    client.force_login(security)
    response = client.post(
        url("accounts_user_change", target.pk),
        {
            "admin_role": "",
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": str(target.memberships.get().pk),
            "memberships-0-user": str(target.pk),
            "memberships-0-organization": str(two_orgs.gov_a.pk),
            "memberships-0-role": Role.EDITOR,
            "memberships-1-id": "",
            "memberships-1-user": str(target.pk),
            "memberships-1-organization": str(two_orgs.gov_a.pk),
            "memberships-1-role": Role.CONFIDENTIALITY_REVIEWER,
        },
        **IP,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert target.roles_in(two_orgs.gov_a) == {Role.EDITOR, Role.CONFIDENTIALITY_REVIEWER}
    entry = AuditEntry.objects.get(verb="membership_granted")
    assert entry.actor == security
    assert entry.ip_address == "192.0.2.44"
    assert entry.organization == two_orgs.gov_a
    assert "保密审查人" in str(entry.changes)


def test_revoking_a_role_is_audited_and_a_grant_through_its_own_page_too(client, two_orgs, security):
    target = two_orgs.staff(two_orgs.gov_b, Role.HEAD)
    client.force_login(security)
    client.post(
        url("accounts_membership_add"),
        {"user": target.pk, "organization": two_orgs.gov_b.pk, "role": Role.REVIEWER},
        **IP,
    )
    granted = AuditEntry.objects.get(verb="membership_granted")
    assert granted.changes["role"] == ["", Role.REVIEWER]
    assert granted.ip_address == "192.0.2.44"
    membership = Membership.objects.get(user=target, role=Role.HEAD)
    client.post(url("accounts_membership_delete", membership.pk), {"post": "yes"}, **IP)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    revoked = AuditEntry.objects.get(verb="membership_revoked")
    assert revoked.actor == security
    assert "负责人" in str(revoked.changes)


def test_an_administrator_set_password_is_audited_and_never_written(client, two_orgs, system):
    target = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    client.force_login(system)
    response = client.post(
        url("auth_user_password_change", target.pk),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
        **IP,
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(verb="password_set_by_admin")
    assert entry.actor == system
    assert entry.object_id == str(target.pk)
    assert entry.ip_address == "192.0.2.44"
    assert NEW_PASSWORD not in str(AuditEntry.objects.values())
    assert target.password not in str(AuditEntry.objects.values())


def test_no_operator_sets_another_operators_password_or_their_own_grants(client, system, security, auditor):
    client.force_login(system)
    for other in (security, auditor):
        page = url("auth_user_password_change", other.pk)
        assert client.get(page).status_code == 403
        assert client.post(page, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 403
    auditor.refresh_from_db()
    assert auditor.check_password(DEFAULT_PASSWORD)
    # The security admin edits others' grants, never their own.
    client.force_login(security)
    client.post(url("accounts_user_change", security.pk), {"admin_role": AdminRole.AUDIT})
    security.refresh_from_db()
    assert security.admin_role == AdminRole.SECURITY


def test_the_system_admin_edits_accounts_but_cannot_grant_an_operator_role(client, two_orgs, system):
    target = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    client.force_login(system)
    response = client.post(
        url("accounts_user_change", target.pk),
        {
            "username": target.username,
            "full_name": "新名字",
            "email": target.email,
            "is_active": "on",
            "admin_role": AdminRole.AUDIT,  # read-only for the system admin: ignored
            "is_superuser": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
        **IP,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert target.full_name == "新名字"
    assert target.admin_role == ""
    assert not target.is_superuser
    entry = AuditEntry.objects.get(verb="user_changed")
    assert entry.changes["full_name"][1] == "新名字"
    assert entry.ip_address == "192.0.2.44"


def test_the_security_admin_grants_an_operator_role_and_it_is_audited(client, security):
    target = UserFactory()
    client.force_login(security)
    client.post(
        url("accounts_user_change", target.pk),
        {"admin_role": AdminRole.AUDIT, "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"},
        **IP,
    )
    target.refresh_from_db()
    assert target.admin_role == AdminRole.AUDIT
    assert target.is_staff  # follows the role
    entry = AuditEntry.objects.get(verb="user_changed")
    assert entry.changes["admin_role"] == ["", AdminRole.AUDIT]


def test_the_duty_setting_in_the_admin_goes_through_the_service(client, two_orgs, security):
    client.force_login(security)
    client.post(
        url("accounts_dutypolicy_add"),
        {"organization": two_orgs.dept_a1.pk, "single_officer": "on", "basis": "仅一人"},
        **IP,
    )
    assert DutyPolicy.objects.get(organization=two_orgs.dept_a1).changed_by == security
    entry = AuditEntry.objects.get(verb="duty_policy_changed")
    assert entry.ip_address == "192.0.2.44"
    assert entry.changes["single_officer"] == [False, True]


def test_configuration_changes_are_audited_with_the_diff(client, two_orgs, system):
    client.force_login(system)
    response = client.post(
        url("workdays_calendarday_add"), {"day": "2027-03-01", "kind": "off", "name": "测试"}, **IP
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(verb="ops_added")
    assert entry.object_type == "workdays.calendarday"
    assert entry.changes["kind"] == ["", "off"]
    assert entry.ip_address == "192.0.2.44"


def test_the_audit_admin_exports_and_the_export_is_itself_audited(client, auditor):
    record_event(actor=None, verb="login_failed", changes={"username": "张三"}, reason="=HYPERLINK(1)")
    client.force_login(auditor)
    ids = [str(pk) for pk in AuditEntry.objects.values_list("pk", flat=True)]
    response = client.post(
        url("audit_auditentry_changelist"), {"action": "export_csv", "_selected_action": ids}, **IP
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "时间"
    assert '{"username": "张三"}' in [row[7] for row in rows]
    assert "'=HYPERLINK(1)" in [row[8] for row in rows]  # text, never a live formula
    exported = AuditEntry.objects.get(verb="audit_log_exported")
    assert exported.actor == auditor
    assert exported.changes["entries"] == len(ids)
    client.get(url("audit_auditentry_changelist"), {"q": "login"})
    assert AuditEntry.objects.filter(verb="audit_log_searched", actor=auditor).exists()


def test_an_operator_changing_their_own_password_is_audited(client, auditor):
    client.force_login(auditor)
    response = client.post(
        url("password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        **IP,
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(verb="password_changed", actor=auditor)
    assert entry.ip_address == "192.0.2.44"


def test_the_workbench_password_change_carries_the_address_too(client, two_orgs):
    user = make_staff(two_orgs.gov_a, Role.EDITOR)
    client.force_login(user)
    client.post(
        reverse("workbench:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        **IP,
    )
    assert AuditEntry.objects.get(verb="password_changed", actor=user).ip_address == "192.0.2.44"


def test_the_command_creates_one_of_each_operator_forced_to_change_the_password(capsys):
    from django.contrib.auth.password_validation import validate_password
    from django.core.management import CommandError, call_command

    call_command("create_operators", "--audit", "shenji")
    out = capsys.readouterr().out
    users = {u.admin_role: u for u in User.objects.filter(admin_role__in=AdminRole.values)}
    assert set(users) == set(AdminRole.values)
    assert users[AdminRole.AUDIT].username == "shenji"
    for user in users.values():
        assert user.is_staff
        assert not user.is_superuser
        assert user.must_change_password
        line = next(row for row in out.splitlines() if f"\t{user.username}\t" in row)
        password = line.rsplit("\t", 1)[1]
        assert user.check_password(password)
        validate_password(password)  # strong by the rules; its own history already holds it
    assert AuditEntry.objects.filter(verb="user_created").count() == 3
    with pytest.raises(CommandError, match="已存在"):
        call_command("create_operators")
    assert User.objects.filter(admin_role__in=AdminRole.values).count() == 3


def test_the_security_admin_lifts_a_lockout_audited_and_the_auditor_only_reads_it(client, security, auditor):
    from axes.models import AccessAttempt, AccessLog

    attempt = AccessAttempt.objects.create(
        username="zhangsan", ip_address="192.0.2.1", user_agent="x", failures_since_start=5
    )
    log = AccessLog.objects.create(username="zhangsan", ip_address="192.0.2.1", user_agent="x")
    client.force_login(auditor)
    assert client.get(url("axes_accessattempt_changelist")).status_code == 200
    assert client.post(url("axes_accessattempt_delete", attempt.pk), {"post": "yes"}).status_code == 403
    client.force_login(security)
    assert client.post(url("axes_accesslog_delete", log.pk), {"post": "yes"}).status_code == 403
    client.post(url("axes_accessattempt_delete", attempt.pk), {"post": "yes"}, **IP)
    assert not AccessAttempt.objects.exists()
    entry = AuditEntry.objects.get(verb="ops_deleted")
    assert entry.actor == security
    assert "zhangsan" in str(entry.changes)


def test_an_operator_account_holds_no_business_role(client, two_orgs, security, system):
    client.force_login(security)
    response = client.post(
        url("accounts_membership_add"),
        {"user": system.pk, "organization": two_orgs.gov_a.pk, "role": Role.HEAD},
    )
    assert response.status_code == 200
    assert "不在机关中担任业务角色" in response.content.decode()
    assert not Membership.objects.filter(user=system).exists()
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    response = client.post(
        url("accounts_user_change", editor.pk),
        {"admin_role": AdminRole.AUDIT, "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"},
    )
    editor.refresh_from_db()
    assert editor.admin_role == ""


def test_the_system_admin_creates_an_account_audited_without_the_password(client, system):
    client.force_login(system)
    response = client.post(
        url("accounts_user_add"),
        {
            "username": "newclerk",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
        **IP,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="newclerk")
    entry = AuditEntry.objects.get(verb="user_created", object_id=str(created.pk))
    assert entry.actor == system
    assert entry.ip_address == "192.0.2.44"
    assert entry.changes["username"] == ["", "newclerk"]
    assert NEW_PASSWORD not in str(entry.changes)
    assert created.password not in str(entry.changes)


@pytest.mark.parametrize("role", [*AdminRole.values, "superuser"])
def test_every_admin_page_an_operator_may_open_renders(client, two_orgs, role):
    user = UserFactory(is_superuser=True, is_staff=True) if role == "superuser" else operator(role)
    client.force_login(user)
    assert client.get(url("index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        request = type("R", (), {"user": user})()
        if not model_admin.has_view_permission(request):
            continue
        opts = model._meta
        assert client.get(url(f"{opts.app_label}_{opts.model_name}_changelist")).status_code == 200, model
        if model_admin.has_add_permission(request):
            assert client.get(url(f"{opts.app_label}_{opts.model_name}_add")).status_code == 200, model
        instance = model.objects.first()
        if instance is not None:
            page = client.get(url(f"{opts.app_label}_{opts.model_name}_change", instance.pk))
            assert page.status_code == 200, model


def test_changing_the_duty_setting_in_the_admin_keeps_its_organ_and_is_audited(client, two_orgs, security):
    policy = DutyPolicy.objects.create(organization=two_orgs.dept_a1, single_officer=True, basis="仅一人")
    client.force_login(security)
    client.post(
        url("accounts_dutypolicy_change", policy.pk),
        {"organization": two_orgs.gov_b.pk, "basis": "已增配人员"},  # single_officer unticked
        **IP,
    )
    policy.refresh_from_db()
    assert policy.organization == two_orgs.dept_a1
    assert not policy.single_officer
    assert DutyPolicy.objects.count() == 1
    entry = AuditEntry.objects.get(verb="duty_policy_changed")
    assert entry.changes["single_officer"] == [True, False]
