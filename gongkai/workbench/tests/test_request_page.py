"""The application page: the action forms folded to the one being used, each status said once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.info_requests import services
from gongkai.info_requests.tests.factories import applicant

pytestmark = pytest.mark.django_db

OPEN = re.compile(r'<details class="action" open><summary>([^<]+)</summary>')


@pytest.fixture
def received(two_orgs):
    created, _ = services.register(
        org=two_orgs.gov_a,
        actor=two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER),
        channel="letter",
        data=applicant(),
        received_on=timezone.localdate(),
    )
    return created


def test_the_action_forms_are_folded_and_a_refused_one_comes_back_open_alone(client, two_orgs, received):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER))
    text = client.get(reverse("workbench:request_detail", args=[received.pk])).content.decode()
    assert text.count('<details class="action"') >= 6
    assert not OPEN.findall(text)
    # Every action form is inside a fold: no bare form outside one but the small inline ones.
    actions = text[text.index('id="act-h"') :]
    assert not re.search(r'(?<!</summary>)<form method="post" action="[^"]+" class="form">', actions)
    refused = client.post(
        reverse("workbench:request_step", args=[received.pk, "correction"]),
        {"correction-items": "请写明文号"},
    ).content.decode()
    assert OPEN.findall(refused) == ["告知补正（第三十条，一次性告知）"]
    assert "请写明文号" in refused


def _status_line(text: str) -> str:
    return re.search(r'<p><span class="status">.*?</p>', text, re.S).group(0)


def test_the_status_is_said_once_on_the_page_and_in_the_list(client, two_orgs):
    online, _code = services.submit_online(org=two_orgs.gov_a, data=applicant(), token="t-status-once")
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER))
    page = client.get(reverse("workbench:request_detail", args=[online.pk])).content.decode()
    assert _status_line(page).count("待确认收到") == 1
    listing = client.get(reverse("workbench:request_list")).content.decode()
    row = re.search(rf"<tr[^>]*>\s*<td[^>]*><a[^>]*>{online.number}</a>.*?</tr>", listing, re.S).group(0)
    assert row.count("待确认收到") == 1
