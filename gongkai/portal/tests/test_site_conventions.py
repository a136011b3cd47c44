"""Footer lines, <meta> tags and the HTML 网站地图 of 国办发〔2017〕47号《政府网站发展指引》 (ADR 0035)."""

import random
import re
from datetime import date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.catalog.models import Column, Section
from gongkai.orgs.models import Level
from gongkai.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

SITE = {
    "sponsor": "示范市人民政府办公室",
    "operator": "示范市大数据中心",
    "site_code": "6500000001",
    "icp": "新ICP备12345678号",
    "psb": "新公网安备65010202000123号",
    "conac_url": "https://bszs.conac.cn/sitename?method=show&id=ABC123",
}


@pytest.fixture
def site(settings):
    settings.GONGKAI_SITE = dict(SITE)
    settings.GONGKAI_INSTALLATION_NAME = "示范市政务公开平台"
    settings.SITE_URL = "https://www.shifan.gov.cn"
    return settings


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.footer_links: list[str] = []
        self._in_footer = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "name" in a:
            self.meta.setdefault(a["name"], []).append(a.get("content", ""))
        if tag == "footer":
            self._in_footer = True
        if tag == "a" and self._in_footer:
            self.footer_links.append(a.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "footer":
            self._in_footer = False


def parse(response) -> _Meta:
    assert response.status_code == 200
    parser = _Meta()
    parser.feed(response.content.decode())
    return parser


def footer(response) -> str:
    body = response.content.decode()
    return re.sub(r"<[^>]+>", "", body[body.index("<footer") :])


def test_the_footer_carries_every_line_the_installation_sets(client, site, two_orgs):
    response = client.get("/")
    text = footer(response)
    assert "主办单位：示范市人民政府办公室" in text
    assert "承办单位：示范市大数据中心" in text
    assert "网站标识码：6500000001" in text
    assert "新ICP备12345678号" in text
    assert "新公网安备65010202000123号" in text
    assert "党政机关网站标识" in text
    links = parse(response).footer_links
    assert "https://beian.miit.gov.cn/" in links
    assert "https://beian.mps.gov.cn/#/query/webSearch?code=65010202000123" in links
    assert SITE["conac_url"] in links


def test_unset_lines_are_not_shown(client, settings, two_orgs):
    settings.GONGKAI_SITE = {**{k: "" for k in SITE}, "sponsor": "示范市人民政府办公室"}
    text = footer(client.get("/"))
    assert "主办单位" in text
    for absent in ("承办单位", "网站标识码", "ICP", "公网安备", "党政机关网站标识"):
        assert absent not in text
    assert "SiteIDCode" not in client.get("/").content.decode()


def test_an_organ_with_its_own_site_code_is_the_sponsor_of_its_pages(client, site, two_orgs):
    two_orgs.gov_b.site_code = "6523020001"
    two_orgs.gov_b.save()
    own = client.get(reverse("portal:guide", kwargs={"org": "yi"}))
    assert "主办单位：乙县人民政府" in footer(own)
    assert "网站标识码：6523020001" in footer(own)
    assert parse(own).meta["SiteIDCode"] == ["6523020001"]
    # The installation's 备案 lines stay; an organ without a code shows the installation's.
    assert "新ICP备12345678号" in footer(own)
    other = client.get(reverse("portal:guide", kwargs={"org": "jia"}))
    assert parse(other).meta["SiteIDCode"] == ["6500000001"]
    assert "主办单位：示范市人民政府办公室" in footer(other)


@pytest.mark.parametrize(
    ("url", "column_name", "column_type"),
    [
        ("/", "首页", "信息发布"),
        ("/sitemap/", "网站地图", "信息发布"),
        ("/search/?q=通知", "检索", "信息发布"),
        ("/org/jia/", "政府信息公开", "信息发布"),
        ("/org/jia/guide/", "政府信息公开指南", "信息发布"),
        ("/org/jia/rules/", "政府信息公开制度", "信息发布"),
        ("/org/jia/records/", "法定主动公开内容", "信息发布"),
        ("/org/jia/annual-reports/", "政府信息公开年报", "信息发布"),
        ("/org/jia/apply/", "依申请公开", "办事服务"),
        ("/org/jia/apply/track/", "依申请公开", "办事服务"),
    ],
)
def test_every_public_page_has_the_site_and_column_tags(
    client, site, two_orgs, url, column_name, column_type
):
    meta = parse(client.get(url)).meta
    assert meta["SiteName"] == ["示范市政务公开平台"]
    assert meta["SiteDomain"] == ["www.shifan.gov.cn"]
    assert meta["SiteIDCode"] == ["6500000001"]
    assert meta["ColumnName"] == [column_name]
    assert meta["ColumnType"] == [column_type]
    assert "ArticleTitle" not in meta


def test_a_column_list_names_its_column(client, site, two_orgs):
    column = Column.objects.for_org(two_orgs.gov_a).proactive().applicable().first()
    meta = parse(client.get("/org/jia/records/", {"column": column.slug})).meta
    assert meta["ColumnName"] == [column.name]


def test_a_record_page_has_the_article_tags_in_local_time(client, site, two_orgs, publish):
    at = datetime(2025, 3, 4, 1, 30, tzinfo=ZoneInfo("UTC"))  # 09:30 in Beijing
    record = publish(two_orgs.draft(two_orgs.gov_a, title="关于公布2025年重点民生实事的通知"), at=at)
    meta = parse(client.get(record.get_absolute_url())).meta
    assert meta["ArticleTitle"] == ["关于公布2025年重点民生实事的通知"]
    assert meta["PubDate"] == ["2025-03-04 09:30"]
    assert meta["ContentSource"] == ["甲市人民政府"]
    assert meta["ColumnName"] == [record.column.name]
    assert meta["ColumnType"] == ["信息发布"]


def test_a_withdrawn_record_has_no_article_tags(client, site, two_orgs, publish):
    from gongkai.disclosure.models import Status

    record = publish(two_orgs.draft(two_orgs.gov_a, title="将要撤回的通知"))
    record = two_orgs.advance(record, Status.WITHDRAWN)
    assert record.status == Status.WITHDRAWN
    response = client.get(record.get_absolute_url())
    meta = parse(response).meta
    assert "ArticleTitle" not in meta
    assert "将要撤回的通知" not in str(meta)


def test_a_published_annual_report_has_the_article_tags(client, site, two_orgs):
    from gongkai.demo.reports import finished_texts
    from gongkai.reports import services

    org = two_orgs.gov_a
    admin = two_orgs.staff(org, Role.COMPETENT_ADMIN)
    report = services.prepare(org=org, actor=admin, year=2025)
    report = services.update_texts(report=report, actor=admin, **finished_texts(report, random.Random(1)))
    services.lock(report=report, actor=admin)
    report.refresh_from_db()
    services.publish(report=report, actor=two_orgs.staff(org, Role.HEAD), override_reason="已核实")
    report.refresh_from_db()
    meta = parse(client.get(reverse("portal:annual_report", kwargs={"org": "jia", "year": 2025}))).meta
    assert meta["ArticleTitle"] == ["甲市人民政府2025年政府信息公开工作年度报告"]
    assert meta["ContentSource"] == ["甲市人民政府"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", meta["PubDate"][0])
    assert date.fromisoformat(meta["PubDate"][0][:10]).year >= 2025


def test_the_workbench_has_no_portal_tags(client, site):
    body = client.get("/workbench/login/").content.decode()
    assert "SiteIDCode" not in body


def test_the_footer_opens_the_html_site_map_and_the_xml_stays_for_crawlers(client, site, two_orgs):
    links = parse(client.get("/")).footer_links
    assert "/sitemap/" in links
    assert "/sitemap.xml" not in links
    xml = client.get("/sitemap.xml")
    assert xml.status_code == 200
    assert b"<sitemapindex" in xml.content  # an index of parts (ADR 0047)


def test_the_site_map_folds_organs_by_level_with_their_columns(client, site, two_orgs):
    town = OrganizationFactory(name="丙镇人民政府", slug="bing", level=Level.TOWNSHIP)
    town.is_active = True
    town.save()
    body = client.get("/sitemap/").content.decode()
    levels = re.findall(r"<summary><h2>([^<]+)<", body)
    assert levels == ["市级", "县级", "乡镇（街道）"]  # in Level order; levels without organs left out
    assert body.count("<details") == len(levels) + 4  # one per level and one per organ
    city = body[body.index("市级") : body.index("县级")]
    assert "甲市人民政府" in city
    assert "甲市发展和改革委员会" in city
    assert "乙县人民政府" not in city
    columns = Column.objects.for_org(two_orgs.gov_a).filter(
        section=Section.PROACTIVE, applies=True, parent=None
    )
    assert columns
    for column in columns:
        assert f"/org/jia/records/?column={column.slug}" in body
    assert 'href="/org/jia/"' in body
    homestead = "/org/bing/records/?column=homestead"
    assert homestead in body
    assert "/org/jia/records/?column=homestead" not in body


def test_an_inactive_organ_leaves_the_site_map(client, site, two_orgs):
    two_orgs.gov_b.is_active = False
    two_orgs.gov_b.save()
    body = client.get("/sitemap/").content.decode()
    assert "乙县人民政府" not in body
    assert "县级" not in body


def test_every_public_page_links_a_favicon_the_site_serves(client, two_orgs):
    """Issue 16: there was no favicon; browsers asked /favicon.ico and got the 404 page."""
    from xml.etree import ElementTree

    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    href = static("favicon.svg")
    for url in (reverse("portal:home"), reverse("portal:site_map"), reverse("search:search")):
        assert f'<link rel="icon" href="{href}" type="image/svg+xml">' in client.get(url).content.decode()
    path = finders.find("favicon.svg")
    assert path, "favicon.svg is not among the static files"
    assert ElementTree.parse(path).getroot().tag == "{http://www.w3.org/2000/svg}svg"
