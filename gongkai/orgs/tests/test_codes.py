import pytest
from django.core.exceptions import ValidationError

from gongkai.orgs.codes import credit_code_check_char, is_valid_credit_code, make_credit_code
from gongkai.orgs.models import validate_credit_code

# Codes published by real registrants (GB 32100-2015), so the weights are checked against the world.
REAL_CODES = ["91350100M000100Y43", "91110000802100433B", "91440300708461136T", "9144030071526726XG"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_published_credit_codes_are_valid(code):
    assert is_valid_credit_code(code)
    assert credit_code_check_char(code[:17]) == code[17]


@pytest.mark.parametrize("code", REAL_CODES)
def test_credit_code_with_wrong_check_char_is_invalid(code):
    wrong = next(c for c in "0123456789ABCDEF" if c != code[17])
    assert not is_valid_credit_code(code[:17] + wrong)


def test_credit_code_check_accepts_lower_case():
    assert is_valid_credit_code("91350100m000100y43")


@pytest.mark.parametrize(
    "code",
    [
        "",
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y431",  # 19 characters
        "91350100I000100Y43",  # I is not in the alphabet
        "91350100O000100Y43",  # neither is O
        "9135010０M000100Y43",  # full-width digit
    ],
)
def test_malformed_credit_codes_are_invalid(code):
    assert not is_valid_credit_code(code)


def test_make_credit_code_appends_the_check_char():
    code = make_credit_code("11652301000000001")
    assert len(code) == 18
    assert is_valid_credit_code(code)


def test_check_char_can_be_a_letter_and_is_never_z_s_v_i_o():
    chars = {credit_code_check_char(f"11652300{n:09d}") for n in range(500)}
    assert chars & set("ABCDEFGHJKLMNPQRTUWXY")
    assert not chars & set("ZSVIO")


def test_organization_validator_rejects_bad_check_char_with_chinese_message():
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        validate_credit_code("91350100M000100Y44")
    validate_credit_code("91350100M000100Y43")
    validate_credit_code("")  # optional field
