"""Pages of the workbench lists that stay fast at any depth (ADR 0046).

Django's ``Paginator`` slices the full query: ``OFFSET 60000`` makes the database build, join
(``select_related``) and throw away 60,000 rows — page 2,000 of an organ's 100,000 records took
2.5 s on SQLite. ``KeysFirstPaginator`` reads a page in two steps: the page's primary keys alone,
which the database walks off an index (``record_org_updated_idx``…) without touching the rows or
their joins, then those thirty rows with everything the list shows. The order, the filters, the
count and the page numbers (links to any page stay valid) are the same as before.
"""

from __future__ import annotations

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """Pages read keys first. A page in the second half is read from the other end of the index
    (the order reversed, the offset counted from the end), so that the last pages cost what the
    first ones do; this needs a total order, which a last ``id`` in the ordering gives."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ordering = self.object_list.query.order_by or self.object_list.model._meta.ordering
        keys = self.object_list.values_list("pk", flat=True)
        last = ordering[-1] if ordering else None
        if bottom > self.count // 2 and isinstance(last, str) and last.lstrip("-") in {"id", "pk"}:
            keys = list(keys.reverse()[self.count - top : self.count - bottom])[::-1]
        else:
            keys = list(keys[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys).order_by()}
        # A row deleted between the two reads is left out rather than failing the page.
        return self._get_page([rows[key] for key in keys if key in rows], number, self)


# The dashboard counts a queue up to this many; beyond, it says "1000+" (ADR 0046).
COUNT_LIMIT = 1000


def bounded_count(queryset, limit: int | None = None) -> tuple[int, bool]:
    """(count, capped): the exact count up to ``limit`` (COUNT_LIMIT); ``capped`` when there are
    more. The database stops after ``limit + 1`` rows instead of counting a queue of 10,000 to
    print it."""
    limit = COUNT_LIMIT if limit is None else limit
    count = queryset.order_by()[: limit + 1].count()
    return min(count, limit), count > limit
