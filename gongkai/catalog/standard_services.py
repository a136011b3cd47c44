"""Writes to the organs' 政务公开事项标准目录 (国办发〔2019〕54号): versions, adoption of baseline
items, local items, links to columns, review and publication, imports. Each write is one
transaction, audited; each item change is also a ``CatalogueChange`` of its version (ADR 0038)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from gongkai.audit.services import diff_fields, record_event
from gongkai.catalog import categories
from gongkai.catalog.standard_import import read_catalogue
from gongkai.catalog.standard_models import (
    CatalogueChange,
    CatalogueItem,
    CatalogueStatus,
    CatalogueVersion,
    ChangeKind,
    ItemFields,
    StandardCatalogItem,
)
from gongkai.core import versions

EDIT_ROLES = {"editor", "head", "competent_admin"}
REVIEW_ROLES = {"reviewer", "head"}
NOT_BASE_LEVEL = "标准目录由县级（含不设区的市、市辖区）和乡镇（街道）的机关编制（国办发〔2019〕54号）。"
EDIT_ROLE_REQUIRED = "编制标准目录需要信息员、负责人或政务公开办管理员角色。"
REVIEW_ROLE_REQUIRED = "审核发布标准目录需要审核人或负责人角色。"
NOT_EDITABLE = "该版本已提交审核或已发布，不能修改；请先退回或新建修订版本。"
NOT_SUBMITTED = "只有待审核的版本可以审核。"
EMPTY_VERSION = "目录中还没有事项，不能提交审核。"
REASON_REQUIRED = "请写明变更理由（将记入变更记录）。"
RETURN_COMMENT_REQUIRED = "退回时请写明审核意见。"
DUPLICATE_ITEM = "本目录已有同一领域的“{name}”事项。"
UNKNOWN_DOMAIN = "领域不是国办发〔2019〕54号的26个试点领域之一。"
LEVEL1_REQUIRED = "一级事项不能为空。"
COLUMN_WRONG_ORG = "发布栏目不属于本机关。"
EDITABLE_FIELDS = set(ItemFields.ITEM_FIELDS) - {"position"} | {"column"}


def _require(actor, org, roles: set[str], message: str) -> None:
    if not actor.is_superuser and not actor.roles_in(org) & roles:
        raise PermissionDenied(message)


def _require_base_level(org) -> None:
    if org.level not in categories.BASE_LEVELS:
        raise ValidationError(NOT_BASE_LEVEL)


def _locked(version: CatalogueVersion) -> CatalogueVersion:
    return CatalogueVersion.objects.select_for_update().select_related("organization").get(pk=version.pk)


def _editable(version: CatalogueVersion, actor) -> CatalogueVersion:
    version = _locked(version)
    _require(actor, version.organization, EDIT_ROLES, EDIT_ROLE_REQUIRED)
    if not version.editable:
        raise ValidationError(NOT_EDITABLE)
    return version


def _change(version, item_key, item_name, kind, *, actor, reason="", fields=None) -> CatalogueChange:
    change = CatalogueChange.objects.create(
        organization=version.organization,
        version=version,
        item_key=item_key,
        item_name=item_name[:330],
        kind=kind,
        fields=fields or {},
        reason=reason,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event(
        actor=actor,
        verb=f"catalogue_item_{kind}",
        obj=version,
        changes={"item": item_name, **(fields or {})},
        reason=reason,
    )
    return change


def editable_version(org) -> CatalogueVersion | None:
    return (
        CatalogueVersion.objects.for_org(org)
        .filter(status__in=[CatalogueStatus.DRAFT, CatalogueStatus.RETURNED, CatalogueStatus.SUBMITTED])
        .first()
    )


@transaction.atomic
def start_version(*, org, actor, reason: str = "") -> CatalogueVersion:
    """The organ's draft to work on: the open one, or a new version copying the published items."""
    _require_base_level(org)
    _require(actor, org, EDIT_ROLES, EDIT_ROLE_REQUIRED)
    open_version = editable_version(org)
    if open_version is not None:
        return open_version
    number = versions.next_number(CatalogueVersion.objects.for_org(org))
    version = CatalogueVersion.objects.create(
        organization=org, number=number, reason=reason.strip(), created_by=actor
    )
    published = CatalogueVersion.objects.for_org(org).published().first()
    if published is not None:
        CatalogueItem.objects.bulk_create(
            CatalogueItem(
                organization=org,
                version=version,
                key=item.key,
                standard_item_id=item.standard_item_id,
                column_id=item.column_id,
                **item.item_values(),
            )
            for item in published.items.all()
        )
    record_event(
        actor=actor,
        verb="catalogue_version_started",
        obj=version,
        changes={"copied_from": published.number if published else None},
        reason=reason,
    )
    return version


