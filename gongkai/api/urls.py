"""Read-only public JSON API, v1. Only published records; no applicant data ever."""

import hashlib
from datetime import date, datetime
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination, paginate

from gongkai.catalog.models import Column
from gongkai.core.params import YEAR_MAX, YEAR_MIN
from gongkai.disclosure import selectors
from gongkai.disclosure.models import Genre, Record, Validity
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import active_organ_or_404
from gongkai.participation.api_consultations import router as consultations_router

api = NinjaAPI(
    title="Gongkai 政府信息公开 API",
    version="1.0.0",
    description="只读接口：机关目录、已主动公开的政府信息、意见征集及采纳情况反馈。",
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/consultations", consultations_router)


@api.exception_handler(Http404)
def not_found(request, exc):
    # django-ninja answers "Not Found"; the public gets Chinese everywhere, the API included.
    return api.create_response(request, {"detail": "机关或信息不存在，或者尚未公开。"}, status=404)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    return api.create_response(
        request, {"detail": "请求参数不正确，请检查参数名称和取值。", "errors": exc.errors}, status=422
    )


class BoundedPagination(PageNumberPagination):
    """Page numbers a 64-bit database offset can hold: beyond ``MAX_PAGE`` is a 422, not a 500."""

    MAX_PAGE = 100_000

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000, description="页码（从1开始）")
        page_size: int | None = Field(None, ge=1, le=100, description="每页条数（最多100）")


class RecordPagination(BoundedPagination):
    """The records list's pages, its total kept like the records list's 共 N 条 (ADR 0047, 0056):
    under the portal generation, for ``GONGKAI_LIST_COUNT_CACHE_SECONDS``, keyed on the filters."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page_size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * page_size
        filters = params["filters"]
        parts = (filters.organ, filters.column, filters.year, filters.genre, filters.validity)
        return {
            self.items_attribute: queryset[offset : offset + page_size],
            "count": selectors.kept_api_total(queryset, parts=parts),
        }


class OrganOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: str
    level: str
    credit_code: str
    site_code: str
    parent: str | None
    url: str

    @staticmethod
    def resolve_parent(obj: Organization) -> str | None:
        parent = Organization.objects.get_parent(obj)
        return parent.slug if parent else None

    @staticmethod
    def resolve_url(obj: Organization) -> str:
        return f"/org/{obj.slug}/"


class AttachmentOut(Schema):
    name: str
    extension: str
    size: int
    url: str


class RecordOut(Schema):
    index_number: str
    title: str
    organ: str
    organ_name: str
    doc_number: str
    written_on: date | None
    published_at: datetime
    column: str
    topic: str
    genre: str
    validity: str
    valid_until: date | None
    keywords: str
    summary: str
    url: str

    # The list's rows are dicts (``values()``: no model instances to build, ADR 0056); the single
    # record's view serialises a Record. Both through these resolvers.
    @staticmethod
    def resolve_organ(obj) -> str:
        return obj["organization__slug"] if isinstance(obj, dict) else obj.organization.slug

    @staticmethod
    def resolve_organ_name(obj) -> str:
        return obj["organization__name"] if isinstance(obj, dict) else obj.organization.name

    @staticmethod
    def resolve_column(obj) -> str:
        return obj["column__name"] if isinstance(obj, dict) else obj.column.name

    @staticmethod
    def resolve_topic(obj) -> str:
        return _display(obj, "topic")

    @staticmethod
    def resolve_genre(obj) -> str:
        return _display(obj, "genre")

    @staticmethod
    def resolve_validity(obj) -> str:
        return _display(obj, "validity") if _value(obj, "validity") else ""

    @staticmethod
    def resolve_url(obj) -> str:
        return _record_url(obj)


# What a row of the list shows: its body and the rest are left in the database (ADR 0056).
RECORD_OUT_FIELDS = (
    "index_number",
    "index_year",
    "index_serial",
    "title",
    "doc_number",
    "written_on",
    "published_at",
    "topic",
    "genre",
    "validity",
    "valid_until",
    "keywords",
    "summary",
    "organization__slug",
    "organization__name",
    "column__name",
)


def _value(obj, name: str):
    return obj[name] if isinstance(obj, dict) else getattr(obj, name)


@lru_cache(maxsize=8)
def _record_url_parts(script_prefix: str) -> tuple[str, str, str]:
    url = reverse("portal:record", kwargs={"org": "ORGSLUG", "key": "0000-00000"})
    head, _, rest = url.partition("ORGSLUG")
    middle, _, tail = rest.partition("0000-00000")
    return head, middle, tail


def _record_url(obj) -> str:
    """The record page's address from one ``reverse`` per process rather than one per row."""
    if isinstance(obj, dict):
        slug, key = obj["organization__slug"], f"{obj['index_year']}-{obj['index_serial']:05d}"
    else:
        slug, key = obj.organization.slug, obj.public_key
    head, middle, tail = _record_url_parts(get_script_prefix())
    return f"{head}{slug}{middle}{key}{tail}"


