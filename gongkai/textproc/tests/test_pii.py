import pytest

from gongkai.textproc.pii import find_pii, id_check_char, is_valid_id_number, luhn_ok, mask_phone

VALID_ID = "11010519491231002X"  # GB 11643 example
VALID_CARD = "6222021234567890128"  # 19 digits, passes Luhn


def test_the_standards_example_id_number_is_valid():
    assert id_check_char("11010519491231002") == "X"
    assert is_valid_id_number(VALID_ID)
    assert is_valid_id_number(VALID_ID.lower())


@pytest.mark.parametrize(
    "value",
    ["110105194912310021", "11010519491332002X", "1101051949123100", "31010520991231002X"],
)
def test_wrong_check_char_impossible_birth_date_or_length_is_not_an_id(value):
    assert not is_valid_id_number(value)


def test_luhn():
    assert luhn_ok(VALID_CARD)
    assert not luhn_ok("6222021234567890127")


def test_findings_are_masked_and_labelled():
    text = f"张三，身份证{VALID_ID}，手机13812345678，卡号{VALID_CARD}。"
    findings = {(f.kind, f.masked) for f in find_pii(text)}
    assert ("id_number", "110***********002X") in findings
    assert ("mobile", mask_phone("13812345678")) in findings
    assert ("mobile", "138****5678") in findings
    assert any(kind == "bank_card" for kind, _ in findings)
    assert all(VALID_ID not in masked for _, masked in findings)


def test_ordinary_numbers_are_not_personal_data():
    text = "索引号 11652301MB0000001P/2026-00001，电话 0994-2345678，12345 热线，2026年预算 123456789012 元。"
    assert find_pii(text) == []
