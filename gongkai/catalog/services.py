"""Writes to the catalog: seeding an organ's statutory columns and guide, adding sub-columns."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.audit.services import record_event
from gongkai.catalog import categories
from gongkai.catalog.models import Column, Guide, Section
from gongkai.orgs.models import Organization
from gongkai.orgs.services import public_structure_changed

DEFAULT_GUIDE = {
    "overview": (
        "为了保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》"
        "（以下简称《条例》），编制本指南。申请人在获取政府信息前，请仔细阅读本指南。"
    ),
    "classification": (
        "本机关主动公开的政府信息按照《条例》第二十条、第二十一条规定的类别分类编排，"
        "每条信息标注索引号、信息名称、发布机构、成文日期、发布日期、文号、主题分类等要素。"
    ),
    "proactive_channels": (
        "主动公开的政府信息通过本政府信息公开平台发布，并可通过政府公报、新闻发布会、报刊、广播、电视等方式公开。"
        "公众可在国家档案馆、公共图书馆、政务服务场所设置的查阅点查阅。信息形成或者变更之日起20个工作日内予以公开。"
    ),
    "request_procedure": (
        "公民、法人或者其他组织可以通过在线申请、信函、当面或传真方式向本机关提出政府信息公开申请。"
        "申请内容应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；"
        "申请公开的政府信息的形式要求。能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；"
        "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日。"
    ),
    "fees": (
        "行政机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，"
        "按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费。"
    ),
    "remedies": (
        "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，"
        "也可以依法申请行政复议或者提起行政诉讼。"
    ),
}


@transaction.atomic
def seed_statutory_columns(*, org) -> list[Column]:
    """Give ``org`` the columns of 第二十、二十一条 plus 制度 and 年报 (idempotent)."""
    created = []
    wanted = [(c, Section.PROACTIVE) for c in categories.categories_for_level(org.level)]
    wanted += [(categories.RULES, Section.RULES), (categories.ANNUAL_REPORTS, Section.ANNUAL_REPORTS)]
    for position, (category, section) in enumerate(wanted, start=1):
        column, was_created = Column.objects.get_or_create(
            organization=org,
            slug=category.slug,
            defaults={
                "name": category.name,
                "section": section,
                "category_code": category.code,
                "position": position * 10,
                "is_statutory": True,
                "applies": categories.applies_by_default(kind=org.kind, name=org.name, category=category),
            },
        )
        if was_created:
            created.append(column)
    Guide.objects.get_or_create(
        organization=org, defaults={**DEFAULT_GUIDE, "revised_on": timezone.localdate()}
    )
    public_structure_changed(org)
    return created


COLUMN_PARENT_WRONG_ORG = "上级栏目不属于本机关。"
CATALOG_ROLES = {"head", "reviewer", "competent_admin"}
CATALOG_ROLE_REQUIRED = "维护公开目录和指南需要负责人、审核人或政务公开办管理员角色。"


def _require_catalog_role(actor, org) -> None:
    if not actor.is_superuser and not actor.roles_in(org) & CATALOG_ROLES:
        raise PermissionDenied(CATALOG_ROLE_REQUIRED)


@transaction.atomic
def create_column(*, org, parent: Column | None, name: str, slug: str, actor) -> Column:
    """An organ adds its own sub-column under one of its columns."""
    _require_catalog_role(actor, org)
    if parent is not None and parent.organization_id != org.pk:
        raise ValidationError(COLUMN_PARENT_WRONG_ORG)
    column = Column(
        organization=org,
        parent=parent,
        name=name,
        slug=slug,
        section=parent.section if parent else Section.PROACTIVE,
        position=(parent.position + 1) if parent else 1000,
    )
    column.full_clean()
    column.save()
    record_event(actor=actor, verb="column_created", obj=column, organization=org)
    public_structure_changed(org)
    return column


NO_INFO_BUT_RECORDS = "该栏目已有公开信息，不能标记为「本机关无此项信息」。"
NOT_APPLICABLE_BUT_RECORDS = "该栏目已有公开信息，不能设为不适用；请先将信息移至其他栏目。"
NOT_APPLICABLE_SECTION = "只有法定主动公开内容的栏目可以设为不适用；制度和年报栏目每个机关都须保留。"
NO_INFO_REASON_MAX = 500


KEEP = object()


@transaction.atomic
def set_column_status(
    *, column: Column, actor, applies: bool, no_info_reason: str, update_period_days=KEEP
) -> Column:
    """The organ says whether ``column`` applies to it and, if it applies but has nothing to
    publish, 「本机关无此项信息」 with a reason. Audited with the before/after values."""
    from gongkai.audit.services import diff_fields
    from gongkai.disclosure.models import Record, Status

    org = column.organization
    _require_catalog_role(actor, org)
    column = Column.objects.select_for_update().get(pk=column.pk)
    reason = (no_info_reason or "").strip()
    if len(reason) > NO_INFO_REASON_MAX:
        raise ValidationError(f"说明不能超过{NO_INFO_REASON_MAX}字。")
    under = Record.objects.filter(Q(column=column) | Q(column__parent=column))
    if not applies:
        if column.section != Section.PROACTIVE:
            raise ValidationError(NOT_APPLICABLE_SECTION)
        # Any record, drafts included: it would sit in a column nobody can choose or see.
        if under.exists():
            raise ValidationError(NOT_APPLICABLE_BUT_RECORDS)
        reason = ""  # an inapplicable column is not shown at all, so it needs no statement
    elif reason and under.filter(status=Status.PUBLISHED).exists():
        # A draft is not public yet: until it is, the column is empty to the public.
        raise ValidationError(NO_INFO_BUT_RECORDS)
    fields = ("applies", "no_info_reason", "update_period_days")
    before = {name: getattr(column, name) for name in fields}
    column.applies = applies
    column.no_info_reason = reason
    # 栏目不更新 (国办秘函〔2019〕19号): the period the self-inspection holds the column to.
    if update_period_days is not KEEP:
        column.update_period_days = update_period_days
    column.save(update_fields=[*fields, "updated_at"])
    after = {name: getattr(column, name) for name in fields}
    record_event(
        actor=actor,
        verb="column_status_changed",
        obj=column,
        organization=org,
        changes=diff_fields(before, after),
    )
    public_structure_changed(org)
    return column


DOMAIN_NOT_BASE_LEVEL = "基层政务公开标准目录领域（国办发〔2019〕54号）只适用于县级和乡镇（街道）机关。"
DOMAIN_UNKNOWN = "没有这个基层政务公开领域。"


@transaction.atomic
def add_base_level_domain(*, org, code: str, actor) -> Column:
    """Add one of the 26 基层政务公开 domains (国办发〔2019〕54号) as a column of ``org``
    (idempotent: an existing domain column is returned and made applicable). Audited."""
    _require_catalog_role(actor, org)
    domain = next((d for d in categories.BASE_LEVEL_DOMAINS if d.code == code), None)
    if domain is None:
        raise ValidationError(DOMAIN_UNKNOWN)
    if org.level not in categories.BASE_LEVELS:
        raise ValidationError(DOMAIN_NOT_BASE_LEVEL)
    column, created = Column.objects.get_or_create(
        organization=org,
        slug=domain.slug,
        defaults={
            "name": domain.name,
            "section": Section.PROACTIVE,
            "category_code": domain.code,
            "position": 500 + int(domain.code.split("-")[1]),
            # From a 国办 document, not the 条例: not marked 法定.
            "is_statutory": False,
        },
    )
    if not created and not column.applies:
        column.applies = True
        column.save(update_fields=["applies", "updated_at"])
    record_event(
        actor=actor,
        verb="column_created" if created else "column_status_changed",
        obj=column,
        organization=org,
    )
    public_structure_changed(org)
    return column


GUIDE_FIELDS = (
    "overview",
    "classification",
    "proactive_channels",
    "request_procedure",
    "fees",
    "remedies",
    "revised_on",
)
CONTACT_FIELDS = (
    "office_name",
    "address",
    "office_hours",
    "phone",
    "fax",
    "email",
    "postal_address",
    "postcode",
    "web_channel",
)


@transaction.atomic
def update_guide(*, org, actor, guide_data: dict, contact_data: dict) -> Guide:
    """Revise the organ's 指南 and its contact data (第十二条 asks both to be kept up to date)."""
    from gongkai.audit.services import diff_fields

    _require_catalog_role(actor, org)
    # Re-read the organ under a lock and save only the contact fields: ``org`` is often the
    # request's copy, and a full save would write back its stale tree columns (path, numchild).
    org = Organization.objects.select_for_update().get(pk=org.pk)
    guide, _ = Guide.objects.select_for_update().get_or_create(organization=org)
    before = {f: getattr(guide, f) for f in GUIDE_FIELDS} | {f: getattr(org, f) for f in CONTACT_FIELDS}
    for name in GUIDE_FIELDS:
        setattr(guide, name, guide_data[name])
    for name in CONTACT_FIELDS:
        setattr(org, name, contact_data[name])
    org.full_clean()
    guide.full_clean()
    org.save(update_fields=[*CONTACT_FIELDS, "updated_at"])
    guide.save()
    after = {f: getattr(guide, f) for f in GUIDE_FIELDS} | {f: getattr(org, f) for f in CONTACT_FIELDS}
    record_event(
        actor=actor, verb="guide_updated", obj=guide, organization=org, changes=diff_fields(before, after)
    )
    public_structure_changed(org)
    return guide
