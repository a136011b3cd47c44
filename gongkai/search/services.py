"""Writes of the search app: the 简称对照 dictionary, edited by the installation's 政务公开办."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.accounts.models import Role
from gongkai.audit.services import record_event
from gongkai.search import synonyms
from gongkai.search.models import Abbreviation

ABBREVIATION_EDITOR_REQUIRED = "简称对照对整个平台的检索生效，只能由最高一级政府的政务公开办管理员维护。"


def can_edit_abbreviations(user) -> bool:
    """The dictionary serves every organ's search: only the top government's 政务公开办 edits it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return user.memberships.filter(role=Role.COMPETENT_ADMIN, organization__depth=1).exists()


def _clean(*, short: str, full: str, source: str) -> tuple[str, str, str]:
    short, full, source = short.strip(), full.strip(), source.strip()
    if not short or not full:
        raise ValidationError("简称和全称都不能为空。")
    if short == full:
        raise ValidationError("简称与全称相同，无需对照。")
    if len(short) > 40 or len(full) > 100 or len(source) > 200:
        raise ValidationError("简称不超过40字，全称不超过100字，出处不超过200字。")
    return short, full, source


@transaction.atomic
def save_abbreviation(
    *, actor, short: str, full: str, source: str = "", is_active: bool = True, pk: int | None = None
) -> Abbreviation:
    """Add or change one pair; searches use it at once (no reindex), and the change is audited."""
    if not can_edit_abbreviations(actor):
        raise PermissionDenied(ABBREVIATION_EDITOR_REQUIRED)
    short, full, source = _clean(short=short, full=full, source=source)
    duplicate = Abbreviation.objects.filter(short=short, full=full).exclude(pk=pk)
    if duplicate.exists():
        raise ValidationError(f"“{short} → {full}”已在简称对照中。")
    if pk is None:
        row = Abbreviation(short=short, full=full, source=source, is_active=is_active)
        before = {}
        verb = "abbreviation_created"
    else:
        row = Abbreviation.objects.select_for_update().get(pk=pk)
        before = {"short": row.short, "full": row.full, "source": row.source, "is_active": row.is_active}
        row.short, row.full, row.source, row.is_active = short, full, source, is_active
        verb = "abbreviation_updated"
    row.full_clean()
    row.save()
    after = {"short": short, "full": full, "source": source, "is_active": is_active}
    record_event(
        actor=actor,
        verb=verb,
        obj=row,
        changes={k: [before.get(k, ""), v] for k, v in after.items() if before.get(k, "") != v},
    )
    # Now for this process, and again after commit in case another search rebuilt the table from
    # the database in between.
    synonyms.forget()
    transaction.on_commit(synonyms.forget)
    return row
