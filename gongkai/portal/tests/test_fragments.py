"""Shared page fragments (ADR 0045): the same page with and without them, a change shown on the next
request, and a number of queries per page that does not grow with the records."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.defaultfilters import urlencode
from django.test.utils import CaptureQueriesContext

from gongkai.accounts.models import Role
from gongkai.disclosure import services

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'(name="(?:csrfmiddlewaretoken|token)" value=")[^"]*(")')


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return TOKENS.sub(r"\1…\2", response.content.decode())


def same_with_and_without_fragments(client, settings, urls: list[str]) -> dict[str, str]:
    """Each page rendered without fragments, then on a fragment miss and on a hit: all three the
    same. Returns the pages as served from the fragments."""
    settings.GONGKAI_FRAGMENT_CACHE_SECONDS = 0
    plain = {url: _page(client, url) for url in urls}
    settings.GONGKAI_FRAGMENT_CACHE_SECONDS = 60
    cache.clear()
    missed = {url: _page(client, url) for url in urls}
    hit = {url: _page(client, url) for url in urls}
    for url in urls:
        assert missed[url] == plain[url], url
        assert hit[url] == plain[url], url
    return hit


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def _urls(org, record) -> list[str]:
    return [
        "/",
        f"/org/{org.slug}/",
        f"/org/{org.slug}/records/",
        f"/org/{org.slug}/records/?column={record.column.slug}",
        record.get_absolute_url(),
        f"/org/{org.slug}/apply/",
        f"/org/{org.slug}/annual-reports/",
        f"/api/v1/records?organ={org.slug}",
    ]


def test_every_page_is_the_same_with_fragments_and_the_second_request_asks_less(
    client, two_orgs, settings, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    with django_capture_on_commit_callbacks(execute=True):
        record = two_orgs.publish(two_orgs.draft(org, title="关于做好春季防汛工作的通知"))
        two_orgs.publish(two_orgs.draft(two_orgs.dept_a1, title="发改委价格监测报告"))
    urls = _urls(org, record)
    same_with_and_without_fragments(client, settings, urls)
    cache.clear()
    for url in ["/", f"/org/{org.slug}/", f"/org/{org.slug}/records/"]:
        first = _queries(client, url)
        assert _queries(client, url) < first, url  # the organ tree, the counts: from the fragments


def test_a_publication_and_a_withdrawal_show_on_the_next_request(
    client, two_orgs, fragments, django_capture_on_commit_callbacks
):
    org = two_orgs.gov_a
    pages = ["/", f"/org/{org.slug}/", f"/org/{org.slug}/records/"]
    for url in pages:
        assert "关于开展安全生产大检查的通知" not in _page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        record = two_orgs.publish(two_orgs.draft(org, title="关于开展安全生产大检查的通知"))
    for url in pages:
        assert "关于开展安全生产大检查的通知" in _page(client, url), url
    # The category counts of the records list (a fragment) count it.
    listing = _page(client, f"/org/{org.slug}/records/")
    entry = rf'column={record.column.slug}"[^>]*>{record.column.name}</a> <span class="count">1<'
    assert re.search(entry, listing)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_record(record=record, actor=two_orgs.staff(org, Role.REVIEWER), reason="内容有误")
    for url in pages:
        assert "关于开展安全生产大检查的通知" not in _page(client, url), url


# A new organ, a renamed organ and a renamed column, through the operators' admin and the
# workbench: test_public_structure.py.


@pytest.mark.parametrize("name", ["home", "platform", "records list", "record", "apply form", "API list"])
def test_queries_per_page_do_not_grow_with_the_records(client, two_orgs, name):
    """A cache miss (no page cache, no fragments) asks the same number of queries with 5 records as
    with 50 — no query per record — and no more than the ceiling."""
    ceilings = {"home": 5, "platform": 8, "records list": 8, "record": 9, "apply form": 3, "API list": 4}
    org = two_orgs.gov_a
    records = [two_orgs.publish(two_orgs.draft(org, title=f"通知{i}")) for i in range(5)]
    url = dict(
        zip(
            ["home", "platform", "records list", "record", "apply form", "API list"],
            [
                "/",
                f"/org/{org.slug}/",
                f"/org/{org.slug}/records/",
                records[0].get_absolute_url(),
                f"/org/{org.slug}/apply/",
                f"/api/v1/records?organ={org.slug}",
            ],
            strict=True,
        )
    )[name]
    client.get(url)
    few = _queries(client, url)
    for i in range(45):
        two_orgs.publish(two_orgs.draft(org, title=f"公告{i}"))
    many = _queries(client, url)
    assert few == many
    assert many <= ceilings[name]


VARIANTS = [{}, {"gk_elder": "1"}, {"gk_script": "hant"}, {"gk_elder": "1", "gk_script": "hant"}]
VARIANTS.append({"gk_lang": "ug"})


def test_the_kept_header_is_as_rendered_and_its_switches_lead_back_to_each_page(client, two_orgs, settings):
    """The reading switches and the static addresses are kept in the worker (ADR 0060): every
    reading variant gives the same page as without them, whichever variant filled the memo first,
    and each page's switches still lead back to that page — its own path and query, never the path
    of the page that filled the memo."""
    from gongkai.core.templatetags import fragments

    org = two_orgs.gov_a
    urls = ["/", f"/org/{org.slug}/records/?genre=notice&q=%E9%98%B2%E6%B1%9B", f"/org/{org.slug}/apply/"]
    urls.append("/search/?q=spring+flood")
    plain = {}
    settings.GONGKAI_FRAGMENT_CACHE_SECONDS = 0
    for n, variant in enumerate(VARIANTS):
        client.cookies.clear()
        client.cookies.load(variant)
        plain.update({(n, url): _page(client, url) for url in urls})
    settings.GONGKAI_FRAGMENT_CACHE_SECONDS = 60
    fragments._variant_fragments.clear()
    cache.clear()
    for _ in range(2):  # the first round fills the memo, the second reads it
        for n, variant in enumerate(VARIANTS):
            client.cookies.clear()
            client.cookies.load(variant)
            for url in urls:
                response = client.get(url)
                page = TOKENS.sub(r"\1…\2", response.content.decode())
                assert page == plain[n, url], (variant, url)
                assert fragments.NEXT_PATH_MARK not in page
                own = urlencode(response.wsgi_request.get_full_path())
                assert own == urlencode(url), own  # the path and the query of this very page
                assert page.count(f'next={own}"') == (2 if "gk_lang" in variant else 3), url
    assert len({key for key in fragments._variant_fragments if key[0] == "reading-switches"}) == len(VARIANTS)
