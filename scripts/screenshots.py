#!/usr/bin/env python3
"""Regenerate the layout screenshots under docs/screenshots/ (ADR 0041).

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--var-dir DIR]

Loads the demo (``seed_demo``) into a private var directory (a fresh temporary one unless
``--var-dir`` names one that was loaded before), serves it with ``runserver --insecure`` on a free
port, reads a few records so the home page has a 最多阅读 list (counted as any visitor is, through the
record page), and photographs the pages with Playwright and Debian's chromium: the home page at
desktop width and at 360 px, 长者模式, 繁體 and Uyghur, a record, a list and the apply form on a
phone, and the workbench's lists as cards at 390 px. Nothing here touches the project's own var/ directory.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
PHONE_390 = {"width": 390, "height": 844}
MAX_HEIGHT = 2400


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def demo_login(var_dir: Path, suffix: str) -> str:
    """The demo username of a role (``<organ>_<role>``), from the table seed_demo wrote."""
    table = (var_dir / "demo-logins.txt").read_text(encoding="utf-8")
    found = re.search(rf"\b([a-z]+_{suffix})\b", table)
    if not found:
        raise SystemExit(f"no demo login ending in _{suffix}")
    return found.group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument(
        "--var-dir", default=None, help="a var directory to (re)use; default: a new temporary one"
    )
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    var_dir = Path(options.var_dir or tempfile.mkdtemp(prefix="gongkai-shots-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    password_file = var_dir / "screenshots-password"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "GONGKAI_VAR_DIR": str(var_dir),
        "GONGKAI_PORTAL_CACHE_SECONDS": "0",
        "GONGKAI_REQUIRE_SECOND_FACTOR": "0",
        "DEBUG": "0",
    }
    env.pop("DATABASE_URL", None)
    manage(env, "migrate", "--noinput", "-v0")
    if not password_file.exists():
        password_file.write_text("Shots#" + secrets.token_urlsafe(12), encoding="utf-8")
    password = password_file.read_text(encoding="utf-8").strip()
    print(manage(env, "seed_demo", "-v0", "--password", password).strip())

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(base + "/healthz")
        shoot(base, out, var_dir, password)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"screenshots in {out} (demo data in {var_dir})")


def shoot(base: str, out: Path, var_dir: Path, password: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )

        def context(viewport, **cookies):
            ctx = browser.new_context(locale="zh-CN", viewport=viewport)
            if cookies:
                ctx.add_cookies([{"name": k, "value": v, "url": base} for k, v in cookies.items()])
            return ctx

        # Readers: the first records of the newest list, read a different number of times each; more
        # than the counter's bulk size, so the server writes them (gongkai.disclosure.reads).
        reader = context(DESKTOP).new_page()
        reader.goto(base + "/")
        links = reader.locator("#latest ~ .record-list a").evaluate_all("els => els.map(e => e.href)")
        for times, href in zip((14, 11, 9, 7, 6, 4), links, strict=False):
            for _ in range(times):
                reader.goto(href)
        time.sleep(11)  # the counter writes at the next read after 10 s
        reader.goto(links[0])
        record_url = links[0]
        reader.goto(base + "/")
        platform = reader.locator(".gk-entries a").first.get_attribute("href").rsplit("/guide/", 1)[0]
        reader.context.close()

        def save(page, name):
            # The whole page, cut at MAX_HEIGHT (a list of hundreds of rows says nothing more below).
            width, height = page.evaluate("[innerWidth, document.documentElement.scrollHeight]")
            clip = {"x": 0, "y": 0, "width": width, "height": min(height, MAX_HEIGHT)}
            page.screenshot(path=str(out / name), full_page=True, clip=clip)
            print("  ", name)

        page = context(DESKTOP).new_page()
        page.goto(base + "/")
        save(page, "home.png")
        page.goto(record_url)
        save(page, "record.png")
        page.context.close()

        page = context(PHONE).new_page()
        for url, name in (
            (base + "/", "home-phone.png"),
            (record_url, "phone-record-360.png"),
            (base + platform + "/records/", "phone-records-360.png"),
            (base + platform + "/apply/", "phone-apply-360.png"),
        ):
            page.goto(url)
            save(page, name)
        page.context.close()

        page = context(DESKTOP, gk_elder="1").new_page()
        page.goto(base + "/")
        save(page, "elder-home.png")
        page.context.close()
        page = context(PHONE, gk_elder="1").new_page()
        page.goto(base + "/")
        save(page, "elder-home-phone.png")
        page.goto(record_url)
        save(page, "elder-record-phone.png")
        page.context.close()

        page = context(DESKTOP, gk_script="hant").new_page()
        page.goto(base + "/")
        save(page, "hant-home.png")
        page.goto(record_url)
        save(page, "hant-record.png")
        page.context.close()

        # 民汉双语 (ADR 0040): the Uyghur pages, right to left, on a desktop and a phone; 昌吉市 has
        # records with a Uyghur version (gongkai/demo/bilingual.py).
        page = context(DESKTOP, gk_lang="ug").new_page()
        page.goto(base + "/")
        save(page, "ug-demo-home.png")
        page.goto(base + "/org/changji/records/")
        page.locator(".records-table a").first.click()
        page.wait_for_load_state()
        save(page, "ug-demo-record.png")
        page.context.close()
        page = context(PHONE, gk_lang="ug").new_page()
        for url, name in (
            (base + "/", "ug-demo-home-phone.png"),
            (base + "/org/changji/", "ug-demo-platform-phone.png"),
            (base + "/hudong/zixun/ask/", "ug-demo-ask-phone.png"),
        ):
            page.goto(url)
            save(page, name)
        page.context.close()

        for suffix, path, name in (
            ("request_handler", "/workbench/requests/", "workbench-requests-cards-390.png"),
            ("editor", "/workbench/records/", "workbench-records-cards-390.png"),
            ("competent_admin", "/workbench/checks/words/", "workbench-wordlist-cards-390.png"),
        ):
            page = context(PHONE_390).new_page()
            page.goto(base + "/workbench/login/")
            page.fill("#id_username", demo_login(var_dir, suffix))
            page.fill("#id_password", password)
            page.get_by_role("button", name="登录").click()
            page.wait_for_load_state()
            page.goto(base + path)
            save(page, name)
            page.context.close()
        browser.close()


if __name__ == "__main__":
    main()
