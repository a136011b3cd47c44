"""专题专栏: records gathered by rule from the government's organs, pinned and excluded by hand,
within the period; who may edit; the public pages; the self-inspection's update period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.catalog import topics
from gongkai.disclosure.models import Topic

pytestmark = pytest.mark.django_db


def column(two_orgs, **data):
    data.setdefault("name", "六稳六保")
    data.setdefault("slug", "liuwen-liubao")
    data.setdefault("position", 0)
    return topics.save_topic_column(
        org=two_orgs.gov_a, actor=two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN), data=data
    )


def published(two_orgs, org, title, *, days_ago=1, **fields):
    return two_orgs.publish(
        two_orgs.draft(org, title=title, **fields), at=timezone.now() - timedelta(days=days_ago)
    )


def titles(col):
    return [r.title for r in topics.gathered(col)]


def test_rules_gather_from_every_organ_of_the_government_and_no_other(two_orgs):
    published(two_orgs, two_orgs.gov_a, "甲市稳就业十条措施")
    published(two_orgs, two_orgs.dept_a1, "关于物价的通知", topic=Topic.ECONOMY)
    published(two_orgs, two_orgs.dept_a1, "关于开展安全检查的通知", keywords="保市场主体,检查")
    published(two_orgs, two_orgs.gov_b, "乙县稳就业措施")  # another government
    two_orgs.draft(two_orgs.gov_a, title="稳就业草稿")  # not published
    col = column(two_orgs, keywords="稳就业", topics=[Topic.ECONOMY], tags="保市场主体")
    assert sorted(titles(col)) == sorted(["甲市稳就业十条措施", "关于物价的通知", "关于开展安全检查的通知"])


def test_category_rule_matches_the_column_or_its_parent(two_orgs):
    from gongkai.catalog.models import Column

    policy_column = Column.objects.get(organization=two_orgs.dept_a1, category_code="art20-01")
    published(two_orgs, two_orgs.dept_a1, "甲市发改委规范性文件", column=policy_column)
    budget_column = Column.objects.get(organization=two_orgs.dept_a1, category_code="art20-07")
    published(two_orgs, two_orgs.dept_a1, "其他信息", column=budget_column)
    col = column(two_orgs, category_codes=["art20-01"])
    assert titles(col) == ["甲市发改委规范性文件"]


def test_pins_come_first_exclusions_stay_out_and_the_period_bounds_the_rules(two_orgs):
    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    old = published(two_orgs, two_orgs.gov_a, "旧的稳就业通知", days_ago=400)
    newer = published(two_orgs, two_orgs.gov_a, "稳就业新闻", days_ago=2)
    noisy = published(two_orgs, two_orgs.gov_a, "稳就业无关稿件", days_ago=1)
    hand = published(two_orgs, two_orgs.dept_a1, "手工收录的解读", days_ago=30)
    col = column(two_orgs, keywords="稳就业", starts_on=timezone.localdate() - timedelta(days=100))
    assert old.title not in titles(col)
    topics.set_entry(column=col, record=hand, actor=admin, position=1)
    topics.set_entry(column=col, record=old, actor=admin, position=0)  # a pin ignores the period
    topics.set_entry(column=col, record=noisy, actor=admin, excluded=True)
    assert titles(col) == [old.title, hand.title, newer.title]
    topics.set_entry(column=col, record=noisy, actor=admin, remove=True)
    assert noisy.title in titles(col)
    assert AuditEntry.objects.filter(verb="topic_column_pinned", object_id=str(col.pk)).count() == 2


def test_only_the_competent_office_of_a_government_edits_and_bad_input_is_named(two_orgs):
    with pytest.raises(PermissionDenied):
        topics.save_topic_column(
            org=two_orgs.gov_a,
            actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
            data={"name": "x", "slug": "x"},
        )
    with pytest.raises(ValidationError) as caught:
        column(two_orgs, starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1), topics=["nonsense"])
    assert set(caught.value.message_dict) == {"ends_on", "topics"}
    column(two_orgs)
    with pytest.raises(ValidationError) as caught:
        column(two_orgs, name="另一个")
    assert "slug" in caught.value.message_dict


def test_the_public_list_and_page(client, two_orgs):
    published(two_orgs, two_orgs.dept_a1, "甲市稳就业十条措施")
    col = column(two_orgs, keywords="稳就业", description="聚焦稳就业")
    column(two_orgs, name="未开始的专栏", slug="later", starts_on=timezone.localdate() + timedelta(days=5))
    listing = client.get(reverse("topics:list")).content.decode()
    assert "六稳六保" in listing
    assert "未开始的专栏" not in listing
    page = client.get(reverse("topics:page", args=[col.slug])).content.decode()
    assert "甲市稳就业十条措施" in page
    assert "甲市发展和改革委员会" in page
    assert client.get(reverse("topics:page", args=["later"])).status_code == 404
    api = client.get("/api/v1/topics").json()
    assert api[0]["slug"] == col.slug
    assert len(api[0]["records"]) == 1


def test_the_workbench_creates_pins_and_refuses_other_roles(client, two_orgs):
    record = published(two_orgs, two_orgs.gov_a, "十四五规划纲要")
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    bad = client.post(reverse("workbench:topic_list"), {"name": "十四五", "slug": "", "position": 0})
    assert bad.status_code == 200
    assert "十四五" in bad.content.decode()
    created = client.post(
        reverse("workbench:topic_list"),
        {"name": "十四五", "slug": "shisiwu", "position": 0, "is_active": "on"},
    )
    col = topics.TopicColumn.objects.get(slug="shisiwu")
    assert created.status_code == 302
    client.post(
        reverse("workbench:topic_edit", args=[col.pk]),
        {"form": "entry", "record": record.pk, "choice": "pin"},
    )
    assert titles(col) == ["十四五规划纲要"]
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    assert client.get(reverse("workbench:topic_list")).status_code == 403


def test_a_topic_column_counts_toward_the_update_periods_of_the_self_inspection(two_orgs):
    from gongkai.inspection import selfcheck

    published(two_orgs, two_orgs.gov_a, "稳就业通知", days_ago=40)
    col = column(two_orgs, keywords="稳就业")  # default period: 30 days

    def stale():
        report = selfcheck.inspect([two_orgs.gov_a])
        return [f for f in report.findings if f.indicator == selfcheck.STALE_COLUMN and f.text == "topic"]

    [finding] = stale()
    assert "六稳六保" in finding.where
    assert finding.url == reverse("workbench:topic_edit", args=[col.pk])
    published(two_orgs, two_orgs.gov_a, "稳就业最新进展", days_ago=1)
    assert stale() == []
    topics.save_topic_column(
        org=two_orgs.gov_a,
        actor=two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN),
        data={"ends_on": timezone.localdate() - timedelta(days=1), "keywords": "无此词"},
        column=col,
    )
    assert stale() == []  # an ended column needs no updates
