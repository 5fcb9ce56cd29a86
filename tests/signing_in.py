"""Signing in as the tests need it, second factor included.

`client.force_login(user)` is patched (tests/conftest.py) to also pass the second factor,
so a test that signs in that way reaches signed-in pages as before. The second factor is
real: the user gets a confirmed TOTP device, and a code computed from its key is checked.
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wardcase.accounts import two_factor


def totp_code(device):
    """The code the user's app would show now (or for the next time step, if the current
    one has been used: django-otp refuses a code twice, and accepts one step ahead)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = max(totp.time, (device.last_t + 1) * device.step + device.t0)
    return f"{totp.token():0{device.digits}d}"


def totp_device(user):
    """The user's confirmed authenticator app, set up (with a real code) on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        pending = two_factor.totp_device_pending(user=user)
        _codes, device = two_factor.totp_enrol_confirm(
            user=user, device=pending, code=totp_code(pending)
        )
    return device


def pass_second_factor(client, user):
    """Mark the client's signed-in session as having passed the second factor."""
    device = totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
