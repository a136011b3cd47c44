"""Anonymous pages come from the cache, and any committed change to public content invalidates it."""

import pytest

from gongkai.accounts.models import Role
from gongkai.disclosure import services

pytestmark = pytest.mark.django_db


def test_a_second_anonymous_request_is_served_from_the_cache(client, two_orgs, page_cache):
    url = f"/org/{two_orgs.gov_a.slug}/records/"
    assert "X-Cache" not in client.get(url)
    assert client.get(url)["X-Cache"] == "hit"


def test_withdrawal_takes_a_record_off_the_cached_list_at_once(
    client, two_orgs, page_cache, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    with django_capture_on_commit_callbacks(execute=True):
        record = two_orgs.publish(two_orgs.draft(org, title="即将撤回的通知"))
    url = f"/org/{org.slug}/records/"
    assert "即将撤回的通知" in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_record(record=record, actor=two_orgs.staff(org, Role.REVIEWER), reason="内容有误")
    response = client.get(url)
    assert "X-Cache" not in response
    assert "即将撤回的通知" not in response.content.decode()


def test_a_rolled_back_change_does_not_invalidate(
    client, two_orgs, page_cache, django_capture_on_commit_callbacks
):
    from gongkai.core.pagecache import current_generation

    org = two_orgs.gov_a
    with django_capture_on_commit_callbacks(execute=True):
        record = two_orgs.publish(two_orgs.draft(org, title="即将撤回的通知"))
    url = f"/org/{org.slug}/"
    client.get(url)
    generation = current_generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.withdraw_record(record=record, actor=two_orgs.staff(org, Role.REVIEWER), reason="内容有误")
    assert callbacks  # the bump waits for a commit that, here, never comes
    assert current_generation() == generation
    assert client.get(url)["X-Cache"] == "hit"


def test_staff_always_get_a_fresh_page(client, two_orgs, page_cache):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    url = f"/org/{two_orgs.gov_a.slug}/"
    client.get(url)
    assert "X-Cache" not in client.get(url)
