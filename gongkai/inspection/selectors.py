"""The word list in force for an organ: the installation's entries, then the organ's own."""

from __future__ import annotations

from django.db.models import F, Q

from gongkai.inspection.models import WordRule
from gongkai.inspection.rules import WordList, compile_rules


def word_list(org=None) -> WordList:
    rules = WordRule.objects.filter(active=True).filter(
        Q(organization__isnull=True) | Q(organization=org)
        if org is not None
        else Q(organization__isnull=True)
    )
    # Installation entries first, so an organ's entry for the same literal wins.
    return compile_rules(rules.order_by(F("organization_id").asc(nulls_first=True), "id"))


def missing_interpretations(records):
    """三同步: 规章, 规范性文件 and 重大政策 (not withdrawn) that no 政策解读 explains yet — a task for the
    organ."""
    from django.db.models import Q

    from gongkai.disclosure.models import Genre, Status

    explained = records.model.objects.filter(genre=Genre.INTERPRETATION).exclude(status=Status.WITHDRAWN)
    return (
        records.filter(Q(genre__in=[Genre.NORMATIVE, Genre.RULE]) | Q(major_policy=True))
        .exclude(genre=Genre.INTERPRETATION)
        .exclude(status=Status.WITHDRAWN)
        .exclude(pk__in=explained.filter(policy__isnull=False).values("policy_id"))
    )
