"""Self-inspection (自查) against the measurable indicators of 国办秘函〔2019〕19号 (issue 13 item 3).

《政府网站与政务新媒体检查指标》(国务院办公厅秘书局, 国办秘函〔2019〕19号; indicator text as
reproduced in local inspection tables, e.g. the notice of 阳江市 citing it:
http://www.yangjiang.gov.cn/gkmlpt/content/0/508/post_508890.html) fails a site outright
(单项否决) on any of: 严重表述错误; 发布或链接反动、暴力、色情等内容; pages not opening within
15 s in ≥ 5 % of visits (站点无法访问); 栏目不更新 — 动态/要闻 columns idle for 2 weeks plus
通知公告/政策文件 columns idle for 6 months together ≥ 5, or columns that should be updated
but were not ≥ 10, or 空白栏目 ≥ 5; 互动回应差 (messages unanswered over 3 months). Otherwise it
deducts from 100. The deduction table itself is not verified in our sources, so the points below
are the platform's own model (docs/self-inspection.md): each indicator has a cap, as the 19号
tables cap deductions within an indicator.

``inspect(orgs)`` measures every organ in ``orgs``; it changes nothing. ``save_report`` stores a
run, its scores and findings (the nightly job, ``gongkai inspect``, and the workbench page).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import progress
from gongkai.inspection import engine, links
from gongkai.inspection.models import Severity

# --- Indicators -----------------------------------------------------------------------------------

EMPTY_COLUMN = "empty_column"
STALE_COLUMN = "stale_column"
SERIOUS_WORDING = "serious_wording"
WORDING = "wording"
INJECTED = "injected"
PERSONAL_DATA = "personal_data"
BROKEN_LINK = "broken_link"
EXTERNAL_LINK = "external_link"
PAGE_FAILED = "page_failed"
PAGE_SLOW = "page_slow"
INTERPRETATION = "interpretation"
INTERPRETATION_LATE = "interpretation_late"
ARTICLE_26 = "article_26"
INTERACTION = "interaction"
SERVED_DIFFERS = "served_differs"
HOME_STALE = "home_stale"
# 基层政务公开标准目录 (国办发〔2019〕54号, issue 14): coverage of the published catalogue, as hints.
CATALOGUE_OVERDUE = "catalogue_overdue"
CATALOGUE_EMPTY = "catalogue_empty"
CATALOGUE_UNREADABLE = "catalogue_unreadable"

# indicator → (name, points per finding, cap); a cap of 0 = never deducts.
INDICATORS: dict[str, tuple[str, Decimal, Decimal]] = {
    EMPTY_COLUMN: ("空白栏目", Decimal(3), Decimal(15)),
    STALE_COLUMN: ("栏目不更新", Decimal(3), Decimal(15)),
    SERIOUS_WORDING: ("严重表述错误", Decimal(0), Decimal(0)),
    INJECTED: ("发布或链接反动、暴力、色情等内容", Decimal(0), Decimal(0)),
    WORDING: ("错别字与不规范表述", Decimal(1), Decimal(10)),
    PERSONAL_DATA: ("公开内容含个人信息", Decimal(2), Decimal(10)),
    BROKEN_LINK: ("链接可用性（错链、断链）", Decimal(1), Decimal(10)),
    EXTERNAL_LINK: ("外部链接", Decimal(0), Decimal(0)),
    PAGE_FAILED: ("页面无法访问", Decimal(2), Decimal(10)),
    PAGE_SLOW: ("页面打开缓慢", Decimal(1), Decimal(5)),
    INTERPRETATION: ("政策解读（三同步）", Decimal(2), Decimal(10)),
    INTERPRETATION_LATE: ("政策解读晚于文件发布", Decimal(0), Decimal(0)),
    ARTICLE_26: ("第二十六条 公开时限", Decimal(1), Decimal(10)),
    SERVED_DIFFERS: ("网页内容与发布内容不一致（防篡改）", Decimal(0), Decimal(0)),
    HOME_STALE: ("首页不更新", Decimal(0), Decimal(0)),
    CATALOGUE_OVERDUE: ("标准目录事项超期公开", Decimal(0), Decimal(0)),
    CATALOGUE_EMPTY: ("标准目录事项无内容", Decimal(0), Decimal(0)),
    CATALOGUE_UNREADABLE: ("标准目录公开时限无法识别", Decimal(0), Decimal(0)),
    INTERACTION: ("互动回应差", Decimal(1), Decimal(5)),
}

# 单项否决 (veto) thresholds of 国办秘函〔2019〕19号.
VETO_STALE_NEWS_AND_NOTICES = 5
VETO_STALE_ANY = 10
VETO_EMPTY = 5
VETO_PAGE_FAILURE_SHARE = 0.05
PAGE_FAIL_SECONDS = 15.0
NEWS_DAYS = 14  # 动态、要闻类: 2 weeks
NOTICE_DAYS = 183  # 通知公告、政策文件类: 6 months
NEWS_WORDS = ("动态", "要闻", "新闻")
NOTICE_WORDS = ("通知公告", "通知", "公告", "政策文件")
POLICY_CATEGORY = "art20-01"  # 行政法规、规章和规范性文件: the 政策文件 column of 第二十条
INTERPRETATION_DAYS = 3  # 解读 published within 3 working days of its policy (三同步)
# 防篡改: the newest records per organ fetched through the whole request handler; every other one
# is rendered from the database and its files re-hashed (`gongkai verify-published` does all).
SERVED_PAGES = 200

RESPONSIBLE = {
    EMPTY_COLUMN: gettext_lazy("信息员发布信息，或负责人标记「本机关无此项信息」"),
    STALE_COLUMN: gettext_lazy("信息员"),
    SERIOUS_WORDING: gettext_lazy("信息员、审核人"),
    INJECTED: gettext_lazy("信息员、审核人；系统管理员排查来源"),
    WORDING: gettext_lazy("信息员、审核人"),
    PERSONAL_DATA: gettext_lazy("保密审查人"),
    BROKEN_LINK: gettext_lazy("信息员"),
    EXTERNAL_LINK: gettext_lazy("信息员"),
    PAGE_FAILED: gettext_lazy("系统管理员"),
    PAGE_SLOW: gettext_lazy("系统管理员"),
    INTERPRETATION: gettext_lazy("信息员（起草政策解读）"),
    INTERPRETATION_LATE: gettext_lazy("信息员"),
    ARTICLE_26: gettext_lazy("审核人"),
    SERVED_DIFFERS: gettext_lazy("系统管理员、安全管理员"),
    HOME_STALE: gettext_lazy("信息员"),
    CATALOGUE_OVERDUE: gettext_lazy("信息员（按公开时限发布）"),
    CATALOGUE_EMPTY: gettext_lazy("信息员发布信息，或在标准目录中为事项关联发布栏目"),
    CATALOGUE_UNREADABLE: gettext_lazy("信息员（在标准目录中写明可计算的公开时限）"),
    INTERACTION: gettext_lazy("答复机关；政务公开办督办"),
}


def setting(name: str, default):
    return getattr(settings, name, default)


@dataclass
class SelfFinding:
    indicator: str
    severity: str
    organization_id: int
    reason: str
    where: str = ""
    text: str = ""
    suggestion: str = ""
    column_id: int | None = None
    record_id: int | None = None
    url: str = ""
    start: int = field(default=0, repr=False, compare=False)


@dataclass
class OrganScore:
    organization_id: int | None
    score: Decimal
    vetoes: list[dict]
    deductions: dict[str, str]


@dataclass
class Report:
    started_at: object
    finished_at: object
    scores: dict[int | None, OrganScore]
    findings: list[SelfFinding]
    not_measured: list[dict]
    counts: dict = field(default_factory=dict)

    @property
    def installation(self) -> OrganScore:
        return self.scores[None]


# --- Columns --------------------------------------------------------------------------------------


def column_kind(column) -> str:
    name = column.name
    if any(w in name for w in NEWS_WORDS):
        return "news"
    if column.category_code == POLICY_CATEGORY or any(w in name for w in NOTICE_WORDS):
        return "notice"
    return "other"


def update_period(column) -> int:
    """Days within which the column must have something new; 0 = no period."""
    if column.update_period_days is not None:
        return column.update_period_days
    return {"news": NEWS_DAYS, "notice": NOTICE_DAYS}.get(column_kind(column), 0)


def column_findings(orgs, now) -> list[SelfFinding]:
    from gongkai.catalog.models import Column, Section
    from gongkai.disclosure.models import Record
    from gongkai.disclosure.selectors import empty_columns

    found: list[SelfFinding] = []
    org_ids = [o.pk for o in orgs]
    for org in orgs:
        for column in empty_columns(org=org):
            found.append(
                SelfFinding(
                    EMPTY_COLUMN,
                    Severity.DEDUCT,
                    org.pk,
                    _("适用本机关的栏目没有已发布的信息，也未标记「本机关无此项信息」"),
                    where=column.name,
                    suggestion=_("发布本栏目信息，或标记「本机关无此项信息」并写明理由"),
                    column_id=column.pk,
                    url=reverse("workbench:column_status", args=[column.pk]),
                )
            )
    latest = dict(
        Record.objects.published()
        .filter(organization_id__in=org_ids)
        .values("column_id")
        .annotate(last=Max("published_at"))
        .values_list("column_id", "last")
    )
    columns = list(
        Column.objects.filter(organization_id__in=org_ids, section=Section.PROACTIVE, applies=True).only(
            "id",
            "organization_id",
            "parent_id",
            "name",
            "category_code",
            "update_period_days",
            "no_info_reason",
        )
    )
    # A column is updated when it or one of its sub-columns is.
    for column in columns:
        if column.parent_id and latest.get(column.pk):
            parent_last = latest.get(column.parent_id)
            if parent_last is None or latest[column.pk] > parent_last:
                latest[column.parent_id] = latest[column.pk]
    for column in columns:
        days = update_period(column)
        last = latest.get(column.pk)
        if not days or last is None:  # never published: an empty column, counted above
            continue
        idle = (now - last).days
        if idle > days:
            found.append(
                SelfFinding(
                    STALE_COLUMN,
                    Severity.DEDUCT,
                    column.organization_id,
                    _("栏目应在%(days)d天内更新，最近一次发布在%(idle)d天前（%(last)s）")
                    % {"days": days, "idle": idle, "last": timezone.localtime(last).date().isoformat()},
                    where=column.name,
                    text=column_kind(column),
                    suggestion=_("发布本栏目新的信息，或在栏目设置中调整更新周期"),
                    column_id=column.pk,
                    url=reverse("workbench:column_status", args=[column.pk]),
                )
            )
    return found


# --- 首页不更新 ------------------------------------------------------------------------------------

HOME_DAYS = 14  # 国办秘函〔2019〕19号 单项否决「首页不更新」: no new information on the home page in 2 weeks


def newest_publications(orgs) -> dict[int, object]:
    """Each organ's newest publication moment (organs with none are absent)."""
    from gongkai.disclosure.models import Record

    return dict(
        Record.objects.published()
        .filter(organization_id__in=[o.pk for o in orgs])
        .values("organization_id")
        .annotate(last=Max("published_at"))
        .values_list("organization_id", "last")
    )


