"""The delivery parts of the home page: the organisation sees the follow-ups it has to
answer; officers and street staff how many running projects are behind schedule, over
budget or late with a follow-up (registered from ``GrantsConfig.ready``).

Judging every running project is half of an officer's home page, and its figures change
only when a row they are read from does: the counts are kept under
``grants.progress.DELIVERY_FIGURES`` for each scope and day.
"""

from datetime import date

from django.utils import timezone

from accounts.generations import scope_of
from accounts.models import Role, User
from grants import oversight
from grants.models import REPORTING_STATES, SiteVisit
from grants.oversight import Problem
from grants.progress import DELIVERY_FIGURES, judged

SHOWN = 8
WATCHED = (Problem.BEHIND, Problem.OVER_BUDGET, Problem.ABOVE_RECEIVED, Problem.OVERDUE)


def follow_ups_to_answer(user: User) -> dict:
    """The open follow-ups of the running projects of the user's organisations, the
    earliest deadline first."""
    waiting = (
        SiteVisit.objects.open_follow_ups()
        .filter(
            project__organisation__in=user.organisation_ids,
            project__state__in=REPORTING_STATES,
        )
        .select_related("project")
        .order_by("follow_up_due", "pk")
    )
    return {
        "visits": list(waiting[:SHOWN]),
        "count": waiting.count(),
        "today": timezone.localdate(),
    }


def delivery_watch(user: User) -> dict:
    """How many of the running projects the user follows have each problem."""
    today = timezone.localdate()
    running, counts = DELIVERY_FIGURES.remembered(
        f"watch:{scope_of(user)}:{today.isoformat()}", lambda: _watch(user, today)
    )
    return {
        "running": running,
        "problems": [
            (problem, Problem(problem).label, count)
            for problem, count in zip(WATCHED, counts, strict=True)
        ],
    }


def _watch(user: User, today: date) -> tuple[int, tuple[int, ...]]:
    """The running projects the user follows, and how many have each watched problem."""
    rows = judged(oversight.running_projects(user), today=today).values()
    counts = tuple(
        sum(1 for row in rows if oversight.has_problem(row, problem)) for problem in WATCHED
    )
    return len(rows), counts


SECTIONS = [
    (Role.APPLICANT, "grants/home/follow_ups.html", follow_ups_to_answer),
    (Role.OFFICER, "grants/home/delivery_watch.html", delivery_watch),
    (Role.ADMIN, "grants/home/delivery_watch.html", delivery_watch),
    (Role.STREET_STAFF, "grants/home/delivery_watch.html", delivery_watch),
]
