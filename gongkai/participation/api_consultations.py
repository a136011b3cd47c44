"""Read-only API of 意见征集: public consultations, their draft, published comments (each
campaign once, with its count) and the published 采纳情况反馈. No commenter's contact ever, and a
name only where the commenter chose to sign (``selectors_consultations.PUBLIC_COMMENT_FIELDS``)."""

from datetime import date, datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from gongkai.orgs.models import Organization
from gongkai.participation import selectors_consultations as selectors
from gongkai.participation.models import PublicConsultation

router = Router(tags=["意见征集"])


class Pagination(PageNumberPagination):
    """The records' page limits: beyond the last page a 422, not a 500."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000, description="页码（从1开始）")
        page_size: int | None = Field(None, ge=1, le=100, description="每页条数（最多100）")


class ConsultationOut(Schema):
    id: int
    organ: str
    organ_name: str
    title: str
    starts_on: date
    ends_on: date
    is_open: bool
    is_major_decision: bool
    has_feedback: bool
    url: str

    @staticmethod
    def resolve_organ(obj: PublicConsultation) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_organ_name(obj: PublicConsultation) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_url(obj: PublicConsultation) -> str:
        return obj.get_absolute_url()


class ParagraphOut(Schema):
    number: int
    text: str


class CommentOut(Schema):
    text: str
    paragraph: int | None
    name: str
    count: int = Field(description="相同或相近意见的条数（合并显示）")
    adoption: str
    adoption_reason: str


class FiguresOut(Schema):
    received: int
    groups: int
    adopted: int
    partly: int
    not_adopted: int
    hidden: int


class FeedbackOut(Schema):
    published_at: datetime
    summary: str
    final_policy_url: str | None
    figures: FiguresOut


class ConsultationDetailOut(ConsultationOut):
    description: str
    contact: str
    channels: list[str]
    allow_anonymous: bool
    paragraphs: list[ParagraphOut]
    comments: list[CommentOut]
    feedback: FeedbackOut | None

    @staticmethod
    def resolve_channels(obj: PublicConsultation) -> list[str]:
        return [str(label) for label in obj.channel_labels()]

    @staticmethod
    def resolve_paragraphs(obj: PublicConsultation) -> list[dict]:
        return [{"number": p.number, "text": p.text} for p in obj.paragraphs.all()]

    @staticmethod
    def resolve_comments(obj: PublicConsultation) -> list[dict]:
        return [
            {
                "text": c.text,
                "paragraph": c.paragraph_number,
                "name": c.public_name,
                "count": c.count,
                "adoption": c.adoption_label,
                "adoption_reason": c.adoption_reason,
            }
            for c in selectors.public_comments(obj)
        ]

    @staticmethod
    def resolve_feedback(obj: PublicConsultation) -> dict | None:
        if not obj.has_feedback:
            return None
        final = obj.final_record
        return {
            "published_at": obj.feedback_published_at,
            "summary": obj.feedback_summary,
            "final_policy_url": final.get_absolute_url() if final and final.status == "published" else None,
            "figures": selectors.feedback_figures(obj).__dict__,
        }


class ConsultationQuery(Schema):
    organ: str | None = Field(None, description="机关标识（slug）")
    state: str | None = Field(None, pattern="^(open|closed)$", description="open 正在征集；closed 已结束")


@router.get("", response=list[ConsultationOut], summary="意见征集列表（新到旧）")
@paginate(Pagination, page_size=20)
def list_consultations(request, filters: Query[ConsultationQuery]):
    org = None
    if filters.organ:
        org = Organization.objects.active().filter(slug=filters.organ).first()
        if org is None:
            raise Http404
    return selectors.public_consultations(org=org, state=filters.state or "")


@router.get("/{pk}", response=ConsultationDetailOut, summary="单项意见征集及采纳情况反馈")
def get_consultation(request, pk: int):
    consultation = selectors.public_consultation(pk)
    if consultation is None:
        raise Http404
    return consultation
