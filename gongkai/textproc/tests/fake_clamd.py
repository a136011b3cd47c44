"""A clamd stand-in on a Unix socket speaking the real protocol (VERSION, INSTREAM), for tests."""

from __future__ import annotations

import socketserver
import struct
import threading

from gongkai.textproc.tests.hostile import EICAR

VERSION = "ClamAV 1.0.7/27110/Mon Nov 30 09:23:01 2026"


class _Handler(socketserver.BaseRequestHandler):
    def _read_exact(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            part = self.request.recv(size - len(data))
            if not part:
                raise ConnectionError("client went away")
            data += part
        return data

    def handle(self):
        command = b""
        while not command.endswith(b"\0"):
            part = self.request.recv(1)
            if not part:
                return
            command += part
        if command == b"zVERSION\0":
            self.request.sendall(VERSION.encode() + b"\0")
            return
        if command != b"zINSTREAM\0":
            self.request.sendall(b"UNKNOWN COMMAND\0")
            return
        stream = b""
        while True:
            (length,) = struct.unpack("!L", self._read_exact(4))
            if length == 0:
                break
            stream += self._read_exact(length)
        self.server.scanned.append(len(stream))
        reply = b"stream: Eicar-Test-Signature FOUND\0" if EICAR in stream else b"stream: OK\0"
        self.request.sendall(reply)


class FakeClamd(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True

    def __init__(self, path: str):
        super().__init__(path, _Handler)
        self.scanned: list[int] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
