"""The footer lines and <meta> tags of 国办发〔2017〕47号《政府网站发展指引》 (docs/decisions/0035).

The 指引 asks every government site to show its 政府网站标识码 in the footer and in
`<meta name="SiteIDCode">`, beside SiteName, SiteDomain and the column and article tags, and its
footer to carry 主办/承办单位, the ICP备案号, the 公安机关备案号 and the 党政机关网站标识 linked to
its certificate. Values come from the installation's settings; an organ with its own 标识码 (a
部门网站 in the 指引's terms) is the 主办单位 of its own pages.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.disclosure.models import Genre, Status

register = template.Library()

# The 指引's four functions of a government site (第一部分): 信息发布、解读回应、办事服务、互动交流.
INFORMATION = "信息发布"
INTERPRETATION = "解读回应"
SERVICE = "办事服务"

SECTION_NAMES = {
    "home": "政府信息公开",
    "guide": "政府信息公开指南",
    "rules": "政府信息公开制度",
    "records": "法定主动公开内容",
    "annual_reports": "政府信息公开年报",
    "apply": "依申请公开",
}
VIEW_NAMES = {
    "portal:home": "首页",
    "portal:site_map": "网站地图",
    "search:search": "检索",
}


def site_info(org=None) -> dict:
    """The installation's footer values, with an organ's own 标识码 (and it as 主办单位) if it has one."""
    info = dict(settings.GONGKAI_SITE)
    info["name"] = settings.GONGKAI_INSTALLATION_NAME
    info["domain"] = urlsplit(settings.SITE_URL).hostname or ""
    if org is not None and getattr(org, "site_code", ""):
        info["site_code"] = org.site_code
        info["sponsor"] = org.name
    # The 公安机关备案号 links to its record by the number alone (e.g. 京公网安备11010502030143号).
    digits = re.search(r"\d{6,}", info.get("psb") or "")
    info["psb_url"] = f"https://beian.mps.gov.cn/#/query/webSearch?code={digits.group()}" if digits else ""
    return info


def _column(context) -> tuple[str, str]:
    record = context.get("record")
    if record is not None and getattr(record, "column", None) is not None:
        kind = INTERPRETATION if record.genre == Genre.INTERPRETATION else INFORMATION
        return record.column.name, kind
    filters = context.get("filters")
    if filters is not None and getattr(filters, "column", None) is not None:
        return filters.column.name, INFORMATION
    section = context.get("section")
    if section in SECTION_NAMES:
        return SECTION_NAMES[section], SERVICE if section == "apply" else INFORMATION
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    if view_name.startswith("portal:apply"):
        return SECTION_NAMES["apply"], SERVICE
    return VIEW_NAMES.get(view_name, context.get("column_name", "")), INFORMATION


def _article(context) -> dict | None:
    record = context.get("record")
    if record is not None and hasattr(record, "index_number"):
        if record.status != Status.PUBLISHED or record.published_at is None:
            return None
        return {"title": record.title, "date": record.published_at, "source": record.organization.name}
    report = context.get("report")
    if report is not None and getattr(report, "published_at", None):
        from gongkai.reports.documents import title_of

        title = title_of(report).replace("\n", "")
        return {"title": title, "date": report.published_at, "source": report.organization.name}
    return None


@register.inclusion_tag("portal/_site_meta.html", takes_context=True)
def site_meta(context):
    info = site_info(context.get("org"))
    column_name, column_type = _column(context)
    article = _article(context)
    if article:
        article["date"] = timezone.localtime(article["date"]).strftime("%Y-%m-%d %H:%M")
    return {"site": info, "column_name": column_name, "column_type": column_type, "article": article}


@register.inclusion_tag("portal/_site_footer.html", takes_context=True)
def site_footer(context):
    return {"site": site_info(context.get("org")), "gov_label": _("党政机关网站标识")}
