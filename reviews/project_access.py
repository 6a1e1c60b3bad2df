"""What reviews adds to projects: which projects an expert may see, and the links a
project page offers to its panels and its satisfaction survey."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import permissions as account_permissions
from accounts.models import User
from grants.models import Project
from grants.project_links import ProjectLink
from reviews import permissions
from reviews.models import PanelMember


def panel_links(project: Project, user: User) -> list[ProjectLink]:
    """Officers reach the panels of a project from its page; satisfaction for its community."""
    links = []
    if permissions.can_manage_panels(user):
        for panel in project.panels.all():
            label = _("%(stage)s panel") % {"stage": panel.get_stage_display()}
            links.append(ProjectLink(label, reverse("reviews:panel", args=[panel.pk])))
    if permissions.may_enter_satisfaction(user, project):
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
