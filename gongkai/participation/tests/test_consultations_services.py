"""意见征集 services: opening, commenting, grouping, moderation, the period and the feedback."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.participation import selectors_consultations as selectors
from gongkai.participation import services_consultations as services
from gongkai.participation.models import Adoption, CommentStatus, ConsultationComment
from gongkai.participation.tests.consultation_factories import comment, open_consultation
from gongkai.textproc.pii import make_id_number

pytestmark = pytest.mark.django_db

CAMPAIGN = "我坚决反对草案第三条关于停车收费标准上调的规定，建议维持现行收费标准不变，并增加免费停车泊位。"


def audit_verbs(obj) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(obj.pk), verb__startswith="consultation").values_list(
            "verb", flat=True
        )
    )


def test_opening_splits_the_draft_into_numbered_paragraphs_and_is_audited(two_orgs):
    consultation = open_consultation(two_orgs)
    assert [p.number for p in consultation.paragraphs.all()] == [1, 2, 3, 4]
    assert consultation.paragraphs.get(number=4).text.startswith("第三条")
    assert "consultation_opened" in audit_verbs(consultation)


def test_major_decision_defaults_to_thirty_days_and_refuses_fewer(two_orgs):
    start = date(2026, 3, 1)
    consultation = services.open_consultation(
        org=two_orgs.gov_a,
        actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
        title="重大行政决策事项",
        contact="电话 0991-1234567",
        starts_on=start,
        is_major_decision=True,
        draft_text="第一条 内容。",
    )
    assert (consultation.ends_on - consultation.starts_on).days + 1 == 30
    with pytest.raises(ValidationError) as refused:
        services.open_consultation(
            org=two_orgs.gov_a,
            actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
            title="重大行政决策事项",
            contact="电话",
            starts_on=start,
            ends_on=start + timedelta(days=19),
            is_major_decision=True,
            draft_text="第一条 内容。",
        )
    assert "第十四条" in str(refused.value.message_dict["ends_on"])


def test_a_shorter_period_for_a_major_decision_needs_a_public_reason(two_orgs, client):
    with pytest.raises(ValidationError) as refused:
        open_consultation(two_orgs, days=15, is_major_decision=True)
    assert "缩短" in str(refused.value)
    consultation = open_consultation(
        two_orgs, days=15, is_major_decision=True, shortened_reason="防汛应急需要，缩短至15日。"
    )
    assert consultation.shortened_reason == "防汛应急需要，缩短至15日。"
    assert "防汛应急需要" in client.get(consultation.get_absolute_url()).content.decode()
    # Long enough anyway: nothing to explain, nothing stored.
    longer = open_consultation(two_orgs, days=30, is_major_decision=True, shortened_reason="多余")
    assert longer.shortened_reason == ""


def test_the_major_decision_floor_is_configurable(two_orgs, settings):
    settings.GONGKAI_CONSULTATION_MAJOR_MIN_DAYS = 45
    with pytest.raises(ValidationError):
        open_consultation(two_orgs, days=30, is_major_decision=True)
    assert open_consultation(two_orgs, days=45, is_major_decision=True).pk


def docx_bytes(*paragraphs: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_draft_record_and_an_uploaded_docx_become_paragraphs(two_orgs):
    record = two_orgs.draft(two_orgs.gov_a, title="草案", body="<p>第一条 总则。</p><p>第二条 附则。</p>")
    from_record = open_consultation(two_orgs, draft_text="", source_record=record)
    assert [p.text for p in from_record.paragraphs.all()] == ["第一条 总则。", "第二条 附则。"]
    from_file = open_consultation(
        two_orgs,
        draft_text="",
        file_name="草案.docx",
        file_data=docx_bytes("第一条 文件中的条款。", "第二条 另一条。"),
    )
    assert "第一条 文件中的条款。" in [p.text for p in from_file.paragraphs.all()]
    assert from_file.source_file_name == "草案.docx"


def test_another_organs_record_cannot_be_the_draft(two_orgs):
    record = two_orgs.draft(two_orgs.gov_b, title="乙县草案")
    with pytest.raises(ValidationError):
        open_consultation(two_orgs, draft_text="", source_record=record)


def test_only_staff_with_a_role_in_the_organ_may_open(two_orgs):
    with pytest.raises(PermissionDenied):
        services.open_consultation(
            org=two_orgs.gov_a,
            actor=two_orgs.staff(two_orgs.gov_b, Role.EDITOR),
            title="越权",
            contact="电话",
            starts_on=timezone.localdate(),
            draft_text="第一条",
        )


def test_a_comment_on_a_paragraph_is_stored_pending(two_orgs):
    consultation = open_consultation(two_orgs)
    c = comment(
        consultation,
        "建议第三条的标准分步上调。",
        paragraph_number=4,
        author_name="张三",
        contact="13912345678",
    )
    assert c.status == CommentStatus.PENDING
    assert c.paragraph.number == 4
    assert (c.author_name, c.contact) == ("张三", "13912345678")
    assert not c.show_name


def test_name_and_contact_are_encrypted_at_rest(two_orgs):
    from django.db import connection

    c = comment(
        open_consultation(two_orgs), "建议第三条的标准分步上调。", author_name="张三", contact="13912345678"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT author_name, contact FROM participation_consultationcomment WHERE id = %s", [c.pk]
        )
        name, contact = cursor.fetchone()
    assert "张三" not in name
    assert "13912345678" not in contact


def test_exact_and_near_duplicates_join_the_first_comments_group(two_orgs):
    consultation = open_consultation(two_orgs)
    first = comment(consultation, CAMPAIGN)
    exact = comment(consultation, CAMPAIGN.replace("，", ", "))
    near = comment(consultation, CAMPAIGN.replace("坚决", "") + "谢谢！")
    other = comment(consultation, "建议第二条明确停车场的范围是否包括小区内部道路。")
    assert exact.duplicate_of == first
    assert exact.similarity == 1.0
    assert near.duplicate_of == first
    assert 0.8 <= near.similarity < 1.0
    assert other.duplicate_of is None


def test_a_campaign_of_five_hundred_is_one_group_counted_once_in_public(two_orgs):
    consultation = open_consultation(two_orgs)
    for i in range(500):
        # Campaign senders vary a word or add a greeting; every one of them is kept.
        comment(
            consultation, CAMPAIGN + ("谢谢！" if i % 3 == 0 else "") + ("恳请采纳" if i % 5 == 0 else "")
        )
    comment(consultation, "建议第二条明确停车场的范围是否包括小区内部道路。")
    assert ConsultationComment.objects.filter(consultation=consultation).count() == 501
    leaders = ConsultationComment.objects.filter(consultation=consultation, duplicate_of=None)
    assert leaders.count() == 2
    for leader in leaders:
        services.moderate_comment(
            comment=leader, actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR), publish=True
        )
    shown = selectors.public_comments(consultation)
    assert sorted(c.count for c in shown) == [1, 500]


def test_an_id_number_in_a_comment_is_held_with_a_clear_message(two_orgs):
    consultation = open_consultation(two_orgs)
    number = make_id_number("110101", date(1980, 5, 6), 123)
    with pytest.raises(ValidationError) as held:
        comment(consultation, f"我是居民，身份证号{number}，反对上调。")
    assert "身份证号码" in " ".join(held.value.message_dict["text"])
    assert not ConsultationComment.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "详见 http://spam.example.com 的说明",
        "<script>alert(1)</script>反对上调",
        "来btbt365me娱乐，博彩赢大钱",
    ],
)
def test_links_scripts_and_spam_are_held_not_lost(two_orgs, text):
    held = comment(open_consultation(two_orgs), text)
    stored = ConsultationComment.objects.get()
    assert stored.pk == held.pk
    assert stored.text == text.strip()
    assert stored.status == CommentStatus.HELD
    assert stored.held_reasons
    assert all("。" in r for r in stored.held_reasons)
    assert stored.duplicate_of is None
    assert "consultation_comment_held" in audit_verbs(stored)


def test_anonymous_comments_only_where_the_organ_allows_them(two_orgs):
    consultation = open_consultation(two_orgs, allow_anonymous=False)
    with pytest.raises(ValidationError) as refused:
        comment(consultation, "建议第三条的标准分步上调。")
    assert "署名" in str(refused.value)
    assert comment(consultation, "建议第三条的标准分步上调。", author_name="李四").pk


def test_a_comment_after_the_period_is_refused_with_the_closing_day(two_orgs):
    start = timezone.localdate() - timedelta(days=40)
    consultation = open_consultation(two_orgs, starts_on=start, days=30)
    with pytest.raises(ValidationError) as refused:
        comment(consultation, "建议第三条的标准分步上调。")
    assert refused.value.code == "closed"
    assert str(consultation.ends_on) in refused.value.messages[0]


def test_close_early_extend_and_reopen_are_audited_with_reasons(two_orgs):
    consultation = open_consultation(two_orgs)
    head = two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.change_period(consultation=consultation, actor=head, action="close", reason="")
    services.change_period(consultation=consultation, actor=head, action="close", reason="草案需重大修改")
    consultation.refresh_from_db()
    assert not consultation.is_open
    with pytest.raises(ValidationError):
        comment(consultation, "建议第三条的标准分步上调。")
    services.change_period(
        consultation=consultation,
        actor=head,
        action="reopen",
        reason="修改后重新征求",
        new_end=today + timedelta(days=40),
    )
    consultation.refresh_from_db()
    assert consultation.is_open
    services.change_period(
        consultation=consultation,
        actor=head,
        action="extend",
        reason="应群众要求延长",
        new_end=today + timedelta(days=50),
    )
    consultation.refresh_from_db()
    assert consultation.ends_on == today + timedelta(days=50)
    assert {"consultation_close", "consultation_reopen", "consultation_extend"} <= set(
        audit_verbs(consultation)
    )
    entry = AuditEntry.objects.get(verb="consultation_close", object_id=str(consultation.pk))
    assert entry.reason == "草案需重大修改"


def test_the_editor_may_not_change_the_period(two_orgs):
    consultation = open_consultation(two_orgs)
    with pytest.raises(PermissionDenied):
        services.change_period(
            consultation=consultation,
            actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
            action="close",
            reason="x",
        )


def test_hiding_needs_a_reason_and_is_audited(two_orgs):
    c = comment(open_consultation(two_orgs), "与本草案无关的内容，投诉小区物业。")
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    with pytest.raises(ValidationError):
        services.moderate_comment(comment=c, actor=editor, publish=False, reason="")
    services.moderate_comment(comment=c, actor=editor, publish=False, reason="与征集内容无关")
    c.refresh_from_db()
    assert (c.status, c.hide_reason) == (CommentStatus.HIDDEN, "与征集内容无关")
    assert "consultation_comment_hidden" in audit_verbs(c)


def test_themes_group_comments(two_orgs):
    consultation = open_consultation(two_orgs)
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    theme = services.add_theme(consultation=consultation, actor=editor, name="收费标准")
    with pytest.raises(ValidationError):
        services.add_theme(consultation=consultation, actor=editor, name="收费标准")
    c = comment(consultation, "建议第三条的标准分步上调。")
    services.set_theme(comment=c, actor=editor, theme=theme)
    assert list(selectors.staff_groups(consultation, theme=str(theme.pk))) == [c]
    assert list(selectors.staff_groups(consultation, theme="none")) == []


def _closed_with_comments(two_orgs):
    consultation = open_consultation(two_orgs, starts_on=timezone.localdate() - timedelta(days=10))
    adopted = comment(consultation, "建议第三条的标准分步上调。", author_name="王五", show_name=True)
    refused = comment(consultation, CAMPAIGN)
    comment(consultation, CAMPAIGN + "谢谢")
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    for c in (adopted, refused):
        services.moderate_comment(comment=c, actor=editor, publish=True)
    services.change_period(
        consultation=consultation,
        actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD),
        action="close",
        reason="征集结束",
    )
    consultation.refresh_from_db()
    return consultation, adopted, refused


def test_feedback_cannot_be_published_until_every_group_is_decided(two_orgs):
    consultation, _adopted, refused = _closed_with_comments(two_orgs)
    head = two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    with pytest.raises(ValidationError) as refused_publication:
        services.publish_feedback(consultation=consultation, actor=head)
    assert any("未填写采纳情况" in m for m in refused_publication.value.messages)
    with pytest.raises(ValidationError):
        services.decide_adoption(comment=refused, actor=head, adoption=Adoption.NOT_ADOPTED, reason="")


def test_feedback_publication_with_counts_reasons_and_the_final_policy(two_orgs, publish):
    consultation, adopted, refused = _closed_with_comments(two_orgs)
    head = two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    services.decide_adoption(comment=adopted, actor=head, adoption=Adoption.ADOPTED)
    services.decide_adoption(
        comment=refused, actor=head, adoption=Adoption.NOT_ADOPTED, reason="停车资源紧张，需以价格调节需求。"
    )
    policy = publish(two_orgs.draft(two_orgs.gov_a, title="甲市停车收费管理办法"))
    services.save_feedback(
        consultation=consultation, actor=head, summary="共收到意见3条，采纳1组。", final_record=policy
    )
    services.publish_feedback(consultation=consultation, actor=head)
    consultation.refresh_from_db()
    assert consultation.has_feedback
    figures = selectors.feedback_figures(consultation)
    assert (figures.received, figures.groups, figures.adopted, figures.not_adopted) == (3, 2, 1, 1)
    assert list(selectors.consultations_for_final_record(policy)) == [consultation]
    shown = {c.text: c for c in selectors.public_comments(consultation)}
    assert shown[CAMPAIGN].count == 2
    assert shown[CAMPAIGN].adoption_reason.startswith("停车资源")
    assert "consultation_feedback_published" in audit_verbs(consultation)
    with pytest.raises(ValidationError):
        services.decide_adoption(comment=adopted, actor=head, adoption=Adoption.NOT_ADOPTED, reason="改")


def test_the_final_policy_must_be_a_published_record_of_the_organ(two_orgs):
    consultation, *_ = _closed_with_comments(two_orgs)
    with pytest.raises(ValidationError):
        services.save_feedback(
            consultation=consultation,
            actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD),
            summary="说明",
            final_record=two_orgs.draft(two_orgs.gov_a, title="未发布"),
        )


def test_export_has_every_comment_with_names_and_is_audited(two_orgs):
    from io import BytesIO

    from openpyxl import load_workbook

    consultation, *_ = _closed_with_comments(two_orgs)
    comment_count = consultation.comments.count()
    services.export_logged(consultation=consultation, actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    sheet = load_workbook(BytesIO(selectors.comments_xlsx(consultation))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "意见内容"
    assert len(rows) == comment_count + 1
    assert "王五" in [r[4] for r in rows]
    assert "consultation_comments_exported" in audit_verbs(consultation)
