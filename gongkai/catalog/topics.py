"""专题专栏 (topic columns, issue 15 item 3): services and selectors.

A topic column of a government's 政务公开办 gathers the published records of that government and
every organ under it that match any of its rules — 法定类别 (the record's column or its parent),
主题分类, 关键词 (in the title or the record's keywords) and 标签 (the record's keyword metadata) —
published within its period, plus the records pinned by hand, minus those excluded by hand.
Pinned records come first in their order, then the newest.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.audit.services import record_event
from gongkai.catalog.models import TopicColumn, TopicColumnEntry
from gongkai.core.pagecache import bump_generation_on_commit

DEFAULT_UPDATE_DAYS = 30
EDITOR_ROLES = {Role.COMPETENT_ADMIN}
SPLIT = re.compile(r"[,，、;；\n\r]+")
FIELDS = (
    "name",
    "slug",
    "description",
    "position",
    "starts_on",
    "ends_on",
    "category_codes",
    "topics",
    "keywords",
    "tags",
    "update_period_days",
    "is_active",
)


def words(text: str) -> list[str]:
    return list(dict.fromkeys(w.strip() for w in SPLIT.split(text or "") if w.strip()))


def rule_filter(column: TopicColumn) -> Q | None:
    """The rule part as one condition; None when the column gathers by hand only."""
    parts = Q()
    filled = False
    if column.category_codes:
        parts |= Q(column__category_code__in=column.category_codes) | Q(
            column__parent__category_code__in=column.category_codes
        )
        filled = True
    if column.topics:
        parts |= Q(topic__in=column.topics)
        filled = True
    for word in words(column.keywords):
        parts |= Q(title__icontains=word) | Q(keywords__icontains=word)
        filled = True
    for tag in words(column.tags):
        parts |= Q(keywords__icontains=tag)
        filled = True
    return parts if filled else None


def gathered(column: TopicColumn) -> QuerySet:
    """Every public record of the column, pinned first (in order), then newest first."""
    from django.db.models import Case, IntegerField, Value, When

    from gongkai.disclosure.models import Record
    from gongkai.orgs.selectors import subtree

    entries = list(
        TopicColumnEntry.objects.filter(topic_column=column).values_list("record_id", "excluded", "position")
    )
    pinned = {pk: pos for pk, excluded, pos in entries if not excluded}
    excluded = [pk for pk, ex, _pos in entries if ex]
    base = Record.objects.published()
    condition = Q(pk__in=list(pinned))
    rules = rule_filter(column)
    if rules is not None:
        in_rules = rules & Q(organization__in=subtree(column.organization))
        if column.starts_on:
            in_rules &= Q(published_at__date__gte=column.starts_on)
        if column.ends_on:
            in_rules &= Q(published_at__date__lte=column.ends_on)
        condition |= in_rules
    order = Case(
        *[When(pk=pk, then=Value(pos)) for pk, pos in pinned.items()],
        default=Value(1_000_000),
        output_field=IntegerField(),
    )
    return (
        base.filter(condition)
        .exclude(pk__in=excluded)
        .select_related("organization", "column")
        .annotate(pin_order=order)
        .order_by("pin_order", "-published_at", "-id")
        .distinct()
    )


def last_update(column: TopicColumn):
    return gathered(column).order_by().aggregate(last=Max("published_at"))["last"]


def public_topic_columns(today: date | None = None) -> QuerySet[TopicColumn]:
    """Active columns whose period has begun (ended ones stay readable, marked 已结束)."""
    today = today or timezone.localdate()
    return (
        TopicColumn.objects.filter(is_active=True)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today))
        .select_related("organization")
    )


def update_period(column: TopicColumn) -> int:
    return DEFAULT_UPDATE_DAYS if column.update_period_days is None else column.update_period_days


def category_choices() -> list[tuple[str, str]]:
    """Every statutory category (第二十条, 第二十一条 by level, the 基层 domains), once."""
    from gongkai.catalog import categories

    found: dict[str, str] = {}
    for value in vars(categories).values():
        if isinstance(value, list) and value and isinstance(value[0], categories.Category):
            for c in value:
                found.setdefault(c.code, c.name)
    for d in categories.BASE_LEVEL_DOMAINS:
        found.setdefault(d.code, d.name)
    return sorted(found.items())


def may_edit(actor, org) -> bool:
    if getattr(actor, "is_superuser", False):
        return True
    return bool(org.is_government and actor.roles_in(org) & EDITOR_ROLES)


def _clean(data: dict, instance: TopicColumn) -> dict:
    from gongkai.disclosure.models import Topic

    errors: dict[str, list[str]] = {}
    if not (data.get("name") or "").strip():
        errors["name"] = ["请填写专栏名称。"]
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        errors["ends_on"] = ["结束日期不能早于开始日期。"]
    known = {code for code, _label in category_choices()}
    codes = [c for c in data.get("category_codes") or [] if c]
    if any(c not in known for c in codes):
        errors["category_codes"] = ["法定类别不在目录中。"]
    topics = [t for t in data.get("topics") or [] if t]
    if any(t not in Topic.values for t in topics):
        errors["topics"] = ["主题分类不在列表中。"]
    slug = data.get("slug") or ""
    if TopicColumn.objects.filter(slug=slug).exclude(pk=instance.pk).exists():
        errors["slug"] = ["网址标识已被其他专栏使用。"]
    if errors:
        raise ValidationError(errors)
    return {**data, "category_codes": codes, "topics": topics, "name": data["name"].strip()}


@transaction.atomic
def save_topic_column(*, org, actor, data: dict, column: TopicColumn | None = None) -> TopicColumn:
    """Create or change a topic column of ``org`` (a government; its 政务公开办管理员 only)."""
    if not may_edit(actor, org):
        raise PermissionDenied("只有本级政府的政务公开办管理员可以维护专题专栏。")
    column = column or TopicColumn(organization=org)
    if column.organization_id != org.pk:
        raise PermissionDenied("专栏不属于本机关。")
    before = {f: getattr(column, f) for f in FIELDS} if column.pk else {}
    data = _clean({f: data.get(f, getattr(column, f)) for f in FIELDS}, column)
    for name, value in data.items():
        setattr(column, name, value)
    column.full_clean()
    column.save()
    record_event(
        actor=actor,
        verb="topic_column_saved" if before else "topic_column_created",
        obj=column,
        changes={
            k: [str(before.get(k, "")), str(v)] for k, v in data.items() if str(before.get(k, "")) != str(v)
        },
    )
    bump_generation_on_commit(organs=())  # topic pages only: no organ's list counts change
    return column


@transaction.atomic
def set_entry(
    *, column: TopicColumn, record, actor, excluded: bool = False, position: int = 0, remove: bool = False
) -> None:
    """Pin a record into the column, exclude it, or (``remove``) drop the hand-made choice."""
    if not may_edit(actor, column.organization):
        raise PermissionDenied("只有本级政府的政务公开办管理员可以维护专题专栏。")
    if record.status != "published":
        raise ValidationError("只能选择已公开的政府信息。")
    if remove:
        TopicColumnEntry.objects.filter(topic_column=column, record=record).delete()
        verb = "topic_column_entry_removed"
    else:
        TopicColumnEntry.objects.update_or_create(
            topic_column=column, record=record, defaults={"excluded": excluded, "position": position}
        )
        verb = "topic_column_excluded" if excluded else "topic_column_pinned"
    record_event(actor=actor, verb=verb, obj=column, changes={"record": record.pk, "position": position})
    bump_generation_on_commit(organs=())  # topic pages only: no organ's list counts change
