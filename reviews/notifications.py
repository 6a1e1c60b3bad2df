"""Notifications of the reviews: an expert seated on a panel (drawn, drawn as a
replacement, assigned by hand) or replaced, the officers told of an empty seat, and the
daily reminder of score sheets due. Written in the use case's transaction; emails after
commit (``notifications.services.notify``), to the expert's own contact address when the
pool has one."""

from collections.abc import Iterable, Sequence
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from experts.models import Expert
from grants.notifications import officers
from notifications.kinds import Kind
from notifications.services import notify
from reviews.models import Panel, PanelMember


def _addresses(expert: Expert) -> dict[int, str]:
    return {expert.user_id: expert.email} if expert.email else {}


def expert_seated(seats: Iterable[PanelMember]) -> None:
    """Each expert is told of the panel it now sits on, with its score sheet."""
    with override(settings.LANGUAGE_CODE):
        for seat in seats:
            panel, expert = seat.panel, seat.expert
            project = panel.project
            notify(
                users=[expert.user],
                kind=Kind.EXPERT_SEATED,
                subject=_("Review panel: %(title)s") % {"title": project.title},
                body=_(
                    "Dear %(name)s, you sit on the %(stage)s panel of “%(title)s”. Please "
                    "score it by %(deadline)s."
                )
                % {
                    "name": expert.name,
                    "stage": panel.get_stage_display(),
                    "title": project.title,
                    "deadline": panel.deadline.isoformat(),
                },
                url=reverse("reviews:sheet", args=[panel.pk]),
                addresses=_addresses(expert),
            )


def expert_unseated(seat: PanelMember) -> None:
    """The expert an officer replaced is told it no longer scores the project."""
    panel, expert = seat.panel, seat.expert
    with override(settings.LANGUAGE_CODE):
        notify(
            users=[expert.user],
            kind=Kind.EXPERT_UNSEATED,
            subject=_("No longer on the panel: %(title)s") % {"title": panel.project.title},
            body=_(
                "Dear %(name)s, you were replaced on the %(stage)s panel of “%(title)s” "
                "(%(reason)s). You need not score it."
            )
            % {
                "name": expert.name,
                "stage": panel.get_stage_display(),
                "title": panel.project.title,
                "reason": seat.removed_reason,
            },
            url=reverse("reviews:my_assignments"),
            addresses=_addresses(expert),
        )


def panel_vacancies(unseated: Sequence[PanelMember]) -> None:
    """The officers hear of each vacancy, with the panel page where they draw the
    replacement."""
    with override(settings.LANGUAGE_CODE):
        for seat in unseated:
            project = seat.panel.project
            url = reverse("reviews:panel", args=[seat.panel_id])
            notify(
                users=officers(),
                kind=Kind.PANEL_VACANCY,
                subject=_("A panel seat is empty: %(title)s") % {"title": project.title},
                body=_(
                    "%(expert)s left the %(stage)s panel of “%(title)s”: %(reason)s. Draw a "
                    "replacement on the panel page: %(url)s"
                )
                % {
                    "expert": seat.expert.name,
                    "stage": seat.panel.get_stage_display(),
                    "title": project.title,
                    "reason": seat.removed_reason,
                    "url": url,
                },
                url=url,
            )


def sheets_due(expert: Expert, panels: Sequence[Panel], *, today: date) -> int:
    """Today's reminder of the sheets the expert still owes (once a day)."""
    with override(settings.LANGUAGE_CODE):
        lines = [
            _("%(title)s (%(stage)s), due %(deadline)s")
            % {
                "title": panel.project.title,
                "stage": panel.get_stage_display(),
                "deadline": panel.deadline.isoformat(),
            }
            for panel in panels
        ]
        told = notify(
            users=[expert.user],
            kind=Kind.SHEETS_DUE,
            subject=_("Score sheets due"),
            body=_("Dear %(name)s, these score sheets are waiting for you:") % {"name": expert.name}
            + "\n\n"
            + "\n".join(lines),
            url=reverse("reviews:my_assignments"),
            key=f"sheets_due:{expert.pk}:{today.isoformat()}",
            addresses=_addresses(expert),
        )
    return len(told)
