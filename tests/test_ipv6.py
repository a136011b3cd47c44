"""The server answers on IPv6 (::1) as well as IPv4, started as `make serve` starts it (issue 16 item 4).

The command is taken from `make -n serve`, so the test checks the Makefile's own bind addresses
rather than a copy of them.
"""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _has_ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def _free_port() -> int:
    # A port free on both loopbacks, since the server binds it on each.
    for _ in range(20):
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s6:
            s6.bind(("::1", 0))
            port = s6.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s4:
                try:
                    s4.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port
    raise RuntimeError("no port free on both loopbacks")


def _serve_command(port: int) -> list[str]:
    dry = subprocess.run(
        ["make", "-n", "serve", f"PORT={port}"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    line = next(line for line in dry.stdout.splitlines() if line.startswith(".venv/bin/gunicorn"))
    command = shlex.split(line)
    # The interpreter running the tests (the project's venv), and one worker is enough here.
    command[0] = str(Path(sys.executable).with_name("gunicorn"))
    return [*command[: command.index("--workers")], "--workers", "1"]


def _get(url: str, deadline: float) -> tuple[int, bytes]:
    while True:
        try:
            # The first answer waits for the worker to import Django: a generous timeout.
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.skipif(
    not _has_ipv6_loopback(), reason="this machine has no IPv6 loopback (::1 cannot be bound)"
)
def test_make_serve_answers_on_ipv6_and_ipv4_loopback(tmp_path):
    port = _free_port()
    command = _serve_command(port)
    assert f"[::1]:{port}" in command
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "GONGKAI_VAR_DIR": str(tmp_path),
    }
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        assert _get(f"http://[::1]:{port}/healthz", deadline) == (200, b"ok")
        assert _get(f"http://127.0.0.1:{port}/healthz", deadline) == (200, b"ok")
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode(errors="replace")
    listening = next(line for line in output.splitlines() if "Listening at:" in line)
    assert f"http://[::1]:{port}" in listening, output
    assert f"http://127.0.0.1:{port}" in listening, output
