"""Staff accounts for tests and ``make_staff(org, *roles)`` to give one person roles in an organ."""

from __future__ import annotations

import factory
from django.utils import timezone

from gongkai.accounts.models import Membership, User

# Passes every validator in AUTH_PASSWORD_VALIDATORS (length, three classes, not common).
DEFAULT_PASSWORD = "Gk#2024-Strong"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"staff{n}")
    full_name = factory.Faker("name", locale="zh_CN")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.cn")
    password = factory.django.Password(DEFAULT_PASSWORD)
    # The factory hashes the password itself, so it also stamps the change time User.set_password would.
    password_changed_at = factory.LazyFunction(timezone.now)
    is_active = True


def make_staff(org, *roles: str, **user_fields) -> User:
    """A new user holding each of ``roles`` in ``org``."""
    user = UserFactory(**user_fields)
    for role in roles:
        Membership.objects.create(user=user, organization=org, role=role)
    return user
