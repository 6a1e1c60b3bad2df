"""The reviews sections of the role panels on the home page."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import permissions as account_permissions
from accounts.models import Role, User
from grants.models import Project
from grants.project_links import ProjectLink
from reviews import panels, satisfaction
from reviews.models import Panel, PanelMember, ScoreSheet, SheetState

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


def officer_panels(user: User) -> dict:
    open_panels = Panel.objects.filter(
        project__state__in=list(panels.STAGE_STATES.values())
    ).select_related("project")
    return {"panels": list(open_panels.order_by("deadline")[:SHOWN]), "count": open_panels.count()}


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


def panel_links(project: Project, user: User) -> list[ProjectLink]:
    """Officers reach the panels of a project from its page; satisfaction for its community."""
    links = []
    if account_permissions.is_officer(user):
        for panel in project.panels.all():
            label = _("%(stage)s panel") % {"stage": panel.get_stage_display()}
            links.append(ProjectLink(label, reverse("reviews:panel", args=[panel.pk])))
    if satisfaction.may_enter(project, user):
        links.append(
            ProjectLink(
                _("Resident satisfaction"), reverse("reviews:satisfaction", args=[project.pk])
            )
        )
    return links


def assigned_projects(user: User) -> Q | None:
    """Experts see the projects of the panels they sit on, and no other."""
    if not account_permissions.is_expert(user):
        return None
    seats = PanelMember.objects.filter(expert__user=user, removed_at__isnull=True)
    return Q(pk__in=seats.values("panel__project_id"))
