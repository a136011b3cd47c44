"""The word-list page: who may change what, malformed entries refused, changes audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.disclosure.tests.factories import draft_record
from gongkai.inspection.models import WordRule

pytestmark = pytest.mark.django_db


def entry(**overrides) -> dict:
    data = {
        "category": "organ",
        "match": "literal",
        "pattern": "城管大队",
        "suggestion": "综合行政执法大队",
        "reason": "本机关已更名",
        "source": "本机关2025年机构改革通知",
        "blocking": "on",
        "active": "on",
        "scope": "organ",
    }
    return {**data, **overrides}


def test_a_reviewer_adds_an_organ_entry_and_it_is_audited(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REVIEWER))
    response = client.post(reverse("workbench:wordlist"), entry())
    assert response.status_code == 302
    rule = WordRule.objects.get(pattern="城管大队")
    assert rule.organization == two_orgs.gov_a
    assert AuditEntry.objects.filter(verb="wordrule_added").count() == 1


def test_a_malformed_regex_is_refused_with_a_clear_message(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REVIEWER))
    response = client.post(reverse("workbench:wordlist"), entry(match="regex", pattern="(未闭合"))
    assert response.status_code == 200
    assert "正则表达式无效" in response.content.decode()
    assert not WordRule.objects.filter(pattern="(未闭合").exists()


def test_an_editor_cannot_change_the_installation_list(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    response = client.post(reverse("workbench:wordlist"), entry(scope="installation"))
    assert response.status_code == 200
    assert "政务公开办管理员" in response.content.decode()
    assert not WordRule.objects.filter(pattern="城管大队").exists()


def test_another_organs_entry_is_a_404(client, two_orgs):
    other = WordRule.objects.create(
        organization=two_orgs.gov_b, category="organ", pattern="乙机关专用词", reason="测试"
    )
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.REVIEWER))
    assert client.get(reverse("workbench:wordlist_edit", args=[other.pk])).status_code == 404


def test_findings_are_shown_in_place_on_the_record_page(client, two_orgs):
    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    record = draft_record(two_orgs.gov_a, editor=editor, title="关于按步就班推进工作的通知")
    client.force_login(editor)
    page = client.get(reverse("workbench:record_detail", args=[record.pk])).content.decode()
    assert "发布前检查" in page
    assert "按部就班" in page


def test_a_policy_without_its_interpretation_is_a_task_on_the_dashboard(client, two_orgs):
    from gongkai.disclosure import services
    from gongkai.disclosure.models import Genre

    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    policy = draft_record(two_orgs.gov_a, editor=editor, title="某市养犬管理规定", genre=Genre.NORMATIVE)
    client.force_login(editor)
    page = client.get(reverse("workbench:dashboard")).content.decode()
    assert "某市养犬管理规定" in page.split("待补政策解读（三同步）")[1].split("</section>")[0]
    services.create_record(
        org=two_orgs.gov_a,
        actor=editor,
        column=policy.column,
        title="《某市养犬管理规定》政策解读",
        genre=Genre.INTERPRETATION,
        policy=policy,
    )
    page = client.get(reverse("workbench:dashboard")).content.decode()
    section = page.split("待补政策解读（三同步）")[1].split("</section>")[0]
    assert "某市养犬管理规定" not in section


def test_submit_through_the_page_shows_the_findings_and_keeps_the_draft(client, two_orgs):
    from django.contrib.messages import get_messages

    from gongkai.disclosure.models import Record, Status

    editor = two_orgs.staff(two_orgs.gov_a, Role.EDITOR)
    record = draft_record(two_orgs.gov_a, editor=editor, title="中华人民共合国政府信息公开工作通知")
    client.force_login(editor)
    response = client.post(reverse("workbench:record_transition", args=[record.pk, "submit"]))
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "中华人民共和国" in shown
    assert Record.objects.get(pk=record.pk).status == Status.DRAFT
    reviewer = two_orgs.staff(two_orgs.gov_a, Role.REVIEWER)
    client.force_login(reviewer)
    client.post(
        reverse("workbench:record_transition", args=[record.pk, "submit"]),
        {"release_reason": "引用错误原文以作通报"},
    )
    # a reviewer who is not an editor may release but not submit: the step's own role check stands
    assert Record.objects.get(pk=record.pk).status == Status.DRAFT


def test_the_competent_office_adds_an_installation_entry_from_the_workbench_and_every_organ_is_checked(
    client, two_orgs
):
    """Issue 13: "make adding entries a workbench task for the 政务公开办" — audited, and the next
    check of any organ's draft uses the new entry (the compiled list is cached per version)."""
    from gongkai.inspection.services import check_record

    other_editor = two_orgs.staff(two_orgs.gov_b, Role.EDITOR)
    draft = draft_record(two_orgs.gov_b, editor=other_editor, body="<p>县城管执法局开展市容整治。</p>")
    assert not [f for f in check_record(draft) if f.text == "城管执法局"]
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    page = client.get(reverse("workbench:wordlist")).content.decode()
    assert "错敏词库" in page
    data = entry(
        category="outdated",
        pattern="城管执法局",
        suggestion="综合行政执法局",
        reason="机构已调整",
        scope="installation",
    )
    response = client.post(reverse("workbench:wordlist"), data)
    assert response.status_code == 302
    rule = WordRule.objects.get(pattern="城管执法局")
    assert rule.organization is None
    audit = AuditEntry.objects.get(verb="wordrule_added")
    assert audit.actor.username == two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN).username
    [found] = [f for f in check_record(draft) if f.text == "城管执法局"]
    assert found.suggestion == "综合行政执法局"


@pytest.mark.parametrize("typed", ["甲政办发[2026]3号", "甲政办发（2026）3号", "甲政办发【 2026 】3号"])
def test_a_doc_number_typed_with_other_brackets_is_saved_with_the_hexagonal_ones(client, two_orgs, typed):
    """Issue 13: "a 文号 typed `[2026]` is published as typed" — the record form writes it 〔2026〕."""
    from gongkai.disclosure.models import Record
    from gongkai.workbench.tests.test_views import record_form_data

    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    data = record_form_data(two_orgs.gov_a, doc_number=typed)
    assert client.post(reverse("workbench:record_create"), data).status_code == 302
    assert Record.objects.get(title=data["title"]).doc_number == "甲政办发〔2026〕3号"
