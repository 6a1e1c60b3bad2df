"""Who may do what with panels, score sheets and resident satisfaction, and which panels
an expert may open.

Views ask these predicates (403) and fetch through ``seated_panels`` (404); the use cases
in ``panels``, ``sheets`` and ``satisfaction`` ask them again, so a call from anywhere
else is checked the same way.
"""

from django.db.models import QuerySet

from accounts import permissions as account_permissions
from accounts.models import User
from experts.models import Expert
from grants.models import REPORTING_STATES, Project
from reviews.models import Panel, ScoreSheet


def can_manage_panels(user: User) -> bool:
    """Drawing and replacing panel members, assigning by hand, reopening sheets, ranking
    and deciding on the panel page are the officer's (administrators may do all they do)."""
    return account_permissions.is_officer(user)


def expert_profile(user: User) -> Expert | None:
    """The user's expert profile if they act as an expert now, else ``None``."""
    if not account_permissions.is_expert(user):
        return None
    return getattr(user, "expert_profile", None)


def can_review(user: User) -> bool:
    """An expert of the pool with the expert role: has a list of assignments and declares
    ties."""
    return expert_profile(user) is not None


def seated_panels(user: User) -> QuerySet[Panel]:
    """The panels the user sits on now; any other panel is a 404 for them."""
    expert = expert_profile(user)
    if expert is None:
        return Panel.objects.none()
    return Panel.objects.filter(members__expert=expert, members__removed_at__isnull=True)


def is_seated(expert: Expert | None, panel: Panel) -> bool:
    """The expert holds a seat on the panel (not removed, not recused)."""
    return (
        expert is not None and panel.members.filter(expert=expert, removed_at__isnull=True).exists()
    )


def may_score(user: User, sheet: ScoreSheet) -> bool:
    """Only the sheet's own expert, while seated on its panel."""
    return sheet.expert.user_id == user.pk and is_seated(sheet.expert, sheet.panel)


def may_recuse(user: User, expert: Expert) -> bool:
    """Experts step aside for themselves only."""
    return expert.user_id == user.pk


def may_enter_satisfaction(user: User, project: Project) -> bool:
    """Staff of the community the project serves, while the project runs."""
    return (
        account_permissions.is_staff_of_community(user, project.community_id)
        and project.state in REPORTING_STATES
    )
