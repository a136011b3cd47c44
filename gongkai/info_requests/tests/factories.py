"""Synthetic applicants (Faker zh_CN, check-digit-valid ID numbers): no real person's data."""

from __future__ import annotations

import random
from datetime import date

from faker import Faker

from gongkai.textproc.pii import make_id_number

fake = Faker("zh_CN")


def id_number(rng: random.Random | None = None) -> str:
    rng = rng or random.Random()
    born = date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
    return make_id_number(rng.choice(["110101", "652301", "211302", "654003"]), born, rng.randint(0, 999))


def applicant(**overrides) -> dict:
    data = {
        "applicant_kind": "natural_person",
        "applicant_name": fake.name(),
        "id_type": "resident_id",
        "id_number": id_number(),
        "legal_representative": "",
        "contact_person": "",
        "phone": fake.phone_number(),
        "email": fake.email(),
        "address": fake.address(),
        "postal_code": fake.postcode(),
        "description": "2025年本市老旧小区改造项目的资金安排文件（文号不详）",
        "provision_form": "electronic",
        "obtain_method": "email",
    }
    return data | overrides