@lru_cache(maxsize=64)
def _labels(field_name: str, language: str | None) -> dict:
    return {value: str(label) for value, label in Record._meta.get_field(field_name).flatchoices}


def _display(obj, field_name: str) -> str:
    """``get_<field>_display()`` without rebuilding the choices (主题分类 has well over a hundred)
    for every record of a page (ADR 0045)."""
    value = _value(obj, field_name)
    return _labels(field_name, get_language()).get(value, value)


class RecordDetailOut(RecordOut):
    body_html: str
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_body_html(obj: Record) -> str:
        return obj.body

    @staticmethod
    def resolve_attachments(obj: Record) -> list[dict]:
        base = obj.get_absolute_url()
        return [
            {"name": a.original_name, "extension": a.extension, "size": a.size, "url": f"{base}files/{a.pk}/"}
            for a in obj.attachments.all()
        ]


class RecordQuery(Schema):
    organ: str | None = Field(None, description="机关网址标识，如 changji")
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="发布年度")
    column: str | None = Field(None, description="栏目网址标识（含其子栏目）；不指定机关时在所有机关中筛选")
    genre: str | None = Field(None, description="体裁代码：" + "、".join(Genre.values))
    validity: str | None = Field(None, description="有效性代码：" + "、".join(Validity.values))


@api.get("/organs", response=list[OrganOut], summary="机关列表")
def list_organs(request):
    return Organization.objects.active().order_by("path")


@api.get("/organs/{slug}", response=OrganOut, summary="机关详情")
def get_organ(request, slug: str):
    return get_object_or_404(Organization.objects.active(), slug=slug)


def _kept_page(view):
    """The list's serialised page kept under the portal's list epoch (ADR 0061): any committed public
    change moves the generation and a scheduled record falling due moves the epoch, so a kept page
    is never older than what it lists; keyed on every parameter and on what the output depends on
    (language for the labels, script prefix for the URLs). Errors (404, 422) are never kept."""

    @wraps(view)
    def wrapper(request, **kwargs):
        ttl = settings.GONGKAI_FRAGMENT_CACHE_SECONDS
        if not ttl:
            return view(request, **kwargs)
        filters, paging = kwargs["filters"], kwargs.get("ninja_pagination")
        parts = (
            get_script_prefix(),
            get_language(),
            filters.organ,
            filters.column,
            filters.year,
            filters.genre,
            filters.validity,
            getattr(paging, "page", None),
            getattr(paging, "page_size", None),
        )
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        key = f"api:records-page:{selectors.portal_epoch()}:{digest}"
        body = cache.get(key)
        if body is not None:
            return HttpResponse(body, content_type=api.get_content_type())
        result = view(request, **kwargs)
        # What django-ninja's Operation does with a result (validate, dump, render), here so that
        # the rendered body can be kept; the byte-identity test compares it with ninja's own.
        operation = _operation_of(wrapper)
        model = operation.response_models[200]
        data = model.model_validate(
            {"response": result}, context={"request": request, "response_status": 200}
        ).model_dump(
            by_alias=operation.by_alias,
            exclude_unset=operation.exclude_unset,
            exclude_defaults=operation.exclude_defaults,
            exclude_none=operation.exclude_none,
        )["response"]
        response = api.create_response(request, data, status=200)
        if response.status_code == 200:
            cache.set(key, response.content, ttl)
        return response

    return wrapper


