"""The staff screens drive the services: happy paths and refusals as a person sees them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.catalog.models import Column
from gongkai.disclosure.models import Attachment, Record, Status
from gongkai.disclosure.tests.factories import elf_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def as_staff(client, two_orgs, role, org=None):
    client.force_login(two_orgs.staff(org or two_orgs.gov_a, role))
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def record_form_data(org, **overrides) -> dict:
    data = {
        "title": "关于做好2024年政务公开工作的通知",
        "column": Column.objects.for_org(org).proactive().first().pk,
        "doc_number": "甲政办发〔2024〕1号",
        "written_on": "2024-03-01",
        "topic": "general",
        "genre": "notice",
        "disclosure_mode": "proactive",
        "keywords": "政务公开",
        "summary": "部署年度工作。",
        "body": "<p>正文</p><script>alert(1)</script>",
    }
    return {**data, **overrides}


def test_editor_drafts_a_record_through_the_form(client, two_orgs):
    as_staff(client, two_orgs, Role.EDITOR)
    response = client.post(reverse("workbench:record_create"), record_form_data(two_orgs.gov_a))
    record = Record.objects.get(title="关于做好2024年政务公开工作的通知")
    assert response.status_code == 302
    assert response.url == reverse("workbench:record_detail", kwargs={"pk": record.pk})
    assert record.organization == two_orgs.gov_a
    assert record.status == Status.DRAFT
    assert record.written_on.isoformat() == "2024-03-01"
    assert "<script" not in record.body
    assert record.created_by == two_orgs.staff(two_orgs.gov_a, Role.EDITOR)


def test_column_of_another_organ_is_not_offered_in_the_form(client, two_orgs):
    as_staff(client, two_orgs, Role.EDITOR)
    foreign = Column.objects.for_org(two_orgs.gov_b).first()
    response = client.post(
        reverse("workbench:record_create"), record_form_data(two_orgs.gov_a, column=foreign.pk)
    )
    assert response.status_code == 200
    assert "column" in response.context["form"].errors
    assert not Record.objects.exists()


def test_reviewer_cannot_draft_and_is_told_why(client, two_orgs):
    as_staff(client, two_orgs, Role.REVIEWER)
    response = client.post(reverse("workbench:record_create"), record_form_data(two_orgs.gov_a))
    assert response.status_code == 200
    assert "信息员" in " ".join(response.context["form"].non_field_errors())
    assert not Record.objects.exists()


def test_whole_workflow_through_the_screens(client, two_orgs):
    record = two_orgs.draft(two_orgs.gov_a)
    for role, step in [
        (Role.EDITOR, "submit"),
        (Role.CONFIDENTIALITY_REVIEWER, "pass"),
        (Role.REVIEWER, "approve"),
        (Role.HEAD, "publish"),
    ]:
        as_staff(client, two_orgs, role)
        response = client.post(reverse("workbench:record_transition", kwargs={"pk": record.pk, "step": step}))
        assert response.status_code == 302
        assert not any("不能" in m or "需要" in m for m in messages_of(response)), messages_of(response)
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    assert record.index_number.startswith(two_orgs.gov_a.credit_code)


def test_scheduled_publication_through_the_screen(client, two_orgs):
    record = two_orgs.advance(two_orgs.draft(two_orgs.gov_a), Status.APPROVED)
    at = timezone.localtime() + timedelta(days=1)
    as_staff(client, two_orgs, Role.HEAD)
    client.post(
        reverse("workbench:record_transition", kwargs={"pk": record.pk, "step": "publish"}),
        {"publish_at": at.strftime("%Y-%m-%dT%H:%M")},
    )
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    assert record.published_at > timezone.now()
    assert not Record.objects.published().filter(pk=record.pk).exists()


def test_editor_pressing_pass_gets_a_message_and_nothing_changes(client, two_orgs):
    record = two_orgs.advance(two_orgs.draft(two_orgs.gov_a), Status.SUBMITTED)
    as_staff(client, two_orgs, Role.EDITOR)
    response = client.post(reverse("workbench:record_transition", kwargs={"pk": record.pk, "step": "pass"}))
    assert response.status_code == 302
    assert any("保密审查人" in m for m in messages_of(response))
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED


def test_return_without_comment_through_the_screen_is_refused(client, two_orgs):
    record = two_orgs.advance(two_orgs.draft(two_orgs.gov_a), Status.SUBMITTED)
    as_staff(client, two_orgs, Role.CONFIDENTIALITY_REVIEWER)
    response = client.post(
        reverse("workbench:record_transition", kwargs={"pk": record.pk, "step": "return"}), {"comment": " "}
    )
    assert any("退回修改须填写意见" in m for m in messages_of(response))
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED


def test_unknown_step_is_404(client, two_orgs):
    record = two_orgs.draft(two_orgs.gov_a)
    as_staff(client, two_orgs, Role.EDITOR)
    url = reverse("workbench:record_transition", kwargs={"pk": record.pk, "step": "delete"})
    assert client.post(url).status_code == 404


def test_executable_upload_is_refused_with_a_chinese_message(client, two_orgs):
    record = two_orgs.draft(two_orgs.gov_a)
    as_staff(client, two_orgs, Role.EDITOR)
    response = client.post(
        reverse("workbench:attachment_upload", kwargs={"pk": record.pk}),
        {"file": SimpleUploadedFile("通知.pdf", elf_bytes())},
    )
    assert response.status_code == 302
    assert any("内容不是允许的类型" in m for m in messages_of(response))
    assert not Attachment.objects.exists()


def test_oversize_upload_is_refused_before_reading(client, two_orgs, settings):
    settings.GONGKAI_UPLOAD_MAX_BYTES = 100
    record = two_orgs.draft(two_orgs.gov_a)
    as_staff(client, two_orgs, Role.EDITOR)
    response = client.post(
        reverse("workbench:attachment_upload", kwargs={"pk": record.pk}),
        {"file": SimpleUploadedFile("大.pdf", pdf_bytes())},
    )
    assert any("超过了" in m for m in messages_of(response))
    assert not Attachment.objects.exists()


def test_pdf_upload_is_attached_and_can_be_deleted_while_draft(client, two_orgs):
    record = two_orgs.draft(two_orgs.gov_a)
    as_staff(client, two_orgs, Role.EDITOR)
    client.post(
        reverse("workbench:attachment_upload", kwargs={"pk": record.pk}),
        {"file": SimpleUploadedFile("要点.pdf", pdf_bytes())},
    )
    attachment = Attachment.objects.get(record=record)
    assert attachment.original_name == "要点.pdf"
    client.post(
        reverse("workbench:attachment_delete", kwargs={"pk": record.pk, "attachment_id": attachment.pk})
    )
    assert not Attachment.objects.exists()


def test_detail_page_shows_the_return_comment_to_the_editor(client, two_orgs):
    record = two_orgs.advance(two_orgs.draft(two_orgs.gov_a), Status.RETURNED)
    as_staff(client, two_orgs, Role.EDITOR)
    body = client.get(reverse("workbench:record_detail", kwargs={"pk": record.pk})).content.decode()
    assert "请补充政策依据。" in body


def test_dashboard_queues_show_what_waits_for_each_role(client, two_orgs):
    record = two_orgs.advance(two_orgs.draft(two_orgs.gov_a, title="待保密审查的通知"), Status.SUBMITTED)
    as_staff(client, two_orgs, Role.CONFIDENTIALITY_REVIEWER)
    assert record.title in client.get(reverse("workbench:review_queue")).content.decode()
    as_staff(client, two_orgs, Role.CONFIDENTIALITY_REVIEWER, org=two_orgs.gov_b)
    assert record.title not in client.get(reverse("workbench:review_queue")).content.decode()
    assert record.title not in client.get(reverse("workbench:dashboard")).content.decode()
    assert record.title not in client.get(reverse("workbench:record_list")).content.decode()


def test_staff_without_any_organ_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user("orphan", password="Orphan#2024-pass")
    client.force_login(user)
    assert client.get(reverse("workbench:dashboard")).status_code == 403


def test_catalog_page_keeps_what_an_editor_typed_and_explains_the_refusal(client, two_orgs):
    from gongkai.catalog.models import Column

    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    client.force_login(editor)
    parent = Column.objects.for_org(two_orgs.gov_a).get(slug="budgets")
    response = client.post(
        "/workbench/catalog/",
        {
            "column-parent": parent.pk,
            "column-name": "二〇二六年预算",
            "column-slug": "budget-2026",
            "add_column": "1",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "需要负责人、审核人或政务公开办管理员角色" in body
    assert "二〇二六年预算" in body
    assert not Column.objects.filter(slug="budget-2026").exists()


def test_a_head_adds_a_sub_column_from_the_catalog_page(client, two_orgs):
    from gongkai.catalog.models import Column

    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    parent = Column.objects.for_org(two_orgs.gov_a).get(slug="budgets")
    response = client.post(
        "/workbench/catalog/",
        {
            "column-parent": parent.pk,
            "column-name": "2026年部门预算",
            "column-slug": "budget-2026",
            "add_column": "1",
        },
    )
    assert response.status_code == 302
    assert Column.objects.get(slug="budget-2026").parent == parent


def test_staff_download_a_draft_attachment_that_the_public_cannot_see(client, two_orgs):
    from gongkai.disclosure import services

    org = two_orgs.gov_a
    editor = two_orgs.staff(org, Role.EDITOR)
    record = two_orgs.draft(org, title="待审附件")
    attachment = services.add_attachment(record=record, actor=editor, name="草稿.pdf", data=pdf_bytes())
    url = reverse("workbench:attachment_download", kwargs={"pk": record.pk, "attachment_id": attachment.pk})
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(two_orgs.staff(org, Role.CONFIDENTIALITY_REVIEWER))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Cache-Control"] == "private, no-store"


def test_search_statistics_show_top_and_zero_result_queries_of_the_organs_subtree(client, two_orgs):
    from gongkai.search.models import QueryLog

    QueryLog.objects.create(query="政务公开", organization=two_orgs.gov_a, total=5)
    QueryLog.objects.create(query="政务公开", organization=two_orgs.dept_a1, total=5)
    QueryLog.objects.create(query="找不到的东西", organization=two_orgs.gov_a, total=0)
    QueryLog.objects.create(query="别的政府", organization=two_orgs.gov_b, total=0)
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    assert client.get(reverse("workbench:search_statistics")).status_code == 403
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    body = client.get(reverse("workbench:search_statistics"), {"sitewide": "0"}).content.decode()
    assert "共 3 次检索" in body
    assert "找不到的东西" in body
    assert "别的政府" not in body


def test_search_statistics_count_the_searches_made_on_the_whole_site(client, two_orgs):
    from gongkai.search.models import QueryLog

    QueryLog.objects.create(query="政务公开", organization=two_orgs.gov_a, total=5)
    QueryLog.objects.create(query="全站才搜的词", organization=None, total=0)
    QueryLog.objects.create(query="别的政府", organization=two_orgs.gov_b, total=0)
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    body = client.get(reverse("workbench:search_statistics")).content.decode()
    assert "共 2 次检索" in body
    assert "未限定机关的检索 1 次" in body
    assert "全站才搜的词" in body
    assert "别的政府" not in body
    only_platforms = client.get(reverse("workbench:search_statistics"), {"sitewide": "0"}).content.decode()
    assert "共 1 次检索" in only_platforms
    assert "全站才搜的词" not in only_platforms


@pytest.mark.parametrize("hours", [-24, 0])
def test_a_publication_time_already_past_is_refused_so_the_date_is_never_backdated(client, two_orgs, hours):
    record = two_orgs.advance(two_orgs.draft(two_orgs.gov_a), Status.APPROVED)
    at = timezone.localtime() + timedelta(hours=hours)
    as_staff(client, two_orgs, Role.HEAD)
    response = client.post(
        reverse("workbench:record_transition", kwargs={"pk": record.pk, "step": "publish"}),
        {"publish_at": at.strftime("%Y-%m-%dT%H:%M")},
    )
    assert any("须晚于当前时间" in m for m in messages_of(response))
    record.refresh_from_db()
    assert record.status == Status.APPROVED
    assert record.published_at is None


def _action_urls(body: str) -> set[str]:
    return set(re.findall(r'action="(/workbench/records/\d+/[^"]*)"', body))


def test_overseeing_admin_sees_a_subordinates_record_read_only(client, two_orgs):
    record = two_orgs.publish(two_orgs.draft(two_orgs.dept_a1, genre="normative"))
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    client.force_login(admin)
    client.post(reverse("workbench:switch_organization"), {"organization": two_orgs.dept_a1.pk})
    body = client.get(reverse("workbench:record_detail", kwargs={"pk": record.pk})).content.decode()
    assert record.title in body
    assert _action_urls(body) == set()
    assert "仅可查看" in body


@pytest.mark.parametrize(
    ("status", "role", "expected"),
    [
        (Status.DRAFT, Role.EDITOR, {"submit", "attachments"}),
        (Status.DRAFT, Role.REVIEWER, set()),
        (Status.SUBMITTED, Role.CONFIDENTIALITY_REVIEWER, {"pass", "return"}),
        (Status.SUBMITTED, Role.EDITOR, set()),
        (Status.CONFIDENTIALITY_PASSED, Role.REVIEWER, {"approve", "return"}),
        (Status.APPROVED, Role.HEAD, {"publish", "return"}),
        (Status.APPROVED, Role.CONFIDENTIALITY_REVIEWER, set()),
        (Status.PUBLISHED, Role.REVIEWER, {"withdraw", "validity"}),
        (Status.PUBLISHED, Role.EDITOR, set()),
    ],
)
def test_detail_page_offers_only_the_steps_the_person_may_take(client, two_orgs, status, role, expected):
    record = two_orgs.advance(two_orgs.draft(two_orgs.gov_a, genre="normative"), status)
    as_staff(client, two_orgs, role)
    body = client.get(reverse("workbench:record_detail", kwargs={"pk": record.pk})).content.decode()
    offered = {url.rstrip("/").rsplit("/", 1)[-1] for url in _action_urls(body)}
    assert offered == expected


def test_refused_validity_change_shows_the_form_again_with_what_was_typed(client, two_orgs):
    record = two_orgs.publish(two_orgs.draft(two_orgs.gov_a, genre="normative"))
    as_staff(client, two_orgs, Role.REVIEWER)
    response = client.post(
        reverse("workbench:record_validity", kwargs={"pk": record.pk}),
        {"validity": "repealed", "effective_on": "", "note": "被新办法废止，说明已填写"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "被新办法废止，说明已填写" in body
    assert '<option value="repealed" selected>' in body
    assert "这个字段是必填项。" in body
    record.refresh_from_db()
    assert record.validity == "valid"
