"""Who may keep the expert pool."""

from accounts import permissions as account_permissions
from accounts.models import User


def can_manage_experts(user: User) -> bool:
    """Listing, adding, editing and importing experts is the officer's (administrators may
    do all they do): the pool holds contact details experts and the public never see."""
    return account_permissions.is_officer(user)
