"""Lock, checks before publication, the 负责人's override, the public page and the downloads."""

import io
import random
import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.demo.reports import finished_texts
from gongkai.info_requests import services as requests
from gongkai.info_requests.tests.factories import applicant
from gongkai.reports import services
from gongkai.reports.models import ReportStatus

pytestmark = pytest.mark.django_db
S3 = "三、收到和处理政府信息公开申请情况"


@pytest.fixture
def report(two_orgs):
    org = two_orgs.gov_a
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    application, _ = requests.register(
        org=org, actor=handler, channel="letter", data=applicant(), received_on=date(2025, 3, 3)
    )
    requests.reply(
        application=application,
        actor=handler,
        outcome="disclose",
        reasons="公开",
        replied_on=date(2025, 3, 10),
    )
    admin = two_orgs.staff(org, Role.COMPETENT_ADMIN)
    draft = services.prepare(org=org, actor=admin, year=2025)
    # The official writes the parts the draft leaves to them (publication refuses them unwritten).
    return services.update_texts(report=draft, actor=admin, **finished_texts(draft, random.Random(1)))


def test_the_draft_text_is_written_from_the_data(report):
    assert "本年新收政府信息公开申请1件" in report.overview
    assert "未收取政府信息公开信息处理费" in report.other_matters


def test_a_locked_report_does_not_move(two_orgs, report):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    services.lock(report=report, actor=admin)
    requests.register(
        org=two_orgs.gov_a,
        actor=two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER),
        channel="letter",
        data=applicant(),
        received_on=date(2025, 6, 6),
    )
    report.refresh_from_db()
    assert report.data[S3]["一、本年新收政府信息公开申请数量"]["总计"] == 1


def test_failing_checks_block_publication_unless_the_head_gives_a_reason(two_orgs, report):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    head = two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    services.lock(report=report, actor=admin)
    report.refresh_from_db()
    # A seeded error in the frozen table (as an imported or hand-corrected report might have).
    report.data[S3]["一、本年新收政府信息公开申请数量"]["自然人"] += 1
    from gongkai.reports import checks

    report.data["checks"] = [{"text": str(f)} for f in checks.check_section_3(report.data[S3])]
    report.save()
    with pytest.raises(ValidationError, match="校验未通过"):
        services.publish(report=report, actor=admin)
    with pytest.raises(PermissionDenied):
        services.publish(report=report, actor=admin, override_reason="数据已核实")
    services.publish(report=report, actor=head, override_reason="上年结转数据来自纸质台账，已核实")
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    entry = AuditEntry.objects.get(verb="annual_report_published")
    assert entry.reason == "上年结转数据来自纸质台账，已核实"
    assert entry.changes["failed_checks"]


def test_the_public_page_has_the_national_tables_with_merged_headers(client, two_orgs, report):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    services.lock(report=report, actor=admin)
    services.publish(report=report, actor=admin)
    listing = client.get(reverse("portal:annual_reports", args=["jia"])).content.decode()
    assert "2025年政府信息公开工作年度报告" in listing
    page = client.get(reverse("portal:annual_report", args=["jia", 2025])).content.decode()
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in page
    assert re.search(r'colspan="3" rowspan="3"', page)
    assert re.search(r'<th scope="col" colspan="5">法人或其他组织</th>', page)
    assert re.search(r'rowspan="22">三、本年度办理结果', page)
    assert re.search(r'rowspan="8">（三）不予公开', page)
    assert re.search(r'colspan="10">行政诉讼', page)
    assert "<svg" in page
    assert "依申请公开办理结果（数据表）" in page
    docx = client.get(reverse("portal:annual_report", args=["jia", 2025]) + "?format=docx")
    from docx import Document

    document = Document(io.BytesIO(docx.content))
    section_3 = document.tables[1]
    assert section_3.cell(0, 0).text.startswith("（本列数据的勾稽关系为")
    assert section_3.cell(2, 2).text == section_3.cell(0, 0).text  # the merged 3×3 note
    assert section_3.cell(3, 0).text == "一、本年新收政府信息公开申请数量"
    assert section_3.cell(3, 9).text == "1"
    pdf = client.get(reverse("portal:annual_report", args=["jia", 2025]) + "?format=pdf")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "收到和处理政府信息公开申请情况" in text


def test_an_unpublished_report_is_404_and_another_organs_report_too(client, two_orgs, report):
    assert client.get(reverse("portal:annual_report", args=["jia", 2025])).status_code == 404
    client.force_login(two_orgs.staff(two_orgs.gov_b, Role.HEAD))
    assert client.get(reverse("workbench:report_detail", args=[report.pk])).status_code == 404


def test_a_published_report_appears_at_once_on_the_cached_public_list(
    client, two_orgs, report, settings, django_capture_on_commit_callbacks
):
    settings.GONGKAI_PORTAL_CACHE_SECONDS = 60
    url = reverse("portal:annual_reports", args=["jia"])
    assert "2025年政府信息公开工作年度报告" not in client.get(url).content.decode()
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish(report=services.lock(report=report, actor=admin), actor=admin)
    assert "2025年政府信息公开工作年度报告" in client.get(url).content.decode()


def test_the_overview_quotes_the_years_work_plan_completion(two_orgs):
    from gongkai.workplans import services as ledgers
    from gongkai.workplans.parsing import parse

    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    notice = "一、公开\n1.年内完成平台建设。（责任单位：各部门）\n2.做好解读。（责任单位：各部门）"
    plan = ledgers.import_plan(
        org=two_orgs.gov_a, actor=admin, parsed=parse(notice, year=2025), source_text=notice
    )
    plan.tasks.filter(position=1).update(completed_on=date(2025, 6, 1))
    report = services.prepare(org=two_orgs.gov_a, actor=admin, year=2025)
    assert "工作要点台账共2项任务，已完成1项" in report.overview
