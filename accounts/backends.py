"""The signed-in user, read once a request with what nearly every page asks of them.

Django's ``ModelBackend`` reads the account alone; the roles it holds (every permission
check), whether it has an authenticator (the second-factor step) and the header's unread
count then cost a query each on every page. ``UserBackend.get_user`` reads them in the
same query, as subqueries, and puts them where those checks look first:

- ``user.roles``, the cached property of ``User``, holds the roles read;
- ``user.holds_authenticator`` (``accounts.two_factor.rules.pending_step``);
- the facts other apps add with ``add_user_fact`` from their ``AppConfig.ready``
  (notifications: ``unread_notification_count``), each an attribute of the same name.

They are what the database said when the request began, which is what a page about that
moment needs; code that decides something (a transition, an enrolment) reads afresh.
"""

from collections.abc import Callable

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, Expression, OuterRef, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User, UserRole

USER_FACTS: dict[str, Callable[[], Expression]] = {}


def add_user_fact(name: str, expression: Callable[[], Expression]) -> None:
    """Read ``expression`` (a subquery on ``OuterRef("pk")``, the user) with the
    signed-in user, as the attribute ``name``."""
    USER_FACTS[name] = expression


def _role_column(role: str) -> str:
    return f"holds_role_{role}"


def signed_in_users() -> QuerySet[User]:
    """Users with their roles, their authenticator and the apps' facts annotated."""
    holds = {
        _role_column(role): Exists(UserRole.objects.filter(user=OuterRef("pk"), role=role))
        for role in Role.values
    }
    return User.objects.annotate(
        **holds,
        holds_authenticator=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        **{name: expression() for name, expression in USER_FACTS.items()},
    )


class UserBackend(ModelBackend):
    """``ModelBackend`` whose ``get_user`` reads the request's facts with the account."""

    def get_user(self, user_id) -> User | None:
        try:
            user = signed_in_users().get(pk=user_id)
        except User.DoesNotExist:
            return None
        user.roles = frozenset(role for role in Role.values if getattr(user, _role_column(role)))
        return user if self.user_can_authenticate(user) else None
