"""The navigation each user sees, built from their roles.

Links are a convenience only: every view checks permission on the server again.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.models import Role, User


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    url_name: str


def navigation_for(user: User) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    items = [NavItem(_("Home"), reverse("home"), "home")]
    if not (permissions.has_any_role(user, Role.EXPERT) and len(user.roles) == 1):
        items.append(NavItem(_("Projects"), reverse("grants:project_list"), "grants:project_list"))
    if permissions.follows_regions(user):
        items.append(NavItem(_("Needs"), reverse("community:need_list"), "community:need_list"))
    if permissions.is_expert(user):
        items.append(
            NavItem(_("My reviews"), reverse("reviews:my_assignments"), "reviews:my_assignments")
        )
    if permissions.is_officer(user):
        items.append(NavItem(_("Reviews"), reverse("reviews:overview"), "reviews:overview"))
        items.append(NavItem(_("Expert pool"), reverse("experts:list"), "experts:list"))
        items.append(NavItem(_("Calls"), reverse("grants:call_list"), "grants:call_list"))
        items.append(
            NavItem(_("Programmes"), reverse("grants:programme_list"), "grants:programme_list")
        )
    # --- delivery (issue 15): the overview of running projects (officers, street staff) ---
    if permissions.is_officer(user) or permissions.is_street_staff(user):
        items.append(
            NavItem(_("Delivery"), reverse("grants:delivery_overview"), "grants:delivery_overview")
        )
    # --- end of delivery ---
    if permissions.is_district_wide(user):
        items.append(
            NavItem(_("Tranches"), reverse("grants:tranche_ledger"), "grants:tranche_ledger")
        )
    if permissions.follows_regions(user):
        items.append(
            NavItem(_("Compliance"), reverse("community:compliance"), "community:compliance")
        )
    if permissions.is_applicant(user):
        items.append(NavItem(_("My organisation"), reverse("my_organisations"), "my_organisations"))
    if permissions.can_browse_organisations(user):
        items.append(NavItem(_("Organisations"), reverse("organisation_list"), "organisation_list"))
    if permissions.is_admin(user) and user.is_staff:
        items.append(NavItem(_("Administration"), reverse("admin:index"), "admin:index"))
    return items
