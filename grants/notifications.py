"""Telling people about a project: an in-app notification written in the transaction of
the event, and its email sent after commit (``notifications.services.notify``; a failing
mail server is logged and never undoes the change). Each function is called by the use
case inside its transaction, after the change it announces.

Who hears what (the kinds are ``notifications.kinds.Kind``): the organisation's members
of every decision on its project, payment and due report; the officers of a new
application; finance of a tranche falling due.
"""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Role, SocialOrganisation, User
from grants.arithmetic import format_yuan
from grants.models import AttachmentKind, Payment, Project, Tranche
from notifications.kinds import Kind
from notifications.services import notify

logger = logging.getLogger(__name__)


def send_email(subject: str, body: str, recipients: list[str]) -> None:
    """One email to each address (each sees only their own); a mail server that cannot be
    reached is logged, never an error for the user who acted. For mail outside the
    notifications (which send their own)."""
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    try:
        send_mass_mail(messages, fail_silently=False)
    except OSError:
        logger.exception("Could not send %r to %d recipients", subject, len(recipients))


def organisation_members(project: Project) -> QuerySet[User]:
    return project.organisation.members.filter(is_active=True)


def users_with_role(role: str) -> QuerySet[User]:
    return User.objects.filter(is_active=True, role_assignments__role=role).distinct()


def officers() -> QuerySet[User]:
    return users_with_role(Role.OFFICER)


def officer_addresses() -> list[str]:
    """The programme officers' email addresses."""
    return list(officers().values_list("email", flat=True))


def organisation_registered(organisation: SocialOrganisation) -> None:
    """The officers hear of an organisation that registered itself: it cannot submit an
    application until one of them has checked it."""
    with override(settings.LANGUAGE_CODE):
        notify(
            users=officers(),
            kind=Kind.ORGANISATION_REGISTERED,
            subject=_("New organisation to check: %(name)s") % {"name": organisation.name},
            body=_(
                "%(name)s (unified social credit code %(code)s) registered to apply. Check "
                "it against its registration record: it cannot submit an application until "
                "it is confirmed."
            )
            % {"name": organisation.name, "code": organisation.credit_code},
            url=reverse("grants:organisation_checks"),
        )


def organisation_checked(organisation: SocialOrganisation) -> None:
    """The organisation's members hear the bureau's check: confirmed, or not and why."""
    names = {"name": organisation.name, "reason": organisation.verification_note}
    with override(settings.LANGUAGE_CODE):
        if organisation.is_confirmed:
            subject = _("%(name)s was confirmed by the bureau") % names
            body = (
                _(
                    "The bureau checked %(name)s against its registration record and "
                    "confirmed it: its applications can now be submitted."
                )
                % names
            )
        else:
            subject = _("%(name)s was not confirmed by the bureau") % names
            body = (
                _(
                    "The bureau could not confirm %(name)s against its registration record: "
                    "%(reason)s. Correct the organisation's details or call the bureau."
                )
                % names
            )
        notify(
            users=organisation.members.filter(is_active=True),
            kind=Kind.ORGANISATION_CHECKED,
            subject=subject,
            body=body,
            url=reverse("my_organisations"),
        )


def _project_url(project: Project) -> str:
    return reverse("grants:project_detail", args=[project.pk])


def project_submitted(project: Project) -> None:
    with override(settings.LANGUAGE_CODE):
        notify(
            users=officers(),
            kind=Kind.PROJECT_SUBMITTED,
            subject=_("New application: %(title)s") % {"title": project.title},
            body=_("%(organisation)s submitted “%(title)s” to %(call)s. It awaits screening.")
            % {
                "organisation": project.organisation.name,
                "title": project.title,
                "call": project.call.title,
            },
            url=_project_url(project),
        )


def project_accepted(project: Project) -> None:
    _tell_organisation(project, "", kind=Kind.PROJECT_ACCEPTED)


def project_returned(project: Project, reason: str) -> None:
    _tell_organisation(
        project, reason, kind=Kind.PROJECT_RETURNED, deadline=project.resubmission_deadline
    )


def project_found_ineligible(project: Project, reason: str) -> None:
    _tell_organisation(project, reason, kind=Kind.PROJECT_DECIDED)


def project_approved(project: Project, remarks: str) -> None:
    _tell_organisation(project, remarks, kind=Kind.PROJECT_DECIDED)


def project_rejected(project: Project, reason: str) -> None:
    _tell_organisation(project, reason, kind=Kind.PROJECT_DECIDED)


def agreement_signed(project: Project, remarks: str) -> None:
    _tell_organisation(project, remarks, kind=Kind.AGREEMENT_SIGNED)


def midterm_passed(project: Project, remarks: str) -> None:
    _tell_organisation(project, remarks, kind=Kind.MIDTERM_RESULT)


