"""Two real application nodes on loopback, one PostgreSQL and one Redis (issue 20 item 3, ADR 0048).

Each node is what docs/deployment.md describes: gunicorn with ``config.settings.production`` and its
own ``search_indexer --follow`` on its own index directory; both use the same database, the same
Redis database (cache, sessions, rate limits) and the same MEDIA directory. Node B also reads its
public anonymous pages through the ``replica`` alias (pointed at the same database under another
``application_name``, so the test can see the router really used it). The test process plays the
TLS proxy (``X-Forwarded-Proto: https``) and the editors: the attachment is uploaded through node
A's workbench over HTTP; the workflow steps (submit, 保密审查, approve, publish, withdraw) are the
disclosure services called in this process against the same database and Redis, as another node's
workbench would.

Shown over HTTP: a record published is searchable on node B within 2 s; a withdrawal disappears from
the search and the record page of both nodes within 1 s; the upload made on A downloads from B; the
session started on A continues on B; a third node started with an empty index catches up from the
outbox. The latencies are printed (``-s``) and, with ``GONGKAI_MULTINODE_REPORT=path``, written as
JSON for ``bench/multinode.py``.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
from django.db import connection

from gongkai.accounts.models import Role
from gongkai.disclosure.models import Status
from gongkai.disclosure.tests.factories import draft_record, step
from gongkai.search.models import OutboxEntry

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("GONGKAI_MULTINODE_REDIS_URL", "redis://127.0.0.1:6379/5")
# Sessions in their own Redis database, as docs/deployment.md advises (no eviction there).
SESSIONS_URL = os.environ.get("GONGKAI_MULTINODE_REDIS_SESSIONS_URL", "redis://127.0.0.1:6379/6")
RECORDS = int(os.environ.get("GONGKAI_MULTINODE_RECORDS", "40"))
WORD = "鸿雁湖"
PASSWORD = "Gk#2026-Nodes-Ok"


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="several nodes share one PostgreSQL database; this run is SQLite-only (set DATABASE_URL=postgres://…)",
    ),
    pytest.mark.skipif(
        not _redis_available() and not os.environ.get("CI"),
        reason=f"several nodes share one Redis; none answers at {REDIS_URL} (CI always has one)",
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(**query) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


class Node:
    """One application node: gunicorn (production settings) and its indexer, own var and index."""

    def __init__(self, name: str, base: Path, common: dict, **extra):
        self.name, self.port = name, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        var = base / name
        var.mkdir()
        self.env = {
            **os.environ,
            **common,
            "GONGKAI_VAR_DIR": str(var),
            "GONGKAI_SEARCH_INDEX_DIR": str(var / "search-index"),
            "GONGKAI_AUDIT_ANCHOR_FILE": str(var / "audit-anchors.log"),
            **extra,
        }
        self.log = (var / "node.log").open("w")
        self.processes: list[subprocess.Popen] = []

    def start_web(self) -> None:
        self.processes.append(
            subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                    *("--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "60"),
                    # Several gunicorns on one machine: no shared control socket under ~/.gunicorn.
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
        )

    def start_indexer(self) -> None:
        self.processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "search_indexer", "--follow"],
                cwd=ROOT,
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
        )

    def wait_ready(self, timeout: float = 240) -> None:
        # A loaded CI machine may take a minute to boot the worker (the first request waits for it).
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for process in self.processes:
                assert process.poll() is None, f"node {self.name} exited: {self.tail()}"
            try:
                if get(self, "/").status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.2)
        raise AssertionError(f"node {self.name} did not answer in {timeout} s: {self.tail()}")

    def cursor(self) -> int:
        """The last outbox id this node's index applied (0 before its first commit)."""
        from gongkai.search.engine import SCHEMA_VERSION

        try:
            path = Path(self.env["GONGKAI_SEARCH_INDEX_DIR"]) / f"v{SCHEMA_VERSION}" / "cursor.json"
            return int(json.loads(path.read_text())["last_id"])
        except (OSError, ValueError, KeyError):
            return 0

    def tail(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text()[-3000:]

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.log.close()


def _headers(node: Node, extra: dict | None = None) -> dict:
    # As the TLS proxy in front of the nodes sends them (docs/deployment.md).
    return {"X-Forwarded-Proto": "https", "X-Real-IP": "203.0.113.7", **(extra or {})}


def get(node: Node, path: str, cookies: dict | None = None) -> requests.Response:
    return requests.get(
        node.url + path, headers=_headers(node, _cookie_header(cookies)), allow_redirects=False, timeout=30
    )


def post(node: Node, path: str, cookies: dict, data: dict, files=None) -> requests.Response:
    origin = f"https://127.0.0.1:{node.port}"
    headers = _headers(node, {**_cookie_header(cookies), "Origin": origin, "Referer": origin + path})
    response = requests.post(
        node.url + path, headers=headers, data=data, files=files, allow_redirects=False, timeout=60
    )
    keep_cookies(cookies, response)
    return response


def _cookie_header(cookies: dict | None) -> dict:
    # Secure cookies travel to the proxy over TLS; here the test is the proxy, so it sends them itself.
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}


