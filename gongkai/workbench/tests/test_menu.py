"""The workbench offers each role only what it may use: every link shown answers 200 for it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role

pytestmark = pytest.mark.django_db


def _menu_links(text: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="wb-nav"[^>]*>(.*?)</nav>', text, re.S).group(1)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)


@pytest.mark.parametrize("role", Role.values)
def test_every_menu_link_shown_to_a_role_answers_200_for_it(client, two_orgs, role):
    client.force_login(two_orgs.staff(two_orgs.gov_a, role))
    links = _menu_links(client.get(reverse("workbench:dashboard")).content.decode())
    assert links
    for href, label in links:
        assert client.get(href).status_code == 200, (role, label, href)


def test_an_editor_is_not_offered_the_pages_that_refuse_it(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    labels = {
        label for _href, label in _menu_links(client.get(reverse("workbench:dashboard")).content.decode())
    }
    assert {"新建信息", "信息管理", "工作台账"} <= labels
    for name, label in (
        ("request_list", "依申请公开"),
        ("report_list", "年度报告"),
        ("search_statistics", "检索统计"),
    ):
        assert label not in labels
        assert client.get(reverse(f"workbench:{name}")).status_code == 403


def test_only_handlers_see_the_register_button_and_only_editors_the_new_record_button(client, two_orgs):
    register = reverse("workbench:request_register")
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    assert register not in client.get(reverse("workbench:request_list")).content.decode()
    assert client.get(register).status_code == 403
    assert (
        reverse("workbench:record_create")
        not in client.get(reverse("workbench:record_list")).content.decode()
    )
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REQUEST_HANDLER))
    assert register in client.get(reverse("workbench:request_list")).content.decode()
    assert client.get(register).status_code == 200
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    assert reverse("workbench:record_create") in client.get(reverse("workbench:record_list")).content.decode()
