"""The navigation each user sees, built from their roles.

Links are a convenience only: every view checks permission on the server again.
"""

from dataclasses import dataclass
from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.models import Role, User


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    url_name: str


def _item(label: str | Promise, url_name: str) -> NavItem:
    return NavItem(label, _path(url_name, get_script_prefix()), url_name)


@cache
def _path(url_name: str, script_prefix: str) -> str:
    """A menu link's path: reversed once per prefix, not ten times on every page."""
    return reverse(url_name)


def navigation_for(user: User) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    items = [_item(_("Home"), "home")]
    if not (permissions.has_any_role(user, Role.EXPERT) and len(user.roles) == 1):
        items.append(_item(_("Projects"), "grants:project_list"))
    if permissions.follows_regions(user):
        items.append(_item(_("Needs"), "community:need_list"))
    if permissions.is_expert(user):
        items.append(_item(_("My reviews"), "reviews:my_assignments"))
    if permissions.is_officer(user):
        items.append(_item(_("Reviews"), "reviews:overview"))
        items.append(_item(_("Expert pool"), "experts:list"))
        items.append(_item(_("Calls"), "grants:call_list"))
        items.append(_item(_("Programmes"), "grants:programme_list"))
    # --- delivery (issue 15): the overview of running projects (officers, street staff) ---
    if permissions.is_officer(user) or permissions.is_street_staff(user):
        items.append(_item(_("Delivery"), "grants:delivery_overview"))
    # --- end of delivery ---
    if permissions.is_district_wide(user):
        items.append(_item(_("Tranches"), "grants:tranche_ledger"))
    if permissions.follows_regions(user):
        items.append(_item(_("Compliance"), "community:compliance"))
    if permissions.is_applicant(user):
        items.append(_item(_("My organisation"), "my_organisations"))
    if permissions.can_browse_organisations(user):
        items.append(_item(_("Organisations"), "organisation_list"))
    if permissions.is_admin(user) and user.is_staff:
        items.append(_item(_("Administration"), "admin:index"))
    return items
