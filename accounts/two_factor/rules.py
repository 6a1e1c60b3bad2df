"""Who must use a second factor, and what a logged-in session still owes.

A user is *enrolled* when they hold a confirmed authenticator (a TOTP device); their
recovery codes (a static device) only ever stand in for it. A session is *verified* once a
code was entered in it (django-otp's OTPMiddleware puts the device on ``request.user``).
"""

from enum import StrEnum

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User


class Step(StrEnum):
    """What a logged-in session must do before any other page."""

    VERIFY = "verify"  # enrolled: enter a code
    ENROL = "enrol"  # must use a second factor and has none yet: set one up


def roles_requiring() -> frozenset[str]:
    """The roles that must use a second factor (``GONGYI_TWO_FACTOR_ROLES``)."""
    return frozenset(settings.TWO_FACTOR_ROLES)


def is_required_for(user: User | AnonymousUser) -> bool:
    """Whether this user must use a second factor. Staff accounts of the Django admin
    count as administrators, so an account made with ``createsuperuser`` is covered too."""
    required = roles_requiring()
    if not required or not isinstance(user, User) or not user.is_active:
        return False
    if not user.roles.isdisjoint(required):
        return True
    return Role.ADMIN in required and (user.is_staff or user.is_superuser)


def authenticator_of(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they have one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def is_enrolled(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def was_enrolled(user: User) -> bool:
    """Whether the user held an authenticator when the request began: read with the
    account (``accounts.backends``) when it was, else now."""
    held = getattr(user, "holds_authenticator", None)
    return is_enrolled(user) if held is None else held


def is_verified(user: User | AnonymousUser) -> bool:
    """Whether a code was entered in this session (OTPMiddleware sets ``otp_device``)."""
    return getattr(user, "otp_device", None) is not None


def pending_step(user: User | AnonymousUser) -> Step | None:
    """What this session owes before any other page: nothing, a code, or an enrolment."""
    if not isinstance(user, User) or is_verified(user):
        return None
    if was_enrolled(user):
        return Step.VERIFY
    if is_required_for(user):
        return Step.ENROL
    return None


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())
