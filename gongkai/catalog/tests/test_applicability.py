"""Columns that fit the organ: defaults by organ type, 「本机关无此项信息」, and the public view."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.catalog import categories
from gongkai.catalog.models import Column, Section
from gongkai.catalog.services import set_column_status
from gongkai.disclosure import selectors
from gongkai.disclosure.models import Record, Status
from gongkai.orgs.models import Kind, Level
from gongkai.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _applies(org) -> set[str]:
    return set(Column.objects.for_org(org).proactive().applicable().values_list("slug", flat=True))


def test_a_development_commission_has_no_public_security_column(two_orgs):
    # two_orgs.dept_a1 is 甲市发展和改革委员会, a city department.
    slugs = _applies(two_orgs.dept_a1)
    assert "public-security" not in slugs
    assert not {c.slug for c in categories.ARTICLE_21_CITY_COUNTY} & slugs
    # 第二十条 binds every organ.
    assert {c.slug for c in categories.ARTICLE_20} <= slugs
    # The column exists (the organ may switch it on), it is just not applicable.
    assert Column.objects.for_org(two_orgs.dept_a1).filter(slug="public-security", applies=False).exists()


def test_a_police_bureau_and_a_civil_affairs_bureau_keep_their_article_21_columns(two_orgs):
    police = OrganizationFactory(
        name="甲市公安局", slug="jia-gaj", level=Level.CITY, kind=Kind.DEPARTMENT, parent=two_orgs.gov_a
    )
    civil = OrganizationFactory(
        name="甲市民政局", slug="jia-mzj", level=Level.CITY, kind=Kind.DEPARTMENT, parent=two_orgs.gov_a
    )
    assert "public-security" in _applies(police)
    assert "social-assistance" not in _applies(police)
    assert {"social-assistance", "public-welfare"} <= _applies(civil)
    assert "public-security" not in _applies(civil)


@pytest.mark.parametrize("level", [Level.CITY, Level.COUNTY, Level.TOWNSHIP])
def test_a_government_carries_every_column_of_its_level(level):
    org = OrganizationFactory(level=level)
    expected = {c.slug for c in categories.categories_for_level(level)}
    assert _applies(org) == expected


def test_no_info_statement_is_saved_and_audited(two_orgs):
    admin = two_orgs.staff(two_orgs.dept_a1, Role.COMPETENT_ADMIN)
    column = Column.objects.for_org(two_orgs.dept_a1).get(slug="fees")
    set_column_status(column=column, actor=admin, applies=True, no_info_reason="本机关无行政事业性收费项目。")
    column.refresh_from_db()
    assert column.no_info_reason == "本机关无行政事业性收费项目。"
    entry = AuditEntry.objects.get(verb="column_status_changed", object_id=str(column.pk))
    assert "no_info_reason" in str(entry.changes)
    # A blank reason clears the statement (whitespace is not a reason).
    set_column_status(column=column, actor=admin, applies=True, no_info_reason="   ")
    column.refresh_from_db()
    assert column.no_info_reason == ""


def test_reader_roles_cannot_change_columns(two_orgs):
    clerk = two_orgs.staff(two_orgs.dept_a1, Role.EDITOR)
    column = Column.objects.for_org(two_orgs.dept_a1).get(slug="fees")
    with pytest.raises(PermissionDenied):
        set_column_status(column=column, actor=clerk, applies=False, no_info_reason="")


def _publish(org, column, title="测试信息"):
    return Record.objects.create(
        organization=org,
        column=column,
        title=title,
        status=Status.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(days=1),
    )


def test_a_column_in_use_cannot_be_dropped_or_marked_empty(two_orgs):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    column = Column.objects.for_org(two_orgs.gov_a).get(slug="budgets")
    _publish(two_orgs.gov_a, column)
    with pytest.raises(ValidationError):
        set_column_status(column=column, actor=admin, applies=False, no_info_reason="")
    with pytest.raises(ValidationError):
        set_column_status(column=column, actor=admin, applies=True, no_info_reason="无")
    column.refresh_from_db()
    assert column.applies
    assert not column.no_info_reason


def test_rules_and_reports_columns_always_apply(two_orgs):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    column = Column.objects.for_org(two_orgs.gov_a).get(section=Section.RULES)
    with pytest.raises(ValidationError):
        set_column_status(column=column, actor=admin, applies=False, no_info_reason="")


def test_the_public_never_sees_an_empty_column(two_orgs):
    org = two_orgs.gov_a
    admin = two_orgs.staff(org, Role.COMPETENT_ADMIN)
    columns = {c.slug: c for c in Column.objects.for_org(org)}
    _publish(org, columns["budgets"])
    set_column_status(column=columns["fees"], actor=admin, applies=True, no_info_reason="本机关无收费项目。")
    set_column_status(column=columns["public-security"], actor=admin, applies=False, no_info_reason="")
    shown = {e.column.slug: e for e in selectors.public_column_counts(org=org)}
    assert set(shown) == {"budgets", "fees"}
    assert shown["budgets"].count == 1
    assert shown["fees"].count == 0
    assert shown["fees"].column.no_info_reason
    empty = {c.slug for c in selectors.empty_columns(org=org)}
    assert not {"budgets", "fees", "public-security"} & empty
    assert "statistics" in empty


def test_a_county_adds_a_base_level_domain_once_and_a_city_cannot(two_orgs):
    from gongkai.catalog.services import add_base_level_domain

    county = two_orgs.gov_b
    admin = two_orgs.staff(county, Role.COMPETENT_ADMIN)
    column = add_base_level_domain(org=county, code="base-20", actor=admin)
    assert column.name == "涉农补贴"
    assert column.applies
    assert not column.is_statutory
    assert add_base_level_domain(org=county, code="base-20", actor=admin).pk == column.pk
    assert Column.objects.for_org(county).filter(category_code="base-20").count() == 1
    # Empty until a record or a statement: not on the public site.
    assert "d-farm-subsidies" not in {e.column.slug for e in selectors.public_column_counts(org=county)}
    with pytest.raises(ValidationError):
        add_base_level_domain(org=county, code="base-99", actor=admin)
    city = two_orgs.gov_a
    with pytest.raises(ValidationError):
        add_base_level_domain(org=city, code="base-20", actor=two_orgs.staff(city, Role.COMPETENT_ADMIN))
    assert len(categories.BASE_LEVEL_DOMAINS) == 26
