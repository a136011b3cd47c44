"""The feed's XML and the guide's body kept on a page-cache miss (ADR 0062): the same pages with and
without them, and a publication, correction, withdrawal, renamed organ or column, revised guide or
scheduled record shown on the next request."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.disclosure import services
from gongkai.orgs.services import public_structure_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def fragments(settings):
    settings.GONGKAI_FRAGMENT_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _feed(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    return response.content.decode()


def test_the_feeds_are_the_same_with_and_without_keeping(
    client, two_orgs, settings, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    with django_capture_on_commit_callbacks(execute=True):
        record = two_orgs.publish(two_orgs.draft(org, title="关于做好春季防汛工作的通知"))
    urls = [f"/org/{org.slug}/feed.atom", f"/org/{org.slug}/feed/{record.column.slug}.atom"]
    settings.GONGKAI_FRAGMENT_CACHE_SECONDS = 0
    plain = {url: client.get(url) for url in urls}
    settings.GONGKAI_FRAGMENT_CACHE_SECONDS = 60
    cache.clear()
    for _ in range(2):  # a miss, then a hit
        for url in urls:
            response = client.get(url)
            assert response.content == plain[url].content, url
            assert response["Last-Modified"] == plain[url]["Last-Modified"]
            assert response["Content-Type"] == plain[url]["Content-Type"]
    assert "关于做好春季防汛工作的通知" in plain[urls[0]].content.decode()


def test_changes_show_in_the_kept_feed_on_the_next_request(
    client, two_orgs, fragments, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    url = f"/org/{org.slug}/feed.atom"
    with django_capture_on_commit_callbacks(execute=True):
        record = two_orgs.publish(two_orgs.draft(org, title="关于开展安全生产大检查的通知"))
    assert "关于开展安全生产大检查的通知" in _feed(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_record(
            record=record, actor=two_orgs.staff(org, Role.REVIEWER), title="关于开展安全生产专项检查的通知"
        )
    feed = _feed(client, url)
    assert "关于开展安全生产专项检查的通知" in feed
    assert "关于开展安全生产大检查的通知" not in feed
    with django_capture_on_commit_callbacks(execute=True):
        org.name = "甲市人民政府（更名）"
        org.save()
        public_structure_changed(org)
    assert "甲市人民政府（更名）" in _feed(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_record(record=record, actor=two_orgs.staff(org, Role.REVIEWER), reason="已过期")
    assert "关于开展安全生产专项检查的通知" not in _feed(client, url)


def test_a_scheduled_record_enters_the_kept_feed_when_it_falls_due(
    client, two_orgs, fragments, monkeypatch, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    url = f"/org/{org.slug}/feed.atom"
    due = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        two_orgs.publish(two_orgs.draft(org, title="关于春节假期安排的通知"), at=due)
    assert "关于春节假期安排的通知" not in _feed(client, url)
    later = due + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # no write happens when it falls due
    assert "关于春节假期安排的通知" in _feed(client, url)


def test_the_guide_is_the_same_with_and_without_its_fragment_and_asks_nothing_when_kept(
    client, two_orgs, settings, django_assert_num_queries
):
    from gongkai.portal.tests.test_fragments import same_with_and_without_fragments

    url = f"/org/{two_orgs.gov_a.slug}/guide/"
    page = same_with_and_without_fragments(client, settings, [url])[url]
    assert "政府信息公开指南" in page
    with django_assert_num_queries(0):  # organ, head and guide body all kept
        client.get(url)


def test_a_revised_guide_or_renamed_column_shows_on_the_next_request(
    client, two_orgs, fragments, django_capture_on_commit_callbacks
):
    from gongkai.catalog.models import Column, Guide

    org = two_orgs.gov_a
    url = f"/org/{org.slug}/guide/"
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        guide, _ = Guide.objects.get_or_create(organization=org)
        guide.overview = "本指南依据《中华人民共和国政府信息公开条例》第十二条修订"
        guide.save()
        public_structure_changed(org)
    assert "第十二条修订" in client.get(url).content.decode()
    column = Column.objects.for_org(org).proactive().applicable().filter(parent=None).first()
    with django_capture_on_commit_callbacks(execute=True):
        column.name = "重新命名的栏目"
        column.save()
        public_structure_changed(org)
    assert "重新命名的栏目" in client.get(url).content.decode()
