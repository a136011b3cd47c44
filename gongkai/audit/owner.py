"""The owner's connection (PostgreSQL): migrations and restores run as the owner, the app does not.

``MIGRATE_DATABASE_URL`` gives the owner's credentials (user, password, host, port); the database
name stays the application's, so the test runner's test database is migrated as well.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager

import dj_database_url
from django.conf import settings
from django.db import connections
from django.db.utils import load_backend

CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")


def owner_configured(alias: str = "default") -> bool:
    return bool(settings.GONGKAI_MIGRATE_DATABASE_URL) and connections[alias].vendor == "postgresql"


def owner_settings(alias: str = "default") -> dict:
    config = copy.deepcopy(connections[alias].settings_dict)
    if owner_configured(alias):
        owner = dj_database_url.parse(settings.GONGKAI_MIGRATE_DATABASE_URL)
        for key in CREDENTIALS:
            config[key] = owner.get(key) or ""
    return config


def app_role_name(alias: str = "default") -> str:
    return connections[alias].settings_dict.get("USER") or ""


@contextmanager
def owner_connection(alias: str = "default"):
    """A separate connection as the owner, or the app's own when no owner is configured."""
    if not owner_configured(alias):
        yield connections[alias]
        return
    config = owner_settings(alias)
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, f"{alias}-owner")
    try:
        yield wrapper
    finally:
        wrapper.close()


@contextmanager
def as_owner(alias: str = "default"):
    """Make ``connections[alias]`` itself the owner's for a while (what `migrate` runs on)."""
    if not owner_configured(alias):
        yield False
        return
    connection = connections[alias]
    saved = {key: connection.settings_dict.get(key) for key in CREDENTIALS}
    connection.close()
    connection.settings_dict.update(
        {key: value for key, value in owner_settings(alias).items() if key in CREDENTIALS}
    )
    try:
        yield True
    finally:
        connection.close()
        connection.settings_dict.update(saved)
