"""意见征集: every write (opening, public comments, moderation, themes, the period, adoption
decisions and the 采纳情况反馈). Keyword-only arguments, one transaction, validation, an audit entry."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import Role
from gongkai.audit.services import record_event
from gongkai.core.pagecache import bump_generation_on_commit
from gongkai.core.uploads import check_upload
from gongkai.disclosure.models import Record, Status
from gongkai.participation import consultations_rules as rules
from gongkai.participation.models import (
    Adoption,
    Channel,
    CommentStatus,
    ConsultationComment,
    ConsultationParagraph,
    ConsultationTheme,
    PublicConsultation,
)
from gongkai.textproc.bidi import strip_bidi

# The 信息员 drafts and moderates; the 审核人 and 负责人 decide the period and publish the feedback.
MANAGE_ROLES = {Role.EDITOR, Role.REVIEWER, Role.HEAD, Role.COMPETENT_ADMIN}
DECIDE_ROLES = {Role.REVIEWER, Role.HEAD, Role.COMPETENT_ADMIN}
DRAFT_EXTENSIONS = {"docx", "pdf", "txt"}

CLOSED_MESSAGE = _("本次意见征集已于%(day)s结束，不再接收意见。您填写的内容仍保留在下方，可自行保存。")
NOT_STARTED_MESSAGE = _("本次意见征集将于%(day)s开始，届时方可提交意见。您填写的内容仍保留在下方。")
ANONYMOUS_REFUSED = _("本次意见征集要求署名，请填写姓名（可选择不公开显示）。")


def _roles(actor, org) -> set[str]:
    if getattr(actor, "is_superuser", False):
        return set(Role.values)
    return actor.roles_in(org)


def _require(actor, org, roles: set[str], what: str) -> None:
    if not _roles(actor, org) & roles:
        raise PermissionDenied(f"您在本机关没有{what}的权限。")


def min_major_days() -> int:
    return settings.GONGKAI_CONSULTATION_MAJOR_MIN_DAYS


def default_days() -> int:
    return max(settings.GONGKAI_CONSULTATION_DEFAULT_DAYS, 1)


def _record_text(record: Record) -> str:
    from gongkai.disclosure.search import plain_text
    from gongkai.disclosure.texts import ensure_text

    # Block elements become line breaks first, so paragraphs survive the tag stripping.
    body = plain_text(record.body.replace("</p>", "</p>\n").replace("<br>", "\n").replace("</li>", "</li>\n"))
    parts = [body] + [ensure_text(a).text for a in record.attachments.all()]
    return "\n".join(p for p in parts if p.strip())


def _file_text(name: str, data: bytes) -> str:
    from gongkai.textproc.bounded import extract_text

    checked = check_upload(name, data)
    if checked.kind.extension not in DRAFT_EXTENSIONS:
        raise ValidationError({"draft_file": "草案文件只接受 .docx、PDF 或纯文本（.txt）。"})
    extraction = extract_text(checked.kind.extension, data)
    if not extraction.text.strip():
        raise ValidationError(
            {"draft_file": f"未能从文件“{name}”中读出文字（{extraction.reason or '文件无文字内容'}）。"}
        )
    return extraction.text


@transaction.atomic
def open_consultation(
    *,
    org,
    actor,
    title: str,
    contact: str,
    starts_on: date,
    ends_on: date | None = None,
    description: str = "",
    is_major_decision: bool = False,
    channels: list[str] | None = None,
    channel_details: str = "",
    allow_anonymous: bool = True,
    source_record: Record | None = None,
    shortened_reason: str = "",
    draft_text: str = "",
    file_name: str = "",
    file_data: bytes | None = None,
) -> PublicConsultation:
    """Open a consultation on a draft record, an uploaded document or pasted text."""
    _require(actor, org, MANAGE_ROLES, "发起意见征集")
    errors: dict[str, str] = {}
    if ends_on is None:
        days = max(default_days(), min_major_days()) if is_major_decision else default_days()
        ends_on = rules.default_end(starts_on, days=days)
    problem = rules.period_problem(
        starts_on,
        ends_on,
        is_major_decision=is_major_decision,
        min_major_days=min_major_days(),
        shortened_reason=shortened_reason,
    )
    if problem:
        errors["ends_on"] = problem
    if not title.strip():
        errors["title"] = "请填写征集标题。"
    if not contact.strip():
        errors["contact"] = "请填写联系方式（联系人、电话或电子邮箱）。"
    channels = [c for c in (channels or [Channel.ONLINE]) if c in Channel.values]
    if source_record is not None and source_record.organization_id != org.pk:
        errors["source_record"] = "只能就本机关的信息发起意见征集。"
    if errors:
        raise ValidationError(errors)
    if source_record is not None:
        text = _record_text(source_record)
    elif file_data is not None:
        text = _file_text(file_name, file_data)
    else:
        text = draft_text
    paragraphs = rules.split_paragraphs(strip_bidi(text))
    if not paragraphs:
        raise ValidationError({"draft_text": "草案没有内容：请选择草案信息、上传草案文件或粘贴草案全文。"})
    consultation = PublicConsultation(
        organization=org,
        title=strip_bidi(title).strip(),
        description=description.strip(),
        source_record=source_record,
        source_file_name=file_name[-200:] if file_data is not None else "",
        is_major_decision=is_major_decision,
        starts_on=starts_on,
        ends_on=ends_on,
        shortened_reason=shortened_reason.strip()
        if is_major_decision and rules.period_days(starts_on, ends_on) < min_major_days()
        else "",
        contact=contact.strip(),
        channels=channels,
        channel_details=channel_details.strip(),
        allow_anonymous=allow_anonymous,
        created_by=actor,
    )
    consultation.full_clean()
    consultation.save()
    ConsultationParagraph.objects.bulk_create(
        ConsultationParagraph(consultation=consultation, number=i, text=p)
        for i, p in enumerate(paragraphs, 1)
    )
    record_event(
        actor=actor,
        verb="consultation_opened",
        obj=consultation,
        changes={
            "starts_on": starts_on,
            "ends_on": ends_on,
            "is_major_decision": is_major_decision,
            "paragraphs": len(paragraphs),
            "source_record": source_record.pk if source_record else None,
            "source_file": consultation.source_file_name,
        },
    )
    return consultation


# --- public comments ----------------------------------------------------------------------------


@transaction.atomic
def submit_comment(
    *,
    consultation: PublicConsultation,
    text: str,
    paragraph_number: int | None = None,
    author_name: str = "",
    show_name: bool = False,
    contact: str = "",
    today: date | None = None,
) -> ConsultationComment:
    """A comment from the public. Refusals raise ValidationError with a Chinese message; the
    caller keeps the text in the form. A near-duplicate joins the earlier comment's group. A link,
    markup or spam does not refuse it: it is stored *held* (``held_reasons``) for staff to release
    or hide, ungrouped until released (ADR 0054)."""
    today = today or timezone.localdate()
    # Lock the consultation: closing and commenting cannot cross, and one group forms per campaign.
    consultation = PublicConsultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.is_withdrawn:
        raise ValidationError(CLOSED_MESSAGE % {"day": consultation.ends_on}, code="closed")
    if today < consultation.starts_on:
        raise ValidationError(NOT_STARTED_MESSAGE % {"day": consultation.starts_on}, code="not_started")
    if not consultation.is_open_on(today):
        day = timezone.localdate(consultation.closed_at) if consultation.closed_at else consultation.ends_on
        raise ValidationError(CLOSED_MESSAGE % {"day": day}, code="closed")
    text = strip_bidi(text).strip()
    author_name = strip_bidi(author_name).strip()[:60]
    errors: dict[str, list[str]] = {}
    refusals = rules.screen_comment(text)
    held_reasons = [r.message for r in refusals if r.kind in rules.HOLD_KINDS]
    if any(r.kind not in rules.HOLD_KINDS for r in refusals):
        errors["text"] = [r.message for r in refusals]
    if not author_name and not consultation.allow_anonymous:
        errors["author_name"] = [ANONYMOUS_REFUSED]
    if author_name and rules.name_problem(author_name):
        errors["author_name"] = [rules.name_problem(author_name)]
    paragraph = None
    if paragraph_number:
        paragraph = consultation.paragraphs.filter(number=paragraph_number).first()
        if paragraph is None:
            errors["paragraph"] = ["所选段落不存在，请重新选择或针对全文提出意见。"]
    if errors:
        raise ValidationError(errors)
    digest, sig = rules.text_hash(text), rules.signature(text)
    leader, score = (None, 0.0) if held_reasons else _group_leader(consultation, digest, sig)
    comment = ConsultationComment.objects.create(
        organization=consultation.organization,
        consultation=consultation,
        paragraph=paragraph,
        text=text,
        author_name=author_name,
        show_name=bool(show_name and author_name),
        contact=strip_bidi(contact).strip()[:200],
        text_hash=digest,
        signature=sig,
        duplicate_of=leader,
        similarity=score,
        status=CommentStatus.HELD if held_reasons else CommentStatus.PENDING,
        held_reasons=held_reasons,
    )
    # The audit entry names the comment, never the commenter.
    record_event(
        actor=None,
        verb="consultation_comment_held" if held_reasons else "consultation_comment_received",
        obj=comment,
        organization=consultation.organization,
        changes={"consultation": consultation.pk, "duplicate_of": leader.pk if leader else None},
    )
    return comment


def _group_leader(consultation, digest: str, sig: list[int]):
    """The group a comment joins: the same normalised text, else the nearest leader at or above the
    near-duplicate threshold. Held comments lead no group until released."""
    groups = ConsultationComment.objects.filter(consultation=consultation, duplicate_of__isnull=True).exclude(
        status=CommentStatus.HELD
    )
    leader = groups.filter(text_hash=digest).order_by("id").first()
    if leader is not None:
        return leader, 1.0
    leader_pk, score = rules.closest(sig, list(groups.values_list("pk", "signature")))
    return (groups.get(pk=leader_pk), score) if leader_pk else (None, 0.0)


HELD_NOTICE = _("您的意见已收到，但%(reasons)s需经工作人员复核后才能进入审核和公开，您的意见不会丢失。")


def held_notice(comment: ConsultationComment) -> str:
    return HELD_NOTICE % {"reasons": "".join(r.rstrip("。") + "；" for r in comment.held_reasons)}


@transaction.atomic
def review_held_comment(
    *, comment: ConsultationComment, actor, release: bool, reason: str
) -> ConsultationComment:
    """A held comment released into moderation (grouped with its near duplicates now) or hidden
    (不予公开), with the staff's reason either way; audited."""
    # Lock the consultation first, as submit_comment does, so grouping cannot cross a new comment.
    consultation = PublicConsultation.objects.select_for_update().get(pk=comment.consultation_id)
    comment = _lock_comment(comment)
    _require(actor, comment.organization, MANAGE_ROLES, "复核意见")
    if comment.status != CommentStatus.HELD:
        raise ValidationError("该意见不在待复核状态。")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请写明放行或不予公开的理由。"})
    if release:
        comment.duplicate_of, comment.similarity = _group_leader(
            consultation, comment.text_hash, comment.signature
        )
        comment.status = CommentStatus.PENDING
    else:
        comment.status = CommentStatus.HIDDEN
        comment.hide_reason = reason[:300]
    comment.moderated_at = timezone.now()
    comment.save(
        update_fields=["status", "hide_reason", "duplicate_of", "similarity", "moderated_at", "updated_at"]
    )
    record_event(
        actor=actor,
        verb="consultation_comment_released" if release else "consultation_comment_hidden",
        obj=comment,
        changes={"status": [CommentStatus.HELD, comment.status]},
        reason=reason,
    )
    return comment


