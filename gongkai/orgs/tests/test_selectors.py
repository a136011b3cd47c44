import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory, make_staff
from gongkai.orgs.models import OrganizationAlias
from gongkai.orgs.selectors import organization_by_name, subtree, visible_to
from gongkai.orgs.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_competent_admin_sees_own_government_and_its_departments(two_orgs):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    assert list(visible_to(admin)) == [two_orgs.gov_a, two_orgs.dept_a1]


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.COMPETENT_ADMIN])
def test_other_roles_see_only_their_own_organ(two_orgs, role):
    assert list(visible_to(two_orgs.staff(two_orgs.gov_a, role))) == [two_orgs.gov_a]
    assert list(visible_to(two_orgs.staff(two_orgs.dept_a1, role))) == [two_orgs.dept_a1]


def test_department_competent_admin_does_not_see_its_government(two_orgs):
    assert list(visible_to(two_orgs.staff(two_orgs.dept_a1, Role.COMPETENT_ADMIN))) == [two_orgs.dept_a1]


def test_nobody_sees_the_other_government(two_orgs):
    for role in Role.values:
        assert two_orgs.gov_b not in visible_to(two_orgs.staff(two_orgs.gov_a, role))
        assert two_orgs.gov_a not in visible_to(two_orgs.staff(two_orgs.gov_b, role))


def test_user_without_membership_sees_nothing(two_orgs):
    assert not visible_to(UserFactory()).exists()


def test_inactive_organs_are_hidden(two_orgs):
    two_orgs.dept_a1.is_active = False
    two_orgs.dept_a1.save()
    assert list(visible_to(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))) == [two_orgs.gov_a]


def test_subtree_holds_the_organ_and_everything_below_it(two_orgs):
    deeper = DepartmentFactory(parent=two_orgs.dept_a1, name="甲市发改委价格监测中心")
    assert set(subtree(two_orgs.gov_a)) == {two_orgs.gov_a, two_orgs.dept_a1, deeper}
    assert set(subtree(two_orgs.dept_a1)) == {two_orgs.dept_a1, deeper}
    assert set(subtree(two_orgs.gov_b)) == {two_orgs.gov_b}


def test_government_of_a_department_is_the_nearest_government(two_orgs):
    assert two_orgs.dept_a1.government() == two_orgs.gov_a
    assert two_orgs.gov_b.government() == two_orgs.gov_b


def test_organ_is_found_by_full_name_short_name_or_alias(two_orgs):
    OrganizationAlias.objects.create(organization=two_orgs.dept_a1, alias="市发改委")
    assert organization_by_name("甲市发展和改革委员会") == two_orgs.dept_a1
    assert organization_by_name(" 甲市发改委 ") == two_orgs.dept_a1
    assert organization_by_name("市发改委") == two_orgs.dept_a1
    assert organization_by_name("丙市发改委") is None


def test_one_person_may_hold_roles_in_several_organs(two_orgs):
    person = make_staff(two_orgs.gov_a, Role.REVIEWER)
    person.memberships.create(organization=two_orgs.dept_a1, role=Role.HEAD)
    assert person.roles_in(two_orgs.gov_a) == {Role.REVIEWER}
    assert person.roles_in(two_orgs.dept_a1) == {Role.HEAD}
    assert person.roles_in(two_orgs.gov_b) == set()
