"""Progress of a long piece of work, reported to whoever runs it (the job runner, ADR 0044).

Domain code calls ``report(done, total)`` in its loops; it costs nothing when nobody listens. The
job runner listens through ``listening(callback)``; the domain apps never import the runner. A
command that decides it has nothing to do here (another process does the work, ADR 0057) says so
with ``skipped(reason)``: the runner stores the run as skipped with that reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_listener: ContextVar[Callable[[int, int, str], None] | None] = ContextVar("progress", default=None)
_skip_listener: ContextVar[Callable[[str], None] | None] = ContextVar("progress_skip", default=None)


def report(done: int, total: int, note: str = "") -> None:
    callback = _listener.get()
    if callback is not None:
        callback(done, total, note)


def skipped(reason: str) -> None:
    callback = _skip_listener.get()
    if callback is not None:
        callback(reason)


@contextmanager
def listening(
    callback: Callable[[int, int, str], None], on_skip: Callable[[str], None] | None = None
) -> Iterator[None]:
    token = _listener.set(callback)
    skip_token = _skip_listener.set(on_skip)
    try:
        yield
    finally:
        _skip_listener.reset(skip_token)
        _listener.reset(token)
