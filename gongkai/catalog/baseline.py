"""The national baseline 标准目录 shipped under ``catalog/data/standard/`` (one JSON per domain, each
with its source and date), and its idempotent loader (data migration 0004 and
``manage.py load_standard_catalogue``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "standard"


def baseline_files() -> list[Path]:
    return sorted(DATA_DIR.glob("base-*.json"))


def read_domain(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source_date(text: str) -> date | None:
    parts = [int(p) for p in (text or "").split("-") if p.isdigit()]
    if not parts:
        return None
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def baseline_rows() -> list[dict]:
    """Every baseline item as model field values, keyed ``base-17-003`` (domain, position)."""
    rows = []
    for path in baseline_files():
        domain = read_domain(path)
        for position, item in enumerate(domain["items"], start=1):
            rows.append(
                {
                    **item,
                    "key": f"{domain['domain']}-{position:03d}",
                    "domain_code": domain["domain"],
                    "position": position,
                    "source_url": domain["source"]["url"],
                    "source_date": _source_date(domain["source"].get("published", "")),
                }
            )
    return rows


def load(model) -> int:
    """Create or update every baseline item (``model`` may be a migration's historical model)."""
    count = 0
    for row in baseline_rows():
        key = row.pop("key")
        model.objects.update_or_create(key=key, defaults=row)
        count += 1
    return count