def home_findings(orgs, now, newest: dict[int, object]) -> list[SelfFinding]:
    """An organ's 公开平台首页 with nothing new for 2 weeks: a hint for the 政务公开办.

    19号 vetoes a *website* whose home page has nothing new for 2 weeks (items without a
    publication time count as not updated). In a 集约化 installation the website is the whole
    portal, whose home page lists every organ's newest information (``site_home_veto``); an organ's
    own platform page is one of its sub-sites, so an idle organ is shown, not vetoed."""
    found = []
    for org in orgs:
        last = newest.get(org.pk)
        if last is not None and (now - last).days <= HOME_DAYS:
            continue
        reason = (
            _("本机关公开平台首页%(days)d天内没有新发布的信息（最近一次：%(last)s）")
            % {"days": HOME_DAYS, "last": timezone.localtime(last).date().isoformat()}
            if last is not None
            else _("本机关公开平台首页没有任何已发布的信息")
        )
        found.append(
            SelfFinding(
                HOME_STALE,
                Severity.HINT,
                org.pk,
                reason,
                where=_("公开平台首页"),
                suggestion=_("及时发布本机关的工作动态、通知公告等信息"),
                url=reverse("portal:platform", kwargs={"org": org.slug}),
            )
        )
    return found


def site_home_veto(now, newest: dict[int, object]) -> dict | None:
    """The portal's home page (``/``) shows the newest information of every organ: with nothing
    published anywhere in the 2 weeks before the check point, the website fails 「首页不更新」."""
    last = max(newest.values(), default=None)
    if last is not None and (now - last).days <= HOME_DAYS:
        return None
    return {
        "indicator": HOME_STALE,
        "reason": (
            _("网站首页%(days)d天内没有新发布的信息（最近一次：%(last)s）")
            % {"days": HOME_DAYS, "last": timezone.localtime(last).date().isoformat()}
            if last is not None
            else _("网站首页没有任何已发布的信息")
        ),
    }


