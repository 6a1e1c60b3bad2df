"""Site visits 实地督导: officers of the district and staff of the project's street visit a
running project, write down what they found and a rating, and may ask for a follow-up by
a deadline, which the organisation answers."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from grants import delivery_notifications, entries, permissions
from grants.entries import FieldProblem
from grants.models import Project, SiteVisit, VisitRating
from grants.refusals import Refused, refuse_invalid


@dataclass(frozen=True)
class Visit:
    """What the visitor typed (``None`` where nothing usable was typed). A blank
    ``follow_up`` asks for nothing."""

    visited_on: date | None
    visitors: str
    findings: str
    rating: str
    follow_up: str = ""
    follow_up_due: date | None = None


def visit_problems(visit: Visit, *, today: date) -> list[FieldProblem]:
    """Every problem with a visit, each with the field it belongs to."""
    problems: list[FieldProblem] = []
    if visit.visited_on is None:
        problems.append(("visited_on", _("Enter the date of the visit.")))
    elif visit.visited_on > today:
        problems.append(
            (
                "visited_on",
                _("%(date)s is in the future; record a visit once it has taken place.")
                % {"date": visit.visited_on.isoformat()},
            )
        )
    if not visit.visitors.strip():
        problems.append(("visitors", _("Enter who made the visit.")))
    if not visit.findings.strip():
        problems.append(("findings", _("Write down what the visit found.")))
    if visit.rating not in VisitRating.values:
        problems.append(("rating", _("Choose a rating.")))
    if visit.follow_up.strip():
        if visit.follow_up_due is None:
            problems.append(("follow_up_due", _("Set a deadline for the follow-up.")))
        elif visit.follow_up_due <= today:
            problems.append(
                (
                    "follow_up_due",
                    _("The follow-up deadline must be after today (%(today)s).")
                    % {"today": today.isoformat()},
                )
            )
    elif visit.follow_up_due is not None:
        problems.append(
            ("follow_up", _("Describe the follow-up required, or leave its deadline empty."))
        )
    return problems


@transaction.atomic
def record_visit(*, project: Project, by: User, visit: Visit) -> SiteVisit:
    """An officer or the street's staff record a visit of a running project; a follow-up
    is sent to the organisation once the visit is saved."""
    project = entries.lock_running(project, by=by, allowed=permissions.may_visit)
    entries.refuse(visit_problems(visit, today=timezone.localdate()))
    follow_up = visit.follow_up.strip()
    saved = SiteVisit(
        project=project,
        visited_on=entries.checked(visit.visited_on),
        visitors=visit.visitors.strip(),
        findings=visit.findings.strip(),
        rating=visit.rating,
        follow_up=follow_up,
        follow_up_due=visit.follow_up_due if follow_up else None,
        recorded_by=by,
    )
    refuse_invalid(saved)
    saved.save()
    if saved.has_follow_up:
        delivery_notifications.follow_up_requested(saved)
    return saved


@transaction.atomic
def answer_follow_up(*, visit: SiteVisit, by: User, answer: str) -> SiteVisit:
    """The organisation answers a visit's follow-up (once); the visitor is told."""
    project = entries.lock_running(visit.project, by=by, allowed=permissions.may_record_delivery)
    visit = SiteVisit.objects.get(pk=visit.pk, project=project)
    if not visit.has_follow_up:
        raise Refused([_("This visit asked for no follow-up.")])
    if visit.answered_at is not None:
        raise Refused(
            [
                _("This follow-up was already answered on %(date)s.")
                % {"date": timezone.localtime(visit.answered_at).strftime("%Y-%m-%d")}
            ]
        )
    if not answer.strip():
        raise Refused([_("Write your answer: what was done about the follow-up.")])
    visit.answer = answer.strip()
    visit.answered_at = timezone.now()
    visit.answered_by = by
    refuse_invalid(visit)
    visit.save(update_fields=["answer", "answered_at", "answered_by"])
    delivery_notifications.follow_up_answered(visit)
    return visit
