"""The ledger: import with matched organs, progress with evidence, review, statuses, 回头看,
scores with adjustments, and the .xlsx export reopened."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.models import Role
from gongkai.orgs.models import OrganizationAlias
from gongkai.workplans import assessment, services
from gongkai.workplans.models import TaskStatus, UnitRole
from gongkai.workplans.parsing import parse

pytestmark = pytest.mark.django_db

NOTICE = """甲市人民政府办公室关于印发2026年甲市政务公开工作要点的通知
各部门：
现将要点印发给你们。
甲市人民政府办公室
2026年3月1日
一、加强政策解读
1.2026年底前，全面公开规范性文件并做好解读。（牵头单位：市发改委；责任单位：市直各部门）
2.9月30日前完成政府信息公开平台建设。（市发改委、市财政局）
3.每季度更新权责清单。（责任单位：市直各部门）
"""


@pytest.fixture
def ledger(two_orgs):
    OrganizationAlias.objects.create(organization=two_orgs.dept_a1, alias="市发改委")
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    return services.import_plan(org=two_orgs.gov_a, actor=admin, parsed=parse(NOTICE), source_text=NOTICE)


def test_import_matches_units_to_organs_and_keeps_unmatched_names(ledger, two_orgs):
    assert ledger.year == 2026
    assert ledger.tasks.count() == 3
    first = ledger.tasks.get(position=1)
    lead = first.units.get(role=UnitRole.LEAD)
    assert (lead.name, lead.organization) == ("市发改委", two_orgs.dept_a1)
    assert first.units.get(role=UnitRole.RESPONSIBLE).organization is None  # 市直各部门 stays as text
    assert first.deadline == date(2026, 12, 31)
    assert ledger.tasks.get(position=2).deadline == date(2026, 9, 30)
    assert ledger.tasks.get(position=3).recurrence == "quarterly"


def test_only_the_competent_office_imports(two_orgs):
    with pytest.raises(PermissionDenied):
        services.import_plan(
            org=two_orgs.gov_a,
            actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
            parsed=parse(NOTICE),
            source_text=NOTICE,
        )


def test_progress_review_and_statuses(ledger, two_orgs):
    task = ledger.tasks.get(position=2)
    dept_editor = two_orgs.staff(two_orgs.dept_a1, Role.EDITOR)
    assert task.status_on(date(2026, 5, 1)) == TaskStatus.NOT_STARTED
    record = two_orgs.publish(two_orgs.draft(two_orgs.dept_a1, title="甲市政府信息公开平台建成"))
    with pytest.raises(ValidationError, match="不是该任务"):
        services.report_progress(
            task=task,
            actor=two_orgs.staff(two_orgs.gov_b, Role.EDITOR),
            organization=two_orgs.gov_b,
            text="x",
        )
    report = services.report_progress(
        task=task,
        actor=dept_editor,
        organization=two_orgs.dept_a1,
        text="平台已上线",
        claims_done=True,
        evidence=[record],
    )
    task.refresh_from_db()
    assert task.status_on(date(2026, 5, 1)) == TaskStatus.IN_PROGRESS
    assert task.status_on(date(2026, 10, 1)) == TaskStatus.OVERDUE
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    with pytest.raises(ValidationError, match="意见"):
        services.review_report(report=report, actor=admin, accept=False)
    services.review_report(report=report, actor=admin, accept=True)
    task.refresh_from_db()
    assert task.status_on(date(2026, 10, 1)) == TaskStatus.DONE
    assert list(report.evidence.all()) == [record]


def test_carry_over_takes_the_unfinished_tasks(ledger, two_orgs):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    ledger.tasks.filter(position=1).update(completed_on=date(2026, 6, 1))
    new = services.carry_over(plan=ledger, actor=admin, year=2027)
    assert new.carried_from == ledger
    assert [t.text[:4] for t in new.tasks.all()] == ["9月30", "每季度更"]
    assert new.tasks.get(position=1).units.filter(organization=two_orgs.dept_a1).exists()


def test_scores_rank_units_by_completion_and_timeliness_with_adjustments():
    facts = [
        assessment.TaskFact(("发改委",), date(2026, 6, 30), date(2026, 6, 1)),
        assessment.TaskFact(("发改委", "财政局"), date(2026, 6, 30), date(2026, 7, 15)),
        assessment.TaskFact(("财政局",), None, None),
    ]
    indicators = [("completion", Decimal(70)), ("timeliness", Decimal(30))]
    ranked = assessment.scores(facts, indicators, {"财政局": Decimal(5)}, today=date(2026, 12, 31))
    assert [(s.unit, s.score) for s in ranked] == [("发改委", Decimal("85.00")), ("财政局", Decimal("40.00"))]


def test_the_xlsx_export_reopens_with_the_same_rows(ledger):
    from openpyxl import load_workbook

    data = services.export_xlsx(ledger, today=date(2026, 5, 1))
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0] == ("序号", "任务", "牵头单位", "责任单位", "时限", "进展", "状态")
    assert rows[1][0] == 1
    assert rows[1][2] == "市发改委"
    assert rows[1][3] == "市直各部门"
    assert rows[1][4] == "2026年底前"
    assert rows[1][6] == "未开始"
    assert len(rows) == 4


def test_the_command_imports_a_notice_as_a_ledger(tmp_path, two_orgs):
    from io import StringIO

    from django.core.management import call_command

    notice = tmp_path / "plan.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    out = StringIO()
    call_command("workplan", "import", str(notice), "--org", "jia", stdout=out)
    assert "3 项任务" in out.getvalue()


def test_units_are_reminded_of_tasks_due_within_a_week(ledger, two_orgs, mailoutbox):
    from io import StringIO

    import time_machine
    from django.core.management import call_command

    editor = two_orgs.staff(two_orgs.dept_a1, Role.EDITOR)
    editor.email = "dept@example.com"
    editor.save()
    with time_machine.travel(date(2026, 9, 25)):
        call_command("workplan_reminders", stdout=StringIO())
    assert len(mailoutbox) == 1
    assert "dept@example.com" in mailoutbox[0].to
    assert "将于2026-09-30到期" in mailoutbox[0].body


def test_the_assessment_indicators_are_the_plans_own_and_add_up_to_100(ledger, two_orgs):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    with pytest.raises(ValidationError, match="100"):
        services.set_indicators(plan=ledger, actor=admin, indicators=[("完成率", "completion", Decimal(60))])
    services.set_indicators(
        plan=ledger,
        actor=admin,
        indicators=[("完成率", "completion", Decimal(50)), ("时效", "timeliness", Decimal(50))],
    )
    assert sorted(ledger.indicators.values_list("weight", flat=True)) == [Decimal(50), Decimal(50)]


def test_unit_names_match_within_the_issuing_government(two_orgs):
    from gongkai.orgs.tests.factories import DepartmentFactory
    from gongkai.workplans.selectors import infer_government, match_unit

    jia = DepartmentFactory(parent=two_orgs.gov_a, name="甲市自然资源局", slug="jia-zr", kind="department")
    yi = DepartmentFactory(parent=two_orgs.gov_b, name="乙县自然资源局", slug="yi-zr", kind="department")
    assert match_unit("自然资源局", two_orgs.gov_b) == yi
    assert match_unit("县自然资源局", two_orgs.gov_b) == yi
    assert match_unit("自然资源局", two_orgs.gov_a) == jia
    assert match_unit("自然资源局", None) is None  # ambiguous across the installation: left as text
    assert (
        infer_government("关于印发乙县2021年政务公开工作要点的通知", "乙县人民政府办公室") == two_orgs.gov_b
    )


def test_unit_keys_fold_place_prefixes_and_matched_variants_and_spot_collective_phrases():
    keys = assessment.unit_keys(
        [
            ("市市场监督管理局", None),
            ("市场监督管理局", None),
            ("市发改委", "甲市发展和改革委员会"),
            ("县发改委", None),
            ("发改委", None),
            ("市财政局", None),
        ]
    )
    assert keys["市市场监督管理局"] == keys["市场监督管理局"] == "市场监督管理局"
    assert keys["发改委"] == "甲市发展和改革委员会"  # 市发改委, matched, is the same name with its place
    assert keys["县发改委"] == "甲市发展和改革委员会"
    assert keys["市财政局"] == "市财政局"
    phrases = ("各县(市、区)人民政府", "区直各有关单位", "各乡镇", "市直各部门", "市政府各部门", "有关单位")
    for phrase in phrases:
        assert assessment.is_collective(phrase), phrase
    for organ in ("市场监督管理局", "市市场监督管理局", "县政府办公室", "办公室"):
        assert not assessment.is_collective(organ), organ
