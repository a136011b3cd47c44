"""Bounded link and page checks for the self-inspection (国办秘函〔2019〕19号: 链接可用性, 站点无法访问).

Internal links are checked against the installation itself, in process: Django's URL resolver
first (an address no view serves is broken without a request), then the test client for the
rest, so a link to a withdrawn record's page is a 404 exactly as a visitor would see it. External
links are only recorded unless checking them is switched on; then each is one request with a
hard deadline over the whole exchange (connect, send, read the status line), so a server that
accepts and never answers, or answers a byte at a time, costs at most that deadline.
"""

from __future__ import annotations

import re
import socket
import ssl
import time
from dataclasses import dataclass
from html import unescape
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

HREF = re.compile(r"""(?:href|src)\s*=\s*["']([^"'<>]{1,2000})["']""", re.I)
TEXT_URL = re.compile(r"""https?://[A-Za-z0-9.\-]+(?::\d+)?(?:/[^\s"'<>，。；）)\]]*)?""")
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")


@dataclass(frozen=True)
class LinkResult:
    ok: bool
    status: int | None  # HTTP status; None when no answer came
    reason: str  # Chinese, for the finding
    seconds: float = 0.0


def links_in_html(html: str) -> list[str]:
    return [unescape(m.group(1)).strip() for m in HREF.finditer(html or "")]


def links_in_text(text: str) -> list[str]:
    return [m.group(0) for m in TEXT_URL.finditer(text or "")]


def own_hosts() -> set[str]:
    hosts = {h.lstrip(".").lower() for h in settings.ALLOWED_HOSTS if h and h != "*"}
    site = urlsplit(getattr(settings, "SITE_URL", "") or "")
    if site.hostname:
        hosts.add(site.hostname.lower())
    return hosts


def classify(url: str, base: str = "/") -> tuple[str, str]:
    """("internal", path?query) | ("external", absolute URL) | ("skip", "")."""
    url = url.strip()
    if not url or url.lower().startswith(SKIPPED_SCHEMES):
        return "skip", ""
    parts = urlsplit(urljoin(base, url))
    if parts.scheme and parts.scheme not in ("http", "https"):
        return "skip", ""
    if parts.netloc and (parts.hostname or "").lower() not in own_hosts():
        return "external", parts.geturl()
    path = parts.path or "/"
    return "internal", path + (f"?{parts.query}" if parts.query else "")


class InternalChecker:
    """Requests to the installation itself, each address once per run, at most ``limit`` requests."""

    def __init__(self, *, limit: int, slow_seconds: float, fail_seconds: float):
        from django.test import Client

        hosts = sorted(own_hosts()) or ["localhost"]
        # Production settings may redirect http to https; ask as a visitor over https would.
        self.client = Client(raise_request_exception=False, HTTP_HOST=hosts[0])
        self.limit, self.slow_seconds, self.fail_seconds = limit, slow_seconds, fail_seconds
        self.cache: dict[str, LinkResult] = {}
        self.requests = 0
        self.skipped = 0

    def check(self, path: str) -> LinkResult | None:
        """The result, or None when the request budget is spent (counted in ``skipped``)."""
        if path in self.cache:
            return self.cache[path]
        try:
            resolve(urlsplit(path).path)
        except Resolver404:
            # No view serves it; only an old link of a migrated site (ADR 0022) can still lead on.
            from gongkai.migration.services import redirect_target

            parts = urlsplit(path)
            if not redirect_target(parts.path, parts.query):
                result = LinkResult(False, 404, "站内地址无对应页面")
                self.cache[path] = result
                return result
        if self.requests >= self.limit:
            self.skipped += 1
            return None
        self.requests += 1
        started = time.perf_counter()
        try:
            response = self.client.get(path, follow=True, secure=not settings.DEBUG)
            status = response.status_code
        except Exception as exc:  # a view that fails is what this check is for
            status, reason = 500, f"页面出错：{type(exc).__name__}"
        else:
            reason = "" if status < 400 else f"访问返回{status}"
        seconds = time.perf_counter() - started
        if status < 400 and seconds > self.fail_seconds:
            reason = f"页面{seconds:.1f}秒未打开（超过{self.fail_seconds:.0f}秒视为无法访问）"
            result = LinkResult(False, status, reason, seconds)
        else:
            result = LinkResult(status < 400, status, reason, seconds)
        self.cache[path] = result
        return result


def check_external(url: str, *, deadline_seconds: float) -> LinkResult:
    """One HEAD request with a deadline over the whole exchange; never follows the answer's body."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    started = time.monotonic()
    end = started + deadline_seconds

    def remaining() -> float:
        left = end - time.monotonic()
        if left <= 0:
            raise TimeoutError
        return left

    sock = None
    try:
        sock = socket.create_connection((host, port), timeout=remaining())
        if parts.scheme == "https":
            sock.settimeout(remaining())
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
        request = (
            f"HEAD {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: gongkai-inspect\r\n"
            "Connection: close\r\n\r\n"
        )
        sock.settimeout(remaining())
        sock.sendall(request.encode("ascii", "ignore"))
        head = b""
        while b"\r\n" not in head and len(head) < 4096:
            sock.settimeout(remaining())
            chunk = sock.recv(1024)
            if not chunk:
                break
            head += chunk
        line = head.split(b"\r\n", 1)[0].decode("latin-1")
        m = re.match(r"HTTP/\d(?:\.\d)?\s+(\d{3})", line)
        seconds = time.monotonic() - started
        if not m:
            return LinkResult(False, None, "服务器未返回有效的HTTP应答", seconds)
        status = int(m.group(1))
        # Some servers refuse HEAD (405/501) but serve the page: not a dead link.
        ok = status < 400 or status in (405, 501)
        return LinkResult(ok, status, "" if ok else f"外部链接返回{status}", seconds)
    except TimeoutError:
        return LinkResult(
            False, None, f"外部链接在{deadline_seconds:g}秒内无应答（已停止等待）", time.monotonic() - started
        )
    except ssl.SSLError as exc:
        return LinkResult(
            False, None, f"外部链接的安全连接失败：{exc.reason or exc}", time.monotonic() - started
        )
    except OSError as exc:
        return LinkResult(False, None, f"外部链接无法连接：{exc.strerror or exc}", time.monotonic() - started)
    finally:
        if sock is not None:
            sock.close()
