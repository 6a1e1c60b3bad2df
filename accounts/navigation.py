"""The navigation each user sees, built from their roles.

Links are a convenience only: every view checks permission on the server again.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.models import User


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    url_name: str


def navigation_for(user: User) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    items = [NavItem(_("Home"), reverse("home"), "home")]
    if permissions.is_applicant(user):
        items.append(NavItem(_("My organisation"), reverse("my_organisations"), "my_organisations"))
    if permissions.can_browse_organisations(user):
        items.append(NavItem(_("Organisations"), reverse("organisation_list"), "organisation_list"))
    if permissions.is_admin(user) and user.is_staff:
        items.append(NavItem(_("Administration"), reverse("admin:index"), "admin:index"))
    return items
