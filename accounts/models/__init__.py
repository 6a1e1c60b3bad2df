from accounts.models.organisations import (
    InspectionResult,
    OrganisationMembership,
    OrganisationStatus,
    OrganisationType,
    SocialOrganisation,
)
from accounts.models.regions import Community, District, Street, StreetKind
from accounts.models.users import Role, User, UserRole

__all__ = [
    "Community",
    "District",
    "InspectionResult",
    "OrganisationMembership",
    "OrganisationStatus",
    "OrganisationType",
    "Role",
    "SocialOrganisation",
    "Street",
    "StreetKind",
    "User",
    "UserRole",
]
