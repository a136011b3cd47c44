"""The self-inspection page and its exports: the 政务公开办 sees the organs below it, others their own."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.inspection import selfcheck
from gongkai.inspection.models import InspectionRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspected(two_orgs):
    report = selfcheck.inspect([two_orgs.gov_a, two_orgs.dept_a1, two_orgs.gov_b])
    selfcheck.save_report(report, trigger="nightly")
    return two_orgs


def page(client, user, path=None):
    client.force_login(user)
    return client.get(path or reverse("workbench:self_inspection"))


def test_the_competent_office_sees_every_organ_below_it_and_nothing_of_another_government(client, inspected):
    response = page(client, inspected.staff(inspected.gov_a, Role.COMPETENT_ADMIN))
    assert response.status_code == 200
    text = response.content.decode()
    assert "甲市人民政府" in text
    assert "甲市发展和改革委员会" in text
    assert "乙县人民政府" not in text
    assert "空白栏目" in text
    assert "互动回应差" not in text  # measured now (政策咨询), and nothing unanswered here


def test_an_organ_sees_only_its_own_findings(client, inspected):
    response = page(client, inspected.staff(inspected.dept_a1, Role.EDITOR))
    text = response.content.decode()
    assert response.status_code == 200
    assert "甲市发展和改革委员会" in text
    assert "甲市人民政府" not in text.split("检查发现")[1]
    assert "各机关得分" not in text
    assert "立即自查" not in text  # an editor does not start runs


def test_exports_are_inspection_tables_in_word_and_excel(client, inspected):
    user = inspected.staff(inspected.gov_a, Role.COMPETENT_ADMIN)
    response = page(client, user, reverse("workbench:self_inspection_export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "甲市人民政府政府网站自查表"
    header = next(i for i, r in enumerate(rows) if r[0] == "序号")
    assert rows[header][:4] == ["序号", "检查指标", "性质", "机关"]
    organs = {r[3] for r in rows[header + 1 :]}
    assert organs <= {"甲市人民政府", "甲市发展和改革委员会"}
    assert "空白栏目" in {r[1] for r in rows[header + 1 :]}
    response = page(client, user, reverse("workbench:self_inspection_export", args=["docx"]))
    document = docx.Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "甲市人民政府政府网站自查表"
    assert document.tables[-1].rows[0].cells[1].text == "检查指标"
    assert page(client, user, reverse("workbench:self_inspection_export", args=["pdf"])).status_code == 404


def test_running_from_the_page_covers_the_organs_below(client, inspected):
    user = inspected.staff(inspected.gov_a, Role.COMPETENT_ADMIN)
    client.force_login(user)
    response = client.post(reverse("workbench:self_inspection_run"))
    assert response.status_code == 302
    run = InspectionRun.objects.first()
    assert run.organization == inspected.gov_a
    assert run.trigger == "workbench"
    assert set(run.scores.values_list("organization_id", flat=True)) == {
        None, inspected.gov_a.pk, inspected.dept_a1.pk
    }  # fmt: skip
    editor = inspected.staff(inspected.gov_a, Role.EDITOR)
    client.force_login(editor)
    assert client.post(reverse("workbench:self_inspection_run")).status_code == 403


def test_no_run_yet_says_so(client, two_orgs):
    response = page(client, two_orgs.staff(two_orgs.gov_b, Role.HEAD))
    assert "尚无自查结果" in response.content.decode()
    response = page(
        client,
        two_orgs.staff(two_orgs.gov_b, Role.HEAD),
        reverse("workbench:self_inspection_export", args=["xlsx"]),
    )
    assert response.status_code == 404
