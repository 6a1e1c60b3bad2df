"""Emails about a project, sent only after the change they announce has committed.

The services call these from ``transaction.on_commit``; a failing mail server is logged
and never undoes the change.
"""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Role, User
from grants.arithmetic import format_yuan
from grants.models import Payment, Project

logger = logging.getLogger(__name__)


def send_email(subject: str, body: str, recipients: list[str]) -> None:
    """One email to each address (each sees only their own); a mail server that cannot be
    reached is logged, never an error for the user who acted."""
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    try:
        send_mass_mail(messages, fail_silently=False)
    except OSError:
        logger.exception("Could not send %r to %d recipients", subject, len(recipients))


def _organisation_addresses(project: Project) -> list[str]:
    return list(project.organisation.members.filter(is_active=True).values_list("email", flat=True))


def officer_addresses() -> list[str]:
    """The programme officers' email addresses."""
    return list(
        User.objects.filter(is_active=True, role_assignments__role=Role.OFFICER).values_list(
            "email", flat=True
        )
    )


def project_submitted(project: Project) -> None:
    with override(settings.LANGUAGE_CODE):
        send_email(
            _("New application: %(title)s") % {"title": project.title},
            _("%(organisation)s submitted “%(title)s” to %(call)s. It awaits screening.")
            % {
                "organisation": project.organisation.name,
                "title": project.title,
                "call": project.call.title,
            },
            officer_addresses(),
        )


def project_returned(project: Project, reason: str) -> None:
    _tell_organisation(project, reason, deadline=project.resubmission_deadline)


def project_found_ineligible(project: Project, reason: str) -> None:
    _tell_organisation(project, reason)


def project_approved(project: Project, remarks: str) -> None:
    _tell_organisation(project, remarks)


def project_rejected(project: Project, reason: str) -> None:
    _tell_organisation(project, reason)


def agreement_signed(project: Project, remarks: str) -> None:
    _tell_organisation(project, remarks)


def project_terminated(project: Project, reason: str) -> None:
    _tell_organisation(project, reason)


def _tell_organisation(project: Project, comment: str, *, deadline: date | None = None) -> None:
    """Tell the organisation the project's new state, why, and by when to resubmit."""
    with override(settings.LANGUAGE_CODE):
        state = project.get_state_display()
        body = _("“%(title)s” is now: %(state)s.") % {"title": project.title, "state": state}
        if comment:
            body += "\n\n" + _("Reason or remarks: %(comment)s") % {"comment": comment}
        if deadline:
            body += "\n" + _("Please revise and resubmit by %(deadline)s.") % {
                "deadline": deadline.isoformat()
            }
        send_email(
            _("Application update: %(title)s") % {"title": project.title},
            body,
            _organisation_addresses(project),
        )


def payment_recorded(payment: Payment) -> None:
    project = payment.tranche.project
    with override(settings.LANGUAGE_CODE):
        send_email(
            _("Payment made: %(title)s") % {"title": project.title},
            _("%(amount)s yuan was paid on %(date)s for “%(title)s” (voucher %(voucher)s).")
            % {
                "amount": format_yuan(payment.amount),
                "date": payment.paid_on.isoformat(),
                "title": project.title,
                "voucher": payment.voucher_number,
            },
            _organisation_addresses(project),
        )
