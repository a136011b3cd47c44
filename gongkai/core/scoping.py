"""Tenant-checked lookups: another organ's object answers exactly like a missing one (404)."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


def get_for_org(model_or_qs: type[M] | models.QuerySet[M], *, org, **lookup) -> M:
    """Return the object of ``org`` matching ``lookup`` or raise Http404 (never 403)."""
    qs = model_or_qs if isinstance(model_or_qs, models.QuerySet) else model_or_qs._default_manager.all()
    try:
        return qs.get(organization=org, **lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("对象不存在") from exc