def keep_cookies(cookies: dict, response: requests.Response) -> None:
    for cookie in response.cookies:
        cookies[cookie.name] = cookie.value


def wait_until(predicate, timeout: float, step_seconds: float = 0.02) -> float:
    """Seconds until ``predicate()`` holds (polling), or AssertionError after ``timeout``."""
    start = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not within {timeout} s")
        time.sleep(step_seconds)


def each_node_until(nodes: list[Node], predicate, since: float, limit: float) -> dict[str, float]:
    """Poll every node at once (a thread each) until ``predicate(node)`` holds; seconds since ``since``
    at which each node's first satisfying answer arrived. AssertionError if any takes over ``limit``."""
    reached: dict[str, float] = {}

    def poll(node: Node) -> None:
        while time.monotonic() - since <= limit + 0.5:
            if predicate(node):
                reached[node.name] = time.monotonic() - since
                return
            time.sleep(0.02)

    threads = [threading.Thread(target=poll, args=(node,)) for node in nodes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    late = {n.name: reached.get(n.name, "never") for n in nodes if reached.get(n.name, limit + 1) > limit}
    assert not late, f"not within {limit} s: {late}"
    return reached


def search_finds(node: Node, path: str, q: str = WORD) -> bool:
    return path in get(node, f"/search/?q={q}").text


def search_total(node: Node, q: str = WORD) -> int:
    return int(get(node, f"/search/?q={q}").headers.get("X-Result-Total", "0"))


class CursorWatch:
    """When each node's indexer has applied the outbox up to ``target`` (its cursor file, every 10 ms)."""

    def __init__(self, nodes: list[Node], target: int):
        self.reached: dict[str, float] = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, args=(nodes, target), daemon=True)
        self.thread.start()

    def _watch(self, nodes, target):
        while not self.done.is_set() and len(self.reached) < len(nodes):
            for node in nodes:
                if node.name not in self.reached and node.cursor() >= target:
                    self.reached[node.name] = time.monotonic()
            time.sleep(0.01)

    def stop(self) -> dict[str, float]:
        self.done.set()
        self.thread.join(timeout=5)
        return self.reached


@pytest.fixture
def shared_redis(settings):
    """This process publishes through the same Redis as the nodes, so its commits bump their page cache."""
    import redis

    for url in (REDIS_URL, SESSIONS_URL):
        redis.Redis.from_url(url).flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    yield
    for url in (REDIS_URL, SESSIONS_URL):
        redis.Redis.from_url(url).flushdb()


