"""The grants sections of the role panels on the home page."""

from django.utils import timezone

from accounts.models import Role, User
from grants import permissions
from grants.models import (
    REPORTING_STATES,
    Call,
    Project,
    ProjectState,
    Tranche,
    TrancheStatus,
)

SHOWN = 8


def officer_waiting(user: User) -> dict:
    projects = Project.objects.visible_to(user)
    to_screen = projects.filter(state=ProjectState.SUBMITTED)
    to_sign = projects.filter(state=ProjectState.APPROVED)
    return {
        "to_screen": list(
            to_screen.select_related("organisation").order_by("submitted_at")[:SHOWN]
        ),
        "to_screen_count": to_screen.count(),
        "to_sign_count": to_sign.count(),
        "under_review_count": projects.filter(state=ProjectState.UNDER_REVIEW).count(),
    }


def finance_due(user: User) -> dict:
    due = Tranche.objects.filter(
        status=TrancheStatus.DUE, project__in=Project.objects.visible_to(user)
    ).select_related("project__organisation")
    return {"due": list(due.order_by("released_at")[:SHOWN]), "due_count": due.count()}


def applicant_projects(user: User) -> dict:
    projects = (
        Project.objects.filter(organisation__memberships__user=user)
        .select_related("call")
        .order_by("-updated_at")
    )
    return {
        "projects": list(projects[:SHOWN]),
        "project_count": projects.count(),
        "can_create": permissions.may_create_proposal(user),
        "open_calls": list(Call.objects.open_at(timezone.now())[:3]),
    }


def region_projects(user: User) -> dict:
    projects = Project.objects.visible_to(user).exclude(state=ProjectState.DRAFT)
    return {
        "project_count": projects.count(),
        "running_count": projects.filter(state__in=REPORTING_STATES).count(),
    }


SECTIONS = [
    (Role.OFFICER, "grants/home/officer.html", officer_waiting),
    (Role.ADMIN, "grants/home/officer.html", officer_waiting),
    (Role.FINANCE, "grants/home/finance.html", finance_due),
    (Role.APPLICANT, "grants/home/applicant.html", applicant_projects),
    (Role.STREET_STAFF, "grants/home/region.html", region_projects),
    (Role.COMMUNITY_STAFF, "grants/home/region.html", region_projects),
]
