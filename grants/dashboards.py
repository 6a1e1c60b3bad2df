"""The grants sections of the role panels on the home page."""

from django.utils import timezone

from accounts.generations import Generation, scope_of
from accounts.models import Role, SocialOrganisation, User, Verification
from grants import permissions
from grants.counting import tallies, tally
from grants.models import (
    REPORTING_STATES,
    Call,
    Project,
    ProjectState,
    Tranche,
    TrancheStatus,
)

SHOWN = 8


# What waits for the district's officers: kept per scope until a project or an organisation
# changes (``GrantsConfig.ready``), as the home page is where every officer starts.
WAITING = Generation("officer-waiting")
WAITING_READ = (Project, SocialOrganisation)


def officer_waiting(user: User) -> dict:
    return WAITING.remembered(scope_of(user), lambda: _waiting(user))


def _waiting(user: User) -> dict:
    projects = Project.objects.visible_to(user)
    to_screen = projects.filter(state=ProjectState.SUBMITTED)
    counts = tallies(
        {
            "to_screen": to_screen,
            "to_sign": projects.filter(state=ProjectState.APPROVED),
            "under_review": projects.filter(state=ProjectState.UNDER_REVIEW),
            # Organisations that registered themselves and wait for the bureau's check.
            "to_confirm": SocialOrganisation.objects.filter(verification=Verification.PENDING),
        }
    )
    return {
        # The oldest first, read from the index on (state, submitted_at, id).
        "to_screen": list(
            to_screen.select_related("organisation")
            .only("id", "title", "state", "organisation__name")
            .order_by("submitted_at", "id")[:SHOWN]
        ),
        "to_screen_count": counts["to_screen"],
        "to_sign_count": counts["to_sign"],
        "under_review_count": counts["under_review"],
        "to_confirm_count": counts["to_confirm"],
    }


def finance_due(user: User) -> dict:
    due = Tranche.objects.filter(
        status=TrancheStatus.DUE, project__in=Project.objects.visible_to(user)
    )
    shown = (
        due.select_related("project__organisation")
        .only(
            "id",
            "amount",
            "paid_amount",
            "project__title",
            "project__state",
            "project__organisation__name",
        )
        .order_by("released_at", "id")[:SHOWN]
    )
    return {"due": list(shown), "due_count": tally(due)}


def applicant_projects(user: User) -> dict:
    projects = Project.objects.filter(organisation__in=user.memberships.values("organisation_id"))
    return {
        "projects": list(
            projects.select_related("call")
            .only("id", "title", "state", "call__title")
            .order_by("-updated_at", "-id")[:SHOWN]
        ),
        "project_count": tally(projects),
        "can_create": permissions.may_create_proposal(user),
        "open_calls": list(Call.objects.open_at(timezone.now()).only("id", "title")[:3]),
    }


def region_projects(user: User) -> dict:
    projects = Project.objects.visible_to(user).exclude(state=ProjectState.DRAFT)
    counts = tallies({"projects": projects, "running": projects.filter(state__in=REPORTING_STATES)})
    return {"project_count": counts["projects"], "running_count": counts["running"]}


SECTIONS = [
    (Role.OFFICER, "grants/home/officer.html", officer_waiting),
    (Role.ADMIN, "grants/home/officer.html", officer_waiting),
    (Role.FINANCE, "grants/home/finance.html", finance_due),
    (Role.APPLICANT, "grants/home/applicant.html", applicant_projects),
    (Role.STREET_STAFF, "grants/home/region.html", region_projects),
    (Role.COMMUNITY_STAFF, "grants/home/region.html", region_projects),
]
