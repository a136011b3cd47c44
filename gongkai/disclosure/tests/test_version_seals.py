"""Published 标准目录 and 权责清单 versions are sealed at publication and verified by the same
tamper check as records (ADR 0051 with ADR 0032)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.catalog import standard_services as catalogue
from gongkai.catalog.standard_models import CatalogueItem, CatalogueVersion, StandardCatalogItem
from gongkai.core import versions
from gongkai.disclosure import integrity
from gongkai.disclosure.tests.test_integrity import rewrite_seal
from gongkai.powers.models import ListVersion, PowerListItem
from gongkai.powers.tests.factories import publish_import, real_bytes

pytestmark = pytest.mark.django_db


def seals_of(version):
    return AuditEntry.objects.filter(
        verb=versions.SEAL_VERB, object_type=version._meta.label_lower, object_id=str(version.pk)
    ).order_by("seq")


def _catalogue(two_orgs, reason="首次编制"):
    org = two_orgs.gov_b
    editor = two_orgs.staff(org, Role.EDITOR)
    version = catalogue.start_version(org=org, actor=editor, reason=reason)
    items = list(StandardCatalogItem.objects.filter(domain_code="base-17").order_by("position")[:3])
    catalogue.adopt_items(version=version, actor=editor, items=items)
    catalogue.submit_version(version=version, actor=editor)
    return catalogue.approve_version(version=version, actor=two_orgs.staff(org, Role.REVIEWER))


@pytest.fixture
def power_list(two_orgs):
    return publish_import(two_orgs, two_orgs.gov_a, real_bytes("county-market-powers.xlsx"))


def test_publication_seals_both_kinds_and_unchanged_versions_pass(two_orgs, power_list):
    directory = _catalogue(two_orgs)
    for version, cause in ((power_list, "power_list_published"), (directory, "catalogue_published")):
        entry = seals_of(version).get()
        assert entry.changes["cause"] == cause
        assert entry.changes["content_sha256"] == versions.content_digest(version)
    assert integrity.verify_published() == []


def test_an_item_changed_past_the_services_is_found(two_orgs, power_list):
    item = power_list.items.order_by("position").first()
    PowerListItem.objects.filter(pk=item.pk).update(fees="每件收费500元")
    [finding] = integrity.verify_published()
    assert (finding.record_id, finding.what) == (None, integrity.STORED)
    assert finding.organization_id == two_orgs.gov_a.pk
    assert finding.url == f"/org/{two_orgs.gov_a.slug}/lists/powers/?version=1"
    assert finding.expected == seals_of(power_list).get().changes["content_sha256"]
    assert integrity.verify_published(two_orgs.gov_b) == []  # another organ's check sees nothing


def test_a_superseded_catalogue_stays_public_and_checked(two_orgs):
    first = _catalogue(two_orgs)
    second = _catalogue(two_orgs, reason="动态调整")
    assert CatalogueVersion.objects.get(pk=first.pk).status == "superseded"
    assert integrity.verify_published() == []
    CatalogueItem.objects.filter(version=first).update(time_limit="永不公开")
    [finding] = integrity.verify_published()
    assert finding.title == str(first)
    assert second.pk != first.pk


def test_a_rewritten_seal_and_an_unsealed_version_are_reported_by_the_command(two_orgs, power_list, capsys):
    rewrite_seal(seals_of(power_list).get(), content_sha256="f" * 64)
    assert {f.what for f in integrity.verify_published()} == {integrity.SEAL_ALTERED, integrity.STORED}
    # A version written straight to the table (no seal can be deleted: the log is append-only).
    unsealed = ListVersion.objects.create(
        organization=two_orgs.gov_b, kind="services", number=1, status="published"
    )
    with pytest.raises(SystemExit):
        call_command("verify_published", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload["checked_versions"] == 2
    assert {(f["title"], f["what"]) for f in payload["findings"]} >= {(str(unsealed), integrity.UNSEALED)}
    assert integrity.seal_unsealed(two_orgs.gov_b) == 1
    assert integrity.verify_published(two_orgs.gov_b) == []
