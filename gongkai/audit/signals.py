"""Security events from django.contrib.auth and django-axes go into the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gongkai.audit.services import record_event
from gongkai.core.ratelimit import client_ip


def _ip(request):
    return client_ip(request) if request is not None else None


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    record_event(actor=user, verb="login", obj=user, ip_address=_ip(request))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(actor=user, verb="logout", obj=user, ip_address=_ip(request))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Never the password: only the name that was typed.
    record_event(
        actor=None,
        verb="login_failed",
        changes={"username": credentials.get("username", "")[:150]},
        ip_address=_ip(request),
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    record_event(
        actor=None,
        verb="login_locked_out",
        changes={"username": (username or "")[:150]},
        ip_address=ip_address,
    )
