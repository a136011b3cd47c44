"""The 标准目录 and the 权责清单 take their version steps through one module (core.versions, ADR
0051): numbering, submission, return and publication behave alike in both, each app keeping its
own rules (who edits, what a complete draft is)."""

from __future__ import annotations

import pytest

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.catalog import standard_services as catalogue
from gongkai.catalog.standard_models import StandardCatalogItem
from gongkai.core import versions
from gongkai.powers import services as powers
from gongkai.powers.tests.factories import real_bytes

pytestmark = pytest.mark.django_db


def _catalogue_draft(two_orgs, reason):
    org = two_orgs.gov_b
    editor = two_orgs.staff(org, Role.EDITOR)
    version = catalogue.start_version(org=org, actor=editor, reason=reason)
    items = list(StandardCatalogItem.objects.filter(domain_code="base-17").order_by("position")[:2])
    catalogue.adopt_items(version=version, actor=editor, items=items)
    return version, editor, two_orgs.staff(org, Role.REVIEWER)


def _powers_draft(two_orgs, reason):
    org = two_orgs.gov_a
    editor = two_orgs.staff(org, Role.EDITOR)
    current = powers.current_version(org=org, kind="powers")
    if current is None:
        data = real_bytes("county-market-powers.xlsx")
        version = powers.import_list(org=org, actor=editor, kind="powers", name="a.xlsx", data=data)
    else:
        version = powers.start_revision(org=org, actor=editor, kind="powers", reason=reason)
    return version, editor, two_orgs.staff(org, Role.REVIEWER)


FLOWS = {
    "catalogue": (
        _catalogue_draft,
        catalogue.submit_version,
        catalogue.return_version,
        catalogue.approve_version,
    ),
    "power_list": (_powers_draft, powers.submit_version, powers.return_version, powers.publish_version),
}


@pytest.mark.parametrize("prefix", sorted(FLOWS))
def test_both_lists_take_the_same_steps(two_orgs, prefix, monkeypatch):
    draft, submit, give_back, publish = FLOWS[prefix]
    shared = []
    for name in ("submit", "return_for_changes", "publish", "next_number"):
        real = getattr(versions, name)
        monkeypatch.setattr(
            versions, name, lambda *a, _real=real, _name=name, **k: shared.append(_name) or _real(*a, **k)
        )

    first, editor, reviewer = draft(two_orgs, "首次编制")
    assert first.number == 1
    submit(version=first, actor=editor)
    first.refresh_from_db()
    assert (first.status, first.submitted_by) == ("submitted", editor)
    give_back(version=first, actor=reviewer, comment="请补充依据")
    first.refresh_from_db()
    assert (first.status, first.review_comment) == ("returned", "请补充依据")
    submit(version=first, actor=editor)
    publish(version=first, actor=reviewer)
    second, _editor, _reviewer = draft(two_orgs, "动态调整")
    assert second.number == 2
    submit(version=second, actor=editor)
    publish(version=second, actor=reviewer, note="同意")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.review_comment) == ("superseded", "published", "同意")
    assert second.published_at is not None

    def verbs(version):
        return list(
            AuditEntry.objects.filter(object_type=version._meta.label_lower, object_id=str(version.pk))
            .order_by("seq")
            .values_list("verb", flat=True)
        )

    moves = [f"{prefix}_{s}" for s in ("submitted", "returned", "submitted", "published", "superseded")]
    assert [v for v in verbs(first) if v in moves] == moves  # the replaced version's end audited in both
    assert verbs(second)[-2:] == [f"{prefix}_published", versions.SEAL_VERB]
    assert {"submit", "return_for_changes", "publish", "next_number"} <= set(shared)
