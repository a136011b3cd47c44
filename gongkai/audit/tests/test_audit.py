from datetime import date

import pytest

from gongkai.accounts.tests.factories import UserFactory
from gongkai.audit.services import diff_fields, record_event
from gongkai.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_record_event_names_actor_object_and_organ():
    org = OrganizationFactory()
    user = UserFactory(full_name="张三")
    entry = record_event(
        actor=user,
        verb="column_created",
        obj=org,
        changes={"name": ["", org.name]},
        reason="新设栏目",
        ip_address="10.0.0.1",
    )
    assert entry.actor == user
    assert entry.actor_name == "张三"
    assert entry.object_type == "orgs.organization"
    assert entry.object_id == str(org.pk)
    assert entry.object_repr == org.name
    assert entry.reason == "新设栏目"


def test_anonymous_actor_is_recorded_as_system():
    entry = record_event(actor=None, verb="login_failed", changes={"username": "zhang"})
    assert entry.actor is None
    assert entry.actor_name == "系统"
    assert entry.object_type == ""


def test_dates_in_changes_are_stored_as_iso_strings():
    entry = record_event(actor=None, verb="x", changes={"written_on": [None, date(2024, 2, 29)]})
    entry.refresh_from_db()
    assert entry.changes == {"written_on": [None, "2024-02-29"]}


def test_diff_fields_lists_only_changes_as_strings():
    before = {"title": "旧", "column": 1, "written_on": date(2023, 12, 31)}
    after = {"title": "新", "column": 1, "written_on": date(2024, 1, 1)}
    assert diff_fields(before, after) == {"title": ["旧", "新"], "written_on": ["2023-12-31", "2024-01-01"]}
