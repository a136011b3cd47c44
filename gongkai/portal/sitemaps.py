"""The XML sitemaps for crawlers (sitemaps.org protocol 0.9, ADR 0047).

``/sitemap.xml`` is a sitemap index naming one file per section and part (``/sitemap-<section>.xml``,
``?p=2`` …), each of at most ``GONGKAI_SITEMAP_LIMIT`` URLs (the protocol's limit is 50,000);
robots.txt names the index. The records are cut by id ranges, not by OFFSET: part *n* is the
records whose id falls in the *n*-th block of ``limit`` ids, so a part is read by the primary key
whatever the installation's size, and the index needs only the highest id.
"""

from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

from gongkai.disclosure import selectors
from gongkai.orgs.models import Organization


class LimitedSitemap(Sitemap):
    @property
    def limit(self):
        return settings.GONGKAI_SITEMAP_LIMIT


class _IdBlockPage:
    def __init__(self, object_list):
        self.object_list = object_list


class _IdBlockPaginator:
    """What Django's sitemap views ask of a paginator: part *n* is the *n*-th block of ``size``
    ids, up to the highest id (MAX of the primary key: no scan). A part's ids never change, so
    neither does the part a record is listed in."""

    def __init__(self, size):
        self.size = size

    @cached_property
    def num_pages(self):
        return max(1, -(-selectors.highest_record_id() // self.size))  # ceil; one (empty) part at least

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("页码不正确") from exc
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("没有这一页")
        return _IdBlockPage(selectors.public_records_in_id_block(number - 1, self.size))


class RecordSitemap(LimitedSitemap):
    @cached_property
    def paginator(self):
        return _IdBlockPaginator(self.limit)

    def items(self):
        return selectors.public_records().order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # The index names the parts without a date: the latest change of each part would cost a
        # scan of every record (ADR 0047).
        return None


@require_safe
def record_sitemap(request):
    """One part of the records' sitemap, written straight out: at 50,000 URLs the template and
    ``reverse`` per URL of Django's sitemap view cost seconds (ADR 0047)."""
    paginator = RecordSitemap().paginator
    try:
        rows = paginator.page(request.GET.get("p", 1)).object_list
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404("没有这一页") from exc
    base = f"{request.scheme}://{request.get_host()}"
    pattern = reverse("portal:record", kwargs={"org": "ORGSLUG", "key": "0000-00000"})
    head, tail = pattern.split("ORGSLUG", 1)
    middle, end = tail.split("0000-00000", 1)
    here = timezone.get_current_timezone()  # once: localtime() per row reads a thread-local each time
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    for slug, year, serial, updated in rows.values_list(
        "organization__slug", "index_year", "index_serial", "updated_at"
    ):
        loc = escape(f"{base}{head}{slug}{middle}{year}-{serial:05d}{end}")
        out.append(f"<url><loc>{loc}</loc><lastmod>{updated.astimezone(here):%Y-%m-%d}</lastmod></url>\n")
    out.append("</urlset>\n")
    response = HttpResponse("".join(out), content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


class PlatformSitemap(LimitedSitemap):
    sections = ("platform", "guide", "rules", "records", "annual_reports", "organ_profile")

    def items(self):
        return [
            (org.slug, s) for org in Organization.objects.active().order_by("path") for s in self.sections
        ]

    def location(self, item):
        slug, section = item
        return reverse(f"portal:{section}", kwargs={"org": slug})


class ListSitemap(LimitedSitemap):
    """The published 权责清单 and 公共服务事项清单 and their 调整记录 (ADR 0039)."""

    def items(self):
        from gongkai.powers.models import ListVersion, VersionStatus

        published = ListVersion.objects.filter(
            status=VersionStatus.PUBLISHED, organization__is_active=True
        ).select_related("organization")
        return [
            (v.organization.slug, v.kind, name, v.published_at)
            for v in published.order_by("organization__path", "kind")
            for name in ("power_list", "power_changes")
        ]

    def location(self, item):
        slug, kind, name, _ = item
        return reverse(f"portal:{name}", kwargs={"org": slug, "kind": kind})

    def lastmod(self, item):
        return item[3]


class QuestionSitemap(LimitedSitemap):
    """Published Q&A of the 问答库 (masked texts; ADR 0037)."""

    def items(self):
        from gongkai.participation.questions.selectors import published_questions

        return published_questions()

    def location(self, item):
        return reverse("questions:detail", args=[item.number])

    def lastmod(self, item):
        return item.updated_at


class TopicColumnSitemap(LimitedSitemap):
    def items(self):
        from gongkai.catalog.topics import public_topic_columns

        return public_topic_columns().order_by("position", "id")

    def location(self, item):
        return reverse("topics:page", args=[item.slug])


SITEMAPS = {
    "platform": PlatformSitemap,
    "records": RecordSitemap,
    "lists": ListSitemap,
    "questions": QuestionSitemap,
    "topics": TopicColumnSitemap,
}
