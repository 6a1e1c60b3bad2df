"""The documents a project page offers, each only to those who may download it."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import permissions as account_permissions
from accounts.models import User
from grants import permissions as grant_permissions
from grants.models import PAST_APPROVAL_STATES, Project
from grants.project_links import ProjectLink
from grants.stages import ASSESSED_STAGES, Stage

ASSESSMENT_LINKS = {
    Stage.MIDTERM: gettext_lazy("Mid-term report (PDF)"),
    Stage.FINAL: gettext_lazy("Final report (PDF)"),
}


def document_links(project: Project, user: User) -> list[ProjectLink]:
    links = []
    if project.submitted_at is not None:
        links.append(
            ProjectLink(
                _("Application (PDF)"), reverse("reports:application_pdf", args=[project.pk])
            )
        )
    reader = account_permissions.is_district_wide(user) or grant_permissions.is_member(
        project, user
    )
    if project.state in PAST_APPROVAL_STATES and reader:
        links.append(
            ProjectLink(
                _("Approval notice (PDF)"),
                reverse("reports:approval_notice_pdf", args=[project.pk]),
            )
        )
    for rules in ASSESSED_STAGES:
        if project.state in rules.assessment_states:
            url = (
                reverse("reports:assessment_pdf", args=[project.pk]) + f"?stage={rules.stage.value}"
            )
            links.append(ProjectLink(str(ASSESSMENT_LINKS[rules.stage]), url))
    return links
