"""A conflict of interest that arises after an expert was seated.

The draw, a hand assignment and a sheet's submission each check conflicts when they
happen; a conflict can also arise later — the expert declares a tie with the applicant
organisation, an officer or administrator records one, or the expert's account is made a
member of the organisation. Whatever the path, it ends here, in the transaction that
records the tie or the membership: every seat the expert holds on a panel still scoring a
project it now conflicts with is vacated (recorded as a removal with the reason, never
deleted), its reading of the project ends with its last seat, and its sheet no longer
counts (``reviews.results`` counts seated experts only), so the panel is incomplete until a
replacement — drawn by the officer from the vacancy the panel page shows — submits.

Paths: ``declare_tie`` below (the expert's page); the admin pages for experts' ties and
organisations' members call ``accounts.interests.gained``, to which ``ReviewsConfig``
subscribes ``ties_gained``.

Locks: the expert's row first, then its seats. Seating (``reviews.panels``) takes the
same expert rows after choosing and checks the conflicts again, so a tie and a draw that
race never leave a conflicted expert seated; the decisions lock the panel's seats before
reading the outcome, so an approval and an unseating that race see each other.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import SocialOrganisation, User
from experts import services as expert_services
from experts.conflicts import conflicted_pairs
from experts.models import Expert, ExpertTie
from reviews import notifications, panels
from reviews.models import PanelMember


@transaction.atomic
def declare_tie(
    *, expert: Expert, by: User, organisation: SocialOrganisation, kind: str, note: str = ""
) -> ExpertTie:
    """The expert declares a tie (``experts.services.declare_tie``) and, in the same
    transaction, leaves every open panel of that organisation's projects."""
    panels.lock_experts([expert.pk])
    tie = expert_services.declare_tie(
        expert=expert, by=by, organisation=organisation, kind=kind, note=note
    )
    unseat_conflicted(experts=[expert], by=by)
    return tie


def ties_gained(*, user_ids: Iterable[int], by: User) -> None:
    """Subscribed to ``accounts.interests``: people gained a tie with an organisation
    (as a member, or as an expert's declared tie) outside the expert's own page."""
    experts = list(Expert.objects.filter(user_id__in=list(user_ids)))
    if experts:
        unseat_conflicted(experts=experts, by=by)


@transaction.atomic
def unseat_conflicted(*, experts: Iterable[Expert], by: User) -> list[PanelMember]:
    """Vacate every seat the experts hold on a panel still scoring a project they now
    have a conflict with; the seats they keep elsewhere are untouched. A panel whose
    stage is over keeps its members: its record is history."""
    experts = list(experts)
    panels.lock_experts(expert.pk for expert in experts)
    seats = list(
        PanelMember.objects.select_for_update(of=("self",))
        .filter(expert__in=experts, removed_at__isnull=True)
        .select_related("panel__project__organisation", "expert__user")
        .order_by("panel_id", "id")
    )
    open_seats = panels.still_scoring(seats)
    if not open_seats:
        return []
    pairs = conflicted_pairs(experts, {seat.panel.project for seat in open_seats})
    unseated = []
    for seat in open_seats:
        project = seat.panel.project
        if (seat.expert_id, project.pk) not in pairs:
            continue
        reason = _("Conflict of interest with %(organisation)s that arose after the draw") % {
            "organisation": project.organisation.name
        }
        panels.remove_member(
            seat,
            project_id=project.pk,
            by=by,
            reason=Truncator(reason).chars(panels.REMOVED_REASON_LENGTH),
        )
        unseated.append(seat)
    if unseated:
        notifications.panel_vacancies(unseated)
    return unseated
