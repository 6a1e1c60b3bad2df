"""The documents a project page offers, each only to those who may download it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import permissions as account_permissions
from accounts.models import User
from grants import permissions as grant_permissions
from grants.models import PAST_APPROVAL_STATES, Project
from grants.project_links import ProjectLink

ASSESSED = {
    "midterm": {"in_progress", "midterm_review", "rectifying", "final_review", "closed"},
    "final": {"final_review", "closed"},
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
    for stage, states in ASSESSED.items():
        if project.state in states:
            url = reverse("reports:assessment_pdf", args=[project.pk]) + f"?stage={stage}"
            label = _("Mid-term report (PDF)") if stage == "midterm" else _("Final report (PDF)")
            links.append(ProjectLink(label, url))
    return links
