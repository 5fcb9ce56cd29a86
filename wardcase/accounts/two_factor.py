"""Two-factor sign-in: an authenticator app (TOTP) and single-use recovery codes.

A password alone never opens a signed-in page (see wardcase.accounts.middleware): after the
password the user proves a second factor, or, the first time, sets one up.
"""

import re
from base64 import b32encode

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wardcase.audit.services import audit_record
from wardcase.core.errors import ActionNotAllowed, ServiceError

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
APP_CODE = re.compile(r"^\d{6}$")


def has_second_factor(*, user):
    """Whether the user has set up an authenticator app (so they verify, not enrol)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_pending(*, user):
    """The unconfirmed app device the user is setting up, made on first call.

    Refused once the user has an app: a second app is added only by an administrator
    removing the first, so a stolen password cannot enrol the thief's phone.
    """
    if has_second_factor(user=user):
        raise ActionNotAllowed(_("You have already set up an authenticator app."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def totp_secret_for_display(device):
    """The secret as an app's "enter a key" field wants it: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_enrol_confirm(*, user, device, code):
    """Confirm the app with a code it shows; returns (recovery codes, device).

    The code is checked outside the transaction that confirms the device, so a wrong code's
    throttling delay is kept rather than rolled back with the refusal.
    """
    if device.user_id != user.pk or device.confirmed or has_second_factor(user=user):
        raise ActionNotAllowed(_("You have already set up an authenticator app."))
    if not device.verify_token(_normalise(code)):
        raise ServiceError(
            _("The code is not right. Enter the 6-digit code your app shows now."), field="code"
        )
    return _totp_enrol_complete(user=user, device=device), device


@transaction.atomic
def _totp_enrol_complete(*, user, device):
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    device.confirmed = True
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_record(actor=user, action="two_factor.enrolled", obj=user)
    return _recovery_codes_replace(user=user)


@transaction.atomic
def recovery_codes_regenerate(*, user):
    """New recovery codes for the user; every earlier code stops working."""
    codes = _recovery_codes_replace(user=user)
    audit_record(actor=user, action="two_factor.recovery_codes_regenerated", obj=user)
    return codes


def recovery_codes_left(*, user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_verify(*, user, code):
    """The device that accepts `code`: a 6-digit app code, or a single-use recovery code.

    Wrong codes slow further tries down (django-otp doubles the wait after each failure).
    Deliberately not one transaction: the failure count and its audit entry must survive
    the refusal.
    """
    code = _normalise(code)
    if not code:
        raise ServiceError(_("Enter the code from your authenticator app"), field="code")
    model = TOTPDevice if APP_CODE.match(code) else StaticDevice
    for device in model.objects.filter(user=user, confirmed=True):
        allowed, _detail = device.verify_is_allowed()
        if not allowed:
            raise ServiceError(
                _("Too many wrong codes. Wait a minute, then enter a new code."), field="code"
            )
        if device.verify_token(code):
            if model is StaticDevice:
                audit_record(actor=user, action="two_factor.recovery_code_used", obj=user)
            return device
    audit_record(actor=user, action="two_factor.failed", obj=user)
    raise ServiceError(
        _("The code is not right. Enter the 6-digit code your app shows now, or a recovery code."),
        field="code",
    )


def _recovery_codes_replace(*, user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(settings.WARDCASE_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _normalise(code):
    return re.sub(r"[\s-]", "", code or "").lower()
