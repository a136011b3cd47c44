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


def _import_form(**extra):
    return {
        "count": 1,
        "title": "2026年甲市政务公开工作要点",
        "doc_number": "甲政办发〔2026〕3号",
        "issuer": "",
        "year": 2026,
        "path-0": "一/1",
        "text-0": "全面公开规范性文件。",
        "lead-0": "市发改委",
        "responsible-0": "",
        "deadline-0": "",
        **extra,
    }


def test_a_notice_imported_twice_is_recognised_and_the_official_asked_first(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    client.post(reverse("workbench:plan_list"), {"text": NOTICE})
    client.post(reverse("workbench:plan_import"), _import_form())
    assert WorkPlan.objects.count() == 1
    # The same text again (other line breaks): the review page says so before anything is made.
    review = client.post(reverse("workbench:plan_list"), {"text": NOTICE.replace("\n", "\r\n  ")})
    assert "这份通知已导入过" in review.content.decode()
    refused = client.post(reverse("workbench:plan_import"), _import_form(doc_number="甲政办发[2026]3号"))
    assert "如确需再建一本台账" in refused.content.decode()
    assert "全面公开规范性文件" in refused.content.decode()  # the corrections are still on the page
    assert WorkPlan.objects.count() == 1
    client.post(reverse("workbench:plan_import"), _import_form(allow_duplicate="1"))
    assert WorkPlan.objects.count() == 2


def test_a_parse_without_tasks_cannot_be_imported(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    covering = (
        "各部门：\n现将《2026年工作要点》印发给你们，请认真贯彻执行。\n甲市人民政府办公室\n2026年3月1日\n"
    )
    review = client.post(reverse("workbench:plan_list"), {"text": covering}).content.decode()
    assert "没有识别出任何任务，不能导入" in review
    assert "确认导入" not in review
    response = client.post(reverse("workbench:plan_import"), {"count": 0, "year": 2026}, follow=True)
    assert "没有识别出任何任务" in response.content.decode()
    assert not WorkPlan.objects.exists()


def test_an_unreadable_upload_gets_a_clear_message(client, two_orgs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    for upload in (
        SimpleUploadedFile("broken.docx", b"PK\x03\x04 not really a docx"),
        SimpleUploadedFile("empty.txt", b""),
    ):
        response = client.post(reverse("workbench:plan_list"), {"file": upload})
        assert "未能读到文字" in response.content.decode()
    other = client.post(
        reverse("workbench:plan_list"), {"file": SimpleUploadedFile("plan.xls", b"\xd0\xcf\x11\xe0")}
    )
    assert "只能上传" in other.content.decode()
    gbk = client.post(
        reverse("workbench:plan_list"), {"file": SimpleUploadedFile("plan.txt", NOTICE.encode("gb18030"))}
    )
    assert "共识别 3 项任务" in gbk.content.decode()
    assert not WorkPlan.objects.exists()


def test_the_review_page_wraps_the_source_text():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "gongkai" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    rule = css[css.index(".source-text {") :].split("}", 1)[0]
    assert "white-space: pre-wrap" in rule
    assert "overflow-wrap: anywhere" in rule


def _contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_overdue_rows_stay_readable():
    import re
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "gongkai" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    row = css[css.index("tr.task-overdue td {") :].split("}", 1)[0]
    background = re.search(r"background: (#[0-9a-f]{6})", row)[1]
    label = css[css.index(".task-overdue .status-label {") :].split("}", 1)[0]
    root = dict(re.findall(r"--(ink|muted|link): (#[0-9a-f]{6})", css))
    colours = [re.search(r"color: (#[0-9a-f]{6})", row)[1], re.search(r"color: (#[0-9a-f]{6})", label)[1]]
    for colour in [*colours, root["ink"], root["muted"], root["link"]]:
        assert _contrast(colour, background) >= 4.5, colour


def test_the_assessment_ranks_organs_and_lists_collective_phrases_apart(client, two_orgs):
    from gongkai.workplans import services
    from gongkai.workplans.parsing import parse

    OrganizationAlias.objects.create(organization=two_orgs.dept_a1, alias="市发改委")
    OrganizationAlias.objects.create(organization=two_orgs.dept_a1, alias="发展改革委")
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    notice = (
        "2026年甲市政务公开工作要点\n一、深化公开\n"
        "1.做好A。（牵头单位：市发改委；责任单位：各县(市、区)人民政府）\n"
        "2.做好B。（牵头单位：发展改革委；责任单位：市直各有关单位）\n"
        "3.做好C。（牵头单位：市市场监督管理局；责任单位：各乡镇）\n"
        "4.做好D。（牵头单位：市场监督管理局）\n"
    )
    plan = services.import_plan(org=two_orgs.gov_a, actor=admin, parsed=parse(notice), source_text=notice)
    client.force_login(admin)
    response = client.get(reverse("workbench:plan_detail", args=[plan.pk]))
    ranked = [s.unit for s in response.context["scores"]]
    assert ranked.count(two_orgs.dept_a1.name) == 1  # 市发改委 and 发展改革委: one organ
    assert sorted(ranked) == sorted([two_orgs.dept_a1.name, "市场监督管理局"])
    assert next(s for s in response.context["scores"] if s.unit == "市场监督管理局").tasks == 2
    apart = {s.unit for s in response.context["collective_scores"]}
    assert apart == {"各县(市、区)人民政府", "市直各有关单位", "各乡镇"}
    assert "不参与排名" in response.content.decode()


def test_the_official_confirms_what_a_collective_phrase_expands_to(client, two_orgs):
    from gongkai.orgs.models import Kind, Level, Organization
    from gongkai.orgs.tests.factories import DepartmentFactory, OrganizationFactory

    DepartmentFactory(parent=Organization.objects.get(pk=two_orgs.gov_b.pk), name="乙县财政局")
    town = OrganizationFactory(
        parent=Organization.objects.get(pk=two_orgs.gov_a.pk),
        name="甲市东镇人民政府",
        kind=Kind.GOVERNMENT,
        level=Level.TOWNSHIP,
    )
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    notice = NOTICE.replace(
        "（牵头单位：市发改委；责任单位：市直各部门）", "（责任单位：市直各部门、各乡镇、市有关部门）"
    )
    review = client.post(reverse("workbench:plan_list"), {"text": notice}).content.decode()
    # Each phrase with the organs it denotes in this government's tree, never another's.
    assert "“市直各部门”是集合称谓" in review
    assert f'value="responsible|{two_orgs.dept_a1.pk}|市直各部门" checked' in review
    assert f'value="responsible|{town.pk}|各乡镇" checked' in review
    assert f'value="responsible|{two_orgs.dept_a1.pk}|市有关部门">' in review  # 有关: not ticked
    assert "乙县财政局" not in review
    form = {
        "count": 1,
        "title": "2026年甲市政务公开工作要点",
        "year": 2026,
        "path-0": "一/1",
        "text-0": "全面公开规范性文件。",
        "lead-0": "",
        "responsible-0": "市直各部门、各乡镇",
        # The department ticked; a forged organ of another county and a phrase no longer in the
        # field are ignored; 各乡镇 left unticked stays a phrase.
        "expand-0": [
            f"responsible|{two_orgs.dept_a1.pk}|市直各部门",
            f"responsible|{two_orgs.gov_b.pk}|市直各部门",
            f"responsible|{town.pk}|市有关部门",
        ],
    }
    response = client.post(reverse("workbench:plan_import"), form, follow=True)
    assert "已导入 1 项任务" in response.content.decode()
    units = [(u.name, u.organization_id, u.collective) for u in Task.objects.get().units.all()]
    assert units == [("甲市发展和改革委员会", two_orgs.dept_a1.pk, "市直各部门"), ("各乡镇", None, "")]
    detail = client.get(reverse("workbench:plan_detail", args=[WorkPlan.objects.get().pk])).content.decode()
    assert "由“市直各部门”展开" in detail


def test_a_scanned_pdf_without_text_gets_a_clear_message_and_nothing_is_imported(client, two_orgs):
    # An image-only PDF, as a scanner writes it: pages of pixels, no text layer.
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(page).rectangle((50, 50, 550, 120), fill="black")  # a "line" of scanned print
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=72)
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    response = client.post(
        reverse("workbench:plan_list"), {"file": SimpleUploadedFile("scan.pdf", buffer.getvalue())}
    )
    assert "未能读到文字" in response.content.decode()
    assert not WorkPlan.objects.exists()


def test_the_same_wen_hao_with_another_text_is_recognised_as_the_same_notice(client, two_orgs):
    # The notice re-typed (another year's plan text around the same 文号, brackets half-width).
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    client.post(reverse("workbench:plan_list"), {"text": NOTICE})
    client.post(reverse("workbench:plan_import"), _import_form())
    retyped = "甲政办发[2026]3号\n" + NOTICE.replace("全面公开规范性文件", "全面公开行政规范性文件")
    review = client.post(reverse("workbench:plan_list"), {"text": retyped}).content.decode()
    assert "这份通知已导入过" in review
    refused = client.post(reverse("workbench:plan_import"), _import_form(doc_number="甲政办发(2026)3号"))
    assert "如确需再建一本台账" in refused.content.decode()
    assert WorkPlan.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "《甲市2026年政务公开工作要点》政策解读\n一、起草背景\n市政府部署了工作。\n二、主要内容\n"
            "（一）加强重点领域信息公开。\n（二）强化政策解读。\n",
            "这是一份政策解读",
        ),
        (
            "甲镇2025年政务公开专区建设情况\n一、丰富公开内容\n设置了展架。\n二、规范公开栏\n设置了栏目。\n",
            "这是一份工作情况报告或经验总结",
        ),
    ],
)
def test_what_only_looks_like_a_plan_says_why_and_cannot_be_imported(client, two_orgs, text, message):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    review = client.post(reverse("workbench:plan_list"), {"text": text}).content.decode()
    assert message in review
    assert "没有识别出任何任务，不能导入" in review
    assert "确认导入" not in review
    assert not WorkPlan.objects.exists()
