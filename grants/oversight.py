"""What the district follows of running projects: the officers' overview (behind
schedule, over-spent lines, spending above what was received, overdue follow-ups) and the
daily reminder each organisation gets about what is overdue.

Both read ``grants.progress``: a project is behind or over budget here exactly as its page
says. The overview fetches the running projects in one query and their figures in four
more, whatever their number, then keeps those with the problem asked for.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from django.db.models import QuerySet, TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import SocialOrganisation, User
from grants.arithmetic import format_yuan
from grants.models import REPORTING_STATES, Project, SiteVisit
from grants.progress import ProjectProgress, judged, progress_of


class Problem(TextChoices):
    ANY = "", gettext_lazy("Any problem")
    BEHIND = "behind", gettext_lazy("Behind schedule")
    OVER_BUDGET = "over_budget", gettext_lazy("Line over budget")
    ABOVE_RECEIVED = "above_received", gettext_lazy("Spent above received")
    OVERDUE = "overdue", gettext_lazy("Overdue follow-up")
    NONE = "all", gettext_lazy("All running projects")


def running_projects(user: User) -> QuerySet[Project]:
    """The running projects a user may follow, with what the overview shows of each."""
    projects: QuerySet[Project] = Project.objects.visible_to(user)
    return projects.filter(state__in=REPORTING_STATES).select_related(
        "organisation", "call__programme", "community__street"
    )


def named(rows: Sequence[ProjectProgress], projects: QuerySet[Project]) -> list[ProjectProgress]:
    """The rows with their projects read in full from ``projects`` (with what a page shows
    of each), in one query; a project that stopped running meanwhile is left out."""
    full = projects.in_bulk([row.terms.pk for row in rows])
    return [replace(row, project=full[row.terms.pk]) for row in rows if row.terms.pk in full]


def has_problem(row: ProjectProgress, problem: str) -> bool:
    match problem:
        case Problem.BEHIND:
            return row.is_behind
        case Problem.OVER_BUDGET:
            return bool(row.flagged_lines)
        case Problem.ABOVE_RECEIVED:
            return row.above_received
        case Problem.OVERDUE:
            return row.overdue_follow_ups > 0
        case Problem.NONE:
            return True
    return row.has_problems


def schedule_gap(row: ProjectProgress) -> float:
    """How far behind the calendar a project is (for ordering: most behind first)."""
    if row.achieved_share is None or row.elapsed_share is None:
        return float("-inf")
    return float(row.elapsed_share - row.achieved_share)


def overview(projects: QuerySet[Project], *, problem: str, today: date) -> list[ProjectProgress]:
    """The rows of the overview, each with its project: kept if it has ``problem``, the
    furthest behind first."""
    return _kept(progress_of(projects, today=today), problem)


def judged_overview(
    projects: QuerySet[Project], *, problem: str, today: date
) -> list[ProjectProgress]:
    """The same rows judged without building their projects (``named`` then reads the
    page of them shown)."""
    return _kept(judged(projects, today=today), problem)


def _kept(figures: dict[int, ProjectProgress], problem: str) -> list[ProjectProgress]:
    rows = [row for row in figures.values() if has_problem(row, problem)]
    return sorted(rows, key=lambda row: (-schedule_gap(row), row.terms.title))


# --- the daily reminder -------------------------------------------------------------------


def overdue_items(row: ProjectProgress, follow_ups: list[SiteVisit]) -> list[str]:
    """What is overdue or out of line in one project, in sentences for its organisation."""
    title = row.terms.title
    items = [
        _("“%(title)s”: the follow-up of the visit of %(date)s was due on %(due)s: %(follow_up)s")
        % {
            "title": title,
            "date": visit.visited_on.isoformat(),
            "due": visit.follow_up_due.isoformat() if visit.follow_up_due else "",
            "follow_up": visit.follow_up,
        }
        for visit in follow_ups
    ]
    if row.is_behind:
        items.append(
            _(
                "“%(title)s” is behind schedule: %(achieved)s%% of its indicators achieved, "
                "%(elapsed)s%% of the service period gone."
            )
            % {"title": title, "achieved": row.achieved_shown, "elapsed": row.elapsed_shown}
        )
    for line in row.flagged_lines:
        items.append(
            _(
                "“%(title)s”: %(line)s has spent %(spent)s yuan of its %(budget)s yuan "
                "(%(share)s%%), more than the %(tolerance)s%% tolerated above the budget."
            )
            % {
                "title": title,
                "line": line.label,
                "spent": format_yuan(line.spent),
                "budget": format_yuan(line.budget),
                "share": line.share,
                "tolerance": line.tolerance,
            }
        )
    if row.above_received:
        items.append(
            _("“%(title)s” has spent %(spent)s yuan, more than the %(received)s yuan received.")
            % {
                "title": title,
                "spent": format_yuan(row.spent_total),
                "received": format_yuan(row.received),
            }
        )
    return items


def reminders_due(*, today: date) -> dict[SocialOrganisation, list[str]]:
    """Each organisation with something overdue or out of line in its running projects,
    with the sentences to tell it."""
    projects = list(
        Project.objects.filter(state__in=REPORTING_STATES)
        .select_related("organisation", "call__programme")
        .order_by("organisation_id", "pk")
    )
    figures = progress_of(projects, today=today)
    follow_ups: dict[int, list[SiteVisit]] = defaultdict(list)
    for visit in SiteVisit.objects.overdue(today).filter(
        project__in=[project.pk for project in projects]
    ):
        follow_ups[visit.project_id].append(visit)
    reminders: dict[SocialOrganisation, list[str]] = defaultdict(list)
    for project in projects:
        items = overdue_items(figures[project.pk], follow_ups[project.pk])
        if items:
            reminders[project.organisation].extend(items)
    return dict(reminders)
