"""The one registration point for searchable types.

A domain app registers a type once (in its ``AppConfig.ready``): how to load objects by id, how to
list every public object for a rebuild, and how to turn one object into index fields, returning
``None`` when it must not be found (unpublished, withdrawn, private). Saving or deleting a
registered model (or a model that ``touches`` it) writes an outbox row in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save


@dataclass
class SearchableType:
    name: str
    model: type[models.Model]
    load: Callable[[list[str]], Iterable[models.Model]]
    all_public: Callable[[], models.QuerySet]
    build: Callable[[models.Model], dict | None]
    related: dict[type[models.Model], Callable[[models.Model], Iterable[str]]] = field(default_factory=dict)
    # Objects that became public by the passing of time (scheduled publication), by id.
    became_public: Callable[[object, object], Iterable] | None = None


TYPES: dict[str, SearchableType] = {}


def register(searchable: SearchableType) -> None:
    TYPES[searchable.name] = searchable
    uid = f"search-outbox-{searchable.name}"
    post_save.connect(_enqueue_own(searchable), sender=searchable.model, weak=False, dispatch_uid=uid)
    post_delete.connect(
        _enqueue_own(searchable), sender=searchable.model, weak=False, dispatch_uid=uid + "-del"
    )
    for model, ids_of in searchable.related.items():
        handler = _enqueue_related(searchable, ids_of)
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"{uid}-{model.__name__}")
        post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"{uid}-{model.__name__}-del")


def enqueue(type_name: str, ids: Iterable[str]) -> None:
    """Write outbox rows now (inside the caller's transaction) and wake the indexer after commit."""
    from gongkai.search.indexer import wake_indexer
    from gongkai.search.models import OutboxEntry

    rows = [OutboxEntry(object_type=type_name, object_id=str(i)) for i in ids]
    if rows:
        OutboxEntry.objects.bulk_create(rows)
        notify_indexers()
        transaction.on_commit(wake_indexer)


OUTBOX_CHANNEL = "gongkai_outbox"


def notify_indexers() -> None:
    """PostgreSQL: wake every node's ``search_indexer --follow`` when this transaction commits.

    NOTIFY is transactional (delivered at commit, never for a rollback) and PostgreSQL folds the
    same notification sent many times in one transaction into one. The follow loops still poll
    (``--interval``), so a missed notification only costs the poll interval (ADR 0048).
    """
    from django.db import connections

    connection = connections["default"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {OUTBOX_CHANNEL}")


def _enqueue_own(searchable: SearchableType):
    def handler(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return  # fixtures loading raw rows
        enqueue(searchable.name, [instance.pk])

    return handler


def _enqueue_related(searchable: SearchableType, ids_of):
    def handler(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        enqueue(searchable.name, list(ids_of(instance)))

    return handler
