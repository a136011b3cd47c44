"""意见征集's figures reach the 政民互动 statistics through the registered function."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.participation import services_consultations as consultations
from gongkai.participation.models import Adoption, ConsultationComment
from gongkai.participation.questions import statistics

pytestmark = pytest.mark.django_db


def test_comments_and_adopted_groups_are_counted_per_organ_and_year(two_orgs):
    today = timezone.localdate()
    consultation = consultations.open_consultation(
        org=two_orgs.gov_a,
        actor=two_orgs.staff(two_orgs.gov_a, Role.EDITOR),
        title="甲市养犬管理办法（征求意见稿）",
        contact="电话 0991-1234567",
        starts_on=today,
        draft_text="第一条 为规范养犬行为，制定本办法。\n\n第二条 本办法适用于本市行政区域。",
    )
    first = consultations.submit_comment(
        consultation=consultation, text="建议明确大型犬的认定标准和登记办法。"
    )
    copy = consultations.submit_comment(
        consultation=consultation, text="建议明确大型犬的认定标准和登记办法！"
    )
    other = consultations.submit_comment(consultation=consultation, text="希望增加文明养犬的宣传教育条款。")
    assert ConsultationComment.objects.get(pk=copy.pk).duplicate_of_id == first.pk  # one campaign group
    ConsultationComment.objects.filter(pk=first.pk).update(adoption=Adoption.PARTLY)
    ConsultationComment.objects.filter(pk=other.pk).update(adoption=Adoption.NOT_ADOPTED)

    figures = statistics.question_figures([two_orgs.gov_a.pk, two_orgs.gov_b.pk], today.year)
    assert figures[two_orgs.gov_a.pk].consultations == {"consultations": 1, "comments": 3, "adopted": 2}
    assert figures[two_orgs.gov_a.pk].adoption_rate == pytest.approx(66.7, abs=0.1)
    assert not figures[two_orgs.gov_b.pk].consultations
    assert (
        statistics.question_figures([two_orgs.gov_a.pk], today.year - 1)[two_orgs.gov_a.pk].consultations
        is None
    )
