"""意见征集 pages: the public list and draft page, the comment form without JavaScript, bad input
that keeps what was typed, the rate limit, privacy, and the staff pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.participation import services_consultations as services
from gongkai.participation.models import Adoption, CommentStatus, ConsultationComment
from gongkai.participation.tests.consultation_factories import comment, open_consultation
from gongkai.participation.views.consultations_portal import COMMENT_LIMIT
from gongkai.textproc.pii import make_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def detail_url(consultation) -> str:
    return reverse("consultations:detail", kwargs={"pk": consultation.pk})


def test_list_shows_open_and_closed_consultations(client, two_orgs):
    open_one = open_consultation(two_orgs, title="正在征集的办法")
    closed = open_consultation(
        two_orgs, title="已结束的办法", starts_on=timezone.localdate() - timedelta(days=60)
    )
    future = open_consultation(
        two_orgs, title="尚未开始的办法", starts_on=timezone.localdate() + timedelta(days=3)
    )
    page = client.get(reverse("consultations:list")).content.decode()
    assert open_one.title in page
    assert closed.title in page
    assert future.title not in page
    only_open = client.get(reverse("consultations:list"), {"state": "open"}).content.decode()
    assert open_one.title in only_open
    assert closed.title not in only_open
    only_closed = client.get(reverse("consultations:list"), {"state": "closed"}).content.decode()
    assert closed.title in only_closed
    assert open_one.title not in only_closed


def test_each_paragraph_has_a_link_that_selects_it_in_the_form(client, two_orgs):
    consultation = open_consultation(two_orgs)
    page = client.get(detail_url(consultation)).content.decode()
    assert 'href="?p=3#comment-form"' in page
    selected = client.get(detail_url(consultation), {"p": "3"}).content.decode()
    assert '<option value="3" selected>' in selected


def test_commenting_on_a_paragraph_without_javascript(client, two_orgs):
    consultation = open_consultation(two_orgs)
    response = client.post(
        detail_url(consultation),
        {
            "paragraph": "4",
            "text": "建议第三条的收费标准分步上调。",
            "author_name": "张三",
            "contact": "13912345678",
        },
    )
    assert response.status_code == 302
    assert "sent=1" in response.url
    stored = ConsultationComment.objects.get()
    assert stored.paragraph.number == 4
    assert "已提交" in client.get(response.url).content.decode()


def test_the_honeypot_refuses_and_keeps_the_text(client, two_orgs):
    consultation = open_consultation(two_orgs)
    response = client.post(detail_url(consultation), {"text": "建议第三条分步上调。", "website": "http://x"})
    assert response.status_code == 200
    assert "建议第三条分步上调。" in response.content.decode()
    assert not ConsultationComment.objects.exists()


def test_an_id_number_is_held_and_the_text_stays_in_the_form(client, two_orgs):
    consultation = open_consultation(two_orgs)
    number = make_id_number("110101", date(1980, 5, 6), 123)
    text = f"我是本市居民，身份证{number}，反对上调停车费。"
    page = client.post(detail_url(consultation), {"text": text}).content.decode()
    assert "身份证号码" in page
    assert "为保护您的个人信息" in page
    assert text in page  # nothing typed is lost
    assert not ConsultationComment.objects.exists()


def test_a_comment_on_a_closed_consultation_is_refused_and_the_text_kept(client, two_orgs):
    consultation = open_consultation(two_orgs)
    services.change_period(
        consultation=consultation,
        actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD),
        action="close",
        reason="提前结束",
    )
    response = client.post(detail_url(consultation), {"text": "建议第三条的收费标准分步上调。"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "不再接收意见" in page
    assert "建议第三条的收费标准分步上调。" in page
    assert not ConsultationComment.objects.exists()
    assert "不再接收意见" in client.get(detail_url(consultation)).content.decode()


def test_one_address_is_throttled_with_429_and_the_text_kept(client, two_orgs):
    consultation = open_consultation(two_orgs)
    limit = COMMENT_LIMIT[0]
    for i in range(limit):
        assert (
            client.post(
                detail_url(consultation), {"text": f"第{i}条不同的意见：建议调整第{i}项内容。"}
            ).status_code
            == 302
        )
    throttled = client.post(detail_url(consultation), {"text": "超出频率的一条意见内容"})
    assert throttled.status_code == 429
    assert "提交过于频繁" in throttled.content.decode()
    assert "超出频率的一条意见内容" in throttled.content.decode()
    assert ConsultationComment.objects.count() == limit
    other = client.post(detail_url(consultation), {"text": "另一地址的意见内容。"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_public_pages_never_show_contacts_or_unshown_names(client, two_orgs):
    consultation = open_consultation(two_orgs)
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    hidden_name = comment(
        consultation, "建议第三条的标准分步上调。", author_name="赵不显", contact="13800001111"
    )
    shown_name = comment(
        consultation,
        "建议第二条明确适用范围。",
        author_name="钱愿显",
        show_name=True,
        contact="qian@example.com",
    )
    for c in (hidden_name, shown_name):
        services.moderate_comment(comment=c, actor=editor, publish=True)
    page = client.get(detail_url(consultation)).content.decode()
    assert "建议第三条的标准分步上调。" in page
    assert "赵不显" not in page
    assert "钱愿显" in page
    assert "13800001111" not in page
    assert "qian@example.com" not in page
    assert "匿名" in page


def test_pending_and_hidden_comments_are_not_public(client, two_orgs):
    consultation = open_consultation(two_orgs)
    comment(consultation, "这是一条尚待审核的意见。")
    hidden = comment(consultation, "这是一条不予公开的意见内容。")
    services.moderate_comment(
        comment=hidden, actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR), publish=False, reason="无关"
    )
    page = client.get(detail_url(consultation)).content.decode()
    assert "尚待审核" not in page
    assert "不予公开的意见内容" not in page


def test_published_feedback_is_on_the_consultation_and_the_final_policy_pages(client, two_orgs, publish):
    consultation = open_consultation(two_orgs, starts_on=timezone.localdate() - timedelta(days=5))
    head = two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    c = comment(consultation, "建议第三条的标准分步上调。")
    services.moderate_comment(comment=c, actor=head, publish=True)
    services.change_period(consultation=consultation, actor=head, action="close", reason="结束")
    services.decide_adoption(comment=c, actor=head, adoption=Adoption.PARTLY, reason="分两年实施。")
    policy = publish(two_orgs.draft(two_orgs.gov_a, title="甲市停车收费管理办法"))
    services.save_feedback(
        consultation=consultation, actor=head, summary="采纳情况说明正文。", final_record=policy
    )
    services.publish_feedback(consultation=consultation, actor=head)
    page = client.get(detail_url(consultation)).content.decode()
    assert "意见采纳情况反馈" in page
    assert "部分采纳" in page
    assert "分两年实施。" in page
    assert policy.get_absolute_url() in page
    record_page = client.get(policy.get_absolute_url()).content.decode()
    assert "意见征集及采纳情况" in record_page
    assert detail_url(consultation) in record_page


def test_unknown_and_unstarted_consultations_are_404(client, two_orgs):
    future = open_consultation(two_orgs, starts_on=timezone.localdate() + timedelta(days=3))
    assert client.get(detail_url(future)).status_code == 404
    assert client.get(reverse("consultations:detail", kwargs={"pk": 999999})).status_code == 404


# --- staff ---------------------------------------------------------------------------------------


def test_staff_open_a_consultation_from_pasted_text(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    response = client.post(
        reverse("workbench:consultation_create"),
        {
            "title": "甲市养犬管理规定（草案）",
            "starts_on": timezone.localdate().isoformat(),
            "contact": "电话 0991-7654321",
            "channels": ["online", "email"],
            "allow_anonymous": "on",
            "draft_text": "第一条 目的。\n第二条 范围。",
        },
    )
    assert response.status_code == 302
    detail = client.get(response.url)
    assert detail.status_code == 200
    assert "草案2段" in detail.content.decode()


def test_a_refused_opening_keeps_what_was_typed(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    start = timezone.localdate()
    response = client.post(
        reverse("workbench:consultation_create"),
        {
            "title": "重大事项草案标题",
            "is_major_decision": "on",
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=9)).isoformat(),
            "contact": "电话",
            "channels": ["online"],
            "draft_text": "第一条 保留的正文。",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "第十四条" in page
    assert "第一条 保留的正文。" in page
    assert "重大事项草案标题" in page


def test_staff_moderate_theme_decide_and_publish_through_the_pages(client, two_orgs):
    consultation = open_consultation(two_orgs, starts_on=timezone.localdate() - timedelta(days=3))
    c = comment(consultation, "建议第三条的标准分步上调。")
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    url = reverse("workbench:consultation_comment", kwargs={"pk": consultation.pk, "comment_id": c.pk})
    client.post(url, {"op": "moderate", "action": "publish"})
    client.post(
        reverse("workbench:consultation_theme_add", kwargs={"pk": consultation.pk}), {"name": "收费标准"}
    )
    theme = consultation.themes.get()
    client.post(url, {"op": "theme", "theme": theme.pk})
    client.post(
        reverse("workbench:consultation_period", kwargs={"pk": consultation.pk}),
        {"action": "close", "reason": "结束"},
    )
    client.post(url, {"op": "adopt", "adoption": "adopted"})
    response = client.post(
        reverse("workbench:consultation_feedback", kwargs={"pk": consultation.pk}),
        {"summary": "共收到1条意见，已采纳。", "action": "publish"},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    consultation.refresh_from_db()
    assert (c.status, c.theme, c.adoption) == (CommentStatus.PUBLISHED, theme, Adoption.ADOPTED)
    assert consultation.has_feedback
    export = client.get(reverse("workbench:consultation_export", kwargs={"pk": consultation.pk}))
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_publishing_too_early_says_what_is_missing_and_keeps_the_summary(client, two_orgs):
    consultation = open_consultation(two_orgs)
    comment(consultation, "建议第三条的标准分步上调。")
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.HEAD))
    response = client.post(
        reverse("workbench:consultation_feedback", kwargs={"pk": consultation.pk}),
        {"summary": "草拟中的说明文字", "action": "publish"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "意见征集尚未结束" in page
    assert "待审核" in page
    assert "草拟中的说明文字" in page


def test_staff_open_a_consultation_from_an_uploaded_docx_and_a_wrong_file_is_refused(client, two_orgs):
    import io

    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = docx.Document()
    for text in ("第一条 上传草案的目的。", "第二条 上传草案的范围。"):
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    fields = {
        "title": "上传的草案",
        "starts_on": timezone.localdate().isoformat(),
        "contact": "电话 0991-7654321",
        "channels": ["online"],
    }
    wrong = client.post(
        reverse("workbench:consultation_create"),
        {**fields, "draft_file": SimpleUploadedFile("草案.docx", b"not a word file")},
    )
    assert wrong.status_code == 200
    assert "上传的草案" in wrong.content.decode()  # what was typed stays
    response = client.post(
        reverse("workbench:consultation_create"),
        {**fields, "draft_file": SimpleUploadedFile("草案.docx", out.getvalue())},
    )
    assert response.status_code == 302
    detail = client.get(response.url).content.decode()
    assert "草案2段" in detail
    assert "草案.docx" in detail
