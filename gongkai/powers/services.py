"""Every write to the 权责清单 and 公共服务事项清单: keyword-only, one transaction, validated, audited.

A list changes only through a new version (动态调整): imported or copied from the current one,
edited as a draft, submitted by the 信息员 and published by a 审核人 or 负责人, who may return it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import require_role
from gongkai.audit.services import diff_fields, record_event
from gongkai.core import versions
from gongkai.core.pagecache import public_content_changed
from gongkai.powers import reading
from gongkai.powers.models import (
    ITEM_FIELDS,
    TRANSITIONS,
    Category,
    ListKind,
    ListVersion,
    PowerListItem,
    VersionStatus,
)

EDIT_ROLES = {Role.EDITOR}
REVIEW_ROLES = {Role.REVIEWER, Role.HEAD}

OPEN_VERSION_EXISTS = "{kind}已有未发布的版本（第{number}版，{status}），请先完成或退回该版本。"
NOTHING_READ = "未能从文件中读出任何事项，未建立草稿。"
VERSION_NOT_EDITABLE = "该版本当前状态为“{status}”，不能修改。请新建调整版本。"
TRANSITION_FORBIDDEN = "不能从“{current}”转为“{target}”。"
REASON_REQUIRED = "调整已公布的清单须写明调整理由（将在变更记录中公开）。"
RETURN_COMMENT_REQUIRED = "退回修改须填写意见。"
EMPTY_VERSION = "清单中没有事项，不能提交。"
NAME_REQUIRED = "事项名称不能为空。"
CATEGORY_WRONG = "请选择类别。"
DUPLICATE_ITEM = "本版本已有事项“{name}”。"
ITEM_NOT_IN_VERSION = "该事项不属于此版本。"
NO_PUBLISHED_VERSION = "{kind}尚未发布，可以直接导入。"


def current_version(*, org, kind: str) -> ListVersion | None:
    return ListVersion.objects.filter(organization=org, kind=kind, status=VersionStatus.PUBLISHED).first()


def _refuse_second_open_version(org, kind: str) -> None:
    open_version = ListVersion.objects.for_org(org).of_kind(kind).open().first()
    if open_version:
        raise ValidationError(
            OPEN_VERSION_EXISTS.format(
                kind=ListKind(kind).label,
                number=open_version.number,
                status=open_version.get_status_display(),
            )
        )


def _new_version(*, org, kind: str, actor, reason: str, source_name: str = "") -> ListVersion:
    # Lock the organ's versions of this kind so two drafts never take the same number.
    number = versions.next_number(ListVersion.objects.filter(organization=org, kind=kind))
    return ListVersion.objects.create(
        organization=org,
        kind=kind,
        number=number,
        based_on=current_version(org=org, kind=kind),
        reason=reason.strip(),
        source_name=source_name[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def import_list(*, org, actor, kind: str, name: str, data: bytes, reason: str = "") -> ListVersion:
    """Read an .xlsx into a new draft; rows that could not be read are kept on the version, named
    with their sheet and line, for the reviewer. Nothing is published."""
    require_role(actor, org, EDIT_ROLES)
    _refuse_second_open_version(org, kind)
    read = reading.read_workbook(data, kind=kind)
    if not read.rows:
        raise ValidationError([NOTHING_READ, *(str(p) for p in read.problems[:50])])
    version = _new_version(org=org, kind=kind, actor=actor, reason=reason, source_name=name)
    PowerListItem.objects.bulk_create(
        PowerListItem(version=version, position=(i + 1) * 10, **_clean_row(row))
        for i, row in enumerate(read.rows)
    )
    version.import_problems = [p.as_dict() for p in read.problems] + [
        {"sheet": "", "line": None, "message": f"未识别的列（未导入）：{label}"}
        for label in read.ignored_columns
    ]
    version.save(update_fields=["import_problems", "updated_at"])
    record_event(
        actor=actor,
        verb="power_list_imported",
        obj=version,
        changes={"file": name, "items": len(read.rows), "problems": len(read.problems)},
    )
    return version


def _clean_row(row: dict) -> dict:
    return {name: str(row.get(name) or "").strip() for name in ITEM_FIELDS}


@transaction.atomic
def start_revision(*, org, actor, kind: str, reason: str) -> ListVersion:
    """A new draft that starts as a copy of the published version (动态调整)."""
    require_role(actor, org, EDIT_ROLES)
    _refuse_second_open_version(org, kind)
    base = current_version(org=org, kind=kind)
    if base is not None and not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    version = _new_version(org=org, kind=kind, actor=actor, reason=reason)
    if base is not None:
        PowerListItem.objects.bulk_create(
            PowerListItem(version=version, position=item.position, **item.as_row())
            for item in base.items.all()
        )
    record_event(actor=actor, verb="power_list_revision_started", obj=version, reason=reason.strip())
    return version


def _require_editable(version: ListVersion) -> None:
    if not version.is_editable:
        raise ValidationError(VERSION_NOT_EDITABLE.format(status=version.get_status_display()))


def _validate_item(item: PowerListItem) -> None:
    if not item.name.strip():
        raise ValidationError({"name": NAME_REQUIRED})
    if item.category not in Category.values:
        raise ValidationError({"category": CATEGORY_WRONG})
    key = reading.item_key(item.as_row())
    for other in item.version.items.exclude(pk=item.pk):
        if reading.item_key(other.as_row()) == key:
            raise ValidationError({"name": DUPLICATE_ITEM.format(name=str(item))})
    item.full_clean(exclude=["version"])


@transaction.atomic
def save_item(*, version: ListVersion, actor, item: PowerListItem | None = None, **fields) -> PowerListItem:
    """Add an item to a draft, or change one of its items."""
    version = ListVersion.objects.select_for_update().get(pk=version.pk)
    require_role(actor, version.organization, EDIT_ROLES)
    _require_editable(version)
    if item is not None and item.version_id != version.pk:
        raise ValidationError(ITEM_NOT_IN_VERSION)
    before = item.as_row() if item is not None else {}
    if item is None:
        top = version.items.aggregate(top=Max("position"))["top"] or 0
        item = PowerListItem(version=version, position=top + 10)
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, str(fields[name] or "").strip())
    _validate_item(item)
    item.save()
    record_event(
        actor=actor,
        verb="power_item_saved" if before else "power_item_added",
        obj=version,
        changes=diff_fields(before, item.as_row()),
        reason=str(item),
    )
    return item


@transaction.atomic
def remove_item(*, item: PowerListItem, actor) -> None:
    version = ListVersion.objects.select_for_update().get(pk=item.version_id)
    require_role(actor, version.organization, EDIT_ROLES)
    _require_editable(version)
    record_event(actor=actor, verb="power_item_removed", obj=version, changes=item.as_row(), reason=str(item))
    item.delete()


def _transition(version: ListVersion, target: str, *, actor, roles: set[str]) -> ListVersion:
    """The locked version, once the move to ``target`` is allowed from its status and to ``actor``;
    the move itself is the shared step's (``core.versions``)."""
    locked = ListVersion.objects.select_for_update().select_related("organization").get(pk=version.pk)
    if target not in TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            TRANSITION_FORBIDDEN.format(
                current=locked.get_status_display(), target=VersionStatus(target).label
            )
        )
    require_role(actor, locked.organization, roles)
    return locked


