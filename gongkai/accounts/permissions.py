"""The one check every service makes before a write: does the actor hold one of these roles here?"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from gongkai.accounts.models import Role

ROLE_REQUIRED = "此操作需要以下角色之一：{roles}。"


def require_role(actor, org, roles: set[str]) -> None:
    """Raise PermissionDenied (with the roles named in Chinese) unless ``actor`` holds one of
    ``roles`` in ``org`` itself; oversight of subordinates never grants writes."""
    if actor.is_superuser:
        return
    if not actor.roles_in(org) & roles:
        labels = "、".join(str(Role(r).label) for r in sorted(roles))
        raise PermissionDenied(ROLE_REQUIRED.format(roles=labels))
