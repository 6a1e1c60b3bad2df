"""Who may keep the expert pool, and who declares an expert's ties."""

from accounts import permissions as account_permissions
from accounts.models import User
from experts.models import Expert


def can_manage_experts(user: User) -> bool:
    """Listing, adding, editing and importing experts is the officer's (administrators may
    do all they do): the pool holds contact details experts and the public never see."""
    return account_permissions.is_officer(user)


def may_declare_ties(user: User, expert: Expert) -> bool:
    """Experts declare their own ties (and so stay off those organisations' panels)."""
    return account_permissions.is_expert(user) and expert.user_id == user.pk
