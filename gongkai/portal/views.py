"""The public 政府信息公开 platform of every organ.

《政府信息公开条例》第二十四条 and 国办公开办函〔2019〕61号: four sections, searchable, downloadable.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from gongkai.catalog.categories import NATIONAL_RULES
from gongkai.catalog.models import Column, Guide, Section
from gongkai.core import keyset, preferences
from gongkai.core.pagecache import cache_public_page
from gongkai.disclosure import selectors
from gongkai.disclosure.models import Genre, Status, Validity
from gongkai.disclosure.reads import count_read
from gongkai.orgs.models import Level, Organization
from gongkai.orgs.selectors import active_organ_or_404
from gongkai.orgs.selectors import organ_profile as organ_profile_of
from gongkai.participation.questions.selectors import frequent_questions_for
from gongkai.participation.selectors_consultations import consultations_for_final_record
from gongkai.reports.selectors import published_reports, report_trends

PAGE_SIZE = 20


def _org(slug: str) -> Organization:
    return active_organ_or_404(slug)


def _platform_context(org: Organization, section: str) -> dict:
    return {"org": org, "section": section, "breadcrumbs": Organization.objects.get_ancestors(org)}


# The home page offers the 专题专栏 entry only when its URL name resolves (ADR 0041), so an
# installation without the topic pages never links to a 404.
TOPIC_URL_NAMES = ("topics:list",)
HOME_LATEST = 10
HOME_MOST_READ = 10


def _topics_url() -> str | None:
    for name in TOPIC_URL_NAMES:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _levels(orgs: list[Organization]) -> list[tuple[str, list[Organization]]]:
    """The organs grouped by level (省级 → 乡镇), empty levels left out."""
    levels = [(label, [o for o in orgs if o.level == value]) for value, label in Level.choices]
    return [(label, members) for label, members in levels if members]


def _organ_tree() -> list[Organization]:
    """Every organ in service in tree order, with its platform's address: one query and one
    ``reverse`` whatever the number of organs (a province has 2,000; ADR 0047)."""
    orgs = list(
        Organization.objects.active()
        .order_by("path")
        .only("id", "path", "depth", "numchild", "name", "short_name", "slug", "kind", "level")
    )
    pattern = reverse("portal:platform", kwargs={"org": "ORGSLUG"})
    for org in orgs:
        org.platform_url = pattern.replace("ORGSLUG", org.slug, 1)
    return orgs


def _top_government(orgs: list[Organization]) -> Organization | None:
    """The installation's highest organ (省级 before 市级 …, then tree order), whose platform the
    home page's 政务公开 entries open."""
    roots = [o for o in orgs if o.depth == 1]
    rank = {value: i for i, value in enumerate(Level.values)}
    return min(roots, key=lambda o: (rank.get(o.level, len(rank)), o.path), default=None)


@require_safe
@cache_public_page
def home(request):
    """A home page a resident recognises (ADR 0041): search first; 政务公开 entries of the top
    government; the newest and the most-read information; the organs folded by level."""
    # The organ list is read only when a fragment that shows it is not in the cache (ADR 0045),
    # then in one query with one reverse() (ADR 0047).
    orgs = SimpleLazyObject(_organ_tree)
    context = {
        "top": SimpleLazyObject(lambda: _top_government(orgs)),
        "topics_url": SimpleLazyObject(_topics_url),
        "levels": SimpleLazyObject(lambda: _levels(orgs)),
        "organ_count": SimpleLazyObject(lambda: len(orgs)),
        "latest": SimpleLazyObject(
            lambda: selectors.public_records().order_by("-published_at", "-id")[:HOME_LATEST]
        ),
        # Read counts are buffered (gongkai.disclosure.reads): the ranking may lag as long as the
        # fragment lives (ADR 0045).
        "most_read": SimpleLazyObject(lambda: selectors.most_read_public_records(limit=HOME_MOST_READ)),
        "most_read_days": selectors.MOST_READ_DAYS,
    }
    return render(request, "portal/home.html", context)


@require_safe
@cache_public_page
def site_map(request):
    """网站地图 for people: the organs folded by level, each with its platform's sections and columns.

    The XML sitemap (/sitemap.xml) stays for crawlers.
    """
    orgs = list(Organization.objects.active().order_by("path"))
    columns: dict[int, list[Column]] = {}
    top_columns = Column.objects.proactive().applicable().filter(organization__in=orgs, parent=None)
    for column in top_columns.order_by("position", "id"):
        columns.setdefault(column.organization_id, []).append(column)
    for org in orgs:
        org.map_columns = columns.get(org.id, [])
    return render(request, "portal/site_map.html", {"levels": _levels(orgs)})


