"""Who may do what, and which rows each user may see.

Every view asks these predicates and fetches through these scoped querysets, so a row
outside a user's scope is a 404 and an action outside their role is a 403. A person may
hold several roles: the scopes of their roles add up.
"""

from django.db.models import Q, QuerySet

from accounts.models import Community, Role, SocialOrganisation, Street, User

# Roles that see every row of the district.
DISTRICT_WIDE_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.FINANCE})


def has_any_role(user: User, *roles: str) -> bool:
    return user.is_authenticated and user.is_active and not user.roles.isdisjoint(roles)


def is_district_wide(user: User) -> bool:
    return has_any_role(user, *DISTRICT_WIDE_ROLES)


def is_officer(user: User) -> bool:
    """Programme officers run programmes; administrators may do all they do."""
    return has_any_role(user, Role.OFFICER, Role.ADMIN)


def is_admin(user: User) -> bool:
    return has_any_role(user, Role.ADMIN)


def is_applicant(user: User) -> bool:
    return has_any_role(user, Role.APPLICANT)


def is_expert(user: User) -> bool:
    return has_any_role(user, Role.EXPERT)


def is_finance(user: User) -> bool:
    return has_any_role(user, Role.FINANCE)


def is_street_staff(user: User) -> bool:
    return has_any_role(user, Role.STREET_STAFF) and user.street_id is not None


def is_community_staff(user: User) -> bool:
    return has_any_role(user, Role.COMMUNITY_STAFF) and user.community_id is not None


def is_staff_of_community(user: User, community_id: int | None) -> bool:
    """Community staff of this very community (pass ``record.community_id``,
    ``project.community_id`` or ``community.pk``): they keep its fund plan and space
    registry and enter its residents' satisfaction."""
    return (
        community_id is not None and is_community_staff(user) and user.community_id == community_id
    )


def community_scope(user: User, path: str = "") -> Q | None:
    """A filter on communities (reached through ``path``) that ``user`` may see.

    ``None`` means no restriction; an impossible filter means nothing. ``path`` is the
    lookup from the queried model to its community, e.g. ``"home_community"``.
    """
    if is_district_wide(user):
        return None
    prefix = f"{path}__" if path else ""
    scope = Q(pk__in=[])
    if is_street_staff(user):
        scope |= Q(**{f"{prefix}street_id": user.street_id})
    if is_community_staff(user):
        scope |= Q(**{f"{prefix}id" if path else "pk": user.community_id})
    return scope


def visible_communities(user: User) -> QuerySet[Community]:
    communities = Community.objects.select_related("street")
    scope = community_scope(user)
    return communities if scope is None else communities.filter(scope)


def visible_streets(user: User) -> QuerySet[Street]:
    if is_district_wide(user):
        return Street.objects.all()
    return Street.objects.filter(communities__in=visible_communities(user)).distinct()


def visible_organisations(user: User) -> QuerySet[SocialOrganisation]:
    """Organisations a user may look up: district-wide roles see all; street and
    community staff those based in their region; applicants their own."""
    organisations = SocialOrganisation.objects.select_related("home_community__street")
    if not (user.is_authenticated and user.is_active):
        return organisations.none()
    scope = community_scope(user, "home_community")
    if scope is None:
        return organisations
    if is_applicant(user):
        scope |= Q(pk__in=user.memberships.values("organisation_id"))
    return organisations.filter(scope)


def follows_regions(user: User) -> bool:
    """District-wide roles and street or community staff: those who follow organisations
    and the community rules of an area."""
    return is_district_wide(user) or is_street_staff(user) or is_community_staff(user)


def can_browse_organisations(user: User) -> bool:
    """The organisation register is for those who screen or follow organisations."""
    return follows_regions(user)


def can_view_organisation(user: User, organisation: SocialOrganisation) -> bool:
    return visible_organisations(user).filter(pk=organisation.pk).exists()


def can_view_members(user: User, organisation: SocialOrganisation) -> bool:
    """Officers and the organisation's own people see who works for it."""
    return is_officer(user) or organisation.pk in user.organisation_ids
