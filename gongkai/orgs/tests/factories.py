"""Organs for tests: roots with ``add_root``, children with ``add_child(parent)``, columns seeded.

Treebeard sorts siblings (``node_order_by``) on insert, which can move organs created earlier:
reload an organ (``refresh_from_db``) before saving it after creating others.
"""

from __future__ import annotations

import factory

from gongkai.catalog.services import seed_statutory_columns
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Kind, Level, Organization


def credit_code_for(n: int) -> str:
    """A valid 统一社会信用代码 for the n-th test organ: 机关 (11), 昌吉州 (652300), serial, check char."""
    return make_credit_code(f"11652300{n:09d}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    """``OrganizationFactory(parent=gov, kind=Kind.DEPARTMENT)`` places the organ under ``gov``."""

    class Meta:
        model = Organization

    class Params:
        place = factory.Faker("city_name", locale="zh_CN")

    name = factory.LazyAttributeSequence(
        lambda o, n: f"{o.place}市第{n}人民政府" if o.kind == Kind.GOVERNMENT else f"{o.place}市第{n}局"
    )
    short_name = ""
    slug = factory.Sequence(lambda n: f"organ-{n}")
    kind = Kind.GOVERNMENT
    level = Level.CITY
    credit_code = factory.Sequence(credit_code_for)
    phone = factory.Faker("phone_number", locale="zh_CN")
    address = factory.Faker("address", locale="zh_CN")
    parent = None

    @classmethod
    def _build(cls, model_class, *args, parent=None, **kwargs):
        return model_class(*args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        manager = model_class.objects
        org = manager.add_root(kwargs) if parent is None else manager.add_child(parent, kwargs)
        seed_statutory_columns(org=org)
        return org


class DepartmentFactory(OrganizationFactory):
    kind = Kind.DEPARTMENT
