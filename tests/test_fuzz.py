"""Fuzzing (issue 17, "Done means"): hypothesis against the public forms and query strings,
schemathesis against the API's OpenAPI description — 0 answers of 5xx.

Everything runs in-process through Django's test client or the WSGI application: no socket is
opened, nothing leaves the machine. Example counts are small so the suite stays fast; raise
them with ``GONGKAI_FUZZ_EXAMPLES`` for a longer run (docs/security.md gives the command).
"""

from __future__ import annotations

import os
import re

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.info_requests.tests.factories import applicant

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

EXAMPLES = int(os.environ.get("GONGKAI_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure is reproducible, CI is stable
    suppress_health_check=list(HealthCheck),
)

# Text as hostile as it gets: controls, bidi overrides, surrogates are excluded by HTTP itself,
# huge repeats, formula starts, markup, SQL and numbers beyond 64 bits.
HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Lo"]), max_size=200),
    st.sampled_from(
        [
            "\u202e" + "abc",
            '=HYPERLINK("http://x","y")',
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "99999999999999999999999",
            "-1",
            "0" * 5000,
            "张" * 100_000,
            "%00",
            "../../etc/passwd",
        ]
    ),
).map(lambda s: s.replace("\x00", ""))  # NUL is refused by the WSGI layer before Django sees it
FIELDS = list(applicant().keys())
HUGE = st.integers(min_value=-(2**70), max_value=2**70)
SEARCH_PARAMS = ["q", "org", "scope", "category", "year_from", "year_to", "validity", "genre", "sort", "page"]


def _token(client, url):
    return re.search(r'name="token" value="([^"]+)"', client.get(url).content.decode()).group(1)


@FUZZ
@given(field=st.sampled_from(FIELDS), value=HOSTILE, action=st.sampled_from(["submit", "check"]))
def test_the_public_application_form_never_answers_5xx(client, two_orgs, field, value, action):
    client.raise_request_exception = False
    url = reverse("portal:apply", args=["jia"])
    data = applicant(**{field: value}) | {"token": _token(client, url), "action": action}
    response = client.post(url, data)
    assert response.status_code < 500, (field, value[:80])


@FUZZ
@given(code=HOSTILE)
def test_the_query_code_form_never_answers_5xx(client, two_orgs, code):
    client.raise_request_exception = False
    response = client.post(reverse("portal:apply_track", args=["jia"]), {"code": code})
    assert response.status_code < 500


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["q", "org", "scope", "category", "year_from", "year_to", "validity", "genre", "sort", "page"]
        ),
        st.one_of(HOSTILE, st.integers().map(str)),
        max_size=6,
    )
)
def test_search_and_record_lists_never_answer_5xx(client, two_orgs, search_index, params):
    client.raise_request_exception = False
    for url in (reverse("search:search"), reverse("search:suggest"), reverse("portal:records", args=["jia"])):
        response = client.get(url, params)
        assert response.status_code < 500, (url, params)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Valid and invalid inputs both: out-of-schema values (huge pages, negative years, wrong types)
# must be refused with a 4xx, never a 5xx.
schema.config.generation.modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Schemathesis calls the WSGI app itself, which signals request_started/finished and so closes
    # the database connection the test's transaction lives on (PostgreSQL); Django's test client
    # disconnects the same handler.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def published(two_orgs, search_index):
    """Something for the API to list and show."""
    return two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="接口模糊测试用的信息"))


@schema.parametrize()
@FUZZ
def test_the_api_never_answers_5xx(case, published):
    response = case.call()
    assert response.status_code < 500, case.as_curl_command()


@FUZZ
@given(
    page=st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70), st.sampled_from([2**63 - 1, 2**63, 2**64])
    ),
    size=st.one_of(st.none(), st.integers(min_value=-(2**70), max_value=2**70)),
    year=st.one_of(st.none(), st.integers(min_value=-(2**70), max_value=2**70)),
)
def test_api_integers_of_any_size_never_answer_5xx(client, published, page, size, year):
    # Schemathesis draws integers near the schema's bounds; the 64-bit edges are drawn here.
    client.raise_request_exception = False
    params = (
        {"page": page} | ({"page_size": size} if size is not None else {}) | ({"year": year} if year else {})
    )
    assert client.get("/api/v1/records", params).status_code < 500