# --- moderation and themes ----------------------------------------------------------------------


def _lock_comment(comment: ConsultationComment) -> ConsultationComment:
    return ConsultationComment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)


@transaction.atomic
def moderate_comment(
    *, comment: ConsultationComment, actor, publish: bool, reason: str = ""
) -> ConsultationComment:
    """Publish a comment (its group is then shown once with its count) or hide it with a reason."""
    comment = _lock_comment(comment)
    _require(actor, comment.organization, MANAGE_ROLES, "审核意见")
    if comment.status == CommentStatus.HELD:
        raise ValidationError("该意见待复核，请先放行或不予公开。")
    reason = reason.strip()
    if not publish and not reason:
        raise ValidationError({"reason": "不予公开须写明理由。"})
    before = comment.status
    comment.status = CommentStatus.PUBLISHED if publish else CommentStatus.HIDDEN
    comment.hide_reason = "" if publish else reason[:300]
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "hide_reason", "moderated_at", "updated_at"])
    record_event(
        actor=actor,
        verb="consultation_comment_published" if publish else "consultation_comment_hidden",
        obj=comment,
        changes={"status": [before, comment.status]},
        reason=reason,
    )
    return comment


@transaction.atomic
def add_theme(*, consultation: PublicConsultation, actor, name: str) -> ConsultationTheme:
    _require(actor, consultation.organization, MANAGE_ROLES, "设置意见主题")
    name = strip_bidi(name).strip()
    if not name or len(name) > 60:
        raise ValidationError({"name": "主题名称为1至60个字。"})
    if consultation.themes.filter(name=name).exists():
        raise ValidationError({"name": f"主题“{name}”已存在。"})
    theme = ConsultationTheme.objects.create(
        organization=consultation.organization, consultation=consultation, name=name
    )
    record_event(actor=actor, verb="consultation_theme_added", obj=theme, changes={"name": name})
    return theme


