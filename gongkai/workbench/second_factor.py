"""Second-factor pages: enrol a TOTP app (secret and QR code), pass it at login, renew recovery codes."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts import second_factor


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return "/workbench/"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrolment: the secret as text and as a QR code; a first token from the app confirms it."""
    if second_factor.is_enrolled(request.user) and not request.user.is_verified():
        return redirect("workbench:otp_verify")  # re-enrolling needs the current factor first
    device = second_factor.pending_device(request.user)
    error = None
    if request.method == "POST":
        try:
            codes = second_factor.confirm_enrolment(
                user=request.user, device=device, token=request.POST.get("token", ""), request=request
            )
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            return render(
                request, "workbench/otp_recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=False)
    context = {
        "secret": second_factor.secret_base32(device),
        "qr": qr,
        "error": error,
        "required": second_factor.is_required(request.user),
        "enrolled": second_factor.is_enrolled(request.user),
        "next": _next(request),
    }
    return render(request, "workbench/otp_setup.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    if not second_factor.is_enrolled(request.user):
        return redirect("workbench:otp_setup")
    error = None
    if request.method == "POST":
        if second_factor.verify(user=request.user, token=request.POST.get("token", ""), request=request):
            return redirect(_next(request))
        error = second_factor.WRONG_TOKEN
    return render(request, "workbench/otp_verify.html", {"error": error, "next": _next(request)}, status=200)


@never_cache
@login_required
@require_POST
def recovery_codes(request):
    """New recovery codes (the old ones stop working); only from a session that passed the factor."""
    if not request.user.is_verified():
        return redirect("workbench:otp_verify")
    codes = second_factor.renew_recovery_codes(user=request.user, request=request)
    return render(request, "workbench/otp_recovery_codes.html", {"codes": codes, "next": "/workbench/"})
