import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from gongkai.accounts.validators import (
    CHINESE_WEAK_PASSWORDS,
    CharacterClassValidator,
    ChineseWeakPasswordValidator,
)


@pytest.mark.parametrize(
    "password",
    [
        "abcdefgh12",  # lower + digit
        "ABCDEFGH12",  # upper + digit
        "Abcdefghij",  # upper + lower
        "abcdef!@#$",  # lower + symbol
        "1234567890",  # digits only
    ],
)
def test_password_with_fewer_than_three_character_classes_is_refused(password):
    with pytest.raises(ValidationError) as info:
        CharacterClassValidator().validate(password)
    assert info.value.error_list[0].code == "password_classes"
    assert "三类" in info.value.messages[0]


@pytest.mark.parametrize(
    "password",
    [
        "Abcdefg123",  # upper + lower + digit
        "abcdefg12!",  # lower + digit + symbol
        "ABCDEFG12#",  # upper + digit + symbol
        "Abcdefgh!!",  # upper + lower + symbol
        "Abc12!xyZ",  # all four
        "zhengwu公开2024",  # Chinese characters count as symbols
    ],
)
def test_password_with_three_or_four_character_classes_is_accepted(password):
    CharacterClassValidator().validate(password)


@pytest.mark.parametrize("password", ["woaini1314", "Admin@123", "P@ssw0rd", "ZhengWu123", "1qaz@WSX"])
def test_password_on_the_chinese_weak_list_is_refused_whatever_its_case(password):
    with pytest.raises(ValidationError) as info:
        ChineseWeakPasswordValidator().validate(password)
    assert info.value.error_list[0].code == "password_weak"


def test_password_not_on_the_weak_list_passes_the_weak_list_check():
    ChineseWeakPasswordValidator().validate("Xinjiang#Changji-2024")


def test_weak_list_is_stored_lower_case_so_lookups_can_match():
    assert all(p == p.lower() for p in CHINESE_WEAK_PASSWORDS)


def test_configured_validators_refuse_a_weak_password_that_has_three_classes():
    # admin@123 has lower, digit and symbol: only the Chinese weak list stops it.
    with pytest.raises(ValidationError) as info:
        validate_password("admin@123")
    assert "password_weak" in {e.code for e in info.value.error_list}


@pytest.mark.django_db  # organ names come from the database
def test_configured_validators_accept_a_strong_password():
    validate_password("Tianshan#2024-new")


@pytest.mark.django_db
def test_configured_validators_refuse_short_passwords():
    with pytest.raises(ValidationError):
        validate_password("Ab1!x")


# -- issue 17, finding 8: the rules of security.md §1.1 -------------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Aa1aaaaa", "password_too_short"),  # 8 characters, accepted before
        ("Aa1aaaaaaa", "password_repetitive"),
        ("Changji2026", "password_pattern"),
        ("Changji2026!", "password_pattern"),
        ("2026#Changji", "password_pattern"),
        ("Gk#Gongkai-7x", "password_organ"),
        ("Q8#jilin-Wx", "password_organ"),  # an organ's slug, from the database
    ],
)
def test_guessable_passwords_are_refused_with_a_chinese_message(password, code):
    from gongkai.orgs.tests.factories import OrganizationFactory

    OrganizationFactory(slug="jilin")
    with pytest.raises(ValidationError) as info:
        validate_password(password)
    assert code in [error.code for error in info.value.error_list]
    assert all(CJK.search(message) for message in info.value.messages), info.value.messages


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["", "a", "short1A!", "12345678", "password", "Aa1aaaaa"])
def test_every_validator_message_is_chinese(password):
    from gongkai.accounts.models import User

    with pytest.raises(ValidationError) as info:
        validate_password(password, User(username="zhangsan", full_name="张三"))
    for message in info.value.messages:
        assert CJK.search(message), message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password", ["Gk#2024-Strong", "x#eX@#MTSYAy#9cd", "塔城的雪山 草原上的牧场 清晨的炊烟"]
)
def test_strong_passwords_and_passphrases_are_accepted(password):
    validate_password(password)


def test_a_passphrase_needs_no_character_classes_but_length_and_words():
    CharacterClassValidator().validate("correct horse battery staple")
    with pytest.raises(ValidationError):
        CharacterClassValidator().validate("correcthorsebatterystaple")


@pytest.mark.django_db
def test_the_last_five_passwords_are_refused_even_with_other_digits():
    from gongkai.accounts.models import PasswordHistory, User

    user = User.objects.create_user("zhaosi", password="Tarim#51-River")
    for password in ("Kunlun#62-Peak", "Altai#73-Gold", "Ili#84-Valley", "Bosten#95-Lake"):
        validate_password(password, user)
        user.set_password(password)
        user.save()
    for reused in ("Tarim#51-River", "Tarim#52-River", "Bosten#96-Lake!", "TARIM-river-2099"):
        with pytest.raises(ValidationError) as info:
            validate_password(reused, user)
        assert "password_reused" in [error.code for error in info.value.error_list]
    user.set_password("Turpan#16-Grape")  # the sixth pushes the first out of the history
    user.save()
    assert PasswordHistory.objects.filter(user=user).count() == PasswordHistory.KEEP
    validate_password("Tarim#51-River", user)
    # The history holds hashes, never the passwords or their letters in clear.
    stored = " ".join(PasswordHistory.objects.values_list("skeleton_hash", flat=True))
    assert "tarim" not in stored.lower()
    assert "kunlun" not in stored.lower()
