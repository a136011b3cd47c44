#!/usr/bin/env python
"""1,000 comments in a burst from one address against a consultation, through gunicorn as in
production (issue 15): how many are accepted, how many throttled (429 with its message), and
whether every accepted comment is stored.

    .venv/bin/python bench/consultation_burst.py [--comments 1000] [--concurrency 8] [--workers 2]
        [--link-every N]

Builds a fresh installation in a temporary GONGKAI_VAR_DIR (SQLite in WAL mode and the shared
SQLite cache, the embedded default; with DATABASE_URL set, that database is used and must be
empty), opens one consultation, starts gunicorn on 127.0.0.1:8766, and posts the comments from
``--concurrency`` threads, each with its own session and CSRF token, all from 127.0.0.1. A third
of the texts are a campaign (the same text with small variations), the rest distinct; with
``--link-every N`` every Nth text carries a link, which is held for staff (ADR 0054: stored, the page
says why, status 200) and must be stored too. Prints a Markdown table for docs/benchmarks.md.
Traffic stays on loopback and the server stops by itself.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = "http://127.0.0.1:8766"
CAMPAIGN = "坚决反对第二条上调停车收费标准，建议维持现行标准不变，并增加老旧小区周边免费泊位。"


def setup_installation() -> int:
    """Migrate, create one organ with an open consultation; return its id."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from gongkai.accounts.models import Membership, Role, User
    from gongkai.orgs.codes import make_credit_code
    from gongkai.orgs.models import Organization
    from gongkai.participation import services_consultations as services

    org = Organization.objects.add_root(
        dict(
            name="基准市人民政府",
            short_name="基准市政府",
            slug="bench",
            kind="government",
            level="county",
            credit_code=make_credit_code("11659999MB0000001"),
        )
    )
    editor = User.objects.create(username="bench_editor", full_name="基准信息员")
    Membership.objects.create(user=editor, organization=org, role=Role.EDITOR)
    consultation = services.open_consultation(
        org=org,
        actor=editor,
        title="基准市停车管理办法（征求意见稿）",
        contact="电话 0990-1234567",
        starts_on=timezone.localdate(),
        draft_text="第一条 目的。\n第二条 收费标准。\n第三条 附则。",
    )
    return consultation.pk


LINK_EVERY = 0


def text_for(i: int) -> str:
    if LINK_EVERY and i % LINK_EVERY == 1:
        return f"第{i}号意见：测算依据见 http://example.com/parking/{i} ，建议公开收费标准的成本测算。"
    if i % 3 == 0:
        return CAMPAIGN + ("谢谢！" if i % 2 else "") + ("恳请采纳。" if i % 5 == 0 else "")
    return f"第{i}号意见：建议第{i % 3 + 1}条补充第{i}项具体情形的处理办法，明确责任部门和办理时限。"


def post_comment(url: str, i: int) -> tuple[int, bool, bool, float]:
    """GET the form (session + CSRF), POST a comment; (status, throttle message shown, held
    message shown, ms)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    page = opener.open(url, timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "text": text_for(i), "paragraph": str(i % 3 + 1)}
    ).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    start = time.perf_counter()
    try:
        response = opener.open(request, timeout=60)
        status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read().decode()
    elapsed = (time.perf_counter() - start) * 1000
    return status, "提交过于频繁" in body, status == 200 and "需经工作人员复核" in body, elapsed


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--link-every", type=int, default=0)
    args = parser.parse_args()
    global LINK_EVERY
    LINK_EVERY = args.link_every
    scratch = tempfile.mkdtemp(prefix="gongkai-burst-")
    os.environ["GONGKAI_VAR_DIR"] = scratch
    os.environ.setdefault("GONGKAI_PORTAL_CACHE_SECONDS", "0")
    pk = setup_installation()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "-b",
            "127.0.0.1:8766",
            "-w",
            str(args.workers),
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"{BASE}/hudong/zhengji/{pk}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        start = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            results = list(pool.map(lambda i: post_comment(url, i), range(args.comments)))
        wall = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)
    statuses = Counter(status for status, _, _, _ in results)
    held = sum(1 for _, _, was_held, _ in results if was_held)
    accepted = statuses.get(302, 0) + held
    throttled = statuses.get(429, 0)
    throttled_with_message = sum(1 for status, shown, _, _ in results if status == 429 and shown)
    from gongkai.participation.models import ConsultationComment

    stored = ConsultationComment.objects.filter(consultation_id=pk)
    groups = stored.filter(duplicate_of=None).count()
    latencies = sorted(ms for _, _, _, ms in results)
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
    print(
        "| posts | concurrency | accepted (302 + held) | throttled (429, message shown) | other | "
        "stored in DB (held) | groups | wall | p95 POST |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    other = statuses.copy()
    other.pop(302, None)
    other.pop(429, None)
    other[200] = other.get(200, 0) - held
    other = {s: n for s, n in other.items() if n}
    held_stored = stored.filter(status="held").count()
    print(
        f"| {args.comments:,} | {args.concurrency} | {statuses.get(302, 0)} + {held} | {throttled} "
        f"({throttled_with_message}) | {other or 0} | {stored.count()} ({held_stored}) | {groups} | "
        f"{wall:.1f} s | {p95:.0f} ms |"
    )
    if stored.count() != accepted:
        sys.exit(f"LOST: {accepted} accepted but {stored.count()} stored")


if __name__ == "__main__":
    main()
