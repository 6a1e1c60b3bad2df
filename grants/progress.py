"""Progress at a glance: each indicator's target against what the service records
achieved, each budget line against what was spent, the service period elapsed, visits and
open follow-ups — for one project (its page, the panels) or many (the officers' overview,
the reminders), always in the same handful of queries.

The judgements are pure Decimal functions: ``achieved_share``, ``elapsed_share``,
``is_behind``, ``is_over_tolerance``; the page, the overview, the reminders and the
generated reports all ask them, so a project is behind schedule or over budget in the same
way everywhere.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from accounts.generations import Generation
from accounts.models import Community, User, UserRole
from grants.arithmetic import FEN, HUNDRED, money_total
from grants.models import (
    REPORTING_STATES,
    BudgetCategory,
    BudgetLine,
    Indicator,
    IndicatorProgress,
    Programme,
    Project,
    ProjectState,
    ServiceRecord,
    SiteVisit,
    Spending,
)

ZERO = Decimal("0.00")
# The figures judged here, kept (a project's, and the home page's counts per scope and
# day) until a row they are read from, or a row deciding whose projects a user follows,
# changes: ``GrantsConfig.ready`` connects them.
DELIVERY_FIGURES = Generation("delivery-figures")
JUDGED_FROM = (
    Project,
    Programme,
    Indicator,
    IndicatorProgress,
    BudgetLine,
    Spending,
    ServiceRecord,
    SiteVisit,
    Community,
    User,
    UserRole,
)
# The states in which a project has delivery records to show: running, and ended after
# running.
DELIVERY_STATES = REPORTING_STATES | {ProjectState.CLOSED, ProjectState.TERMINATED}


def shown(share: Decimal | None) -> Decimal | None:
    """A share as pages show it: two decimals, rounded down, so a share just short of a
    threshold never reads as the threshold."""
    return None if share is None else share.quantize(FEN, rounding=ROUND_DOWN)


def achieved_share(targets_and_achieved: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """How much of its indicators a project has achieved, in percent: the mean of each
    indicator's achieved share, each counted at most 100 % (over-delivering one indicator
    does not make up for another). ``None`` without indicators."""
    shares = [
        min(achieved * HUNDRED / target, HUNDRED) for target, achieved in targets_and_achieved
    ]
    if not shares:
        return None
    return sum(shares, Decimal(0)) / len(shares)


def elapsed_share(start: date | None, end: date | None, today: date) -> Decimal | None:
    """How much of the service period has gone by, in percent, counting today. ``None``
    without a period."""
    if start is None or end is None or end < start:
        return None
    total = (end - start).days + 1
    done = min(max((today - start).days + 1, 0), total)
    return Decimal(done) * HUNDRED / Decimal(total)


def is_behind(achieved: Decimal | None, elapsed: Decimal | None, gap: Decimal) -> bool:
    """Behind schedule: the achieved share trails the elapsed share by more than ``gap``
    points (the programme's threshold)."""
    return achieved is not None and elapsed is not None and elapsed - achieved > gap


def is_over_tolerance(budget: Decimal, spent: Decimal, tolerance: Decimal) -> bool:
    """Spent more than the line's budget plus the programme's tolerance (in percent):
    with 10 %, 110.00 on a line of 100.00 passes and 110.01 is flagged."""
    return spent * HUNDRED > budget * (HUNDRED + tolerance)


@dataclass(frozen=True)
class IndicatorFigures:
    pk: int
    name: str
    unit: str
    target: Decimal
    achieved: Decimal
    measured_by: str = ""

    @property
    def share(self) -> Decimal:
        """Achieved as a percentage of the target (may exceed 100)."""
        return shown(self.achieved * HUNDRED / self.target) or ZERO

    @property
    def reached(self) -> bool:
        return self.achieved >= self.target


@dataclass(frozen=True)
class LineFigures:
    pk: int
    category: str
    note: str
    budget: Decimal
    spent: Decimal
    tolerance: Decimal

    @property
    def label(self) -> str:
        return str(BudgetCategory(self.category).label)

    @property
    def share(self) -> Decimal:
        return shown(self.spent * HUNDRED / self.budget) or ZERO

    @property
    def is_over(self) -> bool:
        """Spent more than budgeted, within the tolerance or not."""
        return self.spent > self.budget

    @property
    def is_flagged(self) -> bool:
        """Spent more than the budget plus the programme's tolerance."""
        return is_over_tolerance(self.budget, self.spent, self.tolerance)

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent


class Terms(NamedTuple):
    """What judging a project reads of it: its period, what it was paid and its
    programme's thresholds (and its title, which orders the overview)."""

    pk: int
    title: str
    period_start: date | None
    period_end: date | None
    paid_amount: Decimal
    schedule_gap: Decimal
    overspend_tolerance: Decimal

    @classmethod
    def of(cls, project: Project) -> "Terms":
        """A project's terms (it is fetched with ``call__programme``)."""
        programme = project.call.programme
        return cls(
            project.pk,
            project.title,
            project.period_start,
            project.period_end,
            project.paid_amount,
            programme.schedule_gap,
            programme.overspend_tolerance,
        )


# The same terms read as plain values, for judging thousands of projects at once.
TERMS_COLUMNS = (
    "pk",
    "title",
    "period_start",
    "period_end",
    "paid_amount",
    "call__programme__schedule_gap",
    "call__programme__overspend_tolerance",
)


@dataclass(frozen=True)
class ProjectProgress:
    """A project's figures and the judgements on them; ``project`` is the project itself
    where a page shows it, ``None`` where only the judgements are asked (``judged``)."""

    project: Project | None
    terms: Terms
    today: date
    indicators: list[IndicatorFigures] = field(default_factory=list)
    lines: list[LineFigures] = field(default_factory=list)
    record_count: int = 0
    participants: int = 0
    volunteer_hours: Decimal = Decimal("0.0")
    visit_count: int = 0
    open_follow_ups: int = 0
    overdue_follow_ups: int = 0

    @property
    def achieved_share(self) -> Decimal | None:
        return achieved_share((i.target, i.achieved) for i in self.indicators)

    @property
    def elapsed_share(self) -> Decimal | None:
        return elapsed_share(self.terms.period_start, self.terms.period_end, self.today)

    @property
    def achieved_shown(self) -> Decimal | None:
        return shown(self.achieved_share)

    @property
    def elapsed_shown(self) -> Decimal | None:
        return shown(self.elapsed_share)

    @property
    def schedule_gap(self) -> Decimal:
        return self.terms.schedule_gap

    @property
    def is_behind(self) -> bool:
        return is_behind(self.achieved_share, self.elapsed_share, self.schedule_gap)

    @property
    def budget_total(self) -> Decimal:
        return money_total(line.budget for line in self.lines)

    @property
    def spent_total(self) -> Decimal:
        return money_total(line.spent for line in self.lines)

    @property
    def spent_share(self) -> Decimal:
        if not self.budget_total:
            return ZERO
        return shown(self.spent_total * HUNDRED / self.budget_total) or ZERO

    @property
    def received(self) -> Decimal:
        return self.terms.paid_amount

    @property
    def above_received(self) -> bool:
        """Spent more than the tranches paid so far."""
        return self.spent_total > self.received

    @property
    def flagged_lines(self) -> list[LineFigures]:
        return [line for line in self.lines if line.is_flagged]

    @property
    def has_problems(self) -> bool:
        return (
            self.is_behind
            or bool(self.flagged_lines)
            or self.above_received
            or self.overdue_follow_ups > 0
        )


ProjectIds = Sequence[int] | QuerySet


def progress_of(
    projects: Sequence[Project] | QuerySet[Project], *, today: date
) -> dict[int, ProjectProgress]:
    """The progress of each project (fetched with ``call__programme``), in four queries
    whatever their number. Given a queryset, the queries select through it rather than
    through a list of thousands of ids."""
    ids: Sequence[int] | QuerySet
    if isinstance(projects, QuerySet):
        ids = projects.values("pk")
        projects = list(projects)
    else:
        ids = [project.pk for project in projects]
    shown = {project.pk: project for project in projects}
    return _progress([Terms.of(project) for project in projects], ids, shown, today)


def judged(projects: QuerySet[Project], *, today: date) -> dict[int, ProjectProgress]:
    """The judgements on each of ``projects`` (``project`` is ``None``): their terms are
    read as plain values, so thousands cost what a page of them does per row, and no
    project is built."""
    terms = [Terms(*row) for row in projects.order_by().values_list(*TERMS_COLUMNS)]
    return _progress(terms, projects.values("pk"), {}, today)


def _progress(
    terms: list[Terms],
    ids: Sequence[int] | QuerySet,
    shown: dict[int, Project],
    today: date,
) -> dict[int, ProjectProgress]:
    """Each project's figures, read as plain values in four queries, with ``shown[pk]``
    as its ``project`` where there is one."""
    indicators: dict[int, list[IndicatorFigures]] = defaultdict(list)
    for pk, project, name, unit, target, measured_by, achieved in (
        Indicator.objects.filter(project__in=ids)
        .values_list("pk", "project_id", "name", "unit", "target", "measured_by")
        .annotate(achieved=Coalesce(Sum("progress__amount"), ZERO))
        .order_by("project_id", "id")
    ):
        indicators[project].append(
            IndicatorFigures(
                pk=pk,
                name=name,
                unit=unit,
                target=target,
                achieved=Decimal(achieved).quantize(FEN),
                measured_by=measured_by,
            )
        )
    tolerance = {term.pk: term.overspend_tolerance for term in terms}
    lines: dict[int, list[LineFigures]] = defaultdict(list)
    for pk, project, category, note, amount, spent in (
        BudgetLine.objects.filter(project__in=ids)
        .values_list("pk", "project_id", "category", "note", "amount")
        .annotate(spent=Coalesce(Sum("spendings__amount"), ZERO))
        .order_by("project_id", "id")
    ):
        if project not in tolerance:  # became running after the projects were read
            continue
        lines[project].append(
            LineFigures(
                pk=pk,
                category=category,
                note=note,
                budget=amount,
                spent=Decimal(spent).quantize(FEN),
                tolerance=tolerance[project],
            )
        )
    records = {
        row["project"]: row
        for row in ServiceRecord.objects.filter(project__in=ids)
        .values("project")
        .annotate(
            count=Count("pk"),
            participants=Sum("participants"),
            hours=Sum("volunteer_hours"),
        )
        .order_by()
    }
    open_follow_up = ~Q(follow_up="") & Q(answered_at__isnull=True)
    visits = {
        row["project"]: row
        for row in SiteVisit.objects.filter(project__in=ids)
        .values("project")
        .annotate(
            count=Count("pk"),
            open=Count("pk", filter=open_follow_up),
            overdue=Count("pk", filter=open_follow_up & Q(follow_up_due__lt=today)),
        )
        .order_by()
    }
    result = {}
    for term in terms:
        record_row = records.get(term.pk, {})
        visit_row = visits.get(term.pk, {})
        result[term.pk] = ProjectProgress(
            project=shown.get(term.pk),
            terms=term,
            today=today,
            indicators=indicators[term.pk],
            lines=lines[term.pk],
            record_count=record_row.get("count", 0),
            participants=record_row.get("participants") or 0,
            volunteer_hours=Decimal(record_row.get("hours") or 0).quantize(Decimal("0.1")),
            visit_count=visit_row.get("count", 0),
            open_follow_ups=visit_row.get("open", 0),
            overdue_follow_ups=visit_row.get("overdue", 0),
        )
    return result


def project_progress(project: Project, *, today: date) -> ProjectProgress:
    """One project's progress, kept under ``DELIVERY_FIGURES`` for the day (the
    project page reads it on every view; its four queries are a sixth of the page)."""
    figures = DELIVERY_FIGURES.remembered(
        f"project:{project.pk}:{today.isoformat()}",
        lambda: replace(progress_of([project], today=today)[project.pk], project=None),
    )
    return replace(figures, project=project)
