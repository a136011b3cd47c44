"""Gap-free serial numbers per scope (索引号 per organ and year, application numbers, …)."""

from __future__ import annotations

from django.db import IntegrityError, models, transaction


def next_serial(counter_model: type[models.Model], *, step: int = 1, **scope) -> int:
    """Increment and return the counter row of ``scope`` (must run inside a transaction).

    The row is locked for the rest of the caller's transaction, so two writers queue instead of
    sharing a number; if the caller rolls back, so does the number (no gap). ``counter_model``
    has the scope fields, a unique constraint over them, and ``last_serial``. ``step`` takes that
    many numbers at once and returns the last of them.
    """
    counter = counter_model.objects.select_for_update().filter(**scope).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter_model.objects.create(**scope, last_serial=0)
        except IntegrityError:
            pass  # another writer created it first; lock theirs
        counter = counter_model.objects.select_for_update().get(**scope)
    counter.last_serial += step
    counter.save(update_fields=["last_serial"])
    return counter.last_serial
