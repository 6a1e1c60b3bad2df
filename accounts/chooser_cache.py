"""The first options of a list's choosers, kept in the cache between requests.

A list's filters offer five choosers (programme, call, street, community, organisation);
reading their first options is five queries on every view of the list, for rows that
change a few times a year. They are kept in Django's cache (shared by the processes of a
server: a file cache by default, Redis with ``GONGYI_CACHE_URL``) under the *generation*
of the rows they show, a random token that any save or delete of such a row — or of what
decides who sees which (roles, memberships, a user's street or community) — replaces once
its transaction has committed. So a reader never keeps what it read before a change it
could not see yet: it reads under the old token, which nobody reads after the commit.

The cache is used only outside a transaction: inside one, a reader may see rows of its own
that are not committed (and may never be), so it reads the database as before. Rows
written without signals (``bulk_create`` in the demo) are covered by ``seed_demo`` calling
``forget_options`` and, at worst, by ``KEPT_FOR``.
"""

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts import permissions
from accounts.models import User

GENERATION = "choosers:generation"
KEPT_FOR = 15 * 60  # seconds: the longest a change made without signals goes unseen
T = TypeVar("T")


def remembered(source_name: str, user: User, read: Callable[[], T]) -> T:
    """What ``read`` gives for ``user``'s chooser ``source_name``, from the cache when
    it holds it for the rows as they are now."""
    if connection.in_atomic_block:
        return read()
    key = f"choosers:{_generation()}:{source_name}:{_scope_of(user)}"
    value = cache.get(key)
    if value is None:
        value = read()
        cache.set(key, value, KEPT_FOR)
    return value


def _scope_of(user: User) -> str:
    """Who sees the same rows: every district-wide user alike, anyone else their own."""
    return "district" if permissions.is_district_wide(user) else f"user-{user.pk}"


def _generation() -> str:
    generation = cache.get(GENERATION)
    if generation is None:
        cache.add(GENERATION, secrets.token_hex(8), None)
        generation = cache.get(GENERATION)
    return str(generation)


def forget_options() -> None:
    """Every kept option is stale from the commit of the current transaction on."""
    transaction.on_commit(lambda: cache.set(GENERATION, secrets.token_hex(8), None))


def _changed(sender: type[Model], **kwargs) -> None:
    if sender is User and _only_logged_in(kwargs.get("update_fields")):
        return
    forget_options()


def _only_logged_in(update_fields) -> bool:
    """A login saves ``last_login`` alone; it changes nothing a chooser shows."""
    return update_fields is not None and set(update_fields) <= {"last_login"}


def forget_on_change_of(*models: type[Model]) -> None:
    """Forget the kept options whenever a row of one of ``models`` changes."""
    for model in models:
        uid = f"chooser-cache-{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
        m2m_changed.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
