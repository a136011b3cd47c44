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


def test_configured_validators_accept_a_strong_password():
    validate_password("Xinjiang#Changji-2024")


def test_configured_validators_refuse_short_passwords():
    with pytest.raises(ValidationError):
        validate_password("Ab1!x")
