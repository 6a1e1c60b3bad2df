"""The documents a project page offers, each only to those who may download it."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import permissions as account_permissions
from accounts.addresses import address
from accounts.models import User
from grants import permissions as grant_permissions
from grants.models import PAST_APPROVAL_STATES, Payment, Project, ProjectState
from grants.project_links import ProjectLink
from grants.project_parts import kept
from grants.stages import ASSESSED_STAGES, Stage
from reports import documents
from reports import permissions as report_permissions

ASSESSMENT_LINKS = {
    Stage.MIDTERM: gettext_lazy("Mid-term report (PDF)"),
    Stage.FINAL: gettext_lazy("Final report (PDF)"),
}


def document_links(project: Project, user: User) -> list[ProjectLink]:
    links = []
    if project.submitted_at is not None:
        links.append(
            ProjectLink(_("Application (PDF)"), address("reports:application_pdf", project.pk))
        )
    reader = account_permissions.is_district_wide(user) or grant_permissions.is_member(
        project, user
    )
    if project.state in PAST_APPROVAL_STATES and reader:
        links.append(
            ProjectLink(
                _("Approval notice (PDF)"),
                address("reports:approval_notice_pdf", project.pk),
            )
        )
    if project.state in documents.AGREEMENT_STATES and reader:
        links.append(
            ProjectLink(_("Agreement (PDF)"), address("reports:agreement_pdf", project.pk))
        )
    if report_permissions.may_edit_documents(user):
        if project.state in PAST_APPROVAL_STATES:
            url = address("reports:approval_notice_docx", project.pk)
            links.append(ProjectLink(_("Approval notice (Word, editable)"), url))
        if project.state in documents.AGREEMENT_STATES:
            url = address("reports:agreement_docx", project.pk)
            links.append(ProjectLink(_("Agreement (Word, editable)"), url))
    if (
        project.state == ProjectState.CLOSED
        and project.grade in documents.CERTIFIED_GRADES
        and reader
    ):
        links.append(
            ProjectLink(
                _("Closing certificate (PDF)"),
                address("reports:certificate_pdf", project.pk),
            )
        )
    if report_permissions.may_read_payment_notice(user, project):
        for pk, sequence, paid_on in kept(project, "payments", lambda: _payments(project)):
            links.append(
                ProjectLink(
                    _("Payment notice: tranche %(sequence)s, %(date)s")
                    % {"sequence": sequence, "date": f"{paid_on:%Y-%m-%d}"},
                    address("reports:payment_notice_pdf", pk),
                )
            )
    for rules in ASSESSED_STAGES:
        if project.state in rules.assessment_states:
            url = address("reports:assessment_pdf", project.pk) + f"?stage={rules.stage.value}"
            links.append(ProjectLink(str(ASSESSMENT_LINKS[rules.stage]), url))
    return links


def _payments(project: Project) -> list[tuple[int, int, date]]:
    """The project's payments, in the order they were paid: each has its notice."""
    return list(
        Payment.objects.filter(tranche__project=project).values_list(
            "pk", "tranche__sequence", "paid_on"
        )
    )
