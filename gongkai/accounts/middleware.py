"""Send staff whose password is too old (or was set by someone else) to the change form."""

from datetime import timedelta

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone


class PasswordExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.path.startswith("/workbench/"):
            change_url = reverse("workbench:password_change")
            allowed = {change_url, reverse("workbench:logout")}
            if request.path not in allowed and self._expired(user):
                return redirect(change_url)
        return self.get_response(request)

    @staticmethod
    def _expired(user) -> bool:
        if user.must_change_password:
            return True
        if user.password_changed_at is None:
            return False
        return timezone.now() - user.password_changed_at > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