@require_safe
@cache_public_page
def platform(request, org):
    org = _org(org)
    context = _platform_context(org, "home")
    context.update(
        counts=SimpleLazyObject(lambda: selectors.public_column_counts(org=org)),
        latest=SimpleLazyObject(
            lambda: selectors.public_records(org=org).order_by("-published_at", "-id")[:10]
        ),
        children=SimpleLazyObject(lambda: Organization.objects.get_children(org).filter(is_active=True)),
        profile=SimpleLazyObject(lambda: organ_profile_of(org)),
    )
    return render(request, "portal/platform.html", context)


@require_safe
@cache_public_page
def guide(request, org):
    org = _org(org)
    context = _platform_context(org, "guide")
    # Read only when the guide's fragment is missing (ADR 0062): a kept guide asks no query. Every
    # write of the guide, the organ's profile or its columns calls public_structure_changed, which
    # bumps the generation the fragment is kept under.
    context["guide"] = SimpleLazyObject(lambda: Guide.objects.filter(organization=org).first())
    context["profile"] = SimpleLazyObject(lambda: organ_profile_of(org))
    context["columns"] = SimpleLazyObject(
        lambda: list(Column.objects.for_org(org).proactive().applicable().filter(parent=None))
    )
    return render(request, "portal/guide.html", context)


@require_safe
@cache_public_page
def organ_profile(request, org):
    """机构职能 (《政府信息公开条例》第二十条第（一）项), with links to the organ's 权责清单 and
    公共服务事项清单."""
    org = _org(org)
    context = _platform_context(org, "about")
    context["profile"] = organ_profile_of(org)
    context["column_name"] = "机构职能"
    return render(request, "portal/organ_profile.html", context)


@require_safe
@cache_public_page
def rules(request, org):
    org = _org(org)
    context = _platform_context(org, "rules")
    context["national_rules"] = NATIONAL_RULES
    context["own_rules"] = selectors.public_records(org=org).filter(column__section=Section.RULES)
    return render(request, "portal/rules.html", context)


@require_safe
@cache_public_page
def annual_reports(request, org):
    org = _org(org)
    context = _platform_context(org, "annual_reports")
    context["reports"] = selectors.public_records(org=org).filter(column__section=Section.ANNUAL_REPORTS)
    context["annual_reports"] = published_reports(org=org)
    return render(request, "portal/annual_reports.html", context)


def _published_report(org, year: int, rollup: bool):
    from gongkai.reports.models import AnnualReport, ReportStatus

    return get_object_or_404(
        AnnualReport.objects.select_related("organization"),
        organization=org,
        year=year,
        rollup=rollup,
        status=ReportStatus.PUBLISHED,
    )


@require_safe
@cache_public_page
def annual_report(request, org, year):
    """The report with the national format's tables, as HTML, .docx or PDF (?format=)."""
    from gongkai.core.gongwen import FORMATS, Table, download
    from gongkai.reports.documents import as_gongwen, title_of

    org = _org(org)
    report = _published_report(org, year, request.GET.get("scope") == "rollup")
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return download(as_gongwen(report), fmt, title_of(report).replace("\n", ""))
    context = _platform_context(org, "annual_reports")
    # Built only when the report's fragment is not in the cache (ADR 0045).
    document = SimpleLazyObject(lambda: as_gongwen(report))
    blocks = SimpleLazyObject(
        lambda: [("table", b) if isinstance(b, Table) else ("p", b) for b in document.paragraphs]
    )
    trends = SimpleLazyObject(lambda: report_trends(org, report))
    context.update(report=report, document=document, blocks=blocks, trends=trends)
    return render(request, "portal/annual_report.html", context)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value and len(value) < 10 else None
    except ValueError:
        return None


RECORD_FILTERS = ("column", "year", "genre", "validity")


