"""Notifications about delivery: a site visit asks for a follow-up, the organisation
answers it. Written in the use case's transaction, emailed after commit
(``notifications.services.notify``)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from grants.models import SiteVisit
from grants.notifications import organisation_members
from notifications.kinds import Kind
from notifications.services import notify


def follow_up_requested(visit: SiteVisit) -> None:
    project = visit.project
    with override(settings.LANGUAGE_CODE):
        notify(
            users=organisation_members(project),
            kind=Kind.FOLLOW_UP,
            subject=_("Follow-up requested: %(title)s") % {"title": project.title},
            body=_(
                "The site visit of %(date)s to “%(title)s” asks for a follow-up by "
                "%(due)s:\n\n%(follow_up)s\n\nPlease answer it on the project page."
            )
            % {
                "date": visit.visited_on.isoformat(),
                "title": project.title,
                "due": visit.follow_up_due.isoformat() if visit.follow_up_due else "",
                "follow_up": visit.follow_up,
            },
            url=reverse("grants:project_detail", args=[project.pk]),
        )


def follow_up_answered(visit: SiteVisit) -> None:
    project = visit.project
    with override(settings.LANGUAGE_CODE):
        notify(
            users=[visit.recorded_by],
            kind=Kind.FOLLOW_UP,
            subject=_("Follow-up answered: %(title)s") % {"title": project.title},
            body=_(
                "%(organisation)s answered the follow-up of the visit of %(date)s:\n\n%(answer)s"
            )
            % {
                "organisation": project.organisation.name,
                "date": visit.visited_on.isoformat(),
                "answer": visit.answer,
            },
            url=reverse("grants:project_detail", args=[project.pk]),
        )
