import re

import pytest
from django.urls import reverse

from gongkai.catalog.models import Column, Section
from gongkai.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_chinese_404(response):
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body
    assert "返回首页" in body
    assert 'lang="zh' in body


def test_unknown_organ_is_a_chinese_404(client, two_orgs):
    assert_chinese_404(client.get("/org/no-such-organ/"))


@pytest.mark.parametrize("suffix", ["guide/", "rules/", "records/", "annual-reports/", "records/2024-00001/"])
def test_every_page_of_an_unknown_organ_is_a_chinese_404(client, two_orgs, suffix):
    assert_chinese_404(client.get(f"/org/no-such-organ/{suffix}"))


def test_unknown_record_key_is_a_chinese_404(client, two_orgs):
    assert_chinese_404(client.get(reverse("portal:record", kwargs={"org": "jia", "key": "2024-00042"})))


def test_unknown_column_filter_is_a_chinese_404(client, two_orgs):
    assert_chinese_404(client.get(reverse("portal:records", kwargs={"org": "jia"}), {"column": "no-such"}))


def test_column_of_another_organ_is_404_on_this_platform(client, two_orgs):
    custom = OrganizationFactory(slug="bing", level="township")  # townships have columns cities lack
    assert (
        client.get(
            reverse("portal:records", kwargs={"org": custom.slug}), {"column": "homestead"}
        ).status_code
        == 200
    )
    assert_chinese_404(client.get(reverse("portal:records", kwargs={"org": "jia"}), {"column": "homestead"}))


def test_unknown_path_is_a_chinese_404(client):
    assert_chinese_404(client.get("/no/such/page/"))


def test_inactive_organ_is_404(client, two_orgs):
    two_orgs.gov_b.is_active = False
    two_orgs.gov_b.save()
    assert_chinese_404(client.get(reverse("portal:platform", kwargs={"org": "yi"})))
    assert client.get(reverse("portal:feed", kwargs={"org": "yi"})).status_code == 404
    assert client.get("/api/v1/organs/yi").status_code == 404


def test_feed_of_unknown_organ_or_column_is_404(client, two_orgs):
    assert client.get(reverse("portal:feed", kwargs={"org": "nowhere"})).status_code == 404
    assert (
        client.get(reverse("portal:column_feed", kwargs={"org": "jia", "column": "nothing"})).status_code
        == 404
    )


def test_api_unknown_organ_is_404(client, two_orgs):
    assert client.get("/api/v1/organs/nowhere").status_code == 404
    assert client.get("/api/v1/records", {"organ": "nowhere"}).status_code == 404


