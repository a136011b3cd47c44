"""What changed between two versions of a list (pure): items added, removed, and changed field
by field, matched by 事项名称 and 子项."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gongkai.powers.headers import LABELS
from gongkai.powers.reading import item_key

COMPARED_FIELDS = (
    "code",
    "category",
    "basis",
    "implementer",
    "responsibilities",
    "accountability",
    "time_limit",
    "fees",
    "service_object",
    "location",
    "hours",
    "phone",
    "note",
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangedItem:
    name: str
    sub_name: str
    changes: tuple[FieldChange, ...]


@dataclass
class ListDiff:
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[ChangedItem] = field(default_factory=list)
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        # In the reader's language: the public 调整记录 is read in Uyghur too (ADR 0040).
        return _("新增%(added)s项，取消%(removed)s项，调整%(changed)s项，未变%(unchanged)s项") % {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
        }


def _value(row: dict, name: str, category_labels: dict[str, str]) -> str:
    value = str(row.get(name) or "")
    return category_labels.get(value, value) if name == "category" else value


def diff(old: list[dict], new: list[dict], *, category_labels: dict[str, str] | None = None) -> ListDiff:
    """Compare two lists of item rows (dicts of ITEM_FIELDS); order of items does not matter."""
    labels = category_labels or {}
    before = {item_key(row): row for row in old}
    after = {item_key(row): row for row in new}
    result = ListDiff()
    for key, row in after.items():
        if key not in before:
            result.added.append(row)
            continue
        changes = tuple(
            FieldChange(name, LABELS[name], _value(before[key], name, labels), _value(row, name, labels))
            for name in COMPARED_FIELDS
            if str(before[key].get(name) or "").strip() != str(row.get(name) or "").strip()
        )
        if changes:
            result.changed.append(ChangedItem(row["name"], row.get("sub_name", ""), changes))
        else:
            result.unchanged += 1
    result.removed = [row for key, row in before.items() if key not in after]
    return result
