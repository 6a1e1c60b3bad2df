"""What each role's part of the home page shows: figures and next steps.

The home page stacks one panel per role the user holds. Each panel says what the role
does next, and where there is nothing yet, what will appear there. Apps above accounts
add their own sections to a role's panel with ``add_section`` (from their AppConfig's
``ready``), so accounts never imports them.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.models import Role, SocialOrganisation, User


@dataclass
class Section:
    template: str
    context: dict


@dataclass
class RolePanel:
    role: str
    title: str | Promise
    template: str
    context: dict = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)


# role -> [(template, context builder)], filled by other apps.
_SECTIONS: dict[str, list[tuple[str, Callable[[User], dict]]]] = defaultdict(list)


def add_section(role: str, template: str, build: Callable[[User], dict]) -> None:
    if (template, build) not in _SECTIONS[role]:
        _SECTIONS[role].append((template, build))


def _applicant_context(user: User) -> dict:
    organisations = list(
        SocialOrganisation.objects.filter(memberships__user=user).select_related(
            "home_community__street"
        )
    )
    return {"organisations": organisations}


def _street_context(user: User) -> dict:
    communities = list(
        permissions.visible_communities(user).filter(street_id=user.street_id).order_by("name")
    )
    return {"street": user.street, "communities": communities}


def _community_context(user: User) -> dict:
    return {
        "community": user.community,
        "organisation_count": SocialOrganisation.objects.filter(
            home_community_id=user.community_id
        ).count(),
    }


def _district_context(user: User) -> dict:
    return {"organisation_count": SocialOrganisation.objects.count()}


_PANELS = [
    # (role, title, template, context builder)
    (Role.ADMIN, _("Administration"), "accounts/home/admin.html", _district_context),
    (Role.OFFICER, _("Programme office"), "accounts/home/officer.html", _district_context),
    (Role.FINANCE, _("Finance"), "accounts/home/finance.html", None),
    (Role.EXPERT, _("My reviews"), "accounts/home/expert.html", None),
    (Role.APPLICANT, _("My organisation"), "accounts/home/applicant.html", _applicant_context),
    (Role.STREET_STAFF, _("My street"), "accounts/home/street.html", _street_context),
    (Role.COMMUNITY_STAFF, _("My community"), "accounts/home/community.html", _community_context),
]


def panels_for(user: User) -> list[RolePanel]:
    panels = []
    for role, title, template, build in _PANELS:
        if not user.has_role(role):
            continue
        unassigned = (role == Role.STREET_STAFF and user.street_id is None) or (
            role == Role.COMMUNITY_STAFF and user.community_id is None
        )
        if unassigned:
            panels.append(RolePanel(role, title, "accounts/home/unassigned_region.html"))
            continue
        sections = [Section(section, add(user)) for section, add in _SECTIONS[role]]
        panels.append(RolePanel(role, title, template, build(user) if build else {}, sections))
    return panels