# --- Content of everything published --------------------------------------------------------------

_WORD_LISTS: dict[tuple, object] = {}


def word_lists_for(org_ids) -> dict[int, object]:
    """The compiled word list per organ, compiled once per version of the list (cached in the
    process: a version is the latest change and the count of the installation's and the organ's
    entries, so an edit or a deletion makes a new one)."""
    from gongkai.inspection.models import WordRule
    from gongkai.inspection.selectors import word_list

    versions = {
        row["organization_id"]: (row["changed"], row["n"])
        for row in WordRule.objects.filter(active=True)
        .values("organization_id")
        .annotate(changed=Max("updated_at"), n=Count("id"))
    }
    base = versions.get(None)
    result = {}
    for org_id in org_ids:
        key = (base, org_id if org_id in versions else None, versions.get(org_id))
        if key not in _WORD_LISTS:
            if len(_WORD_LISTS) > 256:
                _WORD_LISTS.clear()
            _WORD_LISTS[key] = word_list(_OrgRef(org_id) if org_id in versions else None)
        result[org_id] = _WORD_LISTS[key]
    return result


class _OrgRef:
    """Enough of an organ for ``word_list``'s filter."""

    def __init__(self, pk):
        self.pk = pk


def _content_findings(where, text, words, list_context, org_id, record_id, html="") -> list[SelfFinding]:
    hits = engine.wording_findings(where, text, words)
    hits += engine.injected_findings(where, text)
    hits += engine.personal_findings(where, text, list_context)
    if html:
        hits += engine.active_findings(where, html)
    found = []
    for hit in hits:
        if hit.kind == engine.WORDING:
            indicator, severity = (
                (SERIOUS_WORDING, Severity.VETO) if hit.blocking else (WORDING, Severity.DEDUCT)
            )
        elif hit.kind == engine.INJECTED:
            indicator, severity = (INJECTED, Severity.VETO) if hit.blocking else (INJECTED, Severity.HINT)
        elif hit.kind == engine.PERSONAL_DATA:
            indicator, severity = PERSONAL_DATA, Severity.DEDUCT
        else:  # external links named in the text are collected with the others
            continue
        found.append(
            SelfFinding(
                indicator,
                severity,
                org_id,
                hit.reason,
                where=where,
                text=hit.text[:300],
                suggestion=hit.suggestion,
                record_id=record_id,
                start=hit.start,
            )
        )
    return found


@dataclass
class LinkUse:
    organization_id: int
    record_id: int
    where: str


def content_findings(orgs, links_seen: dict[str, LinkUse], external_seen: dict[tuple, LinkUse], counts):
    """错敏词, injected content and personal data across every published record and attachment,
    collecting the links of bodies and attachments on the way (one pass, streamed)."""
    from gongkai.disclosure.models import Attachment, Genre, Record

    org_ids = [o.pk for o in orgs]
    lists = word_lists_for(org_ids)
    limit = engine.max_chars()
    found: list[SelfFinding] = []
    published = Record.objects.published().filter(organization_id__in=org_ids)
    columns = dict(published.values_list("column_id", "column__name").distinct())
    records = published.only(
        "id", "organization_id", "column_id", "title", "doc_number", "keywords", "summary", "body", "genre"
    ).order_by()
    n = 0
    for record in records.iterator(chunk_size=2000):
        n += 1
        words = lists[record.organization_id]
        context = " ".join(
            filter(
                None,
                [
                    record.title,
                    columns.get(record.column_id, ""),
                    "公示" if record.genre == Genre.PUBLICITY else "",
                ],
            )
        )
        # The short fields are scanned as one text (one pass of each check instead of four); each
        # finding is placed back in its field by its offset.
        named = (
            ("信息名称", record.title),
            ("文号", record.doc_number),
            ("关键词", record.keywords),
            ("内容概述", record.summary),
        )
        fields = [(w, t) for w, t in named if t]
        if fields:
            joined = "\n\n".join(t[:limit] for _w, t in fields)
            ends, pos = [], 0
            for w, t in fields:
                pos += len(t[:limit]) + 2
                ends.append((pos, w))
            for f in _content_findings("", joined, words, context, record.organization_id, record.pk):
                f.where = next(w for end, w in ends if f.start < end)
                found.append(f)
        body = record.body or ""
        if body:
            found += _content_findings(
                "正文",
                strip_tags(body[:limit]),
                words,
                context,
                record.organization_id,
                record.pk,
                html=body[:limit],
            )
            for url in links.links_in_html(body):
                _collect(url, record, "正文", links_seen, external_seen)
    counts["records_scanned"] = n
    attachments = (
        Attachment.objects.filter(record__in=published)
        .values_list(
            "id", "record_id", "record__organization_id", "original_name", "text", "file", "record__title"
        )
        .order_by()
    )
    storage = Attachment._meta.get_field("file").storage
    a = 0
    for _att_id, record_id, org_id, name, text, file_name, title in attachments.iterator(chunk_size=500):
        a += 1
        where = f"附件“{name}”"
        if not file_name or not storage.exists(file_name):
            found.append(
                SelfFinding(
                    BROKEN_LINK,
                    Severity.DEDUCT,
                    org_id,
                    _("附件文件缺失，公众无法下载"),
                    where=where,
                    text=name[:300],
                    suggestion=_("重新上传附件"),
                    record_id=record_id,
                )
            )
        if text:
            found += _content_findings(where, text[:limit], lists[org_id], title, org_id, record_id)
            ref = _Ref(record_id, org_id)
            for url in links.links_in_text(text[:limit]):
                _collect(url, ref, where, links_seen, external_seen)
    counts["attachments_scanned"] = a
    return found


