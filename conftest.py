"""Shared fixtures. ``two_orgs`` is the named world most tests start from (Zulip style):

    government A (gov_a)                 government B (gov_b)
    └── department A1 (dept_a1)

Each of the three organs has one staff member per Role, reachable as ``two_orgs.staff(org, role)``
and named ``<organ>_<role>`` (``a_editor``, ``a1_head``, ``b_confidentiality_reviewer``…).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pytest
from django.db.backends.base.operations import BaseDatabaseOperations

from gongkai.accounts.models import Role, User
from gongkai.accounts.tests.factories import make_staff
from gongkai.disclosure.models import Record, Status
from gongkai.disclosure.tests.factories import advance, draft_record
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Kind, Level, Organization
from gongkai.orgs.tests.factories import DepartmentFactory, OrganizationFactory

# Rows the migrations seed; a transactional test's flush empties them, and pytest-xdist may run
# an app's tests after a transactional test in the same worker (it orders files by size).
SEEDING_MIGRATIONS = (  # module, and its RunPython function that seeds (each is idempotent)
    ("gongkai.workdays.migrations.0002_seed_from_chinese_calendar", "seed"),
    ("gongkai.search.migrations.0002_seed_abbreviations", "seed"),
    ("gongkai.search.migrations.0004_seed_abbreviations_with_sources", "seed"),
    ("gongkai.search.migrations.0005_seed_colloquial_pairs", "seed"),
    ("gongkai.search.migrations.0006_seed_pairs_added_after_0005", "seed"),
    ("gongkai.search.migrations.0007_seed_pairs_of_the_third_pass", "seed"),
    ("gongkai.inspection.migrations.0002_load_wordlist", "load"),
    ("gongkai.catalog.migrations.0004_standard_catalogue", "seed"),
)


def _reseed_what_the_migrations_seeded():
    import importlib

    from django.apps import apps

    for module, function in SEEDING_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


def _flush_may_empty_the_audit_log(execute_sql_flush):
    # SQLite's flush (transactional tests) deletes rows, which the audit log's trigger refuses.
    from gongkai.audit.protection import allow_sqlite_flush

    def flush(self, sql_list):
        with allow_sqlite_flush():
            result = execute_sql_flush(self, sql_list)
        _reseed_what_the_migrations_seeded()
        return result

    return flush


BaseDatabaseOperations.execute_sql_flush = _flush_may_empty_the_audit_log(
    BaseDatabaseOperations.execute_sql_flush
)


@dataclass
class TwoOrgs:
    gov_a: Organization
    dept_a1: Organization
    gov_b: Organization
    members: dict[int, dict[str, User]] = field(default_factory=dict)

    def staff(self, org: Organization, role: str) -> User:
        return self.members[org.pk][role]

    def team(self, org: Organization) -> dict[str, User]:
        return self.members[org.pk]

    def draft(self, org: Organization, **fields) -> Record:
        """A draft written by the organ's 信息员 through the service."""
        return draft_record(org, editor=self.staff(org, Role.EDITOR), **fields)

    def advance(self, record: Record, target: str, *, at: datetime | None = None) -> Record:
        return advance(record, target, staff=self.team(record.organization), at=at)

    def publish(self, record: Record, *, at: datetime | None = None) -> Record:
        """Submit, clear, approve and publish ``record`` with the right person at each step."""
        return self.advance(record, Status.PUBLISHED, at=at)


def _staff_for_every_role(org: Organization, prefix: str) -> dict[str, User]:
    return {role: make_staff(org, role, username=f"{prefix}_{role}") for role in Role.values}


@pytest.fixture
def two_orgs(db) -> TwoOrgs:
    gov_a = OrganizationFactory(
        name="甲市人民政府",
        short_name="甲市政府",
        slug="jia",
        level=Level.CITY,
        credit_code=make_credit_code("11652301000000001"),
    )
    dept_a1 = DepartmentFactory(
        parent=gov_a,
        name="甲市发展和改革委员会",
        short_name="甲市发改委",
        slug="jia-fgw",
        level=Level.CITY,
        kind=Kind.DEPARTMENT,
        credit_code=make_credit_code("11652301000000002"),
    )
    gov_b = OrganizationFactory(
        name="乙县人民政府",
        short_name="乙县政府",
        slug="yi",
        level=Level.COUNTY,
        credit_code=make_credit_code("11652302000000001"),
    )
    # node_order_by sorts siblings on insert, so adding gov_b may have moved gov_a: reload the paths.
    for org in (gov_a, dept_a1, gov_b):
        org.refresh_from_db()
    world = TwoOrgs(gov_a=gov_a, dept_a1=dept_a1, gov_b=gov_b)
    for org, prefix in ((gov_a, "a"), (dept_a1, "a1"), (gov_b, "b")):
        world.members[org.pk] = _staff_for_every_role(org, prefix)
    return world


@pytest.fixture
def publish(two_orgs):
    """``publish(record, at=None)``: walk a draft of any organ in ``two_orgs`` to published."""
    return two_orgs.publish


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files land in a per-test directory, never in var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached pages of one test never leak into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def search_index(settings, tmp_path):
    """A private, empty index for one test; call ``index()`` to apply the outbox."""
    from gongkai.disclosure.search import forget_ancestors
    from gongkai.search import engine
    from gongkai.search.indexer import apply_outbox

    settings.GONGKAI_SEARCH_INDEX_DIR = str(tmp_path / "index")
    engine.forget_indexes()
    forget_ancestors()
    yield apply_outbox
    engine.forget_indexes()
