"""Read-only public JSON API, v1. Only published records; no applicant data ever."""

from datetime import date, datetime

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination, paginate

from gongkai.catalog.models import Column
from gongkai.core.params import YEAR_MAX, YEAR_MIN
from gongkai.disclosure import selectors
from gongkai.disclosure.models import Genre, Record, Validity
from gongkai.orgs.models import Organization

api = NinjaAPI(
    title="Gongkai 政府信息公开 API",
    version="1.0.0",
    description="只读接口：机关目录与已主动公开的政府信息。",
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


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

    @staticmethod
    def resolve_organ(obj: Record) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_organ_name(obj: Record) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_column(obj: Record) -> str:
        return obj.column.name

    @staticmethod
    def resolve_topic(obj: Record) -> str:
        return obj.get_topic_display()

    @staticmethod
    def resolve_genre(obj: Record) -> str:
        return obj.get_genre_display()

    @staticmethod
    def resolve_validity(obj: Record) -> str:
        return obj.get_validity_display() if obj.validity else ""

    @staticmethod
    def resolve_url(obj: Record) -> str:
        return obj.get_absolute_url()


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


@api.get("/records", response=list[RecordOut], summary="已公开的政府信息（新到旧）")
@paginate(BoundedPagination, page_size=20)
def list_records(request, filters: Query[RecordQuery]):
    qs = selectors.public_records()
    if filters.organ:
        organ = get_object_or_404(Organization.objects.active(), slug=filters.organ)
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
    return qs.order_by("-published_at", "-id")


@api.get("/records/{organ}/{key}", response=RecordDetailOut, summary="单条政府信息")
def get_record(request, organ: str, key: str):
    org = get_object_or_404(Organization.objects.active(), slug=organ)
    record = selectors.public_record_by_key(org=org, key=key)
    if record is None or record.status != "published":
        raise Http404("信息不存在")
    return record


# 政策咨询 / 问答库 and 专题专栏 (ADR 0037).
from gongkai.participation.questions.api import router as questions_router  # noqa: E402
from gongkai.participation.questions.api import topic_router  # noqa: E402

api.add_router("/questions", questions_router)
api.add_router("/topics", topic_router)
