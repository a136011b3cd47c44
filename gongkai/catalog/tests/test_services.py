import pytest
from django.core.exceptions import ValidationError

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.catalog import categories
from gongkai.catalog.models import Column, Guide, Section
from gongkai.catalog.services import create_column, seed_statutory_columns
from gongkai.orgs.models import Level, Organization
from gongkai.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("level", "extra"),
    [
        (Level.PROVINCE, 0),
        (Level.CITY, len(categories.ARTICLE_21_CITY_COUNTY)),
        (Level.COUNTY, len(categories.ARTICLE_21_CITY_COUNTY)),
        (Level.TOWNSHIP, len(categories.ARTICLE_21_TOWNSHIP)),
    ],
)
def test_statutory_columns_follow_articles_20_and_21_by_level(level, extra):
    org = OrganizationFactory(level=level)
    proactive = Column.objects.for_org(org).proactive()
    # 15 categories of 第二十条, the 第二十一条 ones for the level, and 政策解读.
    assert proactive.count() == 15 + extra + 1
    assert proactive.filter(is_statutory=True).count() == proactive.count()
    assert Column.objects.for_org(org).filter(section=Section.RULES).count() == 1
    assert Column.objects.for_org(org).filter(section=Section.ANNUAL_REPORTS).count() == 1
    assert Guide.objects.filter(organization=org).exists()


def test_seeding_twice_creates_nothing_new():
    org = OrganizationFactory()
    before = Column.objects.for_org(org).count()
    assert seed_statutory_columns(org=org) == []
    assert Column.objects.for_org(org).count() == before
    assert Guide.objects.filter(organization=org).count() == 1


def test_sub_column_inherits_section_and_is_audited(two_orgs):
    parent = Column.objects.for_org(two_orgs.gov_a).get(slug="budgets")
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    column = create_column(
        org=two_orgs.gov_a, parent=parent, name="部门预算", slug="dept-budgets", actor=admin
    )
    assert column.section == Section.PROACTIVE
    assert column.parent == parent
    assert not column.is_statutory
    assert AuditEntry.objects.filter(verb="column_created", object_id=str(column.pk)).exists()


def test_sub_column_under_another_organs_column_is_refused(two_orgs):
    foreign = Column.objects.for_org(two_orgs.gov_b).get(slug="budgets")
    with pytest.raises(ValidationError):
        create_column(
            org=two_orgs.gov_a,
            parent=foreign,
            name="越权栏目",
            slug="x",
            actor=two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN),
        )
    assert not Column.objects.filter(slug="x").exists()


def test_column_slug_is_unique_within_an_organ_only(two_orgs):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    with pytest.raises(ValidationError):
        create_column(org=two_orgs.gov_a, parent=None, name="重复", slug="budgets", actor=admin)
    create_column(org=two_orgs.gov_a, parent=None, name="专题", slug="special", actor=admin)
    create_column(
        org=two_orgs.gov_b,
        parent=None,
        name="专题",
        slug="special",
        actor=two_orgs.staff(two_orgs.gov_b, Role.COMPETENT_ADMIN),
    )


def test_an_editor_cannot_add_a_column_or_revise_the_guide(two_orgs):
    from django.core.exceptions import PermissionDenied

    from gongkai.catalog.services import update_guide

    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    with pytest.raises(PermissionDenied):
        create_column(org=two_orgs.gov_a, parent=None, name="专题", slug="special", actor=editor)
    with pytest.raises(PermissionDenied):
        update_guide(org=two_orgs.gov_a, actor=editor, guide_data={}, contact_data={})
    assert not Column.objects.filter(slug="special").exists()


def test_the_guide_and_contact_data_are_revised_together_and_audited(two_orgs):
    from gongkai.catalog.services import CONTACT_FIELDS, GUIDE_FIELDS, update_guide

    org = two_orgs.gov_a
    head = two_orgs.staff(org, Role.HEAD)
    guide = Guide.objects.get(organization=org)
    guide_data = {name: getattr(guide, name) for name in GUIDE_FIELDS} | {"fees": "不收取费用。"}
    contact_data = {name: getattr(org, name) for name in CONTACT_FIELDS} | {"phone": "0994-1234567"}
    update_guide(org=org, actor=head, guide_data=guide_data, contact_data=contact_data)
    guide.refresh_from_db()
    org.refresh_from_db()
    assert guide.fees == "不收取费用。"
    assert org.phone == "0994-1234567"
    entry = AuditEntry.objects.get(verb="guide_updated")
    assert entry.changes["phone"][1] == "0994-1234567"


def test_revising_the_guide_with_a_stale_organ_never_writes_back_its_old_place_in_the_tree(two_orgs):
    from gongkai.catalog.services import CONTACT_FIELDS, GUIDE_FIELDS, update_guide

    stale = Organization.objects.get(pk=two_orgs.gov_b.pk)  # the request's copy, loaded earlier
    # Treebeard keeps siblings sorted by name: a new government sorting first moves 乙县 along.
    OrganizationFactory(name="丁市人民政府", slug="ding", level="city")
    moved = Organization.objects.get(pk=stale.pk)
    assert moved.path != stale.path
    guide = Guide.objects.get(organization=stale)
    update_guide(
        org=stale,
        actor=two_orgs.staff(two_orgs.gov_b, Role.HEAD),
        guide_data={name: getattr(guide, name) for name in GUIDE_FIELDS},
        contact_data={name: getattr(stale, name) for name in CONTACT_FIELDS} | {"phone": "0996-7654321"},
    )
    saved = Organization.objects.get(pk=stale.pk)
    assert saved.phone == "0996-7654321"
    assert saved.path == moved.path
    assert Organization.objects.find_problems() == ([], [], [], [], [])
