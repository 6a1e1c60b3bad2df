from accounts.models.organisations import (
    InspectionResult,
    OrganisationMembership,
    OrganisationStatus,
    OrganisationType,
    Rating,
    SocialOrganisation,
    Verification,
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
    "Rating",
    "Role",
    "SocialOrganisation",
    "Street",
    "StreetKind",
    "User",
    "UserRole",
    "Verification",
]