@dataclass
class _Ref:
    pk: int
    organization_id: int


def _collect(url, record, where, links_seen, external_seen):
    kind, target = links.classify(url)
    if kind == "internal":
        links_seen.setdefault(target, LinkUse(record.organization_id, record.pk, where))
    elif kind == "external":
        external_seen.setdefault(
            (record.organization_id, target), LinkUse(record.organization_id, record.pk, where)
        )


def link_findings(links_seen, external_seen, counts, *, check_external: bool) -> list[SelfFinding]:
    found: list[SelfFinding] = []
    checker = links.InternalChecker(
        limit=int(setting("GONGKAI_INSPECT_MAX_LINKS", 5000)),
        slow_seconds=float(setting("GONGKAI_INSPECT_SLOW_SECONDS", 3.0)),
        fail_seconds=PAGE_FAIL_SECONDS,
    )
    for path, use in links_seen.items():
        result = checker.check(path)
        if result is None or result.ok:
            continue
        found.append(
            SelfFinding(
                BROKEN_LINK,
                Severity.DEDUCT,
                use.organization_id,
                _("站内链接无法打开：%(why)s") % {"why": result.reason},
                where=use.where,
                text=path[:300],
                suggestion=_("改正或删除该链接"),
                record_id=use.record_id,
                url=path[:500],
            )
        )
    counts["internal_links"] = len(links_seen)
    counts["internal_links_checked"] = len(checker.cache)
    counts["internal_links_unchecked"] = checker.skipped
    counts["external_links"] = len(external_seen)
    budget = int(setting("GONGKAI_INSPECT_MAX_EXTERNAL", 200))
    deadline = float(setting("GONGKAI_INSPECT_EXTERNAL_SECONDS", 5.0))
    checked = 0
    results: dict[str, links.LinkResult] = {}
    for (org_id, url), use in external_seen.items():
        if check_external and (url in results or checked < budget):
            if url not in results:
                checked += 1
                results[url] = links.check_external(url, deadline_seconds=deadline)
            result = results[url]
            if result.ok:
                continue
            found.append(
                SelfFinding(
                    BROKEN_LINK,
                    Severity.DEDUCT,
                    org_id,
                    result.reason,
                    where=use.where,
                    text=url[:300],
                    suggestion=_("改正或删除该链接"),
                    record_id=use.record_id,
                    url=url[:500],
                )
            )
        else:
            found.append(
                SelfFinding(
                    EXTERNAL_LINK,
                    Severity.HINT,
                    org_id,
                    _("外部链接已记录，未检查可用性")
                    if not check_external
                    else _("超出本次外部链接检查数量，未检查"),
                    where=use.where,
                    text=url[:300],
                    suggestion=_("核实链接可用且应当链接"),
                    record_id=use.record_id,
                    url=url[:500],
                )
            )
    counts["external_links_checked"] = checked
    return found


def page_findings(orgs, counts) -> list[SelfFinding]:
    """Each organ's platform, guide and record list and its latest record pages, timed."""
    from gongkai.disclosure.models import Record

    per_organ = int(setting("GONGKAI_INSPECT_RECORD_PAGES", 2))
    slow = float(setting("GONGKAI_INSPECT_SLOW_SECONDS", 3.0))
    checker = links.InternalChecker(
        limit=int(setting("GONGKAI_INSPECT_MAX_PAGES", 2000)),
        slow_seconds=slow,
        fail_seconds=PAGE_FAIL_SECONDS,
    )
    found: list[SelfFinding] = []
    tried = failed = 0
    for org in orgs:
        pages = [
            (_("公开平台首页"), reverse("portal:platform", kwargs={"org": org.slug}), None),
            (_("政府信息公开指南"), reverse("portal:guide", kwargs={"org": org.slug}), None),
            (_("信息列表"), reverse("portal:records", kwargs={"org": org.slug}), None),
        ]
        for record in (
            Record.objects.published().filter(organization=org).order_by("-published_at")[:per_organ]
        ):
            pages.append(
                (
                    record.title[:60],
                    reverse("portal:record", kwargs={"org": org.slug, "key": record.public_key}),
                    record.pk,
                )
            )
        for label, path, record_id in pages:
            result = checker.check(path)
            if result is None:
                continue
            tried += 1
            if not result.ok:
                failed += 1
                found.append(
                    SelfFinding(
                        PAGE_FAILED,
                        Severity.DEDUCT,
                        org.pk,
                        result.reason,
                        where=label,
                        text=path,
                        url=path,
                        record_id=record_id,
                    )
                )
            elif result.seconds > slow:
                found.append(
                    SelfFinding(
                        PAGE_SLOW,
                        Severity.DEDUCT,
                        org.pk,
                        _("页面生成用时%(s).1f秒（超过%(limit).0f秒）")
                        % {"s": result.seconds, "limit": slow},
                        where=label,
                        text=path,
                        url=path,
                        record_id=record_id,
                    )
                )
    counts["pages_checked"], counts["pages_failed"] = tried, failed
    return found


