"""Collective phrases (各乡镇人民政府、各部门, 各县区政府, 市直各单位): what they denote
(assessment.collective_scope), the organs of the tree they expand to (selectors.expand_collective),
and the import that takes only the organs the official confirmed (ADR 0019)."""

import pytest

from gongkai.accounts.models import Role
from gongkai.orgs.models import Kind, Level, Organization
from gongkai.orgs.tests.factories import DepartmentFactory, OrganizationFactory
from gongkai.workplans import assessment, services
from gongkai.workplans.models import TaskUnit, UnitRole
from gongkai.workplans.parsing import parse
from gongkai.workplans.selectors import expand_collective


@pytest.mark.parametrize(
    ("name", "kind", "levels", "definite"),
    [
        ("各乡镇人民政府", "governments", ("township",), True),
        ("各部门", "departments", (), True),
        ("各县区政府", "governments", ("county",), True),
        ("各县(市、区)人民政府", "governments", ("county",), True),
        ("市直各单位", "departments", (), True),
        ("政府各部门", "departments", (), True),
        ("区直各有关单位", "departments", (), False),
        ("各相关部门", "departments", (), False),
        ("各镇(街道)", "governments", ("township",), True),
        ("各地各部门", "all", (), True),
        ("各科室", "sections", (), True),
        # 各乡镇、街道: the 各 governs both; 街道 alone names no organ.
        ("街道", "governments", ("township",), True),
    ],
)
def test_a_collective_phrase_has_a_scope(name, kind, levels, definite):
    scope = assessment.collective_scope(name)
    assert (scope.kind, scope.levels, scope.definite) == (kind, levels, definite)


@pytest.mark.parametrize("name", ["市发改委", "甲市发展和改革委员会", "区政府办", "开干齐乡人民政府"])
def test_one_organ_is_no_collective_phrase(name):
    assert assessment.collective_scope(name) is None


def test_the_parser_marks_collective_units():
    plan = parse(
        "甲县2026年政务公开工作要点\n一、加强公开\n"
        "（一）公开规范性文件。（牵头单位：县政府办公室；责任单位：各乡镇人民政府、各部门）\n"
    )
    assert plan.tasks[0].collective == {"各乡镇人民政府": "governments", "各部门": "departments"}


@pytest.fixture
def county(db):
    """A county government with two departments and two townships; another county beside it."""
    gov = OrganizationFactory(name="甲县人民政府", level=Level.COUNTY)
    other = OrganizationFactory(name="乙县人民政府", level=Level.COUNTY)
    for org in (gov, other):
        org.refresh_from_db()
    DepartmentFactory(parent=gov, name="甲县财政局", level=Level.COUNTY)
    DepartmentFactory(parent=Organization.objects.get(pk=gov.pk), name="甲县教育局", level=Level.COUNTY)
    for town in ("甲县东镇人民政府", "甲县西乡人民政府"):
        OrganizationFactory(
            parent=Organization.objects.get(pk=gov.pk), name=town, kind=Kind.GOVERNMENT, level=Level.TOWNSHIP
        )
    DepartmentFactory(parent=Organization.objects.get(pk=other.pk), name="乙县财政局", level=Level.COUNTY)
    return Organization.objects.get(pk=gov.pk)


def names(organs):
    return sorted(o.name for o in organs)


def test_expansion_follows_the_tree_of_the_issuing_government(county):
    assert names(expand_collective("各乡镇人民政府", county)) == ["甲县东镇人民政府", "甲县西乡人民政府"]
    assert names(expand_collective("县直各部门", county)) == ["甲县教育局", "甲县财政局"]
    assert len(expand_collective("各地各部门", county)) == 4
    # Another government's organs are never in it; phrases the tree cannot hold expand to nothing.
    assert "乙县财政局" not in names(expand_collective("各部门", county))
    assert expand_collective("各科室", county) == []
    assert expand_collective("县财政局", county) == []
    assert expand_collective("各部门", None) == []


def test_import_takes_only_confirmed_organs_of_the_tree(county):
    from gongkai.accounts.tests.factories import make_staff

    admin = make_staff(county, Role.COMPETENT_ADMIN, username="jia_admin")
    plan = parse(
        "甲县2026年政务公开工作要点\n一、加强公开\n"
        "（一）公开规范性文件。（牵头单位：县财政局；责任单位：各部门、各乡镇人民政府）\n"
        "（二）更新清单。（责任单位：各部门）\n"
    )
    finance = Organization.objects.get(name="甲县财政局")
    education = Organization.objects.get(name="甲县教育局")
    foreign = Organization.objects.get(name="乙县财政局")
    ledger = services.import_plan(
        org=county,
        actor=admin,
        parsed=plan,
        source_text="x",
        # 各部门 → the finance bureau (already lead: not added twice), education; a foreign organ
        # posted by hand is ignored; 各乡镇人民政府 left unticked stays a phrase.
        expansions={0: {"各部门": [finance.pk, education.pk, foreign.pk]}},
    )
    first, second = ledger.tasks.order_by("position")
    units = [(u.role, u.name, u.organization_id, u.collective) for u in first.units.all()]
    assert (UnitRole.LEAD, "县财政局", finance.pk, "") in units
    assert (UnitRole.RESPONSIBLE, "甲县教育局", education.pk, "各部门") in units
    assert (UnitRole.RESPONSIBLE, "各乡镇人民政府", None, "") in units
    assert not TaskUnit.objects.filter(organization=foreign).exists()
    assert len(units) == 3
    # The second task was not expanded: its phrase stays, unmatched, listed apart in the ranking.
    assert [(u.name, u.organization_id) for u in second.units.all()] == [("各部门", None)]