def _operation_of(view):
    for path_view in api.default_router.path_operations.values():
        for operation in path_view.operations:
            if operation.view_func is view:
                return operation
    raise LookupError(view)


@api.get("/records", response=list[RecordOut], summary="已公开的政府信息（新到旧）")
@_kept_page
@paginate(RecordPagination, page_size=20)
def list_records(request, filters: Query[RecordQuery]):
    qs = selectors.public_records()
    if filters.organ:
        organ = active_organ_or_404(filters.organ)
        qs = qs.filter(organization=organ)
        if filters.column:
            column = get_object_or_404(Column.objects.for_org(organ), slug=filters.column)
            qs = qs.filter(column__in=[column, *column.children.all()])
    elif filters.column:
        # Statutory columns share their slug across organs: the same category everywhere.
        qs = qs.filter(Q(column__slug=filters.column) | Q(column__parent__slug=filters.column))
    if filters.year:
        qs = qs.filter(index_year=filters.year)
    if filters.genre:
        qs = qs.filter(genre=filters.genre)
    if filters.validity:
        qs = qs.filter(validity=filters.validity)
    return qs.order_by("-published_at", "-id").values(*RECORD_OUT_FIELDS)


@api.get("/records/{organ}/{key}", response=RecordDetailOut, summary="单条政府信息")
def get_record(request, organ: str, key: str):
    org = get_object_or_404(Organization.objects.active(), slug=organ)
    record = selectors.public_record_by_key(org=org, key=key)
    if record is None or record.status != "published":
        raise Http404("信息不存在")
    return record


# --- 基层政务公开标准目录 (issue 14): the published catalogue only; drafts never appear ----------


class CatalogueItemOut(Schema):
    key: str
    domain: str = Field(..., alias="domain_code")
    domain_name: str
    level1: str = Field(..., description="一级事项")
    level2: str = Field(..., description="二级事项")
    content: str = Field(..., description="公开内容（要素）")
    basis: str = Field(..., description="公开依据")
    time_limit: str = Field(..., description="公开时限")
    subject: str = Field(..., description="公开主体")
    channels: str = Field(..., description="公开渠道和载体")
    audience: list[str]
    method: list[str]
    tier: list[str]
    column: str | None = Field(None, description="发布栏目（网址标识），可用于 /records?organ=…&column=…")
    version: int

    @staticmethod
    def resolve_audience(obj) -> list[str]:
        return [
            n for flag, n in ((obj.audience_public, "全社会"), (obj.audience_specific, "特定群体")) if flag
        ]

    @staticmethod
    def resolve_method(obj) -> list[str]:
        return [n for flag, n in ((obj.proactive, "主动"), (obj.on_request, "依申请")) if flag]

    @staticmethod
    def resolve_tier(obj) -> list[str]:
        return [n for flag, n in ((obj.tier_county, "县级"), (obj.tier_township, "乡级")) if flag]

    @staticmethod
    def resolve_column(obj) -> str | None:
        return obj.column.slug if obj.column_id else None

    @staticmethod
    def resolve_version(obj) -> int:
        return obj.version.number


class CatalogueQuery(Schema):
    domain: str | None = Field(None, description="领域代码，如 base-17（社会救助）")
    q: str | None = Field(None, max_length=50, description="事项或关键词")