# --- Timeliness: 第二十六条 and 解读 ----------------------------------------------------------------


def _working_days_over(start: date, end: date, limit: int, calendar) -> int | None:
    """Working days from ``start`` to ``end`` when over ``limit``, else None. Spans far beyond the
    limit are not counted day by day (a 20-working-day window never spans more than 45 calendar
    days, even over 春节 and 国庆 with their 调休); the calendar-day span is returned negated."""
    from gongkai.workdays.rules import working_days_between

    span = (end - start).days
    if span <= limit:
        return None
    if span > limit * 3:
        return -span
    days = working_days_between(start, end, calendar)
    return days if days > limit else None


def timeliness_findings(orgs) -> list[SelfFinding]:
    from gongkai.disclosure.models import Genre, Record
    from gongkai.inspection.models import CheckRun, Stage
    from gongkai.workdays.selectors import current_calendar

    calendar = current_calendar()
    org_ids = [o.pk for o in orgs]
    published = Record.objects.published().filter(organization_id__in=org_ids)
    found: list[SelfFinding] = []
    explained = set(
        CheckRun.objects.filter(stage=Stage.PUBLISH, record__in=published)
        .exclude(release_reason="")
        .values_list("record_id", flat=True)
    )
    rows = published.filter(written_on__isnull=False).values_list(
        "id", "organization_id", "title", "written_on", "published_at"
    )
    for pk, org_id, title, written_on, published_at in rows.iterator(chunk_size=5000):
        days = _working_days_over(
            written_on, timezone.localtime(published_at).date(), engine.ARTICLE_26_LIMIT, calendar
        )
        if days is None:
            continue
        span = _("相隔%(d)d个工作日") % {"d": days} if days > 0 else _("相隔%(d)d个自然日") % {"d": -days}
        stated = pk in explained
        found.append(
            SelfFinding(
                ARTICLE_26,
                Severity.HINT if stated else Severity.DEDUCT,
                org_id,
                _(
                    "《政府信息公开条例》第二十六条：应自形成之日起20个工作日内公开，成文%(w)s、发布%(p)s，%(span)s"
                )
                % {
                    "w": written_on.isoformat(),
                    "p": timezone.localtime(published_at).date().isoformat(),
                    "span": span,
                }
                + (_("；发布时已说明理由") if stated else ""),
                where=_("发布日期"),
                text=title[:300],
                suggestion="" if stated else _("说明延迟公开的理由；今后在20个工作日内公开"),
                record_id=pk,
            )
        )
    policies = published.filter(genre__in=[Genre.NORMATIVE, Genre.RULE])
    interpretations = defaultdict(list)
    for policy_id, at in published.filter(genre=Genre.INTERPRETATION, policy__isnull=False).values_list(
        "policy_id", "published_at"
    ):
        interpretations[policy_id].append(at)
    for pk, org_id, title, published_at in policies.values_list(
        "id", "organization_id", "title", "published_at"
    ):
        explaining = interpretations.get(pk)
        if not explaining:
            found.append(
                SelfFinding(
                    INTERPRETATION,
                    Severity.DEDUCT,
                    org_id,
                    _("规章、规范性文件已发布，未发布与其关联的政策解读（三同步）"),
                    where=_("政策解读"),
                    text=title[:300],
                    suggestion=_("起草并发布政策解读，关联本文件"),
                    record_id=pk,
                )
            )
            continue
        first = timezone.localtime(min(explaining)).date()
        late = _working_days_over(
            timezone.localtime(published_at).date(), first, INTERPRETATION_DAYS, calendar
        )
        if late is not None:
            found.append(
                SelfFinding(
                    INTERPRETATION_LATE,
                    Severity.HINT,
                    org_id,
                    _("政策解读晚于文件发布超过%(n)d个工作日（%(d)s），未做到同步发布")
                    % {"n": INTERPRETATION_DAYS, "d": first.isoformat()},
                    where=_("政策解读"),
                    text=title[:300],
                    record_id=pk,
                )
            )
    return found


# --- 基层政务公开标准目录 coverage ------------------------------------------------------------------


def catalogue_findings(orgs, now=None) -> list[SelfFinding]:
    """Each item of a 基层 organ's published 标准目录 that is 超期, 无内容, or whose 公开时限 cannot
    be read (国办发〔2019〕54号; issue 14). Hints only: no deduction and no veto (the 19号 tables do
    not score the catalogue)."""
    from gongkai.catalog import standard_selectors, timelimits

    today = timezone.localdate(now) if now is not None else timezone.localdate()
    found: list[SelfFinding] = []
    for org in standard_selectors.base_level_orgs(orgs):
        url = reverse("portal:catalogue", args=[org.slug])
        for row in standard_selectors.coverage(org, today=today):
            item = row.item
            if row.status == timelimits.OVERDUE:
                indicator = CATALOGUE_OVERDUE
                if row.judgement.due is not None:
                    reason = _("按公开时限「%(limit)s」，下次发布应在%(due)s前，最近一次发布在%(last)s") % {
                        "limit": item.time_limit,
                        "due": row.judgement.due.isoformat(),
                        "last": row.last_published.isoformat() if row.last_published else "—",
                    }
                else:
                    reason = _("按公开时限「%(limit)s」，最近%(n)d条中%(late)d条晚于时限发布") % {
                        "limit": item.time_limit,
                        "n": row.judgement.judged,
                        "late": row.judgement.late,
                    }
            elif row.status == timelimits.NO_CONTENT:
                indicator = CATALOGUE_EMPTY
                reason = (
                    _("关联栏目「%(c)s」中没有已公开的信息") % {"c": item.column.name}
                    if item.column_id
                    else _("事项未关联发布栏目")
                )
            elif row.status == timelimits.UNKNOWN:
                indicator = CATALOGUE_UNREADABLE
                reason = _("公开时限「%(limit)s」无法识别，未判断是否按时") % {
                    "limit": item.time_limit or "（空）"
                }
            else:
                continue
            found.append(
                SelfFinding(
                    indicator,
                    Severity.HINT,
                    org.pk,
                    reason,
                    where=_("标准目录：%(domain)s领域") % {"domain": item.domain_name},
                    text=item.name[:300],
                    suggestion=str(RESPONSIBLE[indicator]),
                    column_id=item.column_id,
                    url=f"{url}#item-{item.key}",
                )
            )
    return found


