"""The reviews sections of the role panels on the home page."""

from accounts.generations import Generation, scope_of
from accounts.models import Role, User
from grants.models import Project
from grants.stages import REVIEW_STATES
from reviews import panels, satisfaction
from reviews.models import Panel, ScoreSheet, SheetState

SHOWN = 8


def expert_assignments(user: User) -> dict:
    expert = getattr(user, "expert_profile", None)
    if expert is None:
        return {"seats": [], "no_profile": True}
    seats = list(panels.assignments_of(expert)[:SHOWN])
    submitted = set(
        ScoreSheet.objects.filter(expert=expert, state=SheetState.SUBMITTED).values_list(
            "panel_id", flat=True
        )
    )
    return {"seats": [(seat, seat.panel_id in submitted) for seat in seats]}


# The panels at work, kept until a panel or a project changes (``ReviewsConfig.ready``).
OPEN_PANELS = Generation("open-panels")
OPEN_PANELS_READ = (Panel, Project)


def officer_panels(user: User) -> dict:
    return OPEN_PANELS.remembered(scope_of(user), _open_panels)


def _open_panels() -> dict:
    open_panels = (
        Panel.objects.filter(project__state__in=REVIEW_STATES)
        .select_related("project")
        .only("id", "stage", "deadline", "project__title", "project__state")
    )
    return {"panels": list(open_panels.order_by("deadline", "id")[:SHOWN])}


def community_surveys(user: User) -> dict:
    projects = Project.objects.filter(
        community=user.community_id, state__in=satisfaction.SURVEY_STATES
    ).select_related("satisfaction_survey")
    return {"projects": list(projects[:SHOWN])}


SECTIONS = [
    (Role.EXPERT, "reviews/home/expert.html", expert_assignments),
    (Role.OFFICER, "reviews/home/officer.html", officer_panels),
    (Role.ADMIN, "reviews/home/officer.html", officer_panels),
    (Role.COMMUNITY_STAFF, "reviews/home/community.html", community_surveys),
]
