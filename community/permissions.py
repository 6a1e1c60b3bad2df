"""Who keeps, approves and sees a community's fund plans and space registries, who
follows the compliance of an area, and who records, sorts and decides the needs list."""

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from accounts import permissions as account_permissions
from accounts.models import Community, User

if TYPE_CHECKING:  # community.models imports these predicates for its transitions
    from community.models import Need


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


# --- the needs list ------------------------------------------------------------------------
# The predicates a need's transitions ask take ``(need, user)`` so django-fsm can ask them
# through ``permission=`` and a page can list exactly the steps a user may take.


def visible_needs(needs: QuerySet, user: User) -> QuerySet:
    """Needs of the communities ``user`` follows: a community its own, a street its
    communities', the district-wide roles every one."""
    if not (user.is_authenticated and user.is_active):
        return needs.none()
    scope = account_permissions.community_scope(user, "community")
    return needs if scope is None else needs.filter(scope)


def follows_needs(user: User) -> bool:
    """The needs list is open to the district's roles and to street and community staff,
    each seeing the needs of their area (``visible_needs``)."""
    return account_permissions.follows_regions(user)


def records_needs(user: User) -> bool:
    """Community staff record their community's needs; street staff record (or import)
    needs for the communities of their street, which the community then reports."""
    return account_permissions.is_community_staff(user) or account_permissions.is_street_staff(user)


def may_record_need_in(user: User, community: Community) -> bool:
    return account_permissions.is_staff_of_community(user, community.pk) or (
        account_permissions.is_street_staff(user) and community.street_id == user.street_id
    )


def recordable_communities(user: User) -> QuerySet[Community]:
    """The communities whose needs ``user`` may record."""
    scope = Q(pk__in=[])
    if account_permissions.is_street_staff(user):
        scope |= Q(street_id=user.street_id)
    if account_permissions.is_community_staff(user):
        scope |= Q(pk=user.community_id)
    return account_permissions.visible_communities(user).filter(scope)


def keeps_need(need: "Need", user: User) -> bool:
    """The community's staff keep a need until the street has it: they edit it, attach
    evidence, and report it (again, once returned)."""
    return account_permissions.is_staff_of_community(user, need.community_id)


def sorts_need(need: "Need", user: User) -> bool:
    """The street's service centre forwards a reported need to the district or returns it."""
    return account_permissions.is_street_staff(user) and need.community.street_id == user.street_id


def sorts_needs(user: User) -> bool:
    return account_permissions.is_street_staff(user)


def decides_need(need: "Need", user: User) -> bool:
    """The district screens, merges, refers or declines a forwarded need."""
    return decides_needs(user)


def decides_needs(user: User) -> bool:
    return account_permissions.is_officer(user)


def follows_need_responses(user: User) -> bool:
    """The 需求响应 figures: the district's roles for the district, a street for its own."""
    return account_permissions.is_district_wide(user) or account_permissions.is_street_staff(user)


def sends_department_feedback(user: User) -> bool:
    """The workbook and letters to departments go out from the district."""
    return account_permissions.is_officer(user)


def follows_guide_drafts(user: User) -> bool:
    """The guide-item drafts and their traces are the district's working list."""
    return account_permissions.is_district_wide(user)
