import pytest
from django.http import Http404

from gongkai.core.scoping import get_for_org
from gongkai.disclosure.models import Record
from gongkai.disclosure.tests.factories import RecordFactory

pytestmark = pytest.mark.django_db


def test_object_of_the_organ_is_returned(two_orgs):
    record = RecordFactory(organization=two_orgs.gov_a)
    assert get_for_org(Record, org=two_orgs.gov_a, pk=record.pk) == record


def test_object_of_another_organ_looks_missing(two_orgs):
    record = RecordFactory(organization=two_orgs.gov_a)
    with pytest.raises(Http404) as other:
        get_for_org(Record, org=two_orgs.gov_b, pk=record.pk)
    with pytest.raises(Http404) as missing:
        get_for_org(Record, org=two_orgs.gov_b, pk=987654321)
    assert str(other.value) == str(missing.value)


def test_parent_government_does_not_reach_its_departments_objects(two_orgs):
    record = RecordFactory(organization=two_orgs.dept_a1)
    with pytest.raises(Http404):
        get_for_org(Record, org=two_orgs.gov_a, pk=record.pk)


@pytest.mark.parametrize("pk", ["abc", None, ""])
def test_malformed_ids_are_404_not_500(two_orgs, pk):
    with pytest.raises(Http404):
        get_for_org(Record, org=two_orgs.gov_a, pk=pk)


def test_queryset_argument_keeps_its_filters(two_orgs):
    record = RecordFactory(organization=two_orgs.gov_a, status="draft")
    with pytest.raises(Http404):
        get_for_org(Record.objects.filter(status="published"), org=two_orgs.gov_a, pk=record.pk)
