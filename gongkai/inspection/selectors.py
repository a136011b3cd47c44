"""The word list in force for an organ: the installation's entries, then the organ's own."""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Q

from gongkai.inspection.models import WordRule
from gongkai.inspection.rules import WordList, compile_rules

# Compiled lists per organ (None: the installation's alone), process-local, each with the version
# of the entries it was compiled from. Compiling ~300 entries costs far more than checking a record
# (ADR 0032, docs/benchmarks.md); the version query is one aggregate over the same rows.
_COMPILED: dict[int | None, tuple[tuple, WordList]] = {}
_COMPILED_MAX = 512


def _entries(org):
    return WordRule.objects.filter(
        Q(organization__isnull=True) | Q(organization=org)
        if org is not None
        else Q(organization__isnull=True)
    )


def list_version(org=None) -> tuple:
    """Changes whenever an entry the organ's list is built from is added, changed, switched on or
    off, or deleted: count, newest change and highest id of those rows (inactive ones included).

    Plain SQL: it runs before every check, and building the ORM's aggregate cost more than the
    query itself (bench/wordlist_cache.py)."""
    table = connection.ops.quote_name(WordRule._meta.db_table)
    where = "organization_id IS NULL" + (" OR organization_id = %s" if org is not None else "")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(id), MAX(updated_at), MAX(id) FROM {table} WHERE {where}",
            [org.pk] if org is not None else [],
        )
        return tuple(cursor.fetchone())


def word_list(org=None) -> WordList:
    """The compiled list in force for ``org``: compiled once per list version in this process."""
    key = getattr(org, "pk", None)
    version = list_version(org)
    cached = _COMPILED.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    rules = _entries(org).filter(active=True)
    # Installation entries first, so an organ's entry for the same literal wins.
    words = compile_rules(rules.order_by(F("organization_id").asc(nulls_first=True), "id"))
    if len(_COMPILED) >= _COMPILED_MAX:
        _COMPILED.clear()
    _COMPILED[key] = (version, words)
    return words


def forget_compiled_lists() -> None:
    _COMPILED.clear()


def missing_interpretations(records):
    """三同步: 规章, 规范性文件 and 重大政策 (not withdrawn) that no 政策解读 explains yet — a task for the
    organ."""
    from django.db.models import Exists, OuterRef, Q

    from gongkai.disclosure.models import Genre, Status

    # One probe of the policy index per candidate (NOT EXISTS), instead of a list of every
    # interpretation of the installation read per page: 0.7–1.9 s at 100,000 records (ADR 0046).
    explained = (
        records.model.objects.filter(policy=OuterRef("pk"), genre=Genre.INTERPRETATION)
        .exclude(status=Status.WITHDRAWN)
        .order_by()
    )
    return (
        records.filter(Q(genre__in=[Genre.NORMATIVE, Genre.RULE]) | Q(major_policy=True))
        .exclude(genre=Genre.INTERPRETATION)
        .exclude(status=Status.WITHDRAWN)
        .exclude(Exists(explained))
    )
