"""People's ties with organisations decide whom they may judge.

A person gains a tie with an organisation by being made one of its members
(``OrganisationMembership``) or, as an expert, by a declared tie (``experts``). An app
above accounts that seats judges registers, from its AppConfig's ``ready``, what must
follow a gained tie (reviews unseats an expert who now has a conflict of interest);
accounts never imports it. The places that record a tie outside a use case that already
does so — the admin's membership and tie inlines — call ``gained`` in the transaction that
saves the tie, so what follows commits or rolls back with it.
"""

from collections.abc import Callable, Iterable

from accounts.models import User

Follower = Callable[..., None]  # called as follower(user_ids=[...], by=user)

_FOLLOWERS: list[Follower] = []


def add_follower(follower: Follower) -> None:
    if follower not in _FOLLOWERS:
        _FOLLOWERS.append(follower)


def gained(*, user_ids: Iterable[int], by: User) -> None:
    """These people gained a tie with an organisation just now (in this transaction)."""
    user_ids = sorted(set(user_ids))
    if not user_ids:
        return
    for follower in _FOLLOWERS:
        follower(user_ids=user_ids, by=by)
