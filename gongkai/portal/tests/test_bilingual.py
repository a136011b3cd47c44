"""民汉双语 (issue 16 item 3, ADR 0040): the Uyghur interface by a switch that keeps the page,
lang/dir on <html>, the page cache keyed on the language, records' Uyghur versions with a
fallback note, the seal covering them, and the workbench staying Chinese."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.disclosure import integrity, services
from gongkai.disclosure.models import Record

pytestmark = pytest.mark.django_db

TITLE_UG = "ھۆكۈمەت ئۇچۇرلىرىنى ئاشكارىلاش خىزمىتىنىڭ نۇقتىلىرى"
SUMMARY_UG = "مۇھىم ۋەزىپىلەر ۋە مەسئۇل ئورۇنلار ئېنىقلاندى."
BODY_UG = "<p>ئىلتىماس بويىچە ئاشكارىلاش خىزمىتىنى ياخشى ئىشلەش.</p>"
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def bilingual(two_orgs):
    org = two_orgs.gov_a
    return two_orgs.publish(
        two_orgs.draft(
            org,
            title="2026年政务公开工作要点",
            doc_number="甲政办发〔2026〕3号",
            summary="明确全年重点任务。",
            body="<p>依申请公开工作依法按时答复。</p>",
            title_ug=TITLE_UG,
            summary_ug=SUMMARY_UG,
            body_ug=BODY_UG,
        )
    )


@pytest.fixture
def chinese_only(two_orgs):
    draft = two_orgs.draft(two_orgs.gov_a, title="关于秸秆禁烧的通知", body="<p>禁止焚烧秸秆。</p>")
    return two_orgs.publish(draft)


def test_the_switch_keeps_the_page_and_sets_the_language(client, two_orgs):
    page = f"/org/{two_orgs.gov_a.slug}/records/?page=1"
    chinese = client.get(page).content.decode()
    assert '<html lang="zh-Hans">' in chinese
    assert 'href="/prefs/language/?to=ug&amp;next=' in chinese
    response = client.get("/prefs/language/", {"to": "ug", "next": page})
    assert response.status_code == 302
    assert response["Location"] == page
    assert response.cookies[COOKIE].value == "ug"
    uyghur = client.get(page).content.decode()
    assert '<html lang="ug" dir="rtl">' in uyghur
    assert "قانۇن بويىچە ئاكتىپ ئاشكارىلىنىدىغان مەزمۇنلار" in uyghur  # 法定主动公开内容
    # (The <meta name="ColumnName"> of the 政府网站发展指引 keeps the Chinese name machines read.)
    assert "法定主动公开内容" not in uyghur.split("<body", 1)[1]
    # Chinese is one click away and keeps the page; the 繁體 switch belongs to Chinese only.
    assert 'href="/prefs/language/?to=zh-hans&amp;next=' in uyghur
    assert "/prefs/script/" not in uyghur
    back = client.get("/prefs/language/", {"to": "zh-hans", "next": page})
    assert back["Location"] == page
    assert '<html lang="zh-Hans">' in client.get(page).content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", ""])
def test_the_language_switch_only_returns_to_this_site(client, target):
    assert client.get("/prefs/language/", {"to": "ug", "next": target})["Location"] == "/"


def test_an_unknown_language_falls_back_to_chinese(client):
    response = client.get("/prefs/language/", {"to": "xx", "next": "/"})
    assert response.cookies[COOKIE].value == settings.LANGUAGE_CODE


def test_works_without_javascript_the_switch_is_a_plain_link(client):
    html = client.get("/").content.decode()
    link = re.search(r'<a href="(/prefs/language/\?to=ug[^"]*)"[^>]*>ئۇيغۇرچە</a>', html)
    assert link


def test_the_page_cache_keeps_one_copy_per_language(client, two_orgs, settings):
    settings.GONGKAI_PORTAL_CACHE_SECONDS = 60
    cache.clear()
    page = f"/org/{two_orgs.gov_a.slug}/"
    first = client.get(page)
    assert '<html lang="zh-Hans">' in first.content.decode()
    client.cookies[COOKIE] = "ug"
    uyghur = client.get(page)
    assert uyghur.get("X-Cache") != "hit"
    assert '<html lang="ug" dir="rtl">' in uyghur.content.decode()
    again = client.get(page)
    assert again.get("X-Cache") == "hit"
    assert '<html lang="ug" dir="rtl">' in again.content.decode()
    del client.cookies[COOKIE]
    chinese = client.get(page)
    assert chinese.get("X-Cache") == "hit"
    assert '<html lang="zh-Hans">' in chinese.content.decode()


def test_the_record_page_shows_the_uyghur_version_with_ltr_numbers(client, bilingual):
    client.cookies[COOKIE] = "ug"
    html = client.get(bilingual.get_absolute_url()).content.decode()
    assert f"<h1>{TITLE_UG}</h1>" in html
    assert SUMMARY_UG in html
    assert BODY_UG in html
    assert "依申请公开工作依法按时答复" not in html
    # 索引号 and 文号 stay left to right inside the right-to-left page.
    assert f'<td dir="ltr">{bilingual.index_number}</td>' in html
    assert '<td dir="ltr">甲政办发〔2026〕3号</td>' in html
    assert ">查看中文</a>" in html
    assert "ئۇيغۇرچە نۇسخىسى يوق" not in html


def test_the_chinese_page_offers_the_uyghur_version(client, bilingual):
    html = client.get(bilingual.get_absolute_url()).content.decode()
    assert "<h1>2026年政务公开工作要点</h1>" in html
    assert TITLE_UG not in html.split("<main", 1)[1].split("ئۇيغۇرچە نۇسخىسىنى كۆرۈش")[0]
    assert "ئۇيغۇرچە نۇسخىسىنى كۆرۈش</a>" in html
    assert "<bdi" not in html
    assert 'dir="ltr"' not in html.split("<main", 1)[1]  # the Chinese page's markup is unchanged


def test_a_record_without_a_uyghur_version_falls_back_with_a_note(client, chinese_only):
    client.cookies[COOKIE] = "ug"
    html = client.get(chinese_only.get_absolute_url()).content.decode()
    assert "بۇ ئۇچۇرنىڭ ھازىرچە ئۇيغۇرچە نۇسخىسى يوق" in html
    assert '<h1 lang="zh-Hans" dir="ltr">关于秸秆禁烧的通知</h1>' in html
    compact = re.sub(r">\s+<", "><", html)
    chinese_body = '<div class="record-body"><p>禁止焚烧秸秆。</p></div>'
    assert f'<div lang="zh-Hans" dir="ltr">{chinese_body}</div>' in compact
    assert ">查看中文页面</a>" in html


def seal_of(record):
    entries = AuditEntry.objects.filter(verb=integrity.SEAL_VERB, object_id=str(record.pk))
    return entries.order_by("seq").last()


def test_the_seal_covers_the_uyghur_version(bilingual, chinese_only):
    sealed = seal_of(bilingual).changes
    assert len(sealed["page_ug_sha256"]) == 64
    assert "page_ug_sha256" not in seal_of(chinese_only).changes
    assert integrity.verify_published() == []


def test_a_changed_uyghur_body_is_found(bilingual):
    # Written past the services, as an intruder with database access would (like test_integrity).
    Record.objects.filter(pk=bilingual.pk).update(body_ug="<p>btbt365me</p>")
    [finding] = integrity.verify_published()
    assert finding.record_id == bilingual.pk
    assert finding.where == "维吾尔文版本"
    assert finding.expected == seal_of(bilingual).changes["page_ug_sha256"]
    assert finding.actual != finding.expected


def test_a_correction_of_the_uyghur_version_through_the_service_is_resealed(bilingual, two_orgs):
    reviewer = two_orgs.staff(two_orgs.gov_a, Role.REVIEWER)
    services.update_record(record=bilingual, actor=reviewer, title_ug=TITLE_UG + " (تۈزىتىلگەن)")
    assert integrity.verify_published() == []


def test_a_uyghur_body_needs_a_uyghur_title(two_orgs):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        two_orgs.draft(two_orgs.gov_a, title="通知", body_ug="<p>ئۇقتۇرۇش</p>")
    assert "title_ug" in error.value.message_dict


def test_the_workbench_stays_chinese_and_edits_the_uyghur_version_in_a_fold(client, two_orgs, bilingual):
    client.cookies[COOKIE] = "ug"
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    html = client.get("/workbench/records/new/").content.decode()
    assert '<html lang="zh-Hans">' in html
    assert '<details class="fold-ug">' in html
    assert "<summary>维吾尔文版本</summary>" in html
    assert 'name="title_ug"' in html
    assert 'dir="rtl"' in html.split("fold-ug", 1)[1]


def test_lists_show_the_uyghur_title_to_uyghur_readers(client, bilingual, chinese_only):
    client.cookies[COOKIE] = "ug"
    for page in ("/", f"/org/{bilingual.organization.slug}/records/"):
        html = client.get(page).content.decode()
        assert f">{TITLE_UG}</a>" in html
        assert '<span lang="zh-Hans" dir="ltr">关于秸秆禁烧的通知</span>' in html
    del client.cookies[COOKIE]
    assert ">2026年政务公开工作要点</a>" in client.get("/").content.decode()


def _submit_apply(client, org, data):
    page = client.get(f"/org/{org.slug}/apply/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    response = client.post(f"/org/{org.slug}/apply/", {"token": token, "action": "submit", **data})
    return response.content.decode()


def test_the_apply_form_errors_are_in_uyghur_and_nothing_typed_is_lost(client, two_orgs):
    client.cookies[COOKIE] = "ug"
    html = _submit_apply(client, two_orgs.gov_a, {"phone": "12", "description": "ئۆي-جاي تولۇقلىمىسى"})
    errors = re.findall(r'<p class="error" role="alert">([^<]*)</p>', html)
    assert "بۇ تۈرنى چوقۇم تولدۇرۇش كېرەك." in errors
    assert "ئالاقە تېلېفونى توغرا ئەمەس." in errors
    assert not any(re.search(r"[\u4e00-\u9fff]", e) for e in errors)
    assert "ئۆي-جاي تولۇقلىمىسى</textarea>" in html
    del client.cookies[COOKIE]
    chinese = _submit_apply(client, two_orgs.gov_a, {"phone": "12"})
    assert "联系电话不正确。" in chinese


def test_the_error_page_speaks_the_visitors_language(rf):
    """500.html stands alone (no base.html) but is translated like every public page."""
    from django.utils import translation

    from gongkai.portal.views import server_error

    with translation.override("ug"):
        text = server_error(rf.get("/")).content.decode()
    assert 'lang="ug" dir="rtl"' in text
    assert "سىستېما ئالدىراش" in text
    assert "系统繁忙" not in text
    with translation.override("zh-hans"):
        assert "<h1>系统繁忙</h1>" in server_error(rf.get("/")).content.decode()
