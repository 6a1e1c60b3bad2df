"""Results kept in the cache until the rows they were read from change.

A ``Generation`` names a family of results (the lists' chooser options, the home page's
delivery figures) and the models they are read from. Its token, a random string in
Django's cache (shared by the processes of a server: a file cache by default, Redis with
``GONGYI_CACHE_URL``), is part of every key its results are kept under, and any save or
delete of a row of those models replaces it once the transaction has committed. So a
reader never keeps what it read before a change it could not see yet: it read under the
old token, which nobody reads after the commit.

The cache is used only outside a transaction: inside one, a reader may see rows of its own
that are not committed (and may never be), so it reads the database. Rows written without
signals (``bulk_create`` and ``update`` in the demo) are covered by ``seed_demo`` calling
``forget_all`` and, at worst, by ``KEPT_FOR``.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts import permissions
from accounts.models import User

KEPT_FOR = 15 * 60  # seconds: the longest a change made without signals goes unseen
T = TypeVar("T")
GENERATIONS: dict[str, "Generation"] = {}


@dataclass(frozen=True)
class Generation:
    name: str

    def __post_init__(self) -> None:
        GENERATIONS[self.name] = self

    @property
    def key(self) -> str:
        return f"generation:{self.name}"

    def token(self) -> str:
        """The token the rows are at now."""
        token = cache.get(self.key)
        if token is None:
            cache.add(self.key, secrets.token_hex(8), None)
            token = cache.get(self.key)
        return str(token)

    def remembered(self, key: str, read: Callable[[], T]) -> T:
        """What ``read`` gives, from the cache when it holds it for ``key`` under the
        rows as they are now; read afresh inside a transaction."""
        if connection.in_atomic_block:
            return read()
        full_key = f"{self.name}:{self.token()}:{key}"
        value = cache.get(full_key)
        if value is None:
            value = read()
            cache.set(full_key, value, KEPT_FOR)
        return value

    def forget(self) -> None:
        """Every kept result is stale from the commit of the current transaction on."""
        transaction.on_commit(lambda: cache.set(self.key, secrets.token_hex(8), None))

    def follow(self, *models: type[Model]) -> None:
        """Forget the kept results whenever a row of one of ``models`` changes."""
        for model in models:
            uid = f"generation-{self.name}-{model._meta.label}"
            post_save.connect(self._changed, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(self._changed, sender=model, dispatch_uid=uid, weak=False)
            m2m_changed.connect(self._changed, sender=model, dispatch_uid=uid, weak=False)

    def _changed(self, sender: type[Model], **kwargs) -> None:
        if _only_logged_in(kwargs.get("update_fields")):
            return
        self.forget()


def scope_of(user: User) -> str:
    """Who is shown the same rows: every district-wide user alike, anyone else their own
    (a part of the key of what is kept for a user)."""
    return "district" if permissions.is_district_wide(user) else f"user-{user.pk}"


def _only_logged_in(update_fields) -> bool:
    """A login saves a user's ``last_login`` alone; no kept result reads it."""
    return update_fields is not None and set(update_fields) <= {"last_login"}


def forget_all() -> None:
    for generation in GENERATIONS.values():
        generation.forget()
