"""One rule, one helper, one message: whoever drafted or submitted a record, a 标准目录 version or a
权责清单 version does not approve or publish it (ADR 0013, ADR 0051); the organ's single-officer
setting waives it for all three alike, and the publication's audit entry says so."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.accounts import duties
from gongkai.accounts.models import AdminRole, Role
from gongkai.accounts.tests.factories import UserFactory, make_staff
from gongkai.audit.models import AuditEntry
from gongkai.catalog import standard_services as catalogue
from gongkai.catalog.standard_models import StandardCatalogItem
from gongkai.disclosure import services as records
from gongkai.disclosure.tests.factories import draft_record
from gongkai.powers import services as powers
from gongkai.powers.tests.factories import real_bytes

pytestmark = pytest.mark.django_db
BOTH = (Role.EDITOR, Role.CONFIDENTIALITY_REVIEWER, Role.REVIEWER, Role.HEAD)


def _record(org, person, other_clearer):
    record = draft_record(org, editor=person)
    records.submit_record(record=record, actor=person)
    records.pass_confidentiality_review(record=record, actor=other_clearer)
    return lambda actor: records.approve_record(record=record, actor=actor), record


def _catalogue(org, person):
    version = catalogue.start_version(org=org, actor=person, reason="首次编制")
    items = list(StandardCatalogItem.objects.filter(domain_code="base-17").order_by("position")[:2])
    catalogue.adopt_items(version=version, actor=person, items=items)
    catalogue.submit_version(version=version, actor=person)
    return lambda actor: catalogue.approve_version(version=version, actor=actor), version


def _powers(org, person):
    version = powers.import_list(
        org=org, actor=person, kind="powers", name="a.xlsx", data=real_bytes("county-market-powers.xlsx")
    )
    powers.submit_version(version=version, actor=person)
    return lambda actor: powers.publish_version(version=version, actor=actor), version


def _workflows(two_orgs, person_a, person_b):
    clearer = two_orgs.staff(two_orgs.gov_a, Role.CONFIDENTIALITY_REVIEWER)
    return {
        "信息": _record(two_orgs.gov_a, person_a, clearer),
        "标准目录": _catalogue(two_orgs.gov_b, person_b),  # a county: the 标准目录 is a 基层 organ's
        "清单": _powers(two_orgs.gov_a, person_a),
    }


def test_the_submitter_is_refused_with_the_one_message_in_all_three_workflows(two_orgs):
    person_a = make_staff(two_orgs.gov_a, *BOTH, username="a_all_roles")
    person_b = make_staff(two_orgs.gov_b, *BOTH, username="b_all_roles")
    refused = {}
    workflows = _workflows(two_orgs, person_a, person_b)
    for subject, (step, _obj) in workflows.items():
        actor = person_b if subject == "标准目录" else person_a
        with pytest.raises(PermissionDenied) as caught:
            step(actor)
        refused[subject] = str(caught.value)
    steps = {"信息": "审核", "标准目录": "审核发布", "清单": "审核发布"}
    assert refused == {
        subject: duties.OWN_WORK_MAY_NOT.format(subject=subject, step=steps[subject]) for subject in refused
    }
    # Another reviewer of the organ may.
    for subject, (step, _obj) in workflows.items():
        org = two_orgs.gov_b if subject == "标准目录" else two_orgs.gov_a
        step(two_orgs.staff(org, Role.REVIEWER))


def test_a_single_officer_organ_publishes_its_own_lists_and_the_waiver_is_audited(two_orgs):
    security = UserFactory(admin_role=AdminRole.SECURITY, is_staff=True)
    for org in (two_orgs.gov_a, two_orgs.gov_b):
        duties.set_single_officer(org=org, actor=security, single_officer=True, basis="仅一名工作人员")
    person_a = make_staff(two_orgs.gov_a, *BOTH, username="a_all_roles")
    person_b = make_staff(two_orgs.gov_b, *BOTH, username="b_all_roles")
    workflows = _workflows(two_orgs, person_a, person_b)
    for subject in ("标准目录", "清单"):
        step, version = workflows[subject]
        step(person_b if subject == "标准目录" else person_a)
        entry = AuditEntry.objects.get(
            object_type=version._meta.label_lower,
            object_id=str(version.pk),
            verb__in=["catalogue_published", "power_list_published"],
        )
        assert entry.changes["single_officer_waiver"].startswith("本人起草、修改或提交过该")
