"""The signed-in user, read once a request with what nearly every page asks of them.

Django's ``ModelBackend`` reads the account alone; the roles it holds (every permission
check), whether it has an authenticator (the second-factor step) and the header's unread
count then cost a query each on every page. ``UserBackend.get_user`` reads them with the
account, in one query, and puts them where those checks look first:

- ``user.roles``, the cached property of ``User``, holds the roles read;
- ``user.holds_authenticator`` (``accounts.two_factor.rules.pending_step``);
- the facts other apps add with ``add_user_fact`` from their ``AppConfig.ready``
  (notifications: ``unread_notification_count``), each an attribute of the same name.

The query is written here rather than by the ORM: it runs on every request, and the ORM
spends several milliseconds compiling nine subqueries where the SQL below is one string,
built once from the models' own table and column names. Each fact is a plain
``EXISTS``/``COUNT`` any database reads alike; ``tests/accounts/test_signed_in_user.py``
compares every fact with the ORM's answer.

They are what the database said when the request began, which is what a page about that
moment needs; code that decides something (a transition, an enrolment) reads afresh.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Model
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User, UserRole

USER = object()  # in a fact's conditions: the signed-in user's id


@dataclass(frozen=True)
class Fact:
    """A scalar subquery on one table: ``EXISTS`` or ``COUNT(*)`` of the rows meeting
    ``where`` (field name → value, ``USER`` for the user's id, None for NULL)."""

    model: type[Model]
    where: tuple[tuple[str, Any], ...]
    counts: bool = False

    def sql(self) -> tuple[str, list[Any]]:
        quote = connection.ops.quote_name
        conditions, params = [], []
        for name, value in self.where:
            column = quote(self.model._meta.get_field(name).column)
            if value is None:
                conditions.append(f"{column} IS NULL")
            else:
                conditions.append(f"{column} = %s")
                params.append(value)
        rows = f"FROM {quote(self.model._meta.db_table)} WHERE {' AND '.join(conditions)}"
        if self.counts:
            return f"(SELECT COUNT(*) {rows})", params
        return f"EXISTS (SELECT 1 {rows})", params

    def value(self, read: Any) -> bool | int:
        return int(read) if self.counts else bool(read)


def exists(model: type[Model], **where: Any) -> Fact:
    return Fact(model, tuple(where.items()))


def count(model: type[Model], **where: Any) -> Fact:
    return Fact(model, tuple(where.items()), counts=True)


def _role_fact(role: str) -> str:
    return f"holds_role_{role}"


USER_FACTS: dict[str, Fact] = {
    **{_role_fact(role): exists(UserRole, user=USER, role=role) for role in Role.values},
    "holds_authenticator": exists(TOTPDevice, user=USER, confirmed=True),
}


def add_user_fact(name: str, fact: Fact) -> None:
    """Read ``fact`` with the signed-in user, as the attribute ``name``."""
    USER_FACTS[name] = fact
    _query.cache_clear()


@cache
def _query() -> tuple[str, list[tuple[str, Fact]], list[Any]]:
    """The SELECT of a user with every fact, its facts in column order, and its
    parameters (``USER`` where the user's id goes)."""
    quote = connection.ops.quote_name
    facts = list(USER_FACTS.items())
    columns, params = [], []
    for name, fact in facts:
        sql, fact_params = fact.sql()
        columns.append(f"{sql} AS {quote(name)}")
        params += fact_params
    table = quote(User._meta.db_table)
    # Quoted names from the models' _meta; every value is a parameter.
    select = f"SELECT {table}.*, {', '.join(columns)} FROM {table} "  # noqa: S608
    sql = select + f"WHERE {table}.{quote(User._meta.pk.column)} = %s"
    return sql, facts, [*params, USER]


def signed_in_user(user_id: Any) -> User | None:
    """The user ``user_id`` with every fact read, or None when there is none."""
    sql, facts, params = _query()
    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:  # a session's id that is no id is nobody
        return None
    found = list(User.objects.raw(sql, [user_id if p is USER else p for p in params]))
    if not found:
        return None
    user = found[0]
    for name, fact in facts:
        setattr(user, name, fact.value(getattr(user, name)))
    user.roles = frozenset(role for role in Role.values if getattr(user, _role_fact(role)))
    return user


class UserBackend(ModelBackend):
    """``ModelBackend`` whose ``get_user`` reads the request's facts with the account."""

    def get_user(self, user_id) -> User | None:
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
