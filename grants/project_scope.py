"""Extra projects other apps let a user see (e.g. reviews: an expert's assigned projects),
registered from their AppConfig's ``ready`` so grants never imports them."""

from collections.abc import Callable

from django.db.models import Q

from accounts.models import User

_SCOPES: list[Callable[[User], Q | None]] = []


def add_scope(scope: Callable[[User], Q | None]) -> None:
    if scope not in _SCOPES:
        _SCOPES.append(scope)


def extra_scope(user: User) -> Q | None:
    extra = [q for scope in _SCOPES if (q := scope(user)) is not None]
    if not extra:
        return None
    combined = extra[0]
    for q in extra[1:]:
        combined |= q
    return combined
