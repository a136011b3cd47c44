"""The applicant answers a 补正告知 on the tracking page (第三十条): the notice, the instructions and
the organ's other channels, a form with text and files, the clock restarting on the day."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.info_requests import services
from gongkai.info_requests.models import CorrectionNotice, SupplementFile
from gongkai.info_requests.tests.factories import applicant
from gongkai.workdays.testing import published_calendar

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _march_2026(monkeypatch):
    calendar = published_calendar()
    monkeypatch.setattr("gongkai.workdays.selectors.current_calendar", lambda: calendar)
    with time_machine.travel("2026-03-09 10:00 +0800", tick=False):
        yield


@pytest.fixture
def waiting(two_orgs):
    """An application of 甲市人民政府 received 3-2, asked on 3-4 to supplement by 3-20."""
    org = two_orgs.gov_a
    org.address = "甲市人民大道1号政务服务中心3楼"
    org.postal_address = "甲市人民大道1号"
    org.postcode = "830000"
    org.email = "gongkai@jia.gov.cn"
    org.fax = "0991-1234567"
    org.save()
    staff = two_orgs.staff(org, Role.REQUEST_HANDLER)
    application, code = services.register(
        org=org,
        actor=staff,
        channel="post",
        data=applicant(applicant_name="欧阳修远", phone="13912345678"),
        received_on=date(2026, 3, 2),
    )
    services.request_correction(
        application=application,
        actor=staff,
        items="1. 请写明所需文件的文号或发布时间；\n2. 请提供身份证明复印件。",
        sent_on=date(2026, 3, 4),
        due_on=date(2026, 3, 20),
    )
    return application, code


def track(client, code):
    return client.post(reverse("portal:apply_track", args=["jia"]), {"code": code}).content.decode()


def test_the_tracking_page_shows_the_notice_instructions_other_channels_and_a_form(client, waiting):
    application, code = waiting
    text = track(client, code)
    assert "待申请人补正" in text
    assert "请写明所需文件的文号或发布时间" in text
    assert "补正期限：2026年3月20日前" in text
    assert "下载补正告知书" in text
    for contact in ("甲市人民大道1号政务服务中心3楼", "830000", "gongkai@jia.gov.cn", "0991-1234567"):
        assert contact in text
    assert 'enctype="multipart/form-data"' in text
    assert 'name="files"' in text
    # Nothing of the applicant beyond the masked name they typed.
    assert "欧阳修远" not in text
    assert "13912345678" not in text
    assert application.id_number not in text


def test_the_correction_letter_downloads_with_the_code_only(client, two_orgs, waiting):
    _, code = waiting
    url = reverse("portal:apply_track_download", args=["jia"])
    letter = client.post(url, {"code": code, "what": "correction"})
    assert letter.status_code == 200
    assert letter.content.startswith(b"%PDF")
    assert client.post(url, {"code": "AAAA-BBBB-CCCC", "what": "correction"}).status_code == 404
    other = reverse("portal:apply_track_download", args=[two_orgs.gov_b.slug])
    assert client.post(other, {"code": code, "what": "correction"}).status_code == 404
    # A letter the history does not call for, and the reply before there is one.
    assert client.post(url, {"code": code, "what": "extension"}).status_code == 404
    assert client.post(url, {"code": code, "what": "reply"}).status_code == 404


def test_an_answer_with_a_file_restarts_the_clock_and_shows_the_new_due_date(client, waiting):
    _application, code = waiting
    response = client.post(
        reverse("portal:apply_track_supplement", args=["jia"]),
        {
            "code": code,
            "text": "文号为甲政办〔2025〕3号。",
            "files": [SimpleUploadedFile("身份证明.pdf", PDF, content_type="application/pdf")],
        },
        follow=True,
    )
    text = response.content.decode()
    assert "已收到您的补正" in text
    # Received 3-9 (today): 3-10 is day 1; the 20th working day is 4-7 (清明 4-4…4-6).
    assert "2026年4月7日前" in text
    assert "办理中" in text
    assert "在线提交，附文件1个" in text
    assert SupplementFile.objects.get().original_name == "身份证明.pdf"
    notice = CorrectionNotice.objects.get()
    assert (notice.supplied_on, notice.supplied_channel) == (date(2026, 3, 9), "online")
    # The code is carried once over the redirect: a reload asks for it again.
    assert "2026年4月7日前" not in client.get(reverse("portal:apply_track", args=["jia"])).content.decode()


def test_a_bad_file_is_refused_with_the_text_kept_and_nothing_saved(client, waiting):
    _, code = waiting
    response = client.post(
        reverse("portal:apply_track_supplement", args=["jia"]),
        {
            "code": code,
            "text": "文号为甲政办〔2025〕3号。",
            "files": [SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 an executable")],
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "不是允许的类型" in text
    assert "文号为甲政办〔2025〕3号。" in text
    assert "需要重新选择" in text
    assert not SupplementFile.objects.exists()
    assert CorrectionNotice.objects.get().supplied_on is None


def test_an_empty_answer_is_refused(client, waiting):
    _, code = waiting
    text = client.post(
        reverse("portal:apply_track_supplement", args=["jia"]), {"code": code, "text": " "}
    ).content
    assert "请填写补正内容或上传补正材料" in text.decode()


def test_a_wrong_code_answers_nothing(client, waiting):
    text = client.post(
        reverse("portal:apply_track_supplement", args=["jia"]),
        {"code": "AAAA-BBBB-CCCC", "text": "文号为甲政办〔2025〕3号"},
    ).content.decode()
    assert "查询码不正确" in text
    assert "文号为甲政办〔2025〕3号" in text  # given back, not lost
    assert CorrectionNotice.objects.get().supplied_on is None


def test_flooding_the_supplement_form_is_stopped_with_the_text_kept(client, waiting):
    _, code = waiting
    url = reverse("portal:apply_track_supplement", args=["jia"])
    for _ in range(5):
        client.post(url, {"code": code, "text": ""})
    refused = client.post(url, {"code": code, "text": "第六次提交的补正"}).content.decode()
    assert "提交过于频繁" in refused
    assert "第六次提交的补正" in refused
    assert CorrectionNotice.objects.get().supplied_on is None


def test_the_fee_due_date_on_the_page_is_the_clocks(client, two_orgs):
    org = two_orgs.gov_a
    staff = two_orgs.staff(org, Role.REQUEST_HANDLER)
    application, code = services.register(
        org=org, actor=staff, channel="in_person", data=applicant(), received_on=date(2026, 3, 2)
    )
    services.send_fee_notice(
        application=application, actor=staff, method="per_page", pages=120, sent_on=date(2026, 3, 6)
    )
    assert "本机关登记送达日期后" in track(client, code)
    services.record_fee_delivery(
        application=application, actor=staff, delivered_on=date(2026, 3, 9), delivery_method="post"
    )
    text = track(client, code)
    # 自收到本通知之次日起20个工作日内: 3-10 is day 1 … the 20th is 4-7.
    assert "缴费期限：2026年4月7日前" in text
    assert services.fee_payment_due(application) == date(2026, 4, 7)
