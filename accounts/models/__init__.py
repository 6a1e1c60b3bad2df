from accounts.models.attempts import FormAttempts
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
    "FormAttempts",
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
