"""Audit changes as a reviewer reads them: labels, not stored codes; local time, not UTC ISO.

The log keeps what was stored (codes, primary keys, ISO timestamps) so the chain can be verified;
only the display translates it.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

EMPTY = "—"


def field_label(model, name: str, fallback: dict[str, str] | None = None) -> str:
    """The field's verbose name (e.g. 主题分类 for ``topic``), else the fallback's or the key."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    # A reverse relation (``attachments`` in a tamper seal's changes) has no verbose name.
    if getattr(field, "verbose_name", None):
        return str(field.verbose_name)
    return (fallback or {}).get(name, name)


def local_time(text: str) -> str | None:
    """An ISO timestamp with a time part, as local time (Asia/Shanghai); None if not one."""
    if "T" not in text and " " not in text.strip():
        return None
    try:
        moment = parse_datetime(text.strip())
    except ValueError:
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def readable_value(model, name: str, value, *, organization=None) -> str:
    """One stored value as its label: a choice's label, a related object's name (looked up only
    within ``organization``, never across organs), 是/否, local time."""
    if value is None or value in ("", "None"):
        return EMPTY
    text = str(value)
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(text, text))
    if field is not None and field.many_to_one and text.isdigit():
        related = field.related_model._default_manager.filter(pk=int(text))
        if organization is not None and any(
            f.name == "organization" for f in field.related_model._meta.fields
        ):
            related = related.filter(organization=organization)
        found = related.first()
        return str(found) if found is not None else text
    if isinstance(field, models.BooleanField) or text in ("True", "False"):
        return _("是") if text == "True" else _("否") if text == "False" else text
    return local_time(text) or text
