"""The record form's body: paste cleaned, plain text in paragraphs, and a preview that is the
public page's own fragment."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.disclosure.models import Record, Status
from gongkai.workbench.tests.test_views import as_staff, record_form_data

pytestmark = pytest.mark.django_db

TEXT = "各有关单位：\n\n现将有关事项通知如下。\n请遵照执行。\n\n甲市人民政府办公室\n2024年3月1日"
TABLE = (
    '<p class=MsoNormal>附表<o:p></o:p></p><table border=1><tr><td colspan=2 style="width:9pt">合计</td></tr>'
    "</table>"
)


def _body_div(html: str) -> str:
    return re.search(r'<div class="record-body">(.*?)</div>', html, re.DOTALL).group(1)


def test_preview_shows_the_cleaned_body_and_saves_nothing(client, two_orgs):
    as_staff(client, two_orgs, Role.EDITOR)
    data = record_form_data(two_orgs.gov_a, body=TEXT, preview="1")
    response = client.post(reverse("workbench:record_create"), data)
    assert response.status_code == 200
    assert not Record.objects.filter(title=data["title"]).exists()
    html = response.content.decode()
    assert _body_div(html) == (
        "<p>各有关单位：</p><p>现将有关事项通知如下。<br>请遵照执行。</p><p>甲市人民政府办公室<br>2024年3月1日</p>"
    )
    assert "各有关单位：\n\n现将" in html  # the textarea keeps what was typed


def test_preview_of_an_incomplete_form_still_shows_the_body_and_the_errors(client, two_orgs):
    as_staff(client, two_orgs, Role.EDITOR)
    response = client.post(reverse("workbench:record_create"), {"body": TABLE, "preview": "1"})
    html = response.content.decode()
    assert '<td colspan="2">合计</td>' in _body_div(html)
    assert "表单有误" in html


def test_saved_body_and_public_page_match_the_preview(client, two_orgs):
    as_staff(client, two_orgs, Role.EDITOR)
    data = record_form_data(two_orgs.gov_a, body=TABLE)
    preview = _body_div(
        client.post(reverse("workbench:record_create"), {**data, "preview": "1"}).content.decode()
    )
    client.post(reverse("workbench:record_create"), data)
    record = Record.objects.get(title=data["title"])
    assert record.body == preview.strip()
    Record.objects.filter(pk=record.pk).update(
        status=Status.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(hours=1),
        index_year=2024,
        index_serial=1,
    )
    record.refresh_from_db()
    public = client.get(
        reverse("portal:record", kwargs={"org": two_orgs.gov_a.slug, "key": record.public_key})
    )
    assert _body_div(public.content.decode()).strip() == preview.strip()