@require_safe
@cache_public_page
def records(request, org):
    org = _org(org)
    column = None
    if request.GET.get("column"):
        column = selectors.public_column(org=org, slug=request.GET["column"])
        if column is None:
            raise Http404("栏目不存在")
    validity = request.GET.get("validity", "")
    genre = request.GET.get("genre", "")
    filters = selectors.RecordFilters(
        year=_int_or_none(request.GET.get("year")),
        column=column,
        validity=validity if validity in Validity.values else "",
        genre=genre if genre in Genre.values else "",
    )
    query = request.GET.copy()
    for name in ("page", "after", "before", "last"):
        query.pop(name, None)
    querystring = query.urlencode()
    # Keyset pages (ADR 0047): 下一页/上一页 carry a cursor; an old or typed ``?page=N`` is read
    # once at its offset and redirected to the cursor that shows page N now.
    number = _int_or_none(request.GET.get("page"))
    after = keyset.Cursor.decode(request.GET.get("after"))
    before = keyset.Cursor.decode(request.GET.get("before"))
    last = request.GET.get("last") == "1"
    if number is not None and number > 1 and not (after or before or last):
        listed = selectors.filtered_public_records(org=org, filters=filters)
        total = selectors.public_record_total(org=org, filters=filters)  # kept: read from the nearer end
        cursor = keyset.cursor_before_page(listed, number, size=PAGE_SIZE, total=total)
        where = f"after={cursor.encode()}" if cursor else "last=1"
        return redirect(f"{request.path}?{querystring}&{where}" if querystring else f"{request.path}?{where}")

    def rows():
        listed = selectors.filtered_public_records(org=org, filters=filters)
        older = None
        if after:
            older = selectors.filtered_public_records(org=org, filters=filters, until=after.moment)
        return keyset.keyset_page(
            selectors.record_rows(listed),
            size=PAGE_SIZE,
            after=after,
            before=before,
            last=last,
            older_qs=selectors.record_rows(older) if older is not None else None,
        )

    context = _platform_context(org, "records")
    kept = settings.GONGKAI_FRAGMENT_CACHE_SECONDS and not getattr(request, "gongkai_fresh", False)
    context.update(
        # The rows, their total and the page links are read only when their fragment is missing: it
        # is keyed on the organ's list epoch (its change marker and next scheduled publication, ADR
        # 0061), the filters and the page's cursor, which together name exactly what the page lists.
        page=SimpleLazyObject(rows),
        list_epoch=selectors.organ_epoch(org) if kept else "",
        position=" ".join(c.encode() if c else "-" for c in (after, before)) + (" last" if last else ""),
        total=SimpleLazyObject(lambda: selectors.public_record_total(org=org, filters=filters)),
        filters=filters,
        counts=SimpleLazyObject(lambda: selectors.public_column_counts(org=org)),
        years=SimpleLazyObject(lambda: selectors.public_years(org=org)),
        validities=Validity.choices,
        genres=Genre.choices,
        querystring=querystring,
        hidden_filters=[(name, value) for name, value in query.items() if name in RECORD_FILTERS],
    )
    return render(request, "portal/records.html", context)


@require_safe
@count_read
@cache_public_page
def record(request, org, key):
    org = _org(org)
    head = selectors.public_record_head(org=org, key=key, kept=not getattr(request, "gongkai_fresh", False))
    if head is None:
        raise Http404("信息不存在")
    uyghur = preferences.is_uyghur()
    # The page's body is a fragment keyed on the record's id and updated_at (ADR 0056): what only
    # the body shows is read when the fragment is not in the cache, once for all its parts.
    details = functools.cache(lambda: _record_details(org, key))
    context = _platform_context(org, "records")
    context.update(
        record=head,
        is_withdrawn=head.status == Status.WITHDRAWN,
        # 民汉双语 (ADR 0040): the Uyghur version for a visitor reading in Uyghur, else a note.
        show_uyghur=uyghur and head.has_uyghur,
        uyghur_missing=uyghur and not head.has_uyghur,
        **{name: SimpleLazyObject(lambda name=name: details()[name]) for name in RECORD_DETAILS},
    )
    return render(request, "portal/record.html", context)


RECORD_DETAILS = (
    "full_record",
    "attachments",
    "interpretations",
    "policy",
    "validity_history",
    "consultations",
    "frequent_questions",
)


def _record_details(org, key: str) -> dict:
    record = selectors.public_record_by_key(org=org, key=key)
    if record is None:  # gone between the two reads (raised while rendering: still a 404)
        raise Http404("信息不存在")
    # Linked documents that are not public yet (drafts, or published with a future time) are not
    # named: the page only renders copies, so dropping them here never reaches the database.
    record.amended_by = _if_public(record.amended_by)
    record.replaced_by = _if_public(record.replaced_by)
    history = list(record.validity_changes.select_related("related_record")) if record.has_validity else []
    for change in history:
        change.related_record = _if_public(change.related_record)
    published = record.status == Status.PUBLISHED
    return {
        "full_record": record,
        "attachments": list(record.attachments.all()) if published else [],
        "interpretations": list(selectors.public_interpretations(record)),
        "policy": _if_public(record.policy),
        "validity_history": history,
        "consultations": consultations_for_final_record(record),
        "frequent_questions": frequent_questions_for(record) if published else [],
    }


def _if_public(related):
    """``related`` if the public may see it now (published and due), else None."""
    if related is None or related.status != Status.PUBLISHED or related.published_at > timezone.now():
        return None
    return related


@require_safe
def attachment(request, org, key, attachment_id):
    org = _org(org)
    record = selectors.public_record_by_key(org=org, key=key)
    if record is None or record.status != Status.PUBLISHED:
        raise Http404("附件不存在")
    item = get_object_or_404(record.attachments, pk=attachment_id)
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