def rectification_required(project: Project, findings: str) -> None:
    with override(settings.LANGUAGE_CODE):
        deadline = project.rectification_deadline
        remarks = findings
        if deadline:
            remarks += "\n" + _("Rectify and upload the rectification report by %(date)s.") % {
                "date": deadline.isoformat()
            }
    _tell_organisation(project, remarks, kind=Kind.MIDTERM_RESULT)


def project_closed(project: Project) -> None:
    with override(settings.LANGUAGE_CODE):
        remarks = _(
            "Final score %(score)s (panel %(panel)s, resident satisfaction %(satisfaction)s): "
            "grade %(grade)s."
        ) % {
            "score": project.final_score,
            "panel": project.final_panel_score,
            "satisfaction": project.satisfaction,
            "grade": project.get_grade_display(),
        }
    _tell_organisation(project, remarks, kind=Kind.PROJECT_CLOSED)


def project_terminated(project: Project, reason: str) -> None:
    _tell_organisation(project, reason, kind=Kind.PROJECT_TERMINATED)


def _tell_organisation(
    project: Project, comment: str, *, kind: Kind, deadline: date | None = None
) -> None:
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
        notify(
            users=organisation_members(project),
            kind=kind,
            subject=_("%(state)s: %(title)s") % {"state": state, "title": project.title},
            body=body,
            url=_project_url(project),
        )


def tranche_key(tranche: Tranche) -> str:
    """A tranche falls due once: its release and the daily sweep tell finance once."""
    return f"tranche_due:{tranche.pk}"


def tranche_due(tranche: Tranche) -> int:
    """Tell finance the tranche is due (once per tranche); how many people were told."""
    project = tranche.project
    with override(settings.LANGUAGE_CODE):
        told = notify(
            users=users_with_role(Role.FINANCE),
            kind=Kind.TRANCHE_DUE,
            subject=_("Tranche due: %(title)s") % {"title": project.title},
            body=_(
                "Tranche %(sequence)s of “%(title)s” (%(organisation)s), %(amount)s yuan, "
                "is due for payment (%(trigger)s)."
            )
            % {
                "sequence": tranche.sequence,
                "title": project.title,
                "organisation": project.organisation.name,
                "amount": format_yuan(tranche.amount - tranche.paid_amount),
                "trigger": tranche.get_trigger_display(),
            },
            url=reverse("grants:record_payment", args=[tranche.pk]),
            key=tranche_key(tranche),
        )
    return len(told)


def report_due(project: Project, report: str, due_on: date) -> int:
    """Remind the organisation that a mid-term or final report is due; once per report
    and due date. Returns how many people were told."""
    with override(settings.LANGUAGE_CODE):
        label = AttachmentKind(report).label
        told = notify(
            users=organisation_members(project),
            kind=Kind.REPORT_DUE,
            subject=_("%(report)s due by %(date)s: %(title)s")
            % {"report": label, "date": due_on.isoformat(), "title": project.title},
            body=_(
                "The %(report)s of “%(title)s” is due by %(date)s. Write it from the "
                "project's records on the project page and submit it."
            )
            % {"report": label, "title": project.title, "date": due_on.isoformat()},
            url=reverse("grants:delivery_report", args=[project.pk]),
            key=f"report_due:{project.pk}:{report}:{due_on.isoformat()}",
        )
    return len(told)


def rectification_due(project: Project) -> int:
    """Remind the organisation that its rectification is due; once per deadline."""
    deadline = project.rectification_deadline
    if deadline is None:
        return 0
    with override(settings.LANGUAGE_CODE):
        told = notify(
            users=organisation_members(project),
            kind=Kind.RECTIFICATION_DUE,
            subject=_("Rectification due by %(date)s: %(title)s")
            % {"date": deadline.isoformat(), "title": project.title},
            body=_(
                "The rectification of “%(title)s” is due by %(date)s: upload the "
                "rectification report and resubmit on the project page."
            )
            % {"title": project.title, "date": deadline.isoformat()},
            url=_project_url(project),
            key=f"rectification_due:{project.pk}:{deadline.isoformat()}",
        )
    return len(told)


def payment_recorded(payment: Payment) -> None:
    project = payment.tranche.project
    with override(settings.LANGUAGE_CODE):
        notify(
            users=organisation_members(project),
            kind=Kind.PAYMENT_RECORDED,
            subject=_("Payment made: %(title)s") % {"title": project.title},
            body=_("%(amount)s yuan was paid on %(date)s for “%(title)s” (voucher %(voucher)s).")
            % {
                "amount": format_yuan(payment.amount),
                "date": payment.paid_on.isoformat(),
                "title": project.title,
                "voucher": payment.voucher_number,
            },
            url=_project_url(project),
        )
