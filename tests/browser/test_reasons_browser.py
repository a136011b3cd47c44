"""An applicant asked for reasons under 第三十五条 reads the notice with the query code, downloads
the 说明理由告知书 and gives the reasons online; the organ has them, dated today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gongkai.accounts.models import Membership, Role, User
from gongkai.catalog.services import seed_statutory_columns
from gongkai.info_requests import services
from gongkai.info_requests.models import ReasonsRequest
from gongkai.info_requests.tests.factories import applicant
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asked():
    org = Organization.objects.add_root(
        dict(
            name="轮台县人民政府",
            short_name="轮台县政府",
            slug="luntai",
            kind="government",
            level="county",
            credit_code=make_credit_code("11652822MB0000002"),
            office_name="轮台县人民政府办公室",
            phone="0996-4612345",
        )
    )
    seed_statutory_columns(org=org)
    handler = User.objects.create_user(username="luntai_handler", password="x", email="h@luntai.gov.cn")
    Membership.objects.create(user=handler, organization=org, role=Role.REQUEST_HANDLER)
    today = timezone.localdate()
    application, code = services.register(
        org=org,
        actor=handler,
        channel="post",
        data=applicant(applicant_name="买买提·艾力"),
        received_on=today,
    )
    services.ask_reasons(
        application=application,
        actor=handler,
        grounds="您本月已向本机关提出46件政府信息公开申请",
        sent_on=today,
        due_on=today + timedelta(days=5),
    )
    return application, code


def test_the_applicant_gives_reasons_online(browser, live_server, asked):
    application, code = asked
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live_server.url}/org/luntai/apply/track/")
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.locator(".reasons").get_by_text("您本月已向本机关提出46件政府信息公开申请").wait_for()
    assert "买买提·艾力" not in page.content()
    with page.expect_download() as letter:
        page.get_by_role("button", name="下载说明理由告知书（PDF）").click()
    assert letter.value.suggested_filename.endswith(".pdf")

    page.get_by_label("申请理由").fill("撰写课题报告需要逐年对比数据")
    page.get_by_role("button", name="提交理由").click()
    page.get_by_text("已收到您说明的理由").wait_for()
    reasons = ReasonsRequest.objects.get(request=application)
    assert reasons.given_on == timezone.localdate()
    assert reasons.reasons == "撰写课题报告需要逐年对比数据"
    assert page.get_by_role("button", name="提交理由").count() == 0  # answered once
    page.close()
