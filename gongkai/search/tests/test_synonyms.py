"""简称 ↔ 全称 in both directions, organ short names from the tree, and the dictionary's editors."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.search import services
from gongkai.search.analysis import load_abbreviation_entries
from gongkai.search.models import Abbreviation
from gongkai.search.query import SearchRequest, search
from gongkai.search.synonyms import SynonymTable

pytestmark = pytest.mark.django_db


def titles(q, **kw):
    return [
        str(h.title).replace("<mark>", "").replace("</mark>", "")
        for h in search(SearchRequest(q=q, **kw)).hits
    ]


def test_the_shipped_dictionary_holds_500_sourced_pairs():
    entries = load_abbreviation_entries()
    assert len({(s, f) for s, f, _ in entries}) >= 500
    assert all(source for _, _, source in entries)
    pairs = {(s, f) for s, f, _ in entries}
    expected = [
        ("公租房", "公共租赁住房"),
        ("非遗", "非物质文化遗产"),
        ("危化品", "危险化学品"),
        ("自贸区", "自由贸易试验区"),
        ("医保", "医疗保障"),
        ("三调", "第三次全国国土调查"),
    ]
    for pair in expected:
        assert pair in pairs
    # The migrations loaded it.
    assert Abbreviation.objects.filter(short="公租房", full="公共租赁住房").exclude(source="").exists()


def test_variants_go_both_ways_and_an_ambiguous_short_form_gives_each_meaning():
    table = SynonymTable.from_pairs([("公租房", "公共租赁住房"), ("医保", "医疗保障"), ("医保", "医疗保险")])
    assert table.variants("公租房选房结果") == ["公共租赁住房选房结果"]
    assert table.variants("公共租赁住房 分配") == ["公租房 分配"]
    assert table.variants("医保 报销") == ["医疗保障 报销", "医疗保险 报销"]


def test_a_short_form_inside_its_full_form_adds_nothing():
    assert SynonymTable.from_pairs([("解读", "政策解读")]).variants("政策解读") == []


def test_an_abbreviation_finds_the_full_form_and_the_full_form_finds_the_abbreviation(two_orgs, search_index):
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="2026年公共租赁住房选房结果公示"))
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="非遗代表性项目名录"))
    search_index()
    assert titles("公租房选房结果") == ["2026年公共租赁住房选房结果公示"]
    assert titles("非物质文化遗产 项目名录") == ["非遗代表性项目名录"]


def test_organ_short_names_come_from_the_tree(two_orgs, search_index):
    # two_orgs has 甲市发展和改革委员会 under 甲市人民政府.
    two_orgs.publish(two_orgs.draft(two_orgs.dept_a1, title="甲市发展和改革委员会关于重点项目的公示"))
    search_index()
    assert titles("甲市发改委 重点项目") == ["甲市发展和改革委员会关于重点项目的公示"]
    assert titles("市发改委 重点项目") == ["甲市发展和改革委员会关于重点项目的公示"]


def test_an_edit_applies_to_the_next_search_and_is_audited(two_orgs, search_index):
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="城镇老旧小区改造计划"))
    search_index()
    before = search(SearchRequest(q="旧改计划"))
    assert before.missing == ["旧改"]  # found only without the word, and said so
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    services.save_abbreviation(actor=admin, short="旧改", full="老旧小区改造", source="本地常用说法")
    after = search(SearchRequest(q="旧改计划"))
    assert after.missing == []
    assert not after.message
    assert titles("旧改计划") == ["城镇老旧小区改造计划"]
    entry = AuditEntry.objects.get(verb="abbreviation_created")
    assert entry.actor == admin
    assert entry.changes["short"] == ["", "旧改"]
    with pytest.raises(ValidationError):
        services.save_abbreviation(actor=admin, short="旧改", full="老旧小区改造")


def test_only_the_top_governments_competent_office_edits_the_dictionary(two_orgs):
    department_admin = two_orgs.staff(two_orgs.dept_a1, Role.COMPETENT_ADMIN)
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    for user in (department_admin, editor):
        with pytest.raises(PermissionDenied):
            services.save_abbreviation(actor=user, short="旧改", full="老旧小区改造")


def test_the_workbench_page_keeps_what_was_typed_on_an_error(client, two_orgs):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    client.force_login(admin)
    page = client.get("/workbench/search/abbreviations/", {"q": "公租房"})
    assert page.status_code == 200
    assert "公共租赁住房" in page.content.decode()
    response = client.post(
        "/workbench/search/abbreviations/", {"short": "公租房", "full": "公租房", "source": "x"}
    )
    body = response.content.decode()
    assert "简称与全称相同" in body
    assert 'value="公租房"' in body
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    assert client.get("/workbench/search/abbreviations/").status_code == 403
