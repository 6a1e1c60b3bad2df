"""Who keeps, approves and sees a community's fund plans and space registries, and who
follows the compliance of an area."""

from django.db.models import QuerySet

from accounts import permissions as account_permissions
from accounts.models import User


def keeps_records_of(user: User, community_id: int | None) -> bool:
    """Community staff of the community keep its plan and registry: they add and change
    allocations and rooms, and submit the record for approval."""
    return account_permissions.is_staff_of_community(user, community_id)


def approves_records(user: User) -> bool:
    """Officers approve a submitted plan or registry, or return it to draft."""
    return account_permissions.is_officer(user)


def starts_records(user: User) -> bool:
    """Only community staff start their own community's plan or registry of a year."""
    return account_permissions.is_community_staff(user)


def follows_compliance(user: User) -> bool:
    return account_permissions.follows_regions(user)


def visible_records(records: QuerySet, user: User) -> QuerySet:
    """Plans or registries of the communities ``user`` follows."""
    if not (user.is_authenticated and user.is_active):
        return records.none()
    scope = account_permissions.community_scope(user, "community")
    return records if scope is None else records.filter(scope)
