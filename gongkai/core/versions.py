"""Reviewed versions of an organ's list — the 标准目录 (catalog) and the 权责清单 / 公共服务事项清单
(powers): the steps both take alike (ADR 0051).

Each app keeps its own rules — who may edit, what makes a draft complete, which transitions it
allows, what an item is — and calls these for what is the same: numbering a new version, sending
it for review, returning it, and publishing it (先审后发: who submitted it does not publish it,
ADR 0013; the version it replaces is kept as 「已被新版本替代」; what it shows is sealed into the
audit chain, ADR 0032). A model using this has ``organization``, ``number``, ``status`` (the
values below), ``review_comment``, ``submitted_by``, ``published_at``, ``updated_at`` and
``sealed_content()`` / ``public_url()``; ``reviewed_by``, ``submitted_at`` and ``superseded_at``
are filled where the model has them.

**Seal.** ``seal`` hashes ``sealed_content()`` — the version's public wording, its items in order,
serialised canonically — and appends it to the audit log as ``version_sealed``. ``verify`` (run
by ``disclosure.integrity.verify_published``, so by ``gongkai verify-published`` and the
self-inspection's 防篡改 indicator) recomputes it for every public version and reports a
difference, a seal whose own entry hash no longer matches, or a version never sealed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.accounts import duties
from gongkai.audit.services import record_event

SUBMITTED, RETURNED, PUBLISHED, SUPERSEDED = "submitted", "returned", "published", "superseded"
PUBLIC = (PUBLISHED, SUPERSEDED)  # a superseded version stays public as history
SEAL_VERB = "version_sealed"
# The models whose published versions are sealed and verified (app label, model name).
SEALED_MODELS = ("catalog.CatalogueVersion", "powers.ListVersion")


def _has(version, name: str) -> bool:
    return any(f.name == name for f in version._meta.concrete_fields)


def _set(version, fields: list[str], **values) -> None:
    """Set the values the model has a field for and note them for ``save(update_fields=…)``."""
    for name, value in values.items():
        if _has(version, name):
            setattr(version, name, value)
            fields.append(name)


def next_number(versions: QuerySet) -> int:
    """The next version number among ``versions`` (one organ's, of one kind), rows locked."""
    # Lock the rows themselves (FOR UPDATE does not go with an aggregate on PostgreSQL): two drafts
    # started at once never take the same number. An organ keeps a few dozen versions at most.
    return max(versions.select_for_update().values_list("number", flat=True), default=0) + 1


def _move(version, status: str, *, actor, verb: str, fields=(), reason: str = "", extra=None, **values):
    """Set ``status`` and ``values`` (those the model has), save, and audit the move."""
    previous = version.status
    update = ["status", "updated_at", *fields]
    version.status = status
    _set(version, update, **values)
    version.save(update_fields=update)
    record_event(
        actor=actor,
        verb=verb,
        obj=version,
        changes={"status": [previous, status], **(extra or {})},
        reason=reason,
    )


def submit(version, *, actor, verb: str, fields: Iterable[str] = ()) -> None:
    """Send the (checked) draft for review: who submitted it is kept, for the publication step."""
    _move(
        version,
        SUBMITTED,
        actor=actor,
        verb=verb,
        fields=fields,
        submitted_by=actor,
        submitted_at=timezone.now(),
    )


def return_for_changes(version, *, actor, comment: str, verb: str) -> None:
    """退回修改 with the reviewer's comment (the caller has checked the comment is not empty)."""
    comment = comment.strip()
    _move(
        version, RETURNED, actor=actor, verb=verb, reason=comment, review_comment=comment, reviewed_by=actor
    )


def publish(version, *, actor, replaced: QuerySet, verb: str, subject: str, note: str = "", at=None) -> None:
    """审核通过并发布: refused to whoever submitted the version (waived, and audited as such, only
    where the organ's single-officer setting allows); the published one among ``replaced`` becomes
    「已被新版本替代」; the version is sealed after its audit entry (the chain's lock is taken last)."""
    waiver = duties.refuse_own_work(
        actor=actor,
        authors={version.submitted_by_id},
        org=version.organization,
        subject=subject,
        step="审核发布",
    )
    now = at or timezone.now()
    for old in replaced.select_for_update().filter(status=PUBLISHED).exclude(pk=version.pk):
        # the search index drops its items
        _move(
            old,
            SUPERSEDED,
            actor=actor,
            verb=verb.replace("published", "superseded"),
            extra={"by": version.number},
            superseded_at=now,
        )
    _move(
        version,
        PUBLISHED,
        actor=actor,
        verb=verb,
        reason=note.strip(),
        extra={"items": version.items.count(), **waiver},
        published_at=now,
        review_comment=note.strip(),
        reviewed_by=actor,
    )
    seal(version, actor=actor, cause=verb)


# --- tamper evidence ------------------------------------------------------------------------------


def content_digest(version) -> str:
    canonical = json.dumps(
        version.sealed_content(), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def seal(version, *, actor=None, cause: str) -> dict:
    """Append the hash of what ``version`` shows the public to the audit chain."""
    changes = {"cause": cause, "algorithm": "sha256", "content_sha256": content_digest(version)}
    record_event(actor=actor, verb=SEAL_VERB, obj=version, changes=changes)
    return changes


def _models():
    return [apps.get_model(label) for label in SEALED_MODELS]


def public_versions(model, organ=None) -> QuerySet:
    versions = model.objects.filter(status__in=PUBLIC, organization__is_active=True).select_related(
        "organization"
    )
    if organ is not None:
        versions = versions.filter(organization=organ)
    return versions.order_by("pk")


def _latest_seals(model, pks: list[int]) -> dict[int, object]:
    from gongkai.audit.models import AuditEntry

    seals = {}
    entries = AuditEntry.objects.filter(
        verb=SEAL_VERB, object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in pks]
    ).order_by("seq")
    for entry in entries:
        seals[int(entry.object_id)] = entry  # the last one wins
    return seals


def count_public(organ=None) -> int:
    return sum(public_versions(model, organ).count() for model in _models())


def verify(organ=None, *, batch: int = 200) -> list[tuple]:
    """(version, what, expected, actual) for every public version whose content differs from its
    latest seal, whose seal entry was altered, or that was never sealed."""
    from gongkai.audit.chain import entry_hash

    found: list[tuple] = []
    for model in _models():
        versions = public_versions(model, organ)
        last = 0
        while chunk := list(versions.filter(pk__gt=last)[:batch]):
            seals = _latest_seals(model, [v.pk for v in chunk])
            for version in chunk:
                entry = seals.get(version.pk)
                if entry is None:
                    found.append((version, "unsealed", "", ""))
                    continue
                recomputed = entry_hash(entry.prev_hash, entry)
                if recomputed != entry.entry_hash:
                    found.append((version, "seal_altered", entry.entry_hash, recomputed))
                expected = (entry.changes or {}).get("content_sha256", "")
                actual = content_digest(version)
                if actual != expected:
                    found.append((version, "stored", expected, actual))
            last = chunk[-1].pk
    return found


def seal_unsealed(organ=None, *, actor=None) -> int:
    """Seal public versions published before sealing existed (today's content is their reference)."""
    from django.db import transaction

    count = 0
    for model in _models():
        for version in public_versions(model, organ).iterator():
            if _latest_seals(model, [version.pk]):
                continue
            with transaction.atomic():
                seal(version, actor=actor, cause="baseline")
            count += 1
    return count