# --- Places other features fill -------------------------------------------------------------------


def served_differs_findings(orgs) -> list[SelfFinding]:
    """防篡改 (issue 13 item 4): pages and files served that differ from what was published.

    Each published record's page (through the real view) and files are compared with the hashes
    sealed in the audit chain at publication (``disclosure.integrity``, ADR 0032). A difference is a
    单项否决 (19号: 安全攻击（篡改）未及时处置); a record published before sealing existed is a hint, for
    the operator to take today's page as its reference (``gongkai verify-published --seal-missing``).
    """
    from gongkai.disclosure import integrity

    served = int(setting("GONGKAI_INSPECT_SERVED_PAGES", SERVED_PAGES))
    pages = integrity.request_handler()  # middleware loaded once for every organ of the run
    found = []
    for org in orgs:
        for tamper in integrity.verify_published(org, served=served, pages=pages):
            unsealed = tamper.what == integrity.UNSEALED
            text = "、".join(tamper.suspicious) or tamper.title
            found.append(
                SelfFinding(
                    SERVED_DIFFERS,
                    Severity.HINT if unsealed else Severity.VETO,
                    tamper.organization_id,
                    tamper.reason,
                    where=tamper.where or tamper.index_number,
                    text=text[:300],
                    record_id=tamper.record_id,
                    url=tamper.url,
                )
            )
    return found


SERVED_DIFFERS_WIRED = True


def interaction_findings(orgs, now) -> list[SelfFinding]:
    """互动回应差 (国办秘函〔2019〕19号, 单项否决): in the year before the check, a 政策咨询 left
    unanswered for more than 3 months — still open, or answered only after that — is a veto for
    the organ answering it; an open one past its answer limit but not yet 3 months old deducts.
    (The indicator's other ground, no working 互动 channel, cannot arise: every organ has one here.)
    依申请公开's statutory clock is checked by its own module."""
    from gongkai.participation.models import OPEN_QUESTION_STATUSES, Question, QuestionStatus
    from gongkai.participation.questions import rules
    from gongkai.workdays.selectors import current_calendar

    today = timezone.localtime(now).date()
    calendar = current_calendar()
    found = []
    open_ones = Question.objects.filter(
        organization_id__in=[o.pk for o in orgs], status__in=OPEN_QUESTION_STATUSES
    ).only("id", "organization_id", "number", "title", "received_on", "answer_days")
    for q in open_ones:
        url = reverse("workbench:question_detail", args=[q.pk])
        if rules.is_unanswered_too_long(q.received_on, today):
            found.append(
                SelfFinding(
                    INTERACTION,
                    Severity.VETO,
                    q.organization_id,
                    _("政策咨询%(n)s于%(d)s收到，超过3个月未答复")
                    % {"n": q.number, "d": q.received_on.isoformat()},
                    where=_("政策咨询"),
                    text=q.number,
                    suggestion=_("立即答复"),
                    url=url,
                )
            )
            continue
        clock = rules.clock(q.received_on, q.answer_days, today=today, calendar=calendar)
        if clock.state == "overdue":
            found.append(
                SelfFinding(
                    INTERACTION,
                    Severity.DEDUCT,
                    q.organization_id,
                    _("政策咨询%(n)s超过答复期限（%(d)s）未答复")
                    % {"n": q.number, "d": clock.due_on.isoformat()},
                    where=_("政策咨询"),
                    text=q.number,
                    suggestion=_("尽快答复"),
                    url=url,
                )
            )
    # 19号: the year before the check counts; a message answered only after 3 months was
    # "unanswered > 3 months" too.
    year_ago = rules.months_before(today, 12)
    late = Question.objects.filter(
        organization_id__in=[o.pk for o in orgs],
        status__in=[QuestionStatus.ANSWERED, QuestionStatus.PUBLISHED],
        received_on__gte=year_ago,
    ).select_related("answer")
    for q in late:
        if rules.is_unanswered_too_long(q.received_on, q.answer.answered_on):
            found.append(
                SelfFinding(
                    INTERACTION,
                    Severity.VETO,
                    q.organization_id,
                    _("政策咨询%(n)s于%(d)s收到，%(a)s才答复，超过3个月")
                    % {"n": q.number, "d": q.received_on.isoformat(), "a": q.answer.answered_on.isoformat()},
                    where=_("政策咨询"),
                    text=q.number,
                    suggestion=_("今后在答复期限内答复"),
                    url=reverse("workbench:question_detail", args=[q.pk]),
                )
            )
    return found


