"""意见征集 in search and the API: public consultations and published feedback are found and
listed; commenters' contacts and unsigned names never are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.participation import services_consultations as services
from gongkai.participation.models import Adoption
from gongkai.participation.tests.consultation_factories import comment, open_consultation
from gongkai.search.query import SearchRequest, search

pytestmark = pytest.mark.django_db


def urls_found(q: str) -> list[str]:
    """Results that contain every word of ``q`` (not the partial matches search falls back to)."""
    response = search(SearchRequest(q=q))
    return [] if response.missing else [h.url for h in response.hits]


def _finished(two_orgs, publish):
    consultation = open_consultation(
        two_orgs, title="甲市停车收费管理办法征求意见", starts_on=timezone.localdate() - timedelta(days=5)
    )
    head = two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    signed = comment(
        consultation, "建议第三条分步上调收费。", author_name="孙署名", show_name=True, contact="13700002222"
    )
    unsigned = comment(
        consultation, "建议第二条写明适用范围。", author_name="周隐名", contact="zhou@example.com"
    )
    for c in (signed, unsigned):
        services.moderate_comment(comment=c, actor=head, publish=True)
    services.change_period(consultation=consultation, actor=head, action="close", reason="结束")
    services.decide_adoption(comment=signed, actor=head, adoption=Adoption.ADOPTED)
    services.decide_adoption(comment=unsigned, actor=head, adoption=Adoption.NOT_ADOPTED, reason="已有规定。")
    policy = publish(two_orgs.draft(two_orgs.gov_a, title="甲市停车收费管理办法"))
    services.save_feedback(
        consultation=consultation, actor=head, summary="梧桐采纳说明：收到意见2条。", final_record=policy
    )
    services.publish_feedback(consultation=consultation, actor=head)
    return consultation, policy


def test_public_consultations_and_their_feedback_are_searchable(two_orgs, publish, search_index):
    consultation, _ = _finished(two_orgs, publish)
    hidden = open_consultation(
        two_orgs, title="尚未开始的银杏办法", starts_on=timezone.localdate() + timedelta(days=5)
    )
    search_index()
    by_draft = search(SearchRequest(q="中心城区路内停车"))
    assert consultation.get_absolute_url() in [h.url for h in by_draft.hits]
    by_feedback = search(SearchRequest(q="梧桐采纳说明"))
    assert [h.url for h in by_feedback.hits] == [consultation.get_absolute_url()]
    assert hidden.get_absolute_url() not in urls_found("银杏办法")
    for private in ("周隐名", "zhou@example.com", "13700002222"):
        assert urls_found(private) == [], private


def test_api_lists_and_details_public_consultations_without_personal_data(client, two_orgs, publish):
    consultation, policy = _finished(two_orgs, publish)
    open_one = open_consultation(two_orgs, title="正在征集的办法")
    listing = client.get("/api/v1/consultations", {"state": "closed"}).json()
    assert [item["id"] for item in listing["items"]] == [consultation.pk]
    assert client.get("/api/v1/consultations", {"state": "open"}).json()["items"][0]["id"] == open_one.pk
    assert client.get("/api/v1/consultations", {"state": "nonsense"}).status_code == 422
    detail = client.get(f"/api/v1/consultations/{consultation.pk}")
    body = detail.content.decode()
    data = detail.json()
    assert data["feedback"]["figures"]["received"] == 2
    assert data["feedback"]["final_policy_url"] == policy.get_absolute_url()
    assert {c["name"] for c in data["comments"]} == {"孙署名", "匿名"}
    assert "周隐名" not in body
    assert "zhou@example.com" not in body
    assert "13700002222" not in body
    assert client.get("/api/v1/consultations/999999").status_code == 404


def test_api_does_not_show_a_consultation_before_it_starts(client, two_orgs):
    future = open_consultation(two_orgs, starts_on=timezone.localdate() + timedelta(days=2))
    assert client.get(f"/api/v1/consultations/{future.pk}").status_code == 404
    assert client.get("/api/v1/consultations").json()["count"] == 0


def test_the_public_comment_shape_has_no_personal_field():
    from gongkai.participation.selectors_consultations import PUBLIC_COMMENT_FIELDS, PublicComment

    fields = set(PublicComment.__dataclass_fields__)
    assert set(PUBLIC_COMMENT_FIELDS) <= fields
    assert not fields & {"author_name", "contact", "show_name", "hide_reason"}