@transaction.atomic
def set_theme(*, comment: ConsultationComment, actor, theme: ConsultationTheme | None) -> ConsultationComment:
    comment = _lock_comment(comment)
    _require(actor, comment.organization, MANAGE_ROLES, "归类意见")
    if theme is not None and theme.consultation_id != comment.consultation_id:
        raise ValidationError({"theme": "所选主题不属于本次意见征集。"})
    comment.theme = theme
    comment.save(update_fields=["theme", "updated_at"])
    record_event(
        actor=actor, verb="consultation_comment_themed", obj=comment, changes={"theme": str(theme or "")}
    )
    return comment


# --- the period ---------------------------------------------------------------------------------

PERIOD_ACTIONS = {"close": "提前结束", "extend": "延长", "reopen": "重新开放"}


@transaction.atomic
def change_period(
    *,
    consultation: PublicConsultation,
    actor,
    action: str,
    reason: str,
    new_end: date | None = None,
    today: date | None = None,
) -> PublicConsultation:
    """Close early, extend or reopen, with a reason (audited)."""
    consultation = PublicConsultation.objects.select_for_update().get(pk=consultation.pk)
    _require(actor, consultation.organization, DECIDE_ROLES, "调整征集期限")
    today = today or timezone.localdate()
    if action not in PERIOD_ACTIONS:
        raise ValidationError("未知的操作。")
    if not reason.strip():
        raise ValidationError({"reason": f"{PERIOD_ACTIONS[action]}须写明理由。"})
    if consultation.has_feedback:
        raise ValidationError("采纳情况反馈已发布，不能再调整征集期限。")
    before = {"ends_on": consultation.ends_on, "closed_at": consultation.closed_at}
    if action == "close":
        if not consultation.is_open_on(today):
            raise ValidationError("本次意见征集目前未在征集期内，无需提前结束。")
        consultation.closed_at = timezone.now()
    else:
        if new_end is None:
            raise ValidationError({"new_end": "请填写新的截止日期。"})
        if new_end < today:
            raise ValidationError({"new_end": "新的截止日期不能早于今天。"})
        if action == "extend":
            if not consultation.is_open_on(today):
                raise ValidationError("已结束的意见征集请使用“重新开放”。")
            if new_end <= consultation.ends_on:
                raise ValidationError(
                    {"new_end": f"延长后的截止日期须晚于原截止日期（{consultation.ends_on}）。"}
                )
        elif consultation.is_open_on(today):
            raise ValidationError("本次意见征集仍在征集期内，无需重新开放。")
        problem = rules.period_problem(
            consultation.starts_on,
            new_end,
            is_major_decision=consultation.is_major_decision,
            min_major_days=min_major_days(),
            shortened_reason=consultation.shortened_reason,
        )
        if problem:
            raise ValidationError({"new_end": problem})
        consultation.ends_on = new_end
        consultation.closed_at = None
    consultation.save(update_fields=["ends_on", "closed_at", "updated_at"])
    record_event(
        actor=actor,
        verb=f"consultation_{action}",
        obj=consultation,
        changes={
            "before": before,
            "after": {"ends_on": consultation.ends_on, "closed_at": consultation.closed_at},
        },
        reason=reason.strip(),
    )
    return consultation


