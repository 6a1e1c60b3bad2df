"""What an authenticator app does, for the tests: the code for a TOTP key now."""

import time

from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice


def fresh_code(device: TOTPDevice, *, key: bytes | None = None) -> str:
    """A code the device accepts now and has not accepted before: the current time step
    (with the device's known drift), or the next one when the current was already used,
    as an app shows after a few seconds. ``key`` as read from the page, if given."""
    device.refresh_from_db()
    now = (int(time.time()) - device.t0) // device.step
    step = max(now + device.drift, device.last_t + 1)
    return f"{hotp(key or device.bin_key, step, digits=device.digits):0{device.digits}d}"
