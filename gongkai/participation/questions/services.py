"""Every write of 政策咨询: asking, routing, transfer, answer, publication, 常见问题.

Each is one transaction with an audit entry; the audit rows never carry the asker's name or contact.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _lazy

from gongkai.accounts.models import Role
from gongkai.audit.services import record_event
from gongkai.core.pagecache import bump_generation_on_commit
from gongkai.disclosure.models import Record, Topic
from gongkai.inspection import engine
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import subtree
from gongkai.participation.models import (
    Answer,
    AnswerLimit,
    FrequentQuestion,
    Question,
    QuestionStatus,
    QuestionTransfer,
)
from gongkai.participation.questions import rules

TITLE_MAX = 100
TEXT_MAX = 2000
ANSWER_MAX = 10000
NOT_OPEN = "该咨询已答复或已办结，不能再转办或答复。"


MIN_LIMIT_DAYS, MAX_LIMIT_DAYS = 1, 60
LIMIT_ROLES = {Role.COMPETENT_ADMIN}
HELD_MESSAGE = _lazy(
    "您的咨询已收到（编号%(number)s），但%(reasons)s为保护您和他人的信息安全，本咨询需经工作人员审核后"
    "再办理，审核结果将通过您留下的联系方式告知；答复期限仍自收到之日起计算。"
)


def default_answer_days() -> int:
    return int(settings.GONGKAI_QUESTION_ANSWER_DAYS)


def answer_days(organization: Organization | None = None) -> int:
    """The organ's 答复时限 in working days: its own, else the nearest ancestor's (the 政务公开办 of
    a government sets one for all its organs), else the installation's default."""
    if organization is None:
        return default_answer_days()
    chain = [*Organization.objects.get_ancestors(organization), organization]
    limits = dict(
        AnswerLimit.objects.filter(organization__in=chain).values_list("organization_id", "answer_days")
    )
    for org in reversed(chain):
        if org.pk in limits:
            return limits[org.pk]
    return default_answer_days()


def may_set_limit(actor, organization: Organization) -> bool:
    """The 政务公开办管理员 of the organ's government, or of any government above it."""
    if getattr(actor, "is_superuser", False):
        return True
    chain = [*Organization.objects.get_ancestors(organization), organization]
    return any(org.is_government and actor.roles_in(org) & LIMIT_ROLES for org in chain)


@transaction.atomic
def set_answer_limit(*, organization: Organization, actor, days: int | None) -> int:
    """Set (or, with ``None``, clear) the organ's 答复时限. Only questions received afterwards take
    it: each question keeps the limit in force when it arrived (``Question.answer_days``)."""
    if not may_set_limit(actor, organization):
        raise PermissionDenied("只有本级或上级政府的政务公开办管理员可以设置答复时限。")
    if days is not None and not MIN_LIMIT_DAYS <= days <= MAX_LIMIT_DAYS:
        raise ValidationError(
            {
                "answer_days": [
                    f"答复时限须为{MIN_LIMIT_DAYS}至{MAX_LIMIT_DAYS}个工作日；留空则沿用上级或默认时限。"
                ]
            }
        )
    before = answer_days(organization)
    if days is None:
        AnswerLimit.objects.filter(organization=organization).delete()
    else:
        AnswerLimit.objects.update_or_create(
            organization=organization, defaults={"answer_days": days, "set_by": actor}
        )
    after = answer_days(organization)
    record_event(
        actor=actor,
        verb="question_answer_limit_set",
        obj=organization,
        organization=organization,
        changes={"answer_days": [before, after], "own": days},
    )
    return after


def _check_text(title: str, text: str) -> list[str]:
    """Refuses what cannot be a question at all (empty, too long); returns the reasons to hold it
    (a script, a link, spam, an ID number) — those are kept for staff, not lost (ADR 0054)."""
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors.setdefault("title", []).append(gettext("请填写咨询标题。"))
    if not text.strip():
        errors.setdefault("text", []).append(gettext("请填写咨询内容。"))
    if len(title) > TITLE_MAX:
        errors.setdefault("title", []).append(gettext("咨询标题不超过%(n)s字。") % {"n": TITLE_MAX})
    if len(text) > TEXT_MAX:
        errors.setdefault("text", []).append(gettext("咨询内容不超过%(n)s字。") % {"n": TEXT_MAX})
    if errors:
        raise ValidationError(errors)
    return list(dict.fromkeys(refusal.message for refusal in rules.screen(title, text)))


def route_organ(*, government: Organization, topic: str) -> Organization:
    """不知道问谁: the organ under ``government`` that published most records of ``topic``."""
    organs = subtree(government).active()
    counts = dict(
        Record.objects.published()
        .filter(organization__in=organs, topic=topic)
        .values("organization")
        .annotate(n=Count("id"))
        .values_list("organization", "n")
    )
    # The government's own office answers general questions (综合政务) and anything unmatched.
    if topic == Topic.GENERAL:
        counts = {}
    return Organization.objects.get(pk=rules.route(counts, government.pk))