# --- adoption and the 采纳情况反馈 ----------------------------------------------------------------


@transaction.atomic
def decide_adoption(
    *, comment: ConsultationComment, actor, adoption: str, reason: str = ""
) -> ConsultationComment:
    """采纳 / 部分采纳 / 未采纳 for a comment's group; a partial or refused adoption needs its reason."""
    comment = _lock_comment(comment)
    _require(actor, comment.organization, MANAGE_ROLES, "填写采纳情况")
    if comment.consultation.has_feedback:
        raise ValidationError("采纳情况反馈已发布，不能再修改。")
    if adoption not in Adoption.values:
        raise ValidationError({"adoption": "请选择采纳情况。"})
    if adoption != Adoption.ADOPTED and not reason.strip():
        raise ValidationError({"adoption_reason": "部分采纳或未采纳的，须说明理由。"})
    if comment.duplicate_of_id:
        raise ValidationError("相同或相近的意见已合并，请对该组的第一条意见填写采纳情况。")
    comment.adoption = adoption
    comment.adoption_reason = reason.strip()
    comment.save(update_fields=["adoption", "adoption_reason", "updated_at"])
    record_event(
        actor=actor,
        verb="consultation_adoption_decided",
        obj=comment,
        changes={"adoption": adoption},
        reason=comment.adoption_reason,
    )
    return comment