@api.get(
    "/organs/{slug}/catalogue",
    response=list[CatalogueItemOut],
    summary="机关已发布的政务公开事项标准目录",
)
@paginate(BoundedPagination, page_size=50)
def list_catalogue(request, slug: str, filters: Query[CatalogueQuery]):
    from gongkai.catalog import standard_selectors

    org = get_object_or_404(Organization.objects.active(), slug=slug)
    return standard_selectors.public_items(
        org, domain=filters.domain or "", q=filters.q or ""
    ).select_related("version")


# ------------------------------------------------------------ 权责清单, 公共服务事项清单, 机构职能

LIST_KINDS = {"powers": "powers", "services": "services"}


class ListVersionOut(Schema):
    number: int
    status: str
    published_at: datetime | None
    superseded_at: datetime | None
    reason: str
    items: int

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_items(obj) -> int:
        return obj.items.count()


class ListItemOut(Schema):
    code: str
    name: str
    sub_name: str
    category: str
    category_label: str
    basis: str
    implementer: str
    responsibilities: str
    accountability: str
    time_limit: str
    fees: str
    service_object: str
    location: str
    hours: str
    phone: str
    note: str

    @staticmethod
    def resolve_category_label(obj) -> str:
        return obj.get_category_display()


class ListItemQuery(Schema):
    version: int | None = Field(None, ge=1, le=100_000, description="版本号；不指定时为现行版本")
    category: str | None = Field(None, description="类别代码，如 licensing、penalty、coercion")
    q: str | None = Field(None, max_length=100, description="关键词（事项名称、子项、设定依据、编码）")


def _list_version(slug: str, kind: str, number: int | None):
    from gongkai.powers import selectors as power_selectors

    if kind not in LIST_KINDS:
        raise Http404("清单不存在")
    organ = get_object_or_404(Organization.objects.active(), slug=slug)
    if number:
        version = power_selectors.public_version(org=organ, kind=kind, number=number)
    else:
        version = power_selectors.current_public_version(org=organ, kind=kind)
    if version is None:
        raise Http404("清单尚未公布")
    return version


@api.get(
    "/organs/{slug}/lists/{kind}/versions",
    response=list[ListVersionOut],
    summary="权责清单（powers）或公共服务事项清单（services）的历次版本与调整理由",
)
def list_versions(request, slug: str, kind: str):
    from gongkai.powers import selectors as power_selectors

    if kind not in LIST_KINDS:
        raise Http404("清单不存在")
    organ = get_object_or_404(Organization.objects.active(), slug=slug)
    return power_selectors.public_versions(org=organ, kind=kind)


@api.get(
    "/organs/{slug}/lists/{kind}/items", response=list[ListItemOut], summary="清单事项（现行或指定版本）"
)
@paginate(BoundedPagination, page_size=50)
def list_items(request, slug: str, kind: str, filters: Query[ListItemQuery]):
    from gongkai.powers import selectors as power_selectors

    version = _list_version(slug, kind, filters.version)
    return power_selectors.public_items(version, category=filters.category or "", query=filters.q or "")


class UnitOut(Schema):
    name: str
    functions: str
    phone: str


class LeaderOut(Schema):
    name: str
    post: str
    duties: str


class OrganProfileOut(Schema):
    name: str
    functions: str
    units: list[UnitOut]
    leaders: list[LeaderOut]
    address: str
    office_hours: str
    phone: str


@api.get(
    "/organs/{slug}/profile",
    response=OrganProfileOut,
    summary="机构职能（职能、机构设置、负责人、办公地址时间电话）",
)
def get_organ_profile(request, slug: str):
    from gongkai.orgs.selectors import organ_profile

    return organ_profile(get_object_or_404(Organization.objects.active(), slug=slug))


# 政策咨询 / 问答库 and 专题专栏 (ADR 0037).
from gongkai.participation.questions.api import router as questions_router  # noqa: E402
from gongkai.participation.questions.api import topic_router  # noqa: E402

api.add_router("/questions", questions_router)
api.add_router("/topics", topic_router)
