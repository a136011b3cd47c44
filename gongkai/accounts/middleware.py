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
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(("/workbench/", "/ops-admin/"))
            and not request.path.startswith(("/ops-admin/login/", "/ops-admin/logout/"))
        ):
            change_url = reverse("workbench:password_change")
            allowed = {change_url, reverse("workbench:logout"), reverse("workbench:otp_verify")}
            allowed.add(reverse("workbench:otp_setup"))
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


# Paths a password-only session may still reach: the second-factor pages themselves and logout.
SECOND_FACTOR_OPEN = ("workbench:otp_verify", "workbench:otp_setup", "workbench:logout")
PROTECTED_PREFIXES = ("/workbench/", "/ops-admin/")
ADMIN_OPEN = ("/ops-admin/login/", "/ops-admin/logout/")


class SecondFactorMiddleware:
    """A signed-in user who has a second factor, or must have one, reaches the workbench and
    /ops-admin/ only after passing it in this session (等保 2.0 8.1.4.1 d). Runs after
    django_otp's OTPMiddleware, which tells whether the session is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(PROTECTED_PREFIXES)
            and not request.path.startswith(ADMIN_OPEN)
            and not user.is_verified()
        ):
            from gongkai.accounts import second_factor

            if request.path not in {reverse(name) for name in SECOND_FACTOR_OPEN}:
                if second_factor.is_enrolled(user):
                    return redirect_with_next("workbench:otp_verify", request)
                if second_factor.is_required(user):
                    return redirect_with_next("workbench:otp_setup", request)
        return self.get_response(request)


def redirect_with_next(name: str, request):
    from django.utils.http import urlencode

    target = reverse(name)
    if request.method == "GET":
        target += "?" + urlencode({"next": request.get_full_path()})
    return redirect(target)
