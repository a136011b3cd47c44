"""axe-core on every public page template, at desktop width and on a 390 px phone (issue 16).

axe-core is the npm package pinned by package.json/package-lock.json (``make setup`` runs ``npm ci``);
it is injected from node_modules as an init script, so the pages keep their Content-Security-Policy
and nothing is fetched from the internet. A serious or critical violation fails the test (WCAG 2.1
AA, GB/T 37668—2019 第二级).
"""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from gongkai.accounts.models import Membership, Role, User
from gongkai.accounts.tests.factories import make_staff
from gongkai.catalog import standard_services as catalogue
from gongkai.catalog.models import Column, StandardCatalogItem
from gongkai.catalog.services import seed_statutory_columns
from gongkai.demo.reports import finished_texts
from gongkai.disclosure import services
from gongkai.info_requests.tests.factories import id_number
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Organization
from gongkai.orgs.services import update_organ_profile
from gongkai.participation import services_consultations as consultations
from gongkai.participation.models import PublicConsultation, Question
from gongkai.powers import services as powers
from gongkai.powers.tests.factories import real_bytes
from gongkai.reports import services as reports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = {"serious", "critical"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def site(search_index):
    org = Organization.objects.add_root(
        dict(
            name="阜康市人民政府",
            short_name="阜康市政府",
            slug="fukang",
            kind="government",
            level="county",
            credit_code=make_credit_code("11652302MB0000001"),
            office_name="阜康市人民政府办公室",
            address="阜康市博峰街1号",
            phone="0994-3221234",
        )
    )
    seed_statutory_columns(org=org)
    dept = Organization.objects.add_child(
        Organization.objects.get(pk=org.pk),
        dict(
            name="阜康市财政局",
            short_name="市财政局",
            slug="fukang-cz",
            kind="department",
            level="county",
            credit_code=make_credit_code("11652302MB0000002"),
        ),
    )
    seed_statutory_columns(org=dept)
    drafter = User.objects.create_user("fk_editor", password="Browser#2026x")
    clearer = User.objects.create_user("fk_clearer", password="Browser#2026y")
    approver = User.objects.create_user("fk_approver", password="Browser#2026z")
    Membership.objects.create(user=drafter, organization=org, role=Role.EDITOR)
    Membership.objects.create(user=clearer, organization=org, role=Role.CONFIDENTIALITY_REVIEWER)
    Membership.objects.create(user=approver, organization=org, role=Role.REVIEWER)
    record = services.create_record(
        org=org,
        actor=drafter,
        column=Column.objects.get(organization=org, slug="budgets"),
        title="阜康市2026年部门预算公开说明",
        doc_number="阜市财发〔2026〕5号",
        genre="budget",
        summary="2026年市本级部门预算及说明。",
        body="<p>根据《中华人民共和国预算法》，现将2026年部门预算公开如下。</p>",
    )
    for step, actor in (
        (services.submit_record, drafter),
        (services.pass_confidentiality_review, clearer),
        (services.approve_record, approver),
        (services.publish_record, approver),
    ):
        record = step(record=record, actor=actor)
    search_index()
    head = make_staff(org, Role.HEAD, username="fk_head")
    report = reports.prepare(org=org, actor=head, year=2025)
    report = reports.update_texts(report=report, actor=head, **finished_texts(report, random.Random(3)))
    report = reports.lock(report=report, actor=head)
    reports.publish(report=report, actor=head, override_reason="演示" if report.data["checks"] else "")
    # 政策咨询 and 专题专栏 (ADR 0037): a published question and a topic column.
    from gongkai.catalog.topics import save_topic_column
    from gongkai.participation.questions import services as questions

    asked = questions.ask_question(
        organization=org, title="部门预算在哪里查看", text="请问部门预算在哪个栏目？", consent_to_publish=True
    )
    questions.answer_question(question=asked, text="请在部门预算栏目查看。", actor=drafter)
    questions.publish_question(question=asked.__class__.objects.get(pk=asked.pk), actor=head)
    save_topic_column(
        org=org,
        actor=make_staff(org, Role.COMPETENT_ADMIN, username="fk_office"),
        data={"name": "预算公开", "slug": "yusuan", "position": 0, "keywords": "预算", "is_active": True},
    )
    # 意见征集 (ADR 0036), 权责清单 in two versions so the 调整记录 has a diff, 机构职能 (ADR 0039) and
    # the 标准目录 (ADR 0038): each public template of theirs is in the sweep too.
    consultations.open_consultation(
        org=org,
        actor=drafter,
        title="关于公开征求《阜康市城市停车管理办法（征求意见稿）》意见的公告",
        contact="阜康市人民政府办公室 0994-3221234",
        starts_on=timezone.localdate() - timedelta(days=2),
        draft_text="阜康市城市停车管理办法（征求意见稿）\n第一条 为加强城市停车管理，制定本办法。",
    )
    first = powers.import_list(
        org=org,
        actor=drafter,
        kind="powers",
        name="权责清单.xlsx",
        data=real_bytes("county-market-powers.xlsx"),
    )
    powers.submit_version(version=first, actor=drafter)
    powers.publish_version(version=first, actor=approver)
    second = powers.start_revision(org=org, actor=drafter, kind="powers", reason="机构改革后调整")
    powers.remove_item(item=second.items.get(name="消费者投诉举报处理"), actor=drafter)
    powers.submit_version(version=second, actor=drafter)
    powers.publish_version(version=second, actor=approver)
    update_organ_profile(
        org=org,
        actor=head,
        functions="负责本市行政区域内的政务公开等工作。",
        units=[{"name": "办公室", "functions": "负责日常运转。", "phone": "0994-3221235"}],
        leaders=[{"name": "李四", "post": "市长", "duties": "主持全面工作。"}],
    )
    version = catalogue.start_version(org=org, actor=drafter)
    catalogue.adopt_items(
        version=version,
        actor=drafter,
        items=list(StandardCatalogItem.objects.filter(domain_code="base-17")[:4]),
        column=record.column,
    )
    catalogue.submit_version(version=version, actor=drafter)
    catalogue.approve_version(version=version, actor=approver)
    search_index()
    return org, record


def public_pages(record) -> dict[str, str]:
    """Every public page template, by a name used in the failure message."""
    slug = record.organization.slug
    key = record.public_key
    return {
        "home": "/",
        "site map": "/sitemap/",
        "platform": f"/org/{slug}/",
        "guide": f"/org/{slug}/guide/",
        "rules": f"/org/{slug}/rules/",
        "standard catalogue": f"/org/{slug}/catalogue/",
        "standard catalogue, an item query": f"/org/{slug}/catalogue/?domain=base-17&q=%E6%8C%87%E5%8D%97",
        "records (catalogue)": f"/org/{slug}/records/",
        "records of a column": f"/org/{slug}/records/?column=budgets",
        "record": f"/org/{slug}/records/{key}/",
        "annual reports": f"/org/{slug}/annual-reports/",
        "annual report": f"/org/{slug}/annual-reports/2025/",
        "apply": f"/org/{slug}/apply/",
        "apply track": f"/org/{slug}/apply/track/",
        "search": "/search/?q=预算",
        "search, no result": "/search/?q=无此内容之检索词",
        "search, empty": "/search/",
        "not found": "/org/no-such-organ/",
        "questions": "/hudong/zixun/",
        "question": f"/hudong/zixun/{Question.objects.get().number}/",
        "ask a question": "/hudong/zixun/ask/",
        "topic columns": "/topics/",
        "topic column": "/topics/yusuan/",
        "consultations": "/hudong/zhengji/",
        "consultation": f"/hudong/zhengji/{PublicConsultation.objects.get().pk}/",
        "power list": f"/org/{slug}/lists/powers/",
        "power list, filtered": f"/org/{slug}/lists/powers/?category=penalty&q=%E9%A3%9F%E5%93%81",
        "power list, an earlier version": f"/org/{slug}/lists/powers/?version=1",
        "service list (none published)": f"/org/{slug}/lists/services/",
        "power list changes and diff": f"/org/{slug}/lists/powers/changes/",
        "power list diff, reversed": f"/org/{slug}/lists/powers/changes/?from=2&to=1",
        "organ profile": f"/org/{slug}/about/",
    }


# Public URL names the sweep does not render, each with the reason. Every other public URL name
# must be reached by public_pages() or form_states(), so a new public page joins the sweep.
NOT_PAGES = {
    "healthz": "a text probe for the load balancer",
    "robots_txt": "text for crawlers",
    "sitemap": "XML for crawlers (the HTML 网站地图 is site_map)",
    "sitemap_records": "XML for crawlers",
    "sitemap_section": "XML for crawlers",
    "portal:elder_mode": "sets a cookie and redirects back (test_the_switches_work_without_javascript…)",
    "portal:script": "sets a cookie and redirects back",
    "portal:language": "sets a cookie and redirects back",
    "portal:feed": "Atom XML",
    "portal:column_feed": "Atom XML",
    "portal:attachment": "a file download",
    "portal:apply_done": "redirects to the apply form (old bookmarks)",
    "portal:apply_track_download": "a PDF letter",
    "portal:apply_track_supplement": "the 补正 POST; answers with the tracking page (apply_track.html)",
    "portal:apply_track_reasons": "the 理由 POST; answers with the tracking page (apply_track.html)",
    "search:suggest": "JSON for the search box's suggestions",
    "questions:suggest": "a fragment for the script; 我要咨询 shows it after 查找相似问答",
}
FORM_STATE_VIEWS = {"portal:apply", "portal:apply_track", "questions:ask"}
STAFF_PREFIXES = ("workbench/", "api/", "ops-admin/")


def public_url_names() -> set[str]:
    """Every named URL of the urlconf outside the workbench, the API and the operators' admin."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLResolver

    names: set[str] = set()

    def walk(patterns, prefix: str, namespace: str):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(STAFF_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}{pattern.namespace}:"
                walk(pattern.url_patterns, route, inner)
            elif pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns, "", "")
    return names


def test_the_sweep_visits_every_public_url_of_the_urlconf(site):
    from urllib.parse import urlsplit

    from django.urls import resolve

    _, record = site
    visited = {resolve(urlsplit(path).path).view_name for path in public_pages(record).values()}
    visited |= FORM_STATE_VIEWS
    public = public_url_names()
    assert {"portal:home", "consultations:detail", "portal:power_changes", "topics:page"} <= public
    assert set(NOT_PAGES) <= public, set(NOT_PAGES) - public  # no stale exemption
    assert public - visited - set(NOT_PAGES) == set()


def axe_violations(page) -> list[dict]:
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in result["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]


def new_context(browser, viewport: str, cookies: dict[str, str] | None = None, base_url: str = ""):
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: run `make setup` (npm ci installs axe-core from package-lock.json)")
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORTS[viewport])
    context.add_init_script(path=str(AXE))
    if cookies:
        context.add_cookies([{"name": k, "value": v, "url": base_url} for k, v in cookies.items()])
    return context


def form_states(page, base_url: str, record):
    """The pages a visitor reaches only through a form, in whichever language or script the page is:
    fields are found by name, buttons by their type. Yields each state's name once it is shown."""
    pages = public_pages(record)
    # The apply form in its error state: submitted empty.
    page.goto(base_url + pages["apply"])
    page.locator("form.apply-form button[name=action][value=submit]").click()
    page.locator(".errors, .error").first.wait_for()
    yield "apply, errors"
    # Filled in and accepted: the confirmation with the query code.
    page.locator("input[name=applicant_kind][value=natural_person]").check()
    page.fill("[name=applicant_name]", "买买提·艾力")
    page.select_option("[name=id_type]", "resident_id")
    page.fill("[name=id_number]", id_number())
    page.fill("[name=phone]", "13899912345")
    page.fill("[name=description]", "2026年阜康市部门预算公开说明的附件")
    page.locator("input[name=provision_form][value=electronic]").check()
    page.locator("input[name=obtain_method][value=online]").check()
    page.locator("form.apply-form button[name=action][value=submit]").click()
    code = page.locator(".query-code")
    code.wait_for()
    yield "apply, done"
    # Followed with the code: the application's status.
    query_code = code.inner_text()
    page.goto(base_url + pages["apply track"])
    page.fill("[name=code]", query_code)
    page.locator("main form button[type=submit]").first.click()
    page.locator("#track-h").wait_for()
    yield "apply track, found"
    # A question asked, with its confirmation.
    page.goto(base_url + pages["ask a question"])
    page.select_option("[name=organization]", str(record.organization_id))
    page.fill("[name=title]", "老旧小区改造资金怎么申请")
    page.fill("[name=text]", "请问我们小区能否申请改造资金？")
    page.locator("main form button[type=submit]").last.click()
    page.locator("main [role=status] strong").wait_for()
    yield "ask a question, done"


def check_every_page(browser, base_url: str, record, viewport: str, cookies=None) -> dict[str, list]:
    context = new_context(browser, viewport, cookies, base_url)
    page = context.new_page()
    found: dict[str, list] = {}
    for name, path in public_pages(record).items():
        page.goto(base_url + path)
        if violations := axe_violations(page):
            found[f"{name} {path}"] = violations
    for name in form_states(page, base_url, record):
        if violations := axe_violations(page):
            found[name] = violations
    context.close()
    return found


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_no_serious_or_critical_axe_violation_on_any_public_page(browser, live_server, site, viewport):
    _, record = site
    found = check_every_page(browser, live_server.url, record, viewport)
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize(
    ("viewport", "cookies"),
    [
        ("desktop", {"gk_elder": "1"}),
        ("phone", {"gk_elder": "1"}),
        ("desktop", {"gk_script": "hant"}),
        ("phone", {"gk_script": "hant", "gk_elder": "1"}),
        # 民汉双语 (ADR 0040): the Uyghur, right-to-left pages.
        ("desktop", {"gk_lang": "ug"}),
        ("phone", {"gk_lang": "ug"}),
        ("phone", {"gk_lang": "ug", "gk_elder": "1"}),
    ],
    ids=[
        "elder-desktop",
        "elder-phone",
        "hant-desktop",
        "hant-elder-phone",
        "ug-desktop",
        "ug-phone",
        "ug-elder-phone",
    ],
)
def test_no_serious_or_critical_axe_violation_in_elder_mode_or_traditional(
    browser, live_server, site, viewport, cookies
):
    _, record = site
    found = check_every_page(browser, live_server.url, record, viewport, cookies)
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_the_switches_work_without_javascript_and_keep_the_page(browser, live_server, site):
    """A visitor turns on 长者模式 and 繁體 from the header with JavaScript off; screenshots for the docs."""
    _, record = site
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    record_path = public_pages(record)["record"]
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORTS["desktop"], java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + record_path)
    page.get_by_role("link", name="长者模式", exact=True).click()
    assert page.url == live_server.url + record_path
    assert page.locator("html").get_attribute("class") == "elder"
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "22px"
    page.screenshot(path=str(SCREENSHOTS / "elder-record.png"), full_page=True)
    page.get_by_role("link", name="繁體").click()
    assert page.url == live_server.url + record_path
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert page.get_by_role("heading", level=1).inner_text() == "阜康市2026年部門預算公開說明"
    page.get_by_role("link", name="退出長者模式").click()
    page.get_by_role("link", name="法定主動公開內容").click()
    assert page.url == live_server.url + public_pages(record)["records (catalogue)"]
    page.screenshot(path=str(SCREENSHOTS / "hant-records.png"), full_page=True)
    page.get_by_role("link", name="簡體").click()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    context.close()

    phone = browser.new_context(locale="zh-CN", viewport=VIEWPORTS["phone"])
    page = phone.new_page()
    for name, shot in (("record", "phone-record.png"), ("platform", "phone-platform.png")):
        page.goto(live_server.url + public_pages(record)[name])
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
        page.screenshot(path=str(SCREENSHOTS / shot), full_page=True)
    phone.add_cookies([{"name": "gk_elder", "value": "1", "url": live_server.url}])
    page.goto(live_server.url + record_path)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    page.screenshot(path=str(SCREENSHOTS / "elder-phone-record.png"), full_page=True)
    phone.close()


def test_axe_finds_a_missing_label_so_the_check_can_fail(browser, live_server, site):
    """The check itself works: a page with an unlabelled field fails it."""
    _, record = site
    context = new_context(browser, "desktop")
    page = context.new_page()
    page.goto(live_server.url + public_pages(record)["search"])
    page.evaluate("document.querySelector('label[for=q]').remove()")
    page.evaluate("document.getElementById('q').removeAttribute('placeholder')")
    assert any(v["id"] == "label" for v in axe_violations(page))
    context.close()