def test_platform_and_record_pages_render_in_chinese(client, two_orgs, publish):
    record = publish(two_orgs.draft(two_orgs.gov_a, title="关于公布2024年重点民生实事的通知"))
    platform = client.get(reverse("portal:platform", kwargs={"org": "jia"}))
    assert platform.status_code == 200
    assert "甲市人民政府政府信息公开" in platform.content.decode()
    page = client.get(record.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert record.title in body
    assert record.index_number in body
    assert "索引号" in body


def test_guide_page_shows_the_organs_contact_details(client, two_orgs):
    org = two_orgs.gov_a
    org.office_name = "甲市人民政府办公室政务公开科"
    org.phone = "0994-1234567"
    org.save()
    body = client.get(reverse("portal:guide", kwargs={"org": "jia"})).content.decode()
    assert CJK.search(body)
    assert "政府信息公开指南" in body
    assert "甲市人民政府办公室政务公开科" in body
    assert "0994-1234567" in body


def test_api_organ_list_shows_the_tree(client, two_orgs):
    organs = {o["slug"]: o for o in client.get("/api/v1/organs").json()}
    assert organs["jia-fgw"]["parent"] == "jia"
    assert organs["jia"]["parent"] is None
    assert organs["jia"]["credit_code"] == two_orgs.gov_a.credit_code


def test_api_unknown_organ_or_record_answers_in_chinese(client, two_orgs):
    for url in ("/api/v1/organs/nowhere", "/api/v1/records/jia/2024-00042", "/api/v1/records?organ=nowhere"):
        response = client.get(url)
        assert response.status_code == 404
        assert CJK.search(response.json()["detail"]), url


def test_api_bad_parameter_answers_in_chinese_and_names_the_parameter(client, two_orgs):
    response = client.get("/api/v1/records", {"year": "去年"})
    assert response.status_code == 422
    body = response.json()
    assert CJK.search(body["detail"])
    assert body["errors"][0]["loc"] == ["query", "year"]


def test_api_column_filter_works_without_an_organ(client, two_orgs, publish):
    budgets = Column.objects.get(organization=two_orgs.gov_a, slug="budgets")
    other = Column.objects.for_org(two_orgs.gov_b).proactive().exclude(slug="budgets").first()
    in_a = publish(two_orgs.draft(two_orgs.gov_a, title="甲市预算", column=budgets))
    in_b = publish(
        two_orgs.draft(
            two_orgs.gov_b,
            title="乙县预算",
            column=Column.objects.get(organization=two_orgs.gov_b, slug="budgets"),
        )
    )
    publish(two_orgs.draft(two_orgs.gov_b, title="乙县其他", column=other))
    titles = {item["title"] for item in client.get("/api/v1/records", {"column": "budgets"}).json()["items"]}
    assert titles == {in_a.title, in_b.title}


def test_records_of_a_deactivated_organ_leave_the_home_page_sitemap_and_api(client, two_orgs, publish):
    record = publish(two_orgs.draft(two_orgs.gov_b, title="乙县已撤销机关的信息"))
    assert record.title in client.get("/").content.decode()
    two_orgs.gov_b.refresh_from_db()
    two_orgs.gov_b.is_active = False
    two_orgs.gov_b.save()
    assert record.title not in client.get("/").content.decode()
    assert record.get_absolute_url() not in client.get("/sitemap-records.xml").content.decode()
    assert record.title not in {item["title"] for item in client.get("/api/v1/records").json()["items"]}
    assert client.get(record.get_absolute_url()).status_code == 404


def test_all_of_proactive_content_lists_that_section_only_and_agrees_with_the_counts(
    client, two_orgs, publish
):
    org = two_orgs.gov_a
    proactive = publish(two_orgs.draft(org, title="主动公开的通知"))
    rule = publish(
        two_orgs.draft(
            org,
            title="本机关政府信息公开制度",
            column=Column.objects.get(organization=org, section=Section.RULES),
        )
    )
    response = client.get(reverse("portal:records", kwargs={"org": org.slug}))
    body = response.content.decode()
    assert proactive.title in body
    assert rule.title not in body
    counted = sum(entry.count for entry in response.context["counts"])
    assert response.context["total"] == counted == 1
    assert rule.title in client.get(reverse("portal:rules", kwargs={"org": org.slug})).content.decode()


def test_withdrawn_record_page_says_only_that_it_was_withdrawn_when_and_why(client, two_orgs):
    """Issue 17 finding 8: the page of a withdrawn record kept its title, 关键词 and 内容概述."""
    from gongkai.accounts.models import Role
    from gongkai.disclosure import services

    org = two_orgs.gov_a
    record = two_orgs.publish(
        two_orgs.draft(org, title="错发的人员名单", keywords="名单秘钥词", summary="概述里的错误内容")
    )
    services.withdraw_record(record=record, actor=two_orgs.staff(org, Role.REVIEWER), reason="内容有误")
    record.refresh_from_db()
    body = client.get(record.get_absolute_url()).content.decode()
    assert "已撤回" in body
    assert "内容有误" in body
    assert record.index_number in body
    for secret in ("错发的人员名单", "名单秘钥词", "概述里的错误内容"):
        assert secret not in body
