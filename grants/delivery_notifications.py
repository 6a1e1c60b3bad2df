"""Emails about delivery: a site visit asks for a follow-up, the organisation answers it.
Sent after commit, through the grants notifications' one sender (a failing mail server is
logged and never undoes the change)."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from grants import notifications
from grants.models import SiteVisit


def _organisation_addresses(visit: SiteVisit) -> list[str]:
    members = visit.project.organisation.members.filter(is_active=True)
    return list(members.values_list("email", flat=True))


def follow_up_requested(visit: SiteVisit) -> None:
    project = visit.project
    with override(settings.LANGUAGE_CODE):
        notifications.send_email(
            _("Follow-up requested: %(title)s") % {"title": project.title},
            _(
                "The site visit of %(date)s to “%(title)s” asks for a follow-up by "
                "%(due)s:\n\n%(follow_up)s\n\nPlease answer it on the project page."
            )
            % {
                "date": visit.visited_on.isoformat(),
                "title": project.title,
                "due": visit.follow_up_due.isoformat() if visit.follow_up_due else "",
                "follow_up": visit.follow_up,
            },
            _organisation_addresses(visit),
        )


def follow_up_answered(visit: SiteVisit) -> None:
    project = visit.project
    with override(settings.LANGUAGE_CODE):
        notifications.send_email(
            _("Follow-up answered: %(title)s") % {"title": project.title},
            _("%(organisation)s answered the follow-up of the visit of %(date)s:\n\n%(answer)s")
            % {
                "organisation": project.organisation.name,
                "date": visit.visited_on.isoformat(),
                "answer": visit.answer,
            },
            [visit.recorded_by.email],
        )
