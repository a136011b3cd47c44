"""The client address of the request being served, for the audit entries written while serving it.

Set by ``AuditContextMiddleware`` for the whole request and reset after it; empty outside a
request (management commands, daily jobs), where an entry then carries no address, as it should.
A ``ContextVar`` rather than a parameter through every service: see ADR 0013.
"""

from __future__ import annotations

from contextvars import ContextVar

from gongkai.core.ratelimit import client_ip

_request_ip: ContextVar[str | None] = ContextVar("gongkai_audit_request_ip", default=None)


def current_ip() -> str | None:
    return _request_ip.get()


class AuditContextMiddleware:
    """Record the client address (through the trusted-proxy helper) for the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _request_ip.reset(token)
