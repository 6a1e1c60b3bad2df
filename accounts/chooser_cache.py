"""The first options of a list's choosers, kept in the cache between requests.

A list's filters offer five choosers (programme, call, street, community, organisation);
reading their first options is five queries on every view of the list, for rows that
change a few times a year. They are kept under the ``CHOOSERS`` generation
(``accounts.generations``), which follows the rows the sources show (``Source.shows``)
and what decides who sees which: roles, memberships, a user's street or community.
"""

from collections.abc import Callable
from typing import TypeVar

from accounts.generations import Generation, scope_of
from accounts.models import User

CHOOSERS = Generation("choosers")
T = TypeVar("T")


def remembered(source_name: str, user: User, read: Callable[[], T]) -> T:
    """What ``read`` gives for ``user``'s chooser ``source_name``, from the cache when
    it holds it for the rows as they are now."""
    return CHOOSERS.remembered(f"{source_name}:{scope_of(user)}", read)