@transaction.atomic
def ask_question(
    *,
    title: str,
    text: str,
    topic: str = "",
    organization: Organization | None = None,
    government: Organization | None = None,
    asker_name: str = "",
    asker_contact: str = "",
    consent_to_publish: bool = False,
    received_on: date | None = None,
    ip_address: str | None = None,
) -> Question:
    """A question from the public, to ``organization`` or, when the asker does not know whom to
    ask, routed by ``topic`` among the organs of ``government``. One the screen objects to is
    stored *held* (``held_reasons``) for the organ's staff to release or reject."""
    title, text = title.strip(), text.strip()
    held_reasons = _check_text(title, text)
    if topic and topic not in Topic.values:
        raise ValidationError({"topic": [gettext("请选择列表中的主题分类。")]})
    if organization is None and government is None:
        raise ValidationError({"organization": [gettext("请选择咨询的机关，或选择所在地区由平台分派。")]})
    routed = organization is None
    if routed:
        organization = route_organ(government=government, topic=topic or Topic.GENERAL)
    received_on = received_on or timezone.localdate()
    question = Question.objects.create(
        organization=organization,
        asked_organization=None if routed else organization,
        number=uuid.uuid4().hex[:30],  # provisional: replaced by the numbered form once it has its id
        topic=topic,
        title=title,
        text=text,
        asker_name=asker_name.strip()[:50],
        asker_contact=asker_contact.strip()[:100],
        consent_to_publish=consent_to_publish,
        received_on=received_on,
        answer_days=answer_days(organization),
        routed=routed,
        status=QuestionStatus.HELD if held_reasons else QuestionStatus.OPEN,
        held_reasons=held_reasons,
    )
    question.number = f"ZX{received_on:%Y}{question.pk:06d}"
    question.save(update_fields=["number"])
    if routed:
        label = Topic(topic).label if topic else Topic.GENERAL.label
        QuestionTransfer.objects.create(
            question=question,
            from_organization=None,
            to_organization=organization,
            reason=f"咨询人未指定机关，平台按主题分类“{label}”分派",
        )
    record_event(
        actor=None,
        verb="question_held" if held_reasons else "question_asked",
        obj=question,
        changes={
            "routed": routed,
            "topic": topic,
            "consent_to_publish": consent_to_publish,
            "held": bool(held_reasons),
        },
        ip_address=ip_address,
    )
    return question


def held_message(question: Question) -> str:
    """What the asker of a held question is told, in Chinese (the reasons never show an ID number
    in full)."""
    reasons = "".join(r.rstrip("。；;") + "；" for r in question.held_reasons)
    return HELD_MESSAGE % {"number": question.number, "reasons": reasons}


@transaction.atomic
def review_held_question(*, question: Question, actor, release: bool, reason: str) -> Question:
    """A held question released into the organ's queue (its clock ran from receipt all along) or
    rejected (不予受理: spam, abuse), either with the staff's reason, audited."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status != QuestionStatus.HELD:
        raise ValidationError("该咨询不在待审核状态。")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ["请写明放行或不予受理的理由。"]})
    question.status = QuestionStatus.OPEN if release else QuestionStatus.REJECTED
    question.review_reason = reason[:300]
    question.save(update_fields=["status", "review_reason", "updated_at"])
    record_event(
        actor=actor,
        verb="question_released" if release else "question_rejected",
        obj=question,
        changes={"status": [QuestionStatus.HELD, question.status]},
        reason=reason,
    )
    return question


def _require_open(question: Question) -> None:
    if question.status != QuestionStatus.OPEN:
        raise ValidationError(NOT_OPEN)


@transaction.atomic
def transfer_question(
    *, question: Question, to_organization: Organization, reason: str, actor
) -> QuestionTransfer:
    """转办: the question goes to the organ that can answer it; its clock keeps running."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    _require_open(question)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ["请写明转办理由。"]})
    if to_organization.pk == question.organization_id:
        raise ValidationError({"to_organization": ["不能转办给本机关。"]})
    if not to_organization.is_active:
        raise ValidationError({"to_organization": ["该机关已停用。"]})
    from_org = question.organization
    transfer = QuestionTransfer.objects.create(
        question=question,
        from_organization=from_org,
        to_organization=to_organization,
        reason=reason[:300],
        actor=actor,
    )
    question.organization = to_organization
    question.reminded_on = None
    question.save(update_fields=["organization", "reminded_on", "updated_at"])
    record_event(
        actor=actor,
        verb="question_transferred",
        obj=question,
        organization=from_org,
        changes={"organization": [from_org.name, to_organization.name]},
        reason=reason,
    )
    return transfer


