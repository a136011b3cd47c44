"""The ledger in the workbench: paste, review beside the source, correct, import; report and
review progress; export."""

import io

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.orgs.models import OrganizationAlias
from gongkai.workplans.models import Task, UnitRole, WorkPlan
from gongkai.workplans.tests.test_ledger import NOTICE

pytestmark = pytest.mark.django_db


def test_paste_review_correct_import_report_review_and_export(client, two_orgs):
    OrganizationAlias.objects.create(organization=two_orgs.dept_a1, alias="市发改委")
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    review = client.post(reverse("workbench:plan_list"), {"text": NOTICE}).content.decode()
    assert "共识别 3 项任务" in review
    assert "原文" in review
    form = {
        "count": 3,
        "title": "2026年甲市政务公开工作要点",
        "doc_number": "",
        "issuer": "",
        "year": 2026,
        "path-0": "一/1",
        "text-0": "全面公开规范性文件。",
        "lead-0": "市发改委",
        "responsible-0": "市直各部门",
        "deadline-0": "2026年底前",
        "path-1": "一/2",
        "text-1": "建设平台。",
        "lead-1": "市发改委",
        "responsible-1": "",
        "deadline-1": "9月30日前",
        "path-2": "一/3",
        "text-2": "更新清单。",
        "skip-2": "1",
    }
    response = client.post(reverse("workbench:plan_import"), form, follow=True)
    assert "已导入 2 项任务" in response.content.decode()
    plan = WorkPlan.objects.get()
    assert plan.tasks.get(position=2).deadline.isoformat() == "2026-09-30"

    client.force_login(two_orgs.staff(two_orgs.dept_a1, Role.EDITOR))
    detail = client.get(reverse("workbench:plan_detail", args=[plan.pk])).content.decode()
    assert "报送进展" in detail  # the department sees the ledger of the government above it
    task = Task.objects.get(plan=plan, position=1)
    client.post(
        reverse("workbench:plan_action", args=[plan.pk, "report"]),
        {"task": task.pk, "text": "已公开", "done": "1"},
    )
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    report = task.reports.get()
    client.post(
        reverse("workbench:plan_action", args=[plan.pk, "review"]),
        {"report": report.pk, "decision": "accept"},
    )
    task.refresh_from_db()
    assert task.completed_on is not None
    from openpyxl import load_workbook

    xlsx = client.get(reverse("workbench:plan_export", args=[plan.pk]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][6] == "已完成"
    assert plan.tasks.get(position=1).units.get(role=UnitRole.LEAD).organization == two_orgs.dept_a1


def test_a_file_without_text_gets_a_clear_message_and_nothing_is_imported(client, two_orgs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    response = client.post(
        reverse("workbench:plan_list"), {"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 no text")}
    )
    assert "未能读到文字" in response.content.decode()
    assert not WorkPlan.objects.exists()


def test_other_organs_do_not_see_the_ledger(client, two_orgs):
    from gongkai.workplans import services
    from gongkai.workplans.parsing import parse

    plan = services.import_plan(
        org=two_orgs.gov_a,
        actor=two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN),
        parsed=parse(NOTICE),
        source_text=NOTICE,
    )
    client.force_login(two_orgs.staff(two_orgs.gov_b, Role.COMPETENT_ADMIN))
    assert client.get(reverse("workbench:plan_detail", args=[plan.pk])).status_code == 404
