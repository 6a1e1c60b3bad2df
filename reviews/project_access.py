"""What reviews adds to the project page: the links to its panels and its satisfaction
survey. (Which projects an expert may see is ``grants.models.ProjectReader``, written by
``reviews.panels`` as experts are seated and leave.)"""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from grants.models import Project
from grants.project_links import ProjectLink
from reviews import permissions


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
