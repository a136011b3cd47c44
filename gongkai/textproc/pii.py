"""Personal data that must not be published by accident (等保 2.0 / 个人信息保护法; the most common
content leak on government sites is a 公示名单 with unmasked ID numbers, phones or bank cards).

Pure functions over text; callers decide what a finding blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# GB 11643-1999: 17 digits weighted, then a check character 0-9 or X.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9])(1[3-9]\d{9})(?![0-9])")
CARD = re.compile(r"(?<![0-9])(\d{16,19})(?![0-9])")


@dataclass(frozen=True)
class Finding:
    kind: str  # "id_number" | "mobile" | "bank_card"
    label: str
    masked: str


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def is_valid_id_number(value: str) -> bool:
    """18-character 居民身份证号码 with a real birth date and the right check character."""
    value = value.upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not date(1900, 1, 1) <= born <= date.today():
        return False
    return id_check_char(value[:17]) == value[17]


def make_id_number(region: str, born: date, sequence: int) -> str:
    """A check-digit-valid 居民身份证号码 (synthetic demo and test data; GB 11643)."""
    body = f"{region}{born:%Y%m%d}{sequence % 1000:03d}"
    return body + id_check_char(body)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def mask_id_number(value: str) -> str:
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str) -> str:
    return value[:3] + "****" + value[-4:]


def mask_name(value: str) -> str:
    """张三 → 张*, 欧阳明华 → 欧***; an organisation's name is shown as its first four characters.

    Bidirectional controls are removed first: a U+202E must not survive masking and reverse a
    list cell.
    """
    from gongkai.textproc.bidi import strip_bidi

    value = strip_bidi(value).strip()
    if len(value) > 6:
        return value[:4] + "***"
    return value[:1] + "*" * max(1, len(value) - 1) if value else ""


def find_pii(text: str) -> list[Finding]:
    """Unmasked ID numbers, mobile numbers and bank-card numbers in ``text``, masked for display."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for match in ID_NUMBER.finditer(text):
        value = match.group(1)
        if is_valid_id_number(value) and value not in seen:
            seen.add(value)
            findings.append(Finding("id_number", "身份证号码", mask_id_number(value)))
    for match in CARD.finditer(text):
        value = match.group(1)
        if value not in seen and len(value) != 18 and luhn_ok(value) and value[0] in "3456789":
            seen.add(value)
            findings.append(Finding("bank_card", "银行卡号", mask_id_number(value)))
    for match in MOBILE.finditer(text):
        value = match.group(1)
        if value not in seen:
            seen.add(value)
            findings.append(Finding("mobile", "手机号码", mask_phone(value)))
    return findings
