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

A generation may also be kept in parts (one per project, say): a row that belongs to one
part replaces that part's token alone, a row that belongs to none (a user, a community)
replaces the generation's own token, which every part's results carry too.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
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

    def part_key(self, part: str) -> str:
        return f"generation:{self.name}:{part}"

    def token(self, part: str | None = None) -> str:
        """The token the rows are at now (those of ``part`` and the whole generation's)."""
        keys = [self.key] if part is None else [self.key, self.part_key(part)]
        tokens = cache.get_many(keys)
        for key in keys:
            if key not in tokens:
                cache.add(key, secrets.token_hex(8), None)
                tokens[key] = cache.get(key)
        return ".".join(str(tokens[key]) for key in keys)

    def remembered(
        self,
        key: str,
        read: Callable[[], T],
        *,
        token: Callable[[], str] | None = None,
        fresh: Callable[[T], bool] | None = None,
    ) -> T:
        """What ``read`` gives, from the cache when it holds it for ``key`` under the
        rows as they are now (``token``: the token of the rows read, the generation's own
        by default, e.g. a part's read once for a page) and ``fresh`` holds it true; read
        afresh inside a transaction."""
        if connection.in_atomic_block:
            return read()
        full_key = f"{self.name}:{(token or self.token)()}:{key}"
        value = cache.get(full_key)
        if value is None or (fresh is not None and not fresh(value)):
            value = read()
            cache.set(full_key, value, KEPT_FOR)
        return value

    def forget(self, part: str | None = None) -> None:
        """Every kept result (of ``part``; of every part when None) is stale from the
        commit of the current transaction on."""
        key = self.key if part is None else self.part_key(part)
        transaction.on_commit(lambda: cache.set(key, secrets.token_hex(8), None))

    def follow(
        self, *models: type[Model], part_of: Callable[[Model], str | None] | None = None
    ) -> None:
        """Forget the kept results whenever a row of one of ``models`` changes: those of
        the part ``part_of`` names for the row, or all when it names none."""
        for model in models:
            uid = f"generation-{self.name}-{model._meta.label}"
            changed = partial(self._changed, part_of=part_of)
            post_save.connect(changed, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(changed, sender=model, dispatch_uid=uid, weak=False)
            m2m_changed.connect(changed, sender=model, dispatch_uid=uid, weak=False)

    def _changed(self, sender: type[Model], *, part_of, **kwargs) -> None:
        if _only_logged_in(kwargs.get("update_fields")):
            return
        instance = kwargs.get("instance")
        self.forget(part_of(instance) if part_of and instance is not None else None)


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
