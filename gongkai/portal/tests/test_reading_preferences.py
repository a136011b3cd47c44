"""长者模式 and 简繁: switches kept by cookie without JavaScript; 繁體 converted on the server (issue 16)."""

import re

import pytest
from django.core.cache import cache

from gongkai.core import preferences

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]*)"')


def test_the_elder_switch_sets_its_cookie_and_returns_to_the_page(client, two_orgs):
    page = f"/org/{two_orgs.gov_a.slug}/records/?page=1"
    response = client.get("/prefs/elder/", {"on": "1", "next": page})
    assert response.status_code == 302
    assert response["Location"] == page
    assert response.cookies[preferences.ELDER_COOKIE].value == "1"
    html = client.get(page).content.decode()
    assert '<html lang="zh-Hans" class="elder">' in html
    assert "退出长者模式" in html
    off = client.get("/prefs/elder/", {"on": "0", "next": page})
    assert off.cookies[preferences.ELDER_COOKIE].value == ""  # deleted
    assert 'class="elder"' not in client.get(page).content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_the_switches_only_return_to_this_site(client, target):
    for url, params in (("/prefs/elder/", {"on": "1"}), ("/prefs/script/", {"to": "hant"})):
        response = client.get(url, {**params, "next": target})
        assert response["Location"] == "/"


def test_a_page_in_traditional_keeps_its_links_and_the_switch_keeps_the_page(client, two_orgs):
    org = two_orgs.gov_a
    record = two_orgs.publish(two_orgs.draft(org, title="关于进一步做好政务信息公开工作的通知"))
    page = f"/org/{org.slug}/records/"
    simplified = client.get(page).content.decode()
    response = client.get("/prefs/script/", {"to": "hant", "next": page})
    assert response["Location"] == page
    assert response.cookies[preferences.SCRIPT_COOKIE].value == "hant"
    traditional = client.get(page).content.decode()
    assert '<html lang="zh-Hant"' in traditional
    assert "政府信息公開年報" in traditional
    assert "政府信息公开年报" not in traditional
    assert "關於進一步做好政務信息公開工作的通知" in traditional
    assert "简体" not in traditional
    assert "簡體" in traditional
    # Every link but the switch itself is the same as on the simplified page, and they still work.
    links = [h for h in HREF.findall(traditional) if not h.startswith("/prefs/")]
    assert links == [h for h in HREF.findall(simplified) if not h.startswith("/prefs/")]
    record_link = next(h for h in links if record.public_key in h)
    assert "政務信息公開" in client.get(record_link.replace("&amp;", "&")).content.decode()
    back = client.get("/prefs/script/", {"to": "hans", "next": page})
    assert back["Location"] == page
    assert "政府信息公开年报" in client.get(page).content.decode()


def test_form_values_scripts_and_textareas_are_not_converted():
    html = (
        '<html lang="zh-Hans"><p title="检索说明">政务公开</p>'
        '<input name="n" value="买买提·艾力" placeholder="姓名或名称">'
        "<textarea>所需政府信息的描述</textarea><script>var s='简体';</script><!-- 注释 --></html>"
    )
    converted = preferences.to_traditional_html(html)
    assert '<html lang="zh-Hant">' in converted
    assert '<p title="檢索說明">政務公開</p>' in converted
    assert 'value="买买提·艾力" placeholder="姓名或名稱"' in converted
    assert "<textarea>所需政府信息的描述</textarea>" in converted
    assert "var s='简体';" in converted
    assert "<!-- 注释 -->" in converted


def test_the_conversion_is_cached_by_content(monkeypatch):
    cache.clear()
    content = "<p>政府信息公开</p>".encode()
    assert preferences.converted_page(content).decode() == "<p>政府信息公開</p>"
    monkeypatch.setattr(preferences, "to_traditional_html", lambda html: pytest.fail("converted twice"))
    assert preferences.converted_page(content).decode() == "<p>政府信息公開</p>"


def test_the_page_cache_keeps_the_variants_apart(client, two_orgs, settings):
    settings.GONGKAI_PORTAL_CACHE_SECONDS = 60
    cache.clear()
    url = f"/org/{two_orgs.gov_a.slug}/"
    assert "X-Cache" not in client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    client.cookies[preferences.ELDER_COOKIE] = "1"
    elder = client.get(url)
    assert "X-Cache" not in elder
    assert 'class="elder"' in elder.content.decode()
    client.cookies[preferences.SCRIPT_COOKIE] = "hant"
    traditional = client.get(url)
    assert "X-Cache" not in traditional
    assert "政府信息公開" in traditional.content.decode()
    assert 'class="elder"' in traditional.content.decode()
    assert "Cookie" in traditional["Vary"]
    assert int(traditional["Content-Length"]) == len(traditional.content)
    cache.clear()


def test_the_workbench_is_never_converted(client, two_orgs):
    from gongkai.accounts.models import Role

    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    client.cookies[preferences.SCRIPT_COOKIE] = "hant"
    html = client.get("/workbench/", follow=True).content.decode()
    assert 'lang="zh-Hans"' in html
    assert "/prefs/script/" not in html  # no switch offered there


def test_search_accepts_the_traditional_form(client, two_orgs, search_index):
    org = two_orgs.gov_a
    two_orgs.publish(two_orgs.draft(org, title="关于公布部门预算的通知"))
    search_index()
    client.cookies[preferences.SCRIPT_COOKIE] = "hant"
    html = client.get("/search/", {"q": "部門預算"}).content.decode()
    text = re.sub(r"<[^>]+>", "", html)  # the hit's title carries <mark> around the matched words
    assert "部門預算的通知" in text
