"""The delivery parts of the home page: the organisation sees the follow-ups it has to
answer; officers and street staff how many running projects are behind schedule, over
budget or late with a follow-up (registered from ``GrantsConfig.ready``)."""

from django.utils import timezone

from accounts.models import Role, User
from grants import oversight
from grants.models import REPORTING_STATES, SiteVisit
from grants.oversight import Problem
from grants.progress import judged

SHOWN = 8


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
    rows = judged(oversight.running_projects(user), today=timezone.localdate()).values()
    counts = {
        problem: sum(1 for row in rows if oversight.has_problem(row, problem))
        for problem in (
            Problem.BEHIND,
            Problem.OVER_BUDGET,
            Problem.ABOVE_RECEIVED,
            Problem.OVERDUE,
        )
    }
    return {
        "running": len(rows),
        "problems": [(problem, Problem(problem).label, count) for problem, count in counts.items()],
    }


SECTIONS = [
    (Role.APPLICANT, "grants/home/follow_ups.html", follow_ups_to_answer),
    (Role.OFFICER, "grants/home/delivery_watch.html", delivery_watch),
    (Role.ADMIN, "grants/home/delivery_watch.html", delivery_watch),
    (Role.STREET_STAFF, "grants/home/delivery_watch.html", delivery_watch),
]
