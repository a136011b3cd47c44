"""Password rules beyond Django's: 等保 2.0 第三级 8.1.4.1 a) asks for complex passwords."""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Passwords seen first in Chinese leak lists; CommonPasswordValidator's list is English-centred.
CHINESE_WEAK_PASSWORDS = {
    "123456",
    "12345678",
    "123456789",
    "1234567890",
    "a123456",
    "a12345678",
    "aa123456",
    "aa12345678",
    "abc123456",
    "admin123",
    "admin888",
    "admin@123",
    "admin123456",
    "password1",
    "p@ssw0rd",
    "passw0rd",
    "qwe123456",
    "qq123456",
    "woaini1314",
    "5201314",
    "1qaz2wsx",
    "1qaz@wsx",
    "zxcvbnm123",
    "aa123456@",
    "abcd1234",
    "abc@1234",
    "root1234",
    "test1234",
    "gov12345",
    "zhengwu123",
    "gongkai123",
    "888888888",
}


class CharacterClassValidator:
    """At least three of: upper-case, lower-case, digits, symbols."""

    def validate(self, password, user=None):
        classes = [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(c in string.punctuation or not c.isascii() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(
                _("密码须至少包含大写字母、小写字母、数字、符号中的三类。"), code="password_classes"
            )

    def get_help_text(self):
        return _("密码须至少包含大写字母、小写字母、数字、符号中的三类。")


class ChineseWeakPasswordValidator:
    def validate(self, password, user=None):
        if password.lower() in CHINESE_WEAK_PASSWORDS:
            raise ValidationError(_("该密码过于常见，请换一个。"), code="password_weak")

    def get_help_text(self):
        return _("不能使用常见弱口令。")
