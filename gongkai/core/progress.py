"""Progress of a long piece of work, reported to whoever runs it (the job runner, ADR 0044).

Domain code calls ``report(done, total)`` in its loops; it costs nothing when nobody listens. The
job runner listens through ``listening(callback)``; the domain apps never import the runner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_listener: ContextVar[Callable[[int, int, str], None] | None] = ContextVar("progress", default=None)


def report(done: int, total: int, note: str = "") -> None:
    callback = _listener.get()
    if callback is not None:
        callback(done, total, note)


@contextmanager
def listening(callback: Callable[[int, int, str], None]) -> Iterator[None]:
    token = _listener.set(callback)
    try:
        yield
    finally:
        _listener.reset(token)