def topic_column_findings(orgs, now) -> list[SelfFinding]:
    """专题专栏 count toward the update periods like any column (issue 15 item 3): an active one in
    its period with nothing new within its update period is a 栏目不更新 finding of its organ."""
    from gongkai.catalog import topics
    from gongkai.catalog.models import TopicColumn

    today = timezone.localtime(now).date()
    found = []
    for column in TopicColumn.objects.filter(organization_id__in=[o.pk for o in orgs], is_active=True):
        days = topics.update_period(column)
        if (
            not days
            or (column.starts_on and column.starts_on > today)
            or (column.ends_on and column.ends_on < today)
        ):
            continue
        last = topics.last_update(column)
        idle = (now - last).days if last else None
        if idle is None or idle > days:
            found.append(
                SelfFinding(
                    STALE_COLUMN,
                    Severity.DEDUCT,
                    column.organization_id,
                    _("专题专栏应在%(days)d天内更新，%(what)s")
                    % {
                        "days": days,
                        "what": _("尚无信息")
                        if last is None
                        else _("最近一条信息在%(idle)d天前") % {"idle": idle},
                    },
                    where=_("专题专栏：%(name)s") % {"name": column.name},
                    text="topic",
                    suggestion=_("补充本专栏信息，或调整专栏的收录规则、期间或更新周期"),
                    url=reverse("workbench:topic_edit", args=[column.pk]),
                )
            )
    return found


# --- Scores ---------------------------------------------------------------------------------------


def _vetoes(org_id, findings, counts_pages) -> list[dict]:
    by = defaultdict(list)
    for f in findings:
        by[f.indicator].append(f)
    vetoes = []
    if by[SERIOUS_WORDING]:
        vetoes.append(
            {
                "indicator": SERIOUS_WORDING,
                "reason": _("出现严重表述错误%(n)d处") % {"n": len(by[SERIOUS_WORDING])},
            }
        )
    unanswered = [f for f in by[INTERACTION] if f.severity == Severity.VETO]
    if unanswered:
        vetoes.append(
            {
                "indicator": INTERACTION,
                "reason": _("政策咨询超过3个月未答复%(n)d件") % {"n": len(unanswered)},
            }
        )
    injected = [f for f in by[INJECTED] if f.severity == Severity.VETO]
    if injected:
        vetoes.append(
            {
                "indicator": INJECTED,
                "reason": _("发现植入的博彩、色情等内容或脚本%(n)d处") % {"n": len(injected)},
            }
        )
    served = [f for f in by[SERVED_DIFFERS] if f.severity == Severity.VETO]
    if served:
        vetoes.append(
            {"indicator": SERVED_DIFFERS, "reason": _("网页内容被篡改%(n)d处") % {"n": len(served)}}
        )
    stale = by[STALE_COLUMN]
    news_notice = sum(1 for f in stale if f.text in ("news", "notice"))
    if news_notice >= VETO_STALE_NEWS_AND_NOTICES:
        vetoes.append(
            {
                "indicator": STALE_COLUMN,
                "reason": _("动态、要闻类栏目2周未更新与通知公告、政策文件类栏目6个月未更新合计%(n)d个（≥5）")
                % {"n": news_notice},
            }
        )
    elif len(stale) >= VETO_STALE_ANY:
        vetoes.append(
            {"indicator": STALE_COLUMN, "reason": _("应更新未更新的栏目%(n)d个（≥10）") % {"n": len(stale)}}
        )
    if len(by[EMPTY_COLUMN]) >= VETO_EMPTY:
        vetoes.append(
            {"indicator": EMPTY_COLUMN, "reason": _("空白栏目%(n)d个（≥5）") % {"n": len(by[EMPTY_COLUMN])}}
        )
    tried, failed = counts_pages
    if tried and failed / tried >= VETO_PAGE_FAILURE_SHARE:
        vetoes.append(
            {
                "indicator": PAGE_FAILED,
                "reason": _("本次检查的%(t)d个页面中%(f)d个无法打开（≥5%%）") % {"t": tried, "f": failed},
            }
        )
    return vetoes


def _score(findings, vetoes) -> tuple[Decimal, dict[str, str]]:
    points: dict[str, Decimal] = defaultdict(Decimal)
    for f in findings:
        if f.severity != Severity.DEDUCT:
            continue
        _name, each, cap = INDICATORS[f.indicator]
        points[f.indicator] = min(cap, points[f.indicator] + each)
    deductions = {k: str(v) for k, v in points.items() if v}
    if vetoes:  # 单项否决: 不合格, nothing else is scored
        return Decimal(0), deductions
    return Decimal(100) - sum(points.values(), Decimal(0)), deductions


