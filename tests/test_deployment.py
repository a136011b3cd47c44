"""Production settings pass Django's deployment checks; Redis really carries cache and sessions."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "GONGKAI_VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "gongkai.example.gov.cn",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


redis_required = pytest.mark.skipif(
    not _redis_available() and not os.environ.get("CI"), reason="no Redis on this machine (CI always has one)"
)
REDIS_CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        "KEY_PREFIX": "gongkai-test",
    }
}


@redis_required
@pytest.mark.django_db
def test_sessions_live_in_redis_when_redis_url_is_set(client, django_user_model):
    import redis
    from django.core.cache import caches

    with override_settings(CACHES=REDIS_CACHES, SESSION_ENGINE="django.contrib.sessions.backends.cache"):
        user = django_user_model.objects.create_user("redis_user", password="Redis#2026pw")
        client.force_login(user)
        session_key = client.cookies["sessionid"].value
        keys = redis.Redis.from_url(REDIS_URL).keys(f"gongkai-test:*{session_key}*")
        assert keys, "the session was not written to Redis"
        caches["default"].set("probe", "值", 30)
        assert caches["default"].get("probe") == "值"
        caches["default"].delete("probe")


def test_ci_runs_the_suite_on_sqlite_first_even_when_database_url_is_set(tmp_path):
    """`.ci/run` = `make test` on the embedded SQLite, then PostgreSQL when one answers."""
    calls = tmp_path / "calls"
    fake_make = tmp_path / "make"
    fake_make.write_text(f'#!/bin/sh\necho "$* DATABASE_URL=${{DATABASE_URL:-}}" >> {calls}\n')
    fake_make.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{tmp_path}:{os.environ['PATH']}",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/test",  # set, and nothing listens there
    }
    result = subprocess.run(
        ["bash", str(ROOT / ".ci" / "run")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert calls.read_text().splitlines() == ["test DATABASE_URL="]
