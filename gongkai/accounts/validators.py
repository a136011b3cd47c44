"""Password rules beyond Django's: 等保 2.0 第三级 8.1.4.1 a) asks for complex passwords.

security.md §1.1 and issue 17: at least 10 characters of 3 character classes, or a passphrase;
no word-plus-year patterns (``Changji2026``) or organ names; not a run of one character
(``Aa1aaaaa``); none of the last 5 passwords, even with other digits (``Changji2027`` after
``Changji2026``). Every message is Chinese (Django's own length message had no translation).
"""

from __future__ import annotations

import re
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


PASSPHRASE_MIN_LENGTH = 16
PASSPHRASE_MIN_WORDS = 3
# Words of a passphrase are separated by spaces, hyphens, dots or underscores.
WORD_SEPARATORS = re.compile(r"[\s\-_.]+")
# Guessable bases: the platform, government words, keyboard runs (besides organ slugs, from the DB).
WEAK_BASES = {
    "gongkai",
    "zhengwu",
    "zhengfu",
    "renmin",
    "admin",
    "password",
    "passw0rd",
    "qwerty",
    "qwertyuiop",
    "asdfgh",
    "zxcvbn",
    "welcome",
    "abcdef",
    "abcd",
    "china",
    "zhongguo",
}


def is_passphrase(password: str) -> bool:
    """Several words, long enough that length, not character classes, makes it strong."""
    words = [w for w in WORD_SEPARATORS.split(password.strip()) if len(w) >= 2]
    return len(password) >= PASSPHRASE_MIN_LENGTH and len(set(words)) >= PASSPHRASE_MIN_WORDS


class MinimumLengthValidator:
    """Replaces Django's, whose message stayed in English."""

    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _("密码至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self):
        return _("密码至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}


class GuessablePatternValidator:
    """Refuses a word followed (or preceded) by a year or other digits, an organ's or the platform's
    name inside the password, and passwords made of a few repeated characters."""

    def validate(self, password, user=None):
        bare = re.sub(r"[^0-9a-z]", "", password.lower())
        word = re.fullmatch(r"([a-z]+)[0-9]+|[0-9]+([a-z]+)", bare)
        # A short word plus digits is the pattern of leaked lists; a long run of letters is not.
        if word and len(word.group(1) or word.group(2)) < 10:
            raise ValidationError(
                _("密码不能是“单词+年份/数字”这类容易猜到的组合（如 Changji2026）。"), code="password_pattern"
            )
        lowered = password.lower()
        for base in WEAK_BASES | organ_words():
            if base in lowered:
                raise ValidationError(_("密码不能包含机关名称、平台名称或常见单词。"), code="password_organ")
        if len(set(lowered)) < 5:
            raise ValidationError(_("密码中重复的字符过多。"), code="password_repetitive")

    def get_help_text(self):
        return _("不能使用“单词+年份”、机关名称或大量重复的字符。")


def organ_words() -> set[str]:
    """The pinyin parts of every organ's slug ('changji-fgw' -> 'changji'), four letters or more."""
    from gongkai.orgs.models import Organization

    words = set()
    for slug in Organization.objects.values_list("slug", flat=True):
        words.update(part for part in re.split(r"[-_]", slug.lower()) if len(part) >= 4 and part.isalpha())
    return words


class PasswordHistoryValidator:
    """None of the user's last ``PasswordHistory.KEEP`` passwords, not even with other digits."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from django.contrib.auth.hashers import check_password

        from gongkai.accounts.models import PasswordHistory, password_skeleton

        skeleton = password_skeleton(password)
        recent = PasswordHistory.objects.filter(user=user)[: PasswordHistory.KEEP]
        if any(check_password(skeleton, entry.skeleton_hash) for entry in recent):
            raise ValidationError(
                _("新密码不能与最近 %(count)d 次使用过的密码相同或仅数字不同。")
                % {"count": PasswordHistory.KEEP},
                code="password_reused",
            )

    def get_help_text(self):
        return _("不能重复使用最近使用过的密码。")


class CharacterClassValidator:
    """At least three of: upper-case, lower-case, digits, symbols (a passphrase is exempt)."""

    def validate(self, password, user=None):
        if is_passphrase(password):
            return
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