def _published_records(ids) -> list[Record]:
    ids = [int(i) for i in ids if str(i).strip().isdigit()]
    records = list(Record.objects.published().filter(pk__in=ids))
    if len(records) != len(set(ids)):
        raise ValidationError({"related_records": ["只能关联已公开的政府信息。"]})
    return records


@transaction.atomic
def answer_question(
    *, question: Question, text: str, actor, related_records=(), answered_on: date | None = None
) -> Answer:
    question = Question.objects.select_for_update().get(pk=question.pk)
    _require_open(question)
    text = text.strip()
    if not text:
        raise ValidationError({"text": ["请填写答复内容。"]})
    if len(text) > ANSWER_MAX:
        raise ValidationError({"text": [f"答复内容不超过{ANSWER_MAX}字。"]})
    if engine.ACTIVE_CONTENT.search(text):
        raise ValidationError({"text": ["答复内容不能包含脚本或网页代码。"]})
    records = _published_records(related_records)
    answered_on = answered_on or timezone.localdate()
    answer = Answer.objects.create(question=question, text=text, answered_on=answered_on, answered_by=actor)
    question.status = QuestionStatus.ANSWERED
    question.save(update_fields=["status", "updated_at"])
    if records:
        question.related_records.add(*records)
    record_event(
        actor=actor,
        verb="question_answered",
        obj=question,
        changes={"answered_on": answered_on, "related_records": [r.pk for r in records]},
    )
    return answer


@transaction.atomic
def publish_question(
    *, question: Question, actor, public_title: str = "", public_text: str = "", public_answer: str = ""
) -> Question:
    """答复公开: only with the asker's consent; names, ID numbers, phones, bank cards and addresses
    are masked (staff may edit the masked texts, which are checked again)."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status != QuestionStatus.ANSWERED:
        raise ValidationError("只有已答复的咨询才能公开。")
    if not question.consent_to_publish:
        raise ValidationError("咨询人未同意公开，本咨询及答复不能公开。")
    names = [question.asker_name]
    title = rules.mask_personal_data(public_title.strip() or question.title, names)
    text = rules.mask_personal_data(public_text.strip() or question.text, names)
    answer_text = rules.mask_personal_data(public_answer.strip() or question.answer.text, names)
    left = [
        f for t in (title, text, answer_text) for f in engine.personal_findings("", t) if "名单" not in f.text
    ]
    if left or any(question.asker_name and question.asker_name in t for t in (title, text, answer_text)):
        raise ValidationError("公开内容仍含有个人信息，请删除后再公开。")
    question.public_title, question.public_text = title[:100], text
    question.status = QuestionStatus.PUBLISHED
    question.published_at = timezone.now()
    question.save(update_fields=["public_title", "public_text", "status", "published_at", "updated_at"])
    question.answer.public_text = answer_text
    question.answer.save(update_fields=["public_text", "updated_at"])
    record_event(actor=actor, verb="question_published", obj=question)
    return question


@transaction.atomic
def close_question(*, question: Question, actor, reason: str) -> Question:
    """不予答复 (spam, abuse, nothing to answer): closed with the reason, counted as handled."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    _require_open(question)
    if not reason.strip():
        raise ValidationError({"reason": ["请写明不予答复的理由。"]})
    question.status = QuestionStatus.CLOSED
    question.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, verb="question_closed", obj=question, reason=reason.strip())
    return question


@transaction.atomic
def add_frequent_question(
    *, record: Record, question: Question, actor, position: int = 0
) -> FrequentQuestion:
    """常见问题: a published Q&A shown on the page of the policy it concerns."""
    if question.status != QuestionStatus.PUBLISHED:
        raise ValidationError("只有已公开的问答才能列为常见问题。")
    if record.status != "published":
        raise ValidationError("只能列在已公开的政策页面上。")
    entry, _created = FrequentQuestion.objects.get_or_create(
        record=record, question=question, defaults={"organization": record.organization, "position": position}
    )
    question.related_records.add(record)
    bump_generation_on_commit(organs=())  # the policy's cached page now lists it
    record_event(
        actor=actor,
        verb="frequent_question_added",
        obj=entry,
        organization=record.organization,
        changes={"record": record.pk, "question": question.number},
    )
    return entry


@transaction.atomic
def mark_reminded(*, question: Question, on: date) -> None:
    Question.objects.filter(pk=question.pk).update(reminded_on=on)


@transaction.atomic
def escalate(*, question: Question, clock: rules.Clock) -> None:
    """督办: an overdue question is reported to the 政务公开办 of its government, once."""
    if Question.objects.filter(pk=question.pk, escalated_at__isnull=True).update(escalated_at=timezone.now()):
        record_event(
            actor=None,
            verb="question_escalated",
            obj=question,
            changes={"due_on": clock.due_on},
            reason="超过答复时限未答复，已提请政务公开办督办",
        )
