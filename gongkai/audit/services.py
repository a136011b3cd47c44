"""Write audit entries. Called inside the same transaction as the change it records."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from gongkai.audit.context import current_ip
from gongkai.audit.models import AuditEntry


def record_event(
    *,
    actor,
    verb: str,
    obj=None,
    organization=None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one audit row: who did what to which object, with the change and the reason.

    ``ip_address`` defaults to the address of the request being served (``audit.context``), so
    every write made from a view or /ops-admin/ carries it without each service passing it on."""
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    if organization is None and obj is not None:
        organization = getattr(obj, "organization", None)
    return AuditEntry.objects.create(
        actor=actor_user,
        actor_name=str(actor_user) if actor_user else "系统",
        organization=organization,
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        # Dates, decimals and UUIDs in a change become strings, as the JSON column needs.
        changes=json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder)),
        reason=reason,
        ip_address=ip_address if ip_address is not None else current_ip(),
    )


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field that changed, as JSON-safe strings."""
    return {
        name: [str(before.get(name, "")), str(value)]
        for name, value in after.items()
        if str(before.get(name, "")) != str(value)
    }
