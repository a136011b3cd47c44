"""The embedded default served by gunicorn with two worker processes, as `make run` serves it
(issue 17, finding 2): a withdrawal reaches every worker at once, and the public forms' rate limits
count across workers.

These tests build a real installation in a temporary directory (SQLite, the shared cache file,
no Redis), start gunicorn on a free loopback port, and talk to it over HTTP.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from gongkai.info_requests.tests.factories import applicant
from gongkai.portal.apply import CHECK_LIMIT, SUBMIT_LIMIT, TRACK_LIMIT

ROOT = Path(__file__).resolve().parents[3]
WORKERS = 2
ARGS = ["-w", str(WORKERS), "--log-level", "warning"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    def __init__(self, base: str, env: dict):
        self.base, self.env = base, env

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "gongkai.core.tests.live_site", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout.strip()

    def get(self, path: str) -> tuple[str, dict]:
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            return response.read().decode(), dict(response.headers)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    var = tmp_path_factory.mktemp("embedded")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "GONGKAI_EMBEDDED_CACHE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        GONGKAI_VAR_DIR=str(var),
        GONGKAI_PORTAL_CACHE_SECONDS="60",
        GONGKAI_SEARCH_INDEXER="inline",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            *ARGS,
        ],
        cwd=ROOT,
        env=env,
    )
    live = Site(f"http://127.0.0.1:{port}", env)
    try:
        for _ in range(150):
            try:
                live.get("/healthz")
                break
            except OSError:
                time.sleep(0.2)
        url, pk, slug = live.manage("setup").split()
        live.record_url, live.record_pk, live.slug = url, int(pk), slug
        yield live
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_withdrawal_is_seen_by_every_worker_within_one_second(site):
    pages = [site.record_url, f"/org/{site.slug}/records/", f"/org/{site.slug}/", "/"]
    title = "多进程撤回测试通知"
    # Both workers render and cache every page (20 concurrent requests per page).
    with ThreadPoolExecutor(8) as pool:
        warm = list(pool.map(site.get, pages * 20))
    assert all(title in body for body, _ in warm)
    assert sum(headers.get("X-Cache") == "hit" for _, headers in warm) > len(pages) * 10

    site.manage("withdraw", str(site.record_pk))
    withdrawn_at = time.monotonic()
    stale = []
    with ThreadPoolExecutor(8) as pool:
        while time.monotonic() - withdrawn_at < 1.0:
            for path, (body, _) in zip(pages * 4, pool.map(site.get, pages * 4), strict=True):
                if title in body and "已撤回" not in body:
                    stale.append(path)
    assert stale == [], f"stale answers after the withdrawal: {stale}"
    body, _ = site.get(site.record_url)
    assert "已撤回" in body
    assert title not in body


class Browser:
    """One client with its own cookies (CSRF), talking to the live site."""

    def __init__(self, site: Site):
        self.site = site
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def form(self, path: str) -> dict:
        page = self.opener.open(self.site.base + path, timeout=30).read().decode()
        fields = {"csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]}
        token = re.search(r'name="token" value="([^"]+)"', page)
        if token:
            fields["token"] = token[1]
        return fields

    def post(self, path: str, data: dict) -> str:
        request = urllib.request.Request(
            self.site.base + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.site.base + path},
        )
        try:
            return self.opener.open(request, timeout=60).read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode()


def _hammer(site: Site, path: str, data_for, attempts: int, window: int = 600) -> list[str]:
    """``attempts`` POSTs from one address, 8 at a time, so both workers take a share."""
    left = window - time.time() % window
    if left < 60:  # fixed windows: do not let the burst straddle two of them
        time.sleep(left + 1)
    browsers = [Browser(site) for _ in range(attempts)]
    forms = [b.form(path) for b in browsers]
    with ThreadPoolExecutor(8) as pool:
        return list(
            pool.map(lambda pair: pair[0].post(path, pair[1] | data_for()), zip(browsers, forms, strict=True))
        )


def test_the_apply_form_limit_holds_across_workers(site):
    path = f"/org/{site.slug}/apply/"
    answers = _hammer(site, path, lambda: applicant() | {"action": "submit"}, 20)
    accepted = sum("申请已提交" in text for text in answers)
    limited = sum("提交过于频繁" in text for text in answers)
    assert accepted == SUBMIT_LIMIT[0]
    assert limited == 20 - SUBMIT_LIMIT[0]


def test_wrong_query_codes_are_limited_across_workers(site):
    path = f"/org/{site.slug}/apply/track/"
    attempts = TRACK_LIMIT[0] * 2
    answers = _hammer(site, path, lambda: {"code": "ABCD-EFGH-JKMN"}, attempts)
    assert sum("查询码不正确" in text for text in answers) == TRACK_LIMIT[0]
    assert sum("提交过于频繁" in text for text in answers) == attempts - TRACK_LIMIT[0]


def test_the_search_before_you_ask_limit_holds_across_workers(site):
    path = f"/org/{site.slug}/apply/"
    attempts = CHECK_LIMIT[0] + 10
    answers = _hammer(site, path, lambda: applicant() | {"action": "check"}, attempts)
    assert sum("提交过于频繁" in text for text in answers) == attempts - CHECK_LIMIT[0]
