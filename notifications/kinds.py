"""Every kind of notification, who receives it, and what it is called on the settings page.

A kind is a switch: each user may turn its email off (the in-app item always stays).
The table of recipients is the one the settings page and the README show; the senders
(``grants.notifications``, ``reviews``, ``community``) choose the people themselves.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Role


class Kind(models.TextChoices):
    # reviews: the panel's experts and the officers
    EXPERT_SEATED = "expert_seated", _("You were drawn or assigned to a review panel")
    EXPERT_UNSEATED = "expert_unseated", _("You were replaced on a review panel")
    SHEETS_DUE = "sheets_due", _("Score sheets due")
    PANEL_VACANCY = "panel_vacancy", _("A panel seat is empty")
    # organisations that register themselves, and the bureau's check of them
    ORGANISATION_REGISTERED = (
        "organisation_registered",
        _("A new organisation registered and awaits its check"),
    )
    ORGANISATION_CHECKED = (
        "organisation_checked",
        _("Your organisation was confirmed, or not, by the bureau"),
    )
    # the application and its decisions
    PROJECT_SUBMITTED = "project_submitted", _("A new application was submitted")
    PROJECT_ACCEPTED = "project_accepted", _("Application accepted for review")
    PROJECT_RETURNED = "project_returned", _("Application returned for revision")
    PROJECT_DECIDED = "project_decided", _("Application decided (approved, rejected, ineligible)")
    AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
    # delivery and assessment
    REPORT_DUE = "report_due", _("Mid-term or final report due")
    MIDTERM_RESULT = "midterm_result", _("Mid-term assessment result")
    RECTIFICATION_DUE = "rectification_due", _("Rectification due")
    PROJECT_CLOSED = "project_closed", _("Project closed with its final score and grade")
    PROJECT_TERMINATED = "project_terminated", _("Project terminated")
    FOLLOW_UP = "follow_up", _("Site visit follow-up requested or answered")
    DELIVERY_OVERDUE = "delivery_overdue", _("Overdue items in running projects")
    # money
    TRANCHE_DUE = "tranche_due", _("A tranche is due for payment")
    PAYMENT_RECORDED = "payment_recorded", _("A payment was made")
    # the needs list
    NEEDS = "needs", _("Needs list: reported, forwarded, returned or decided")


# Who receives each kind (the roles whose settings page lists it).
RECIPIENTS: dict[str, tuple[str, ...]] = {
    Kind.EXPERT_SEATED: (Role.EXPERT,),
    Kind.EXPERT_UNSEATED: (Role.EXPERT,),
    Kind.SHEETS_DUE: (Role.EXPERT,),
    Kind.PANEL_VACANCY: (Role.OFFICER,),
    Kind.ORGANISATION_REGISTERED: (Role.OFFICER,),
    Kind.ORGANISATION_CHECKED: (Role.APPLICANT,),
    Kind.PROJECT_SUBMITTED: (Role.OFFICER,),
    Kind.PROJECT_ACCEPTED: (Role.APPLICANT,),
    Kind.PROJECT_RETURNED: (Role.APPLICANT,),
    Kind.PROJECT_DECIDED: (Role.APPLICANT,),
    Kind.AGREEMENT_SIGNED: (Role.APPLICANT,),
    Kind.REPORT_DUE: (Role.APPLICANT,),
    Kind.MIDTERM_RESULT: (Role.APPLICANT,),
    Kind.RECTIFICATION_DUE: (Role.APPLICANT,),
    Kind.PROJECT_CLOSED: (Role.APPLICANT,),
    Kind.PROJECT_TERMINATED: (Role.APPLICANT,),
    Kind.FOLLOW_UP: (Role.APPLICANT, Role.OFFICER, Role.STREET_STAFF),
    Kind.DELIVERY_OVERDUE: (Role.APPLICANT,),
    Kind.TRANCHE_DUE: (Role.FINANCE,),
    Kind.PAYMENT_RECORDED: (Role.APPLICANT,),
    Kind.NEEDS: (Role.OFFICER, Role.STREET_STAFF, Role.COMMUNITY_STAFF),
}


def kinds_for(roles: frozenset[str]) -> list[Kind]:
    """The kinds a holder of these roles may receive, in the table's order."""
    return [kind for kind in Kind if set(RECIPIENTS[kind]) & roles]