@transaction.atomic
def save_feedback(
    *, consultation: PublicConsultation, actor, summary: str, final_record: Record | None = None
) -> PublicConsultation:
    """The 采纳情况说明 and the link to the final policy (a published record of the same organ)."""
    consultation = PublicConsultation.objects.select_for_update().get(pk=consultation.pk)
    _require(actor, consultation.organization, MANAGE_ROLES, "编写采纳情况反馈")
    if final_record is not None and (
        final_record.organization_id != consultation.organization_id
        or final_record.status != Status.PUBLISHED
    ):
        raise ValidationError({"final_record": "最终政策须是本机关已发布的信息。"})
    before = {"summary": consultation.feedback_summary, "final_record": consultation.final_record_id}
    consultation.feedback_summary = summary.strip()
    consultation.final_record = final_record
    consultation.save(update_fields=["feedback_summary", "final_record", "updated_at"])
    bump_generation_on_commit(organs=())  # the final policy's public page shows the link
    record_event(
        actor=actor,
        verb="consultation_feedback_saved",
        obj=consultation,
        changes={"before": before, "after": {"final_record": final_record.pk if final_record else None}},
    )
    return consultation


def feedback_problems(consultation: PublicConsultation, *, today: date | None = None) -> list[str]:
    """What still stands in the way of publishing the 采纳情况反馈 (empty: ready)."""
    today = today or timezone.localdate()
    problems = []
    if consultation.is_open_on(today) or today < consultation.starts_on:
        problems.append("意见征集尚未结束。")
    leaders = consultation.comments.filter(duplicate_of__isnull=True)
    held = consultation.comments.filter(status=CommentStatus.HELD).count()
    if held:
        problems.append(f"还有{held}条意见待复核。")
    pending = leaders.filter(status=CommentStatus.PENDING).count()
    if pending:
        problems.append(f"还有{pending}组意见待审核。")
    undecided = leaders.filter(status=CommentStatus.PUBLISHED, adoption="").count()
    if undecided:
        problems.append(f"还有{undecided}组已公开的意见未填写采纳情况。")
    if not consultation.feedback_summary.strip():
        problems.append("请填写采纳情况说明。")
    return problems


@transaction.atomic
def publish_feedback(
    *, consultation: PublicConsultation, actor, today: date | None = None
) -> PublicConsultation:
    """Publish the 采纳情况反馈 on the consultation's public page (and in search and the API)."""
    consultation = PublicConsultation.objects.select_for_update().get(pk=consultation.pk)
    _require(actor, consultation.organization, DECIDE_ROLES, "发布采纳情况反馈")
    if consultation.has_feedback:
        raise ValidationError("采纳情况反馈已经发布。")
    problems = feedback_problems(consultation, today=today)
    if problems:
        raise ValidationError(problems)
    consultation.feedback_published_at = timezone.now()
    consultation.save(update_fields=["feedback_published_at", "updated_at"])
    bump_generation_on_commit(organs=())  # no organ's list counts change
    record_event(actor=actor, verb="consultation_feedback_published", obj=consultation)
    return consultation


def export_logged(*, consultation: PublicConsultation, actor) -> None:
    """The export holds commenters' names and contacts: who took it is audited."""
    _require(actor, consultation.organization, MANAGE_ROLES, "导出意见")
    record_event(actor=actor, verb="consultation_comments_exported", obj=consultation)
