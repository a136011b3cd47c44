"""The second factor at login (等保 2.0 第三级 8.1.4.1 d): a TOTP app (RFC 6238, via django-otp),
with one-time recovery codes.

Required for operators (superusers, ``is_staff``), 政务公开办管理员 and 负责人 in any organ; any
other staff member may enrol, and once enrolled is asked for it too. A session that has passed
only the password step reaches none of the workbench or /ops-admin/ (SecondFactorMiddleware).
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.models import Role
from gongkai.audit.services import record_event

REQUIRED_ROLES = {Role.COMPETENT_ADMIN, Role.HEAD}
RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "totp"
WRONG_TOKEN = "验证码不正确或已使用，请输入动态口令应用中当前显示的6位数字，或一个未用过的恢复码。"


def is_required(user) -> bool:
    if not getattr(settings, "GONGKAI_REQUIRE_SECOND_FACTOR", True):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return user.memberships.filter(role__in=REQUIRED_ROLES).exists()


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed in (and as the QR code carries it)."""
    return base64.b32encode(device.bin_key).decode()


@transaction.atomic
def confirm_enrolment(*, user, device: TOTPDevice, token: str, request) -> list[str]:
    """Confirm ``device`` with a token from the app; returns the new recovery codes (shown once)."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token.strip()):
        raise ValidationError(WRONG_TOKEN)
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()  # a re-enrolment replaces the app
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    otp_login(request, device)
    record_event(actor=user, verb="otp_enrolled", obj=user, ip_address=_ip(request))
    return codes


@transaction.atomic
def renew_recovery_codes(*, user, request) -> list[str]:
    codes = _new_recovery_codes(user)
    record_event(actor=user, verb="otp_recovery_renewed", obj=user, ip_address=_ip(request))
    return codes


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def verify(*, user, token: str, request) -> bool:
    """Check a TOTP or recovery code (each device throttles its own failures, in the database, so
    across workers); on success the session is marked verified."""
    token = token.strip().replace(" ", "")
    totp = confirmed_totp(user)
    devices = [d for d in (totp, StaticDevice.objects.filter(user=user).first()) if d is not None]
    for device in devices:
        if device.verify_token(token if isinstance(device, TOTPDevice) else token.lower()):
            otp_login(request, device)
            verb = "otp_verified" if device is totp else "otp_recovery_used"
            record_event(actor=user, verb=verb, obj=user, ip_address=_ip(request))
            return True
    record_event(actor=user, verb="otp_failed", obj=user, ip_address=_ip(request))
    return False


def _ip(request):
    from gongkai.core.ratelimit import client_ip

    return client_ip(request)
