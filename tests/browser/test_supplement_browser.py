"""An applicant answers a 补正告知 in Chromium with the query code: reads what to supply, uploads a
file, and sees the reply period counted again from today (第三十条)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from gongkai.accounts.models import Membership, Role, User
from gongkai.catalog.services import seed_statutory_columns
from gongkai.info_requests import services
from gongkai.info_requests.models import CorrectionNotice, SupplementFile
from gongkai.info_requests.selectors import clock_of
from gongkai.info_requests.tests.factories import applicant
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def waiting():
    org = Organization.objects.add_root(
        dict(
            name="尉犁县人民政府",
            short_name="尉犁县政府",
            slug="yuli",
            kind="government",
            level="county",
            credit_code=make_credit_code("11652823MB0000001"),
            office_name="尉犁县人民政府办公室",
            phone="0996-4012345",
            address="尉犁县团结路1号",
            email="gongkai@yuli.gov.cn",
            fax="0996-4012346",
        )
    )
    seed_statutory_columns(org=org)
    handler = User.objects.create_user(username="yuli_handler", password="x", email="handler@yuli.gov.cn")
    Membership.objects.create(user=handler, organization=org, role=Role.REQUEST_HANDLER)
    today = timezone.localdate()
    application, code = services.register(
        org=org,
        actor=handler,
        channel="post",
        data=applicant(applicant_name="阿依古丽·买买提"),
        received_on=today,
    )
    services.request_correction(
        application=application,
        actor=handler,
        items="1. 请写明所需文件的文号或发布时间。",
        sent_on=today,
        due_on=today + timedelta(days=21),
    )
    return application, code


def test_the_applicant_answers_a_correction_with_a_file_and_sees_the_new_due_date(
    browser, live_server, waiting, tmp_path
):
    application, code = waiting
    upload = tmp_path / "身份证明.pdf"
    upload.write_bytes(PDF)
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live_server.url}/org/yuli/apply/track/")
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.locator(".correction-items").get_by_text("请写明所需文件的文号或发布时间").wait_for()
    assert page.get_by_role("button", name="下载补正告知书（PDF）").is_visible()
    assert page.get_by_text("gongkai@yuli.gov.cn").is_visible()
    assert "答复期限" not in page.locator(".meta-table").inner_text()  # stopped while waiting
    assert "阿依古丽·买买提" not in page.content()

    with page.expect_download() as letter:
        page.get_by_role("button", name="下载补正告知书（PDF）").click()
    assert letter.value.suggested_filename.endswith(".pdf")

    page.get_by_label("补正内容").fill("所需文件为尉政办发〔2025〕12号，2025年6月发布。")
    page.get_by_label("补正材料（可选）").set_input_files(str(upload))
    page.get_by_role("button", name="提交补正").click()
    page.get_by_text("已收到您的补正").wait_for()

    notice = CorrectionNotice.objects.get()
    assert notice.supplied_on == timezone.localdate()
    assert SupplementFile.objects.get().original_name == "身份证明.pdf"
    due = clock_of(application).clock.reply_due
    assert due is not None
    shown = f"{due.year}年{due.month}月{due.day}日前"
    assert shown in page.locator(".meta-table").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "apply-supplement.png"), full_page=True)
    page.close()
