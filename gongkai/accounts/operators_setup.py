"""Create the three operator accounts (三员) an installation needs instead of a shared superuser."""

from __future__ import annotations

import secrets
import string

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import AdminRole, User
from gongkai.audit.services import record_event

DEFAULT_USERNAMES = {
    AdminRole.SYSTEM: "sysadmin",
    AdminRole.SECURITY: "secadmin",
    AdminRole.AUDIT: "auditadmin",
}
OPERATOR_EXISTS = "用户名 {username} 已存在，未创建任何账号。"


def temporary_password() -> str:
    """16 characters with all four classes: passes every validator, and is changed at first login."""
    alphabet = string.ascii_letters + string.digits + "#%+-=@"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(16))
        if (
            any(c.islower() for c in candidate)
            and any(c.isupper() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(not c.isalnum() for c in candidate)
        ):
            return candidate


@transaction.atomic
def create_operators(
    usernames: dict[str, str] | None = None, *, password_hash: str | None = None
) -> dict[str, tuple[User, str | None]]:
    """One account per operator role, each forced to change its password at first login.

    Returns {role: (user, temporary password)}; with ``password_hash`` (the demo) the accounts
    share that password and no temporary one is returned. All or none are created."""
    usernames = {**DEFAULT_USERNAMES, **(usernames or {})}
    for username in usernames.values():
        if User.objects.filter(username__iexact=username).exists():
            raise ValueError(OPERATOR_EXISTS.format(username=username))
    created = {}
    for role, username in usernames.items():
        user = User(
            username=username,
            full_name=str(AdminRole(role).label),
            admin_role=role,
            is_staff=True,
            must_change_password=password_hash is None,
        )
        password = None
        if password_hash is None:
            password = temporary_password()
            user.set_password(password)
        else:
            user.password = password_hash
            user.password_changed_at = timezone.now()
        user.save()
        record_event(actor=None, verb="user_created", obj=user, changes={"admin_role": ["", role]})
        created[role] = (user, password)
    return created