def inspect(orgs, *, check_external: bool | None = None, now=None, site: bool = False) -> Report:
    """Measure every organ in ``orgs`` (a list or queryset of organs); saves nothing. ``now`` is the
    check point the update periods count back from (default: this moment). ``site``: ``orgs`` is
    the whole installation, so the portal's own home page is checked too (「首页不更新」)."""
    orgs = list(orgs)
    now = now or timezone.now()
    if check_external is None:
        check_external = bool(setting("GONGKAI_INSPECT_EXTERNAL_LINKS", False))
    started = timezone.now()
    clock = time.perf_counter()
    counts: dict = {"organizations": len(orgs)}
    links_seen: dict[str, LinkUse] = {}
    external_seen: dict[tuple, LinkUse] = {}
    findings = column_findings(orgs, now)
    newest = newest_publications(orgs)
    findings += home_findings(orgs, now, newest)
    findings += topic_column_findings(orgs, now)
    findings += content_findings(orgs, links_seen, external_seen, counts)
    findings += link_findings(links_seen, external_seen, counts, check_external=check_external)
    # Page checks per organ, so the 5 % share is each organ's own.
    page_counts = {}
    for done, org in enumerate(orgs):
        progress.report(done, len(orgs), org.name)  # the job runner shows it (ADR 0044)
        findings += page_findings([org], counts)
        page_counts[org.pk] = (counts.pop("pages_checked"), counts.pop("pages_failed"))
    findings += timeliness_findings(orgs)
    findings += served_differs_findings(orgs)
    findings += catalogue_findings(orgs, now)
    findings += interaction_findings(orgs, now)
    counts["pages_checked"] = sum(t for t, _f in page_counts.values())
    counts["pages_failed"] = sum(f for _t, f in page_counts.values())
    not_measured = []
    if not SERVED_DIFFERS_WIRED:
        not_measured.append(
            {
                "indicator": SERVED_DIFFERS,
                "name": INDICATORS[SERVED_DIFFERS][0],
                "reason": "防篡改比对尚未接入自查。",
            }
        )
    if not check_external and external_seen:
        not_measured.append(
            {
                "indicator": EXTERNAL_LINK,
                "name": "外部链接可用性",
                "reason": f"外部链接{len(external_seen)}条已记录，"
                "未开启外部链接检查（GONGKAI_INSPECT_EXTERNAL_LINKS）。",
            }
        )
    by_org = defaultdict(list)
    for f in findings:
        by_org[f.organization_id].append(f)
    scores: dict[int | None, OrganScore] = {}
    for org in orgs:
        vetoes = _vetoes(org.pk, by_org[org.pk], page_counts.get(org.pk, (0, 0)))
        score, deductions = _score(by_org[org.pk], vetoes)
        scores[org.pk] = OrganScore(org.pk, score, vetoes, deductions)
    # The installation: each organ's site is checked on its own (19号 checks each 政府网站); the
    # installation's score is their mean and it carries every organ's vetoes, naming the organ.
    names = {o.pk: o.name for o in orgs}
    all_vetoes = [{**v, "organization": names[pk]} for pk, s in scores.items() for v in s.vetoes]
    home_veto = site_home_veto(now, newest) if site else None
    if home_veto:
        all_vetoes.insert(
            0, {**home_veto, "organization": str(setting("GONGKAI_INSTALLATION_NAME", _("本网站")))}
        )
    mean = (sum((s.score for s in scores.values()), Decimal(0)) / len(scores)) if scores else Decimal(100)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for s in scores.values():
        for k, v in s.deductions.items():
            totals[k] += Decimal(v)
    if home_veto:  # 单项否决: the website is 不合格 whatever its organs score
        mean = Decimal(0)
    scores[None] = OrganScore(
        None, mean.quantize(Decimal("0.1")), all_vetoes, {k: str(v) for k, v in totals.items()}
    )
    counts["seconds"] = round(time.perf_counter() - clock, 1)
    return Report(started, timezone.now(), scores, findings, not_measured, counts)


# --- Storing and showing --------------------------------------------------------------------------


def save_report(report: Report, *, scope=None, trigger: str = "command"):
    from gongkai.inspection.models import InspectionFinding, InspectionRun, InspectionScore

    top = report.scores[scope.pk] if scope is not None else report.installation
    max_rows = int(setting("GONGKAI_INSPECT_MAX_FINDINGS", 20000))
    counts = {
        **report.counts,
        "findings": len(report.findings),
        "findings_stored": min(len(report.findings), max_rows),
    }
    run = InspectionRun.objects.create(
        organization=scope,
        started_at=report.started_at,
        finished_at=report.finished_at,
        score=top.score,
        vetoes=top.vetoes,
        not_measured=report.not_measured,
        counts=counts,
        trigger=trigger,
    )
    InspectionScore.objects.bulk_create(
        InspectionScore(
            run=run,
            organization_id=s.organization_id,
            score=s.score,
            vetoes=s.vetoes,
            deductions=s.deductions,
        )
        for s in report.scores.values()
    )
    order = {Severity.VETO: 0, Severity.DEDUCT: 1, Severity.HINT: 2}
    kept = sorted(report.findings, key=lambda f: order[f.severity])[:max_rows]
    InspectionFinding.objects.bulk_create(
        (
            InspectionFinding(
                run=run,
                organization_id=f.organization_id,
                indicator=f.indicator,
                severity=f.severity,
                column_id=f.column_id,
                record_id=f.record_id,
                url=f.url[:500],
                where=f.where[:200],
                text=f.text[:300],
                reason=f.reason,
                suggestion=f.suggestion[:300],
                responsible=str(RESPONSIBLE.get(f.indicator, ""))[:100],
            )
            for f in kept
        ),
        batch_size=1000,
    )
    return run


def finding_as_dict(f: SelfFinding, names: dict[int, str]) -> dict:
    data = asdict(f)
    data.pop("start")
    data["indicator_name"] = INDICATORS.get(f.indicator, (f.indicator,))[0]
    data["organization"] = names.get(f.organization_id, "")
    data["responsible"] = str(RESPONSIBLE.get(f.indicator, ""))
    return data


def report_as_json(report: Report, *, scope=None) -> dict:
    from gongkai.orgs.models import Organization

    top = report.scores[scope.pk] if scope is not None else report.installation
    ids = {f.organization_id for f in report.findings} | {k for k in report.scores if k}
    names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    vetoes = (
        top.vetoes if scope is None else [{**v, "organization": names.get(scope.pk, "")} for v in top.vetoes]
    )
    return {
        "score": float(top.score),
        "vetoes": vetoes,
        "findings": [finding_as_dict(f, names) for f in report.findings],
    }


def organs_in_scope(scope=None):
    """Every active organ (the installation), or ``scope`` alone."""
    from gongkai.orgs.models import Organization

    if scope is not None:
        return [scope]
    return list(Organization.objects.filter(is_active=True).order_by("path"))


def run_and_save(scope=None, *, trigger: str = "command", check_external: bool | None = None):
    report = inspect(organs_in_scope(scope), check_external=check_external, site=scope is None)
    return report, save_report(report, scope=scope, trigger=trigger)


__all__ = [
    "INDICATORS",
    "Report",
    "SelfFinding",
    "inspect",
    "run_and_save",
    "save_report",
    "served_differs_findings",
]
