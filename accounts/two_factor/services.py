"""The use cases of two-factor authentication: set up an authenticator, enter a code,
renew the recovery codes, turn it off.

Every code is checked against one device row locked for the check (two tabs cannot spend
the same code twice), and django-otp's throttling applies: after each wrong code the next
attempt must wait 1, 2, 4, 8 … seconds. A refusal is raised only after the check's
transaction has committed, so a wrong code is always counted.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.two_factor import rules

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_CODES_NAME = "recovery codes"


class CodeRefused(Exception):
    """A code was not accepted; ``message`` tells the user why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Verified:
    device: TOTPDevice | StaticDevice
    used_recovery_code: bool
    recovery_codes_left: int


def normalise(code: str) -> str:
    """A code as typed, without spaces or dashes, in lower case (recovery codes are
    shown as ``abcd-efgh``)."""
    return "".join(code.split()).replace("-", "").lower()


def is_authenticator_code(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


def start_enrolment(*, user: User) -> TOTPDevice:
    """The authenticator being set up for this user: the one already waiting for its first
    code (so reloading the page keeps the QR code the user scanned), or a new one."""
    waiting = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if waiting is not None:
        return waiting
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def confirm_enrolment(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the waiting authenticator with a code it shows now: it replaces any earlier
    authenticator, and a fresh set of recovery codes replaces the old ones. Returns the
    device and the recovery codes, to be shown once."""
    code = normalise(code)
    problem = gettext("This set-up has expired. Please start again.")
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is not None:
            problem = _check(device, code) or ""
            if not problem:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                return device, _renew_recovery_codes(user)
    # Raised once the transaction is over, so the failure it counted stays counted.
    raise CodeRefused(problem)


def verify_code(*, user: User, code: str) -> Verified:
    """Check a code from the user's authenticator or one of their recovery codes (which
    is then used up)."""
    code = normalise(code)
    recovery = not is_authenticator_code(code)
    problem = gettext("This code is not right. Please check it and try again.")
    with transaction.atomic():
        device: TOTPDevice | StaticDevice | None
        if recovery:
            device = _locked_recovery_codes(user)
        else:
            device = (
                TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
        if device is not None and rules.is_enrolled(user):
            problem = _check(device, code) or ""
            if not problem:
                left = rules.recovery_codes_left(user)
                return Verified(
                    device=device, used_recovery_code=recovery, recovery_codes_left=left
                )
    raise CodeRefused(problem)


def renew_recovery_codes(*, user: User) -> list[str]:
    """A new set of recovery codes for an enrolled user; the old ones stop working."""
    with transaction.atomic():
        if not rules.is_enrolled(user):
            raise CodeRefused(gettext("Set up an authenticator app first."))
        return _renew_recovery_codes(user)


def turn_off(*, user: User, code: str) -> None:
    """Remove the user's authenticator and recovery codes, after one last code. Refused
    when their role requires a second factor (they may replace the app instead)."""
    if rules.is_required_for(user):
        raise CodeRefused(
            gettext(
                "Your role requires two-factor authentication, so it cannot be turned off. "
                "You can set up a new authenticator app instead."
            )
        )
    verify_code(user=user, code=code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def _check(device: TOTPDevice | StaticDevice, code: str) -> str | None:
    """None when the device accepts the code; otherwise what to tell the user. The device
    counts the failure (and so its throttling) itself."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return _wait_message((details or {}).get("locked_until"))
    if device.verify_token(code):
        return None
    return gettext("This code is not right. Please check it and try again.")


def _wait_message(locked_until: datetime | None) -> str:
    seconds = 1
    if locked_until is not None:
        seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes in a row. Please wait %(seconds)d second and try again.",
        "Too many wrong codes in a row. Please wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def _locked_recovery_codes(user: User) -> StaticDevice | None:
    return StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()


def _renew_recovery_codes(user: User) -> list[str]:
    """Inside a transaction: one recovery-code device for the user with fresh codes."""
    device = _locked_recovery_codes(user)
    StaticDevice.objects.filter(user=user).exclude(pk=getattr(device, "pk", None)).delete()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    device.throttle_reset()
    return sorted(codes)


def shown(code: str) -> str:
    """A recovery code as shown to the user: ``abcd-efgh``."""
    return f"{code[:4]}-{code[4:]}"
