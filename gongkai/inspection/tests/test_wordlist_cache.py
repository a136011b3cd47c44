"""The compiled word list is kept per list version and rebuilt when an entry changes (ADR 0032)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import make_staff
from gongkai.inspection import selectors
from gongkai.inspection.models import WordRule
from gongkai.inspection.services import save_rule

pytestmark = pytest.mark.django_db

TEXT = "城管大队开展巡查"


def hits(words, text=TEXT):
    return [m.group(0) for m in words.literal_regex.finditer(text)] if words.literal_regex else []


@pytest.fixture(autouse=True)
def _empty_cache():
    selectors.forget_compiled_lists()
    yield
    selectors.forget_compiled_lists()


def test_the_same_version_is_compiled_once_and_read_with_one_query(two_orgs):
    first = selectors.word_list(two_orgs.gov_a)
    with CaptureQueriesContext(connection) as queries:
        again = selectors.word_list(two_orgs.gov_a)
    assert again is first
    assert len(queries) == 1  # the version; no rows read, nothing compiled


def test_an_added_changed_switched_off_or_deleted_entry_is_seen_at_once(two_orgs):
    org = two_orgs.gov_a
    reviewer = make_staff(org, Role.REVIEWER)
    assert "城管大队" not in hits(selectors.word_list(org))
    data = {"category": "organ", "match": "literal", "pattern": "城管大队", "reason": "已更名"}
    rule = save_rule(actor=reviewer, org=org, data=data)
    assert hits(selectors.word_list(org)) == ["城管大队"]
    save_rule(actor=reviewer, org=org, rule=rule, data={**data, "pattern": "城管中队"})
    assert hits(selectors.word_list(org), "城管中队巡查") == ["城管中队"]
    assert hits(selectors.word_list(org)) == []
    save_rule(actor=reviewer, org=org, rule=rule, data={**data, "pattern": "城管中队", "active": False})
    assert hits(selectors.word_list(org), "城管中队巡查") == []
    save_rule(actor=reviewer, org=org, rule=rule, data={**data, "pattern": "城管中队", "active": True})
    assert hits(selectors.word_list(org), "城管中队巡查") == ["城管中队"]
    WordRule.objects.filter(pk=rule.pk).delete()
    assert hits(selectors.word_list(org), "城管中队巡查") == []


def test_each_organ_has_its_own_compiled_list(two_orgs):
    WordRule.objects.create(
        organization=two_orgs.gov_a, category="organ", pattern="城管大队", reason="已更名"
    )
    assert hits(selectors.word_list(two_orgs.gov_a)) == ["城管大队"]
    assert hits(selectors.word_list(two_orgs.gov_b)) == []
    assert hits(selectors.word_list(None)) == []
    # An installation entry reaches every organ's cached list.
    WordRule.objects.create(organization=None, category="typo", pattern="开展巡查", reason="测试")
    assert "开展巡查" in hits(selectors.word_list(two_orgs.gov_b))
    assert "开展巡查" in hits(selectors.word_list(two_orgs.gov_a))