def test_two_nodes_share_publication_withdrawal_files_and_sessions(two_orgs, shared_redis, tmp_path):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

    org, team = two_orgs.gov_a, two_orgs.team(two_orgs.gov_a)
    editor = team[Role.EDITOR]
    # The nodes run the production hashers (the test settings use MD5 for speed).
    editor.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    editor.save(update_fields=["password"])
    media = tmp_path / "shared-media"
    media.mkdir()
    common = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "REDIS_SESSIONS_URL": SESSIONS_URL,
        "MEDIA_ROOT": str(media),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_FIELD_KEYS": "1:" + secrets.token_hex(32),
        "GONGKAI_SEARCH_INDEXER": "worker",
        "GONGKAI_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
        "GONGKAI_REQUIRE_SECOND_FACTOR": "1",
        "GONGKAI_REPLICA_LAG_SECONDS": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    figures: dict[str, float | int] = {"records_for_catch_up": RECORDS}
    with ExitStack() as stack:
        node_a = Node("a", tmp_path, common)
        replica_url = database_url(application_name="gongkai-replica-b")
        node_b = Node("b", tmp_path, common, DATABASE_REPLICA_URL=replica_url)
        for node in (node_a, node_b):
            stack.callback(node.stop)
            node.start_web()
            node.start_indexer()
        for node in (node_a, node_b):
            node.wait_ready()
            # A node in service has searched before: the segmenter's dictionaries are loaded.
            get(node, "/search/?q=政务公开")

        # A session started on A …
        cookies: dict[str, str] = {}
        keep_cookies(cookies, get(node_a, "/workbench/login/"))
        login = post(
            node_a,
            "/workbench/login/",
            cookies,
            {"username": editor.username, "password": PASSWORD, "csrfmiddlewaretoken": cookies["csrftoken"]},
        )
        assert login.status_code == 302, login.text[:2000]
        assert "sessionid" in cookies
        import redis

        assert redis.Redis.from_url(SESSIONS_URL).keys(f"*{cookies['sessionid']}*"), "session not in Redis"

        # … uploads an attachment to a draft on A …
        record = draft_record(org, editor=editor, title=f"关于{WORD}湿地保护范围的通告")
        content = f"{WORD}湿地保护范围图说明（节点A上传）\n".encode() * 50
        upload = post(
            node_a,
            f"/workbench/records/{record.pk}/attachments/",
            cookies,
            {"csrfmiddlewaretoken": cookies["csrftoken"]},
            files={"file": ("保护范围说明.txt", content, "text/plain")},
        )
        assert upload.status_code == 302, upload.text[:2000]
        assert record.attachments.count() == 1, node_a.tail()

        # … and continues on B: the workbench page of the draft, with the file A received.
        page_b = get(node_b, f"/workbench/records/{record.pk}/", cookies)
        assert page_b.status_code == 200, page_b.status_code
        assert "保护范围说明.txt" in page_b.text

        # Published here (the services, same database and Redis): searchable on B and A.
        record.refresh_from_db()
        record = two_orgs.publish(record)
        published_at = time.monotonic()
        newest = OutboxEntry.objects.order_by("-pk").values_list("pk", flat=True)[0]
        publish_watch = CursorWatch([node_a, node_b], newest)
        path = record.get_absolute_url()
        found = each_node_until([node_a, node_b], lambda n: search_finds(n, path), published_at, limit=2.0)
        figures["publish_searchable_on_b_s"] = found["b"]
        figures["publish_searchable_on_a_s"] = found["a"]
        assert get(node_b, path).status_code == 200
        for name, moment in publish_watch.stop().items():
            figures[f"publish_indexed_on_{name}_s"] = moment - published_at

        # The upload made on A downloads from B (the shared MEDIA directory), byte for byte.
        attachment = record.attachments.get()
        download = get(node_b, f"{path}files/{attachment.pk}/")
        assert download.status_code == 200
        assert download.content == content

        # Once the last public change is older than GONGKAI_REPLICA_LAG_SECONDS (1 s here), B reads
        # its anonymous public pages through the replica alias.
        time.sleep(1.2)
        assert get(node_b, f"/org/{org.slug}/").status_code == 200
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", ["gongkai-replica-b"]
            )
            assert cursor.fetchone()[0] >= 1, "node B never opened its replica connection"

        # Withdrawn here: gone from the search and the record page of both nodes within 1 s.
        assert search_finds(node_a, path)
        assert search_finds(node_b, path)
        step(record, Status.WITHDRAWN, actor=team[Role.REVIEWER], reason="测试：依法撤回。")
        withdrawn_at = time.monotonic()
        newest = OutboxEntry.objects.order_by("-pk").values_list("pk", flat=True)[0]
        watch = CursorWatch([node_a, node_b], newest)

        # Gone from a node = neither its search nor its record page shows the record any more.
        def gone(node: Node) -> bool:
            return not search_finds(node, path) and record.title not in get(node, path).text

        left = each_node_until([node_a, node_b], gone, withdrawn_at, limit=1.0)
        for name, seconds in left.items():
            figures[f"withdrawal_gone_from_search_{name}_s"] = seconds
        figures["withdrawal_gone_from_both_s"] = max(left.values())
        for name, moment in watch.stop().items():
            figures[f"withdrawal_indexed_on_{name}_s"] = moment - withdrawn_at

        # More records, then a third node started with an empty index catches up from the outbox.
        start = time.monotonic()
        for number in range(RECORDS):
            two_orgs.publish(draft_record(org, editor=editor, title=f"{WORD}湿地第{number + 1}期监测通报"))
        figures["publish_records_s"] = time.monotonic() - start
        wait_until(lambda: search_total(node_b) == RECORDS, timeout=60)
        node_c = Node("c", tmp_path, common)
        stack.callback(node_c.stop)
        newest = OutboxEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        figures["outbox_entries"] = OutboxEntry.objects.count()
        started = time.monotonic()
        node_c.start_indexer()
        # The indexer's own cursor (beside its index) reaches the newest outbox entry…
        wait_until(lambda: node_c.cursor() >= newest, timeout=600, step_seconds=0.05)
        figures["node_c_index_caught_up_s"] = time.monotonic() - started
        # …and its web process answers the search with every record.
        node_c.start_web()
        node_c.wait_ready()
        assert search_total(node_c) == RECORDS
        assert not search_finds(node_c, path), "the withdrawn record came back on the new node"

    figures = {k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}
    print("\nmultinode:", json.dumps(figures, ensure_ascii=False))
    if report := os.environ.get("GONGKAI_MULTINODE_REPORT"):
        Path(report).write_text(json.dumps(figures, ensure_ascii=False, indent=1))
