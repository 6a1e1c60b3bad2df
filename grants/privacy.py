"""Personal data on a project: who sees its contact person and phone, and how.

The organisation and the officers see them in full (they call each other); the district's
and the area's other staff see the name with the phone masked (139****4567); experts and
the public never see them — a panel scores the proposal, not the people behind it.
"""

from dataclasses import dataclass
from enum import Enum

from accounts import permissions as account_permissions
from accounts.models import User
from accounts.privacy import mask_phone, shown_phone
from grants.models import Project
from grants.permissions import is_member

# The proposal's fields that are personal data, as ``versions.PROPOSAL_FIELDS`` names them.
CONTACT_NAME = "contact_person"
CONTACT_PHONE = "contact_phone"
CONTACT_FIELDS = (CONTACT_NAME, CONTACT_PHONE)


class ContactView(Enum):
    FULL = "full"
    MASKED = "masked"
    HIDDEN = "hidden"


def contact_view(user: User, project: Project) -> ContactView:
    if account_permissions.is_officer(user) or is_member(project, user):
        return ContactView.FULL
    if account_permissions.follows_regions(user):
        return ContactView.MASKED
    return ContactView.HIDDEN


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str


def contact_for(user: User, project: Project) -> Contact | None:
    """The project's contact as ``user`` may see it, or None."""
    view = contact_view(user, project)
    if view is ContactView.HIDDEN:
        return None
    phone = shown_phone(project.contact_phone, in_full=view is ContactView.FULL)
    return Contact(project.contact_person, phone)


def shown_fields(fields: dict[str, str], view: ContactView) -> dict[str, str]:
    """A proposal's fields as ``view`` may show them."""
    if view is ContactView.FULL:
        return fields
    if view is ContactView.HIDDEN:
        return {name: value for name, value in fields.items() if name not in CONTACT_FIELDS}
    return {**fields, CONTACT_PHONE: mask_phone(fields.get(CONTACT_PHONE, ""))}
