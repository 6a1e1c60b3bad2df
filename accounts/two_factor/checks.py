"""A system check: GONGYI_TWO_FACTOR_ROLES names roles that exist."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from accounts.models import Role


@register()
def two_factor_roles_exist(app_configs: Any, **kwargs: Any) -> list[Error]:
    unknown = sorted(set(settings.TWO_FACTOR_ROLES) - set(Role.values))
    if not unknown:
        return []
    return [
        Error(
            f"GONGYI_TWO_FACTOR_ROLES names roles that do not exist: {', '.join(unknown)}.",
            hint=f"Use comma-separated role values among: {', '.join(Role.values)}.",
            id="accounts.E001",
        )
    ]
