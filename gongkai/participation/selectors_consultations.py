"""意见征集 reads: what the public sees (never a commenter's contact, a name only when they chose
to sign), the staff's queue, the 采纳情况反馈 figures and the .xlsx export."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.core.scoping import get_for_org
from gongkai.participation.models import Adoption, CommentStatus, ConsultationComment, PublicConsultation

# The only comment fields a public page, feed, search document or API answer may carry.
PUBLIC_COMMENT_FIELDS = ("pk", "text", "paragraph_number", "public_name", "count", "created_on")


def public_consultations(*, org=None, state: str = "") -> QuerySet[PublicConsultation]:
    """Consultations the public may see; ``state`` "open" or "closed" filters by today."""
    qs = PublicConsultation.objects.public().select_related("organization")
    if org is not None:
        qs = qs.filter(organization=org)
    today = timezone.localdate()
    if state == "open":
        qs = qs.open_on(today)
    elif state == "closed":
        qs = qs.closed_on(today)
    return qs.order_by("-starts_on", "-id")


def public_consultation(pk) -> PublicConsultation | None:
    try:
        return public_consultations().get(pk=int(pk))
    except (PublicConsultation.DoesNotExist, ValueError, TypeError):
        return None


def _group_counts(qs: QuerySet[ConsultationComment]) -> QuerySet[ConsultationComment]:
    """Each group leader with the number of comments in its group (hidden duplicates not counted)."""
    return qs.filter(duplicate_of__isnull=True).annotate(
        member_count=Count("duplicates", filter=~Q(duplicates__status=CommentStatus.HIDDEN)) + 1
    )


@dataclass(frozen=True)
class PublicComment:
    pk: int
    text: str
    paragraph_number: int | None
    public_name: str
    count: int
    created_on: object
    adoption: str
    adoption_label: str
    adoption_reason: str
    theme: str


def _public(comment: ConsultationComment, *, with_decision: bool) -> PublicComment:
    return PublicComment(
        pk=comment.pk,
        text=comment.text,
        paragraph_number=comment.paragraph.number if comment.paragraph_id else None,
        public_name=comment.public_name,
        count=comment.member_count,
        created_on=timezone.localdate(comment.created_at),
        adoption=comment.adoption if with_decision else "",
        adoption_label=comment.get_adoption_display() if with_decision and comment.adoption else "",
        adoption_reason=comment.adoption_reason if with_decision else "",
        theme=comment.theme.name if with_decision and comment.theme_id else "",
    )


def public_comments(consultation: PublicConsultation) -> list[PublicComment]:
    """Published comments, each campaign once with its count (plain data, no personal fields)."""
    leaders = _group_counts(consultation.comments.filter(status=CommentStatus.PUBLISHED))
    leaders = leaders.select_related("paragraph", "theme").order_by("created_at", "id")
    return [_public(c, with_decision=consultation.has_feedback) for c in leaders]


@dataclass(frozen=True)
class FeedbackFigures:
    received: int
    groups: int
    published_groups: int
    hidden: int
    adopted: int
    partly: int
    not_adopted: int

    @property
    def adoption_rate(self) -> float:
        decided = self.adopted + self.partly + self.not_adopted
        return round((self.adopted + self.partly) / decided * 100, 1) if decided else 0.0


def feedback_figures(consultation: PublicConsultation) -> FeedbackFigures:
    comments = consultation.comments.all()
    leaders = comments.filter(duplicate_of__isnull=True)
    published = leaders.filter(status=CommentStatus.PUBLISHED)
    by_adoption = dict(published.values_list("adoption").annotate(n=Count("id")))
    return FeedbackFigures(
        received=comments.count(),
        groups=leaders.count(),
        published_groups=published.count(),
        hidden=comments.filter(status=CommentStatus.HIDDEN).count(),
        adopted=by_adoption.get(Adoption.ADOPTED, 0),
        partly=by_adoption.get(Adoption.PARTLY, 0),
        not_adopted=by_adoption.get(Adoption.NOT_ADOPTED, 0),
    )


def consultations_for_final_record(record) -> QuerySet[PublicConsultation]:
    """The consultations whose published feedback names ``record`` as the final policy."""
    return PublicConsultation.objects.public().with_published_feedback().filter(final_record=record)


# --- staff ---------------------------------------------------------------------------------------


def consultations_in_workbench(*, org) -> QuerySet[PublicConsultation]:
    return (
        PublicConsultation.objects.for_org(org)
        .annotate(
            comment_count=Count("comments"),
            pending_count=Count(
                "comments",
                filter=Q(
                    comments__status__in=[CommentStatus.PENDING, CommentStatus.HELD],
                    comments__duplicate_of__isnull=True,
                ),
            ),
        )
        .order_by("-starts_on", "-id")
    )


def consultation_for_staff(*, org, pk) -> PublicConsultation:
    return get_for_org(
        PublicConsultation.objects.select_related("final_record", "source_record"), org=org, pk=pk
    )


def comment_for_staff(*, consultation: PublicConsultation, pk) -> ConsultationComment:
    return get_for_org(
        ConsultationComment.objects.filter(consultation=consultation), org=consultation.organization, pk=pk
    )


def staff_groups(consultation: PublicConsultation, *, status: str = "", theme: str = "") -> QuerySet:
    """Group leaders for the moderation queue, with counts; filtered by status and theme."""
    qs = _group_counts(consultation.comments.all()).select_related("paragraph", "theme")
    if status in CommentStatus.values:
        qs = qs.filter(status=status)
    if theme == "none":
        qs = qs.filter(theme__isnull=True)
    elif theme.isdigit():
        qs = qs.filter(theme_id=int(theme))
    return qs.order_by("created_at", "id")


EXPORT_HEADERS = [
    "编号",
    "提交时间",
    "针对段落",
    "意见内容",
    "姓名",
    "公开署名",
    "联系方式",
    "状态",
    "不予公开理由",
    "主题",
    "相同或相近意见归入",
    "相似度",
    "采纳情况",
    "理由",
]


def comments_xlsx(consultation: PublicConsultation) -> bytes:
    """Every comment, one row each (staff only: names and contacts included), as .xlsx."""
    from openpyxl import Workbook

    from gongkai.core.spreadsheets import append_row

    book = Workbook()
    sheet = book.active
    sheet.title = "意见"
    append_row(sheet, EXPORT_HEADERS)
    comments = consultation.comments.select_related("paragraph", "theme", "duplicate_of").order_by("id")
    for c in comments.iterator(chunk_size=500):
        append_row(
            sheet,
            [
                c.pk,
                timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M"),
                f"第{c.paragraph.number}段" if c.paragraph_id else "全文",
                c.text,
                c.author_name,
                "是" if c.show_name else "否",
                c.contact,
                c.get_status_display(),
                c.hide_reason,
                c.theme.name if c.theme_id else "",
                c.duplicate_of_id or "",
                round(c.similarity, 2) if c.duplicate_of_id else "",
                c.get_adoption_display() if c.adoption else "",
                c.adoption_reason,
            ],
        )
    for column, width in zip(
        "ABCDEFGHIJKLMN", (8, 17, 10, 60, 12, 8, 20, 10, 20, 12, 10, 8, 10, 40), strict=True
    ):
        sheet.column_dimensions[column].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def consultation_figures(org_ids: list[int], year: int) -> dict[int, dict]:
    """意见征集 figures per organ for the statistics of 政民互动 (questions/statistics.py): the
    consultations that opened in ``year``, their comments (a campaign's copies each counted) and the
    comments whose group was adopted in whole or in part."""
    from django.db.models import Count, Q

    from gongkai.participation.models import Adoption, ConsultationComment, PublicConsultation

    figures: dict[int, dict] = {}
    opened = (
        PublicConsultation.objects.filter(organization_id__in=org_ids, starts_on__year=year)
        .values("organization_id")
        .annotate(n=Count("id"))
    )
    for row in opened:
        figures[row["organization_id"]] = {"consultations": row["n"], "comments": 0, "adopted": 0}
    adopted = [Adoption.ADOPTED, Adoption.PARTLY]
    comments = (
        ConsultationComment.objects.filter(
            consultation__organization_id__in=org_ids, consultation__starts_on__year=year
        )
        .exclude(status=CommentStatus.HELD)  # not yet judged to be a comment at all (ADR 0054)
        .values("consultation__organization_id")
        .annotate(
            n=Count("id"),
            adopted=Count("id", filter=Q(adoption__in=adopted) | Q(duplicate_of__adoption__in=adopted)),
        )
    )
    for row in comments:
        entry = figures.setdefault(
            row["consultation__organization_id"], {"consultations": 0, "comments": 0, "adopted": 0}
        )
        entry["comments"], entry["adopted"] = row["n"], row["adopted"]
    return figures