@transaction.atomic
def submit_version(*, version: ListVersion, actor, reason: str | None = None) -> ListVersion:
    """信息员 sends the draft for review; an adjustment of a published list needs its reason."""
    version = _transition(version, VersionStatus.SUBMITTED, actor=actor, roles=EDIT_ROLES)
    if reason is not None:
        version.reason = reason.strip()
    if version.based_on_id and not version.reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if not version.items.exists():
        raise ValidationError(EMPTY_VERSION)
    versions.submit(version, actor=actor, verb="power_list_submitted", fields=["reason"])
    return version


@transaction.atomic
def return_version(*, version: ListVersion, actor, comment: str) -> ListVersion:
    if not comment.strip():
        raise ValidationError({"comment": RETURN_COMMENT_REQUIRED})
    version = _transition(version, VersionStatus.RETURNED, actor=actor, roles=REVIEW_ROLES)
    versions.return_for_changes(version, actor=actor, comment=comment, verb="power_list_returned")
    return version


@transaction.atomic
def publish_version(*, version: ListVersion, actor, note: str = "") -> ListVersion:
    """审核人/负责人 approve and publish; the version it replaces stays public as history."""
    version = _transition(version, VersionStatus.PUBLISHED, actor=actor, roles=REVIEW_ROLES)
    # 先审后发 with separation of duties (ADR 0013): who sent the list for review does not approve it,
    # even when they also hold a reviewing role — checked, with the publication, in the shared step.
    versions.publish(
        version,
        actor=actor,
        replaced=ListVersion.objects.filter(organization=version.organization, kind=version.kind),
        verb="power_list_published",
        subject="清单",
        note=note,
    )
    public_lists_changed(version.organization)
    return version


def public_lists_changed(org) -> None:
    """The organ's public 权责清单 / 公共服务事项清单 changed (a version published, the one it
    replaces now 「已被新版本替代」): the cached list pages are stale after the commit. Only
    publication changes a public list — drafts, their items and the review steps are not public —
    and it calls this explicitly (ADR 0063; before, post_save receivers did on every item)."""
    public_content_changed(org)
