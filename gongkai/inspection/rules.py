"""The word list compiled for matching, and the validation of one entry.

Literal entries are merged into one alternation (one pass over the text whatever the list's
size); regular expressions run one by one. Python's ``re`` has no time limit, so a pattern is
refused on save if it nests repetitions (``(a+)+``, the classic catastrophic backtracking) or can
match the empty string; the text it runs on is bounded by the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_PATTERN = 200
NESTED_REPEAT = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]")
BACKREF = re.compile(r"\\(\d+)")


@dataclass(frozen=True)
class CompiledRule:
    rule_id: int | None
    category: str
    pattern: str
    regex: re.Pattern | None  # None for a literal
    suggestion: str
    reason: str
    source: str
    blocking: bool


@dataclass(frozen=True)
class RuleError:
    rule_id: int | None
    pattern: str
    message: str


def validate_pattern(match: str, pattern: str, suggestion: str = "") -> str | None:
    """A clear Chinese message if the entry cannot be used, else None."""
    if not pattern or not pattern.strip():
        return _("错误写法不能为空。")
    if len(pattern) > MAX_PATTERN:
        return _("错误写法不能超过%(n)d个字符。") % {"n": MAX_PATTERN}
    if match != "regex":
        return None
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        return _("正则表达式无效（%(error)s）：%(pattern)s") % {"error": exc, "pattern": pattern}
    if NESTED_REPEAT.search(pattern):
        return _("正则表达式含嵌套重复（如 (a+)+），可能使检查长时间卡住，请改写：%(pattern)s") % {
            "pattern": pattern
        }
    if compiled.fullmatch(""):
        return _("正则表达式会匹配空字符串，会在每个位置报错，请改写：%(pattern)s") % {"pattern": pattern}
    for ref in BACKREF.findall(suggestion):
        if int(ref) > compiled.groups:
            return _("建议改为中引用了不存在的分组 \\%(ref)s。") % {"ref": ref}
    return None


@dataclass
class WordList:
    literals: dict[str, CompiledRule]
    literal_regex: re.Pattern | None
    regexes: list[CompiledRule]
    errors: list[RuleError]

    def __len__(self) -> int:
        return len(self.literals) + len(self.regexes)


def compile_rules(entries) -> WordList:
    """``entries``: objects with id, category, match, pattern, suggestion, reason, source, blocking.

    A malformed entry is set aside with its message; the others are compiled and used.
    """
    literals: dict[str, CompiledRule] = {}
    regexes: list[CompiledRule] = []
    errors: list[RuleError] = []
    for entry in entries:
        rule_id = getattr(entry, "id", None)
        message = validate_pattern(entry.match, entry.pattern, entry.suggestion)
        if message:
            errors.append(RuleError(rule_id, entry.pattern, message))
            continue
        is_regex = entry.match == "regex"
        compiled = CompiledRule(
            rule_id,
            entry.category,
            entry.pattern,
            re.compile(entry.pattern) if is_regex else None,
            entry.suggestion,
            entry.reason,
            entry.source,
            entry.blocking,
        )
        if is_regex:
            regexes.append(compiled)
        else:
            # An organ's own entry for the same literal overrides the installation's (loaded last).
            literals[entry.pattern] = compiled
    literal_regex = (
        re.compile("|".join(re.escape(p) for p in sorted(literals, key=len, reverse=True)))
        if literals
        else None
    )
    return WordList(literals, literal_regex, regexes, errors)