def _check_unique(version, values, *, exclude=None) -> None:
    clash = CatalogueItem.objects.filter(
        version=version, domain_code=values["domain_code"], level1=values["level1"], level2=values["level2"]
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        name = f"{values['level1']}—{values['level2']}" if values["level2"] else values["level1"]
        raise ValidationError(DUPLICATE_ITEM.format(name=name))


def _check_column(org, column) -> None:
    if column is not None and column.organization_id != org.pk:
        raise ValidationError({"column": COLUMN_WRONG_ORG})


@transaction.atomic
def adopt_items(
    *, version: CatalogueVersion, actor, items: list[StandardCatalogItem], reason: str = "", column=None
) -> list[CatalogueItem]:
    """Adopt baseline items into the draft (items already in it are skipped), optionally linked to
    one column; each is an 「新增」 change."""
    version = _editable(version, actor)
    org = version.organization
    _check_column(org, column)
    present = set(version.items.values_list("key", flat=True))
    adopted = []
    for standard in items:
        if standard.key in present:
            continue
        item = CatalogueItem.objects.create(
            organization=org,
            version=version,
            key=standard.key,
            standard_item=standard,
            column=column,
            **standard.item_values(),
        )
        _change(
            version, item.key, item.name, ChangeKind.ADDED, actor=actor,
            reason=reason or "采用国家标准目录事项", fields={"domain": item.domain_name},
        )  # fmt: skip
        adopted.append(item)
    return adopted


def _clean_values(values: dict) -> dict:
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    if values.get("domain_code") not in {d.code for d in categories.BASE_LEVEL_DOMAINS}:
        raise ValidationError({"domain_code": UNKNOWN_DOMAIN})
    if not values.get("level1"):
        raise ValidationError({"level1": LEVEL1_REQUIRED})
    values.setdefault("level2", "")
    return values


def _next_local_key(org) -> str:
    keys = CatalogueItem.objects.filter(organization=org, key__startswith="local-")
    numbers = [int(k.split("-")[1]) for k in keys.values_list("key", flat=True) if k.split("-")[1].isdigit()]
    return f"local-{max(numbers, default=0) + 1:04d}"


@transaction.atomic
def add_local_item(
    *, version: CatalogueVersion, actor, reason: str = "", column=None, **values
) -> CatalogueItem:
    """An item the organ adds beyond the baseline (本地特色事项)."""
    version = _editable(version, actor)
    values = _clean_values(values)
    _check_unique(version, values)
    _check_column(version.organization, column)
    position = (
        version.items.filter(domain_code=values["domain_code"]).aggregate(p=Max("position"))["p"] or 0
    ) + 1
    values.setdefault("position", position)
    item = CatalogueItem.objects.create(
        organization=version.organization,
        version=version,
        key=_next_local_key(version.organization),
        column=column,
        **values,
    )
    _change(
        version, item.key, item.name, ChangeKind.ADDED, actor=actor,
        reason=reason or "新增本地事项", fields={"domain": item.domain_name},
    )  # fmt: skip
    return item


def _item_snapshot(item: CatalogueItem) -> dict:
    return {**item.item_values(), "column": item.column.name if item.column_id else ""}


@transaction.atomic
def change_item(*, item: CatalogueItem, actor, reason: str, **values) -> CatalogueItem:
    """Change an item of the draft (its wording, 时限, 主体, or the column it is published in)."""
    version = _editable(item.version, actor)
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    item = CatalogueItem.objects.select_related("column").get(pk=item.pk)
    unknown = set(values) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = _item_snapshot(item)
    if "column" in values:
        _check_column(version.organization, values["column"])
    merged = _clean_values({**item.item_values(), **{k: v for k, v in values.items() if k != "column"}})
    _check_unique(version, merged, exclude=item)
    for name, value in {**merged, **({"column": values["column"]} if "column" in values else {})}.items():
        setattr(item, name, value)
    item.save()
    changed = diff_fields(before, _item_snapshot(item))
    if changed:
        _change(
            version,
            item.key,
            item.name,
            ChangeKind.CHANGED,
            actor=actor,
            reason=reason.strip(),
            fields=changed,
        )
    return item


@transaction.atomic
def drop_item(*, item: CatalogueItem, actor, reason: str) -> None:
    version = _editable(item.version, actor)
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    key, name = item.key, item.name
    CatalogueItem.objects.filter(pk=item.pk).delete()
    _change(version, key, name, ChangeKind.DROPPED, actor=actor, reason=reason.strip())


@transaction.atomic
def submit_version(*, version: CatalogueVersion, actor) -> CatalogueVersion:
    version = _editable(version, actor)
    if not version.items.exists():
        raise ValidationError(EMPTY_VERSION)
    versions.submit(version, actor=actor, verb="catalogue_submitted")
    return version


def _reviewable(version, actor) -> CatalogueVersion:
    version = _locked(version)
    _require(actor, version.organization, REVIEW_ROLES, REVIEW_ROLE_REQUIRED)
    if version.status != CatalogueStatus.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    return version


@transaction.atomic
def return_version(*, version: CatalogueVersion, actor, comment: str) -> CatalogueVersion:
    if not comment.strip():
        raise ValidationError({"comment": RETURN_COMMENT_REQUIRED})
    version = _reviewable(version, actor)
    versions.return_for_changes(version, actor=actor, comment=comment, verb="catalogue_returned")
    return version


@transaction.atomic
def approve_version(*, version: CatalogueVersion, actor, note: str = "", at=None) -> CatalogueVersion:
    """审核通过 publishes the version (not by who submitted it, ADR 0013); the one published before
    it is kept as 「已被新版本替代」; what it shows is sealed (ADR 0051)."""
    version = _reviewable(version, actor)
    versions.publish(
        version,
        actor=actor,
        replaced=CatalogueVersion.objects.for_org(version.organization),
        verb="catalogue_published",
        subject="标准目录",
        note=note,
        at=at,
    )
    return version


@transaction.atomic
def import_catalogue(
    *, org, actor, filename: str, data: bytes, reason: str = ""
) -> tuple[CatalogueVersion | None, list[dict]]:
    """Import a spreadsheet into the organ's draft: rows read become items (matched to the
    baseline when domain, 一级 and 二级事项 agree); rows that could not be read — and rows that
    duplicate an item already in the draft — are named by line and kept with the draft. Nothing is
    public until the draft passes review."""
    result = read_catalogue(filename, data)
    if not result.rows:
        return None, result.errors
    version = _editable(start_version(org=org, actor=actor, reason=reason or f"导入{filename}"), actor)
    errors = list(result.errors)
    standard = {(s.domain_code, s.level1, s.level2): s for s in StandardCatalogItem.objects.all()}
    existing = {(i.domain_code, i.level1, i.level2) for i in version.items.all()}
    imported = 0
    for row in result.rows:
        identity = (row.values["domain_code"], row.values["level1"], row.values["level2"])
        if identity in existing:
            errors.append(
                {
                    "line": row.line,
                    "message": DUPLICATE_ITEM.format(name="—".join(filter(None, identity[1:]))),
                }
            )
            continue
        base = standard.get(identity)
        key = (
            base.key
            if base is not None and not version.items.filter(key=base.key).exists()
            else _next_local_key(org)
        )
        item = CatalogueItem.objects.create(
            organization=org, version=version, key=key, standard_item=base, position=row.line, **row.values
        )
        existing.add(identity)
        _change(
            version,
            item.key,
            item.name,
            ChangeKind.ADDED,
            actor=actor,
            reason=f"导入{filename}第{row.line}行",
        )
        imported += 1
    version.import_report = sorted(errors, key=lambda e: e["line"] or 0)
    version.save(update_fields=["import_report", "updated_at"])
    record_event(
        actor=actor, verb="catalogue_imported", obj=version,
        changes={"file": filename, "imported": imported, "unreadable": len(errors)},
    )  # fmt: skip
    return version, version.import_report
